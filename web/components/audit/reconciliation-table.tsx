/** The index's books per token against the escrow's balance at the same block, with the verdict. */
import type { Reconciliation, TokenBooks } from "@/lib/audit/reconcile";
import { ContractBooksTable, type BooksColumn } from "./contract-books-table";

const COLUMNS: BooksColumn<TokenBooks>[] = [
  { header: "Held", cell: (t, f) => f(t.held) },
  { header: "Owed", cell: (t, f) => f(t.owed) },
  { header: "Fees accrued", cell: (t, f) => f(t.feesAccrued) },
];

export function ReconciliationTable({ data }: { data: Reconciliation }) {
  return (
    <ContractBooksTable
      label={`Books against balances at block ${data.block}`}
      tokens={data.tokens}
      columns={COLUMNS}
      balanceHeader="Escrow balance"
      tokenNote={(t) => !t.allowed && <span className="muted small"> (not allowed for new jobs)</span>}
    />
  );
}
