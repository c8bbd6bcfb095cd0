/** The hour bank's books per token against its balance at the same block, with the verdict. */
import type { HourBankBooks, Reconciliation } from "@/lib/audit/reconcile";
import { ContractBooksTable, type BooksColumn } from "./contract-books-table";

const COLUMNS: BooksColumn<HourBankBooks>[] = [
  { header: "Banks", cell: (t) => t.bankCount, amount: false },
  { header: "Deposited", cell: (t, f) => f(t.totalDeposited) },
  { header: "Paid to vendors", cell: (t, f) => f(t.totalPaidToVendors) },
  { header: "Fees (collected)", cell: (t, f) => `${f(t.totalFees)} (${f(t.feesCollected)})` },
  { header: "Refunded", cell: (t, f) => f(t.totalRefunded) },
  { header: "Arbiter fees", cell: (t, f) => f(t.totalArbiterFees) },
  { header: "Held", cell: (t, f) => f(t.held) },
  { header: "Fees held", cell: (t, f) => f(t.feesHeld) },
  { header: "Owed", cell: (t, f) => f(t.owed) },
];

export function HourBankTable({ data, block }: { data: NonNullable<Reconciliation["hourBank"]>; block: number }) {
  return (
    <ContractBooksTable
      label={`The hour bank's books against its balances at block ${block}`}
      tokens={data.tokens}
      columns={COLUMNS}
      balanceHeader="Hour bank balance"
    />
  );
}
