/** A contract's books per token against its balance at the same block, with the verdict: the columns are the caller's. */
import type { ReactNode } from "react";
import type { ContractBooks } from "@/lib/audit/reconcile";
import { formatUnits } from "@/lib/format";

type Verdict = Pick<ContractBooks, "verdict" | "actual" | "expected" | "booksBalance">;

/** The verdict of one token's books against the contract's balance, with the difference when they disagree. */
export function VerdictCell({ books, format }: { books: Verdict; format: (v: bigint) => string }) {
  const { verdict, actual, expected } = books;
  return (
    <td>
      {verdict === "match" ? (
        <strong className="ok">match</strong>
      ) : verdict === "mismatch" ? (
        <strong className="error">
          mismatch ({actual! > expected ? "+" : "−"}
          {format(actual! > expected ? actual! - expected : expected - actual!)})
        </strong>
      ) : (
        <strong className="error">unknown: the node did not answer for this block</strong>
      )}
      {!books.booksBalance && <span className="error small"> Deposits do not equal held plus outflows.</span>}
    </td>
  );
}

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
  tokenNote,
}: {
  label: string;
  tokens: B[];
  columns: BooksColumn<B>[];
  balanceHeader: string;
  /** Shown after the token's symbol. */
  tokenNote?: (books: B) => ReactNode;
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
                <th scope="row">
                  {t.token.symbol}
                  {tokenNote?.(t)}
                </th>
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

/** One line saying whether every token's books match the contract's balance at `block`. */
export function BooksStatus({ tokens, match, mismatch }: { tokens: ContractBooks[]; match: string; mismatch: string }) {
  const ok = tokens.every((t) => t.verdict === "match");
  return (
    <p role="status" className={ok ? "ok" : "error"}>
      {ok ? match : mismatch}
    </p>
  );
}
