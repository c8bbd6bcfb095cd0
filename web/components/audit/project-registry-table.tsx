/** The project registry's books per token (reviewers' shares) against its balance at the same block. */
import type { ProjectRegistryBooks, Reconciliation } from "@/lib/audit/reconcile";
import { ContractBooksTable, type BooksColumn } from "./contract-books-table";

const COLUMNS: BooksColumn<ProjectRegistryBooks>[] = [
  { header: "Projects", cell: (t) => t.projectCount, amount: false },
  { header: "Shares deposited", cell: (t, f) => f(t.deposited) },
  { header: "Paid to reviewers", cell: (t, f) => f(t.paid) },
  { header: "Refunded to clients", cell: (t, f) => f(t.refunded) },
  { header: "Shares held", cell: (t, f) => f(t.held) },
  { header: "Owed", cell: (t, f) => f(t.owed) },
];

export function ProjectRegistryTable({
  data,
  block,
}: {
  data: NonNullable<Reconciliation["projectRegistry"]>;
  block: number;
}) {
  return (
    <ContractBooksTable
      label={`The project registry's books against its balances at block ${block}`}
      tokens={data.tokens}
      columns={COLUMNS}
      balanceHeader="Registry balance"
    />
  );
}
