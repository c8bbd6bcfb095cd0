/** A contract's books per token against its balance at the same block, with the verdict: the columns are the caller's. */
import type { ReactNode } from "react";
import type { ContractBooks } from "@/lib/audit/reconcile";
import { formatUnits } from "@/lib/format";
import { VerdictCell } from "./reconciliation-table";

export interface BooksColumn<B> {
  header: string;
  /** The cell's content; `f` formats an amount in the row's token. */
  cell: (books: B, f: (v: bigint) => string) => ReactNode;
  /** Whether the cell holds an amount (set in monospace). */
  amount?: boolean;
}

export function ContractBooksTable<B extends ContractBooks>({
  label,
  tokens,
  columns,
  balanceHeader,
}: {
  label: string;
  tokens: B[];
  columns: BooksColumn<B>[];
  balanceHeader: string;
}) {
  return (
    <div style={{ overflowX: "auto" }}>
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Token</th>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
            <th scope="col">Books total</th>
            <th scope="col">{balanceHeader}</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => {
            const f = (v: bigint) => formatUnits(v, t.token.decimals, t.token.decimals);
            return (
              <tr key={t.token.address} data-token={t.token.symbol}>
                <th scope="row">{t.token.symbol}</th>
                {columns.map((c) => (
                  <td key={c.header} className={c.amount === false ? undefined : "mono"}>
                    {c.cell(t, f)}
                  </td>
                ))}
                <td className="mono">{f(t.expected)}</td>
                <td className="mono">{t.actual === null ? "unreadable" : f(t.actual)}</td>
                <VerdictCell books={t} format={f} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
