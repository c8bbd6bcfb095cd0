/**
 * What post-a-job loads on the form's first interaction, not in the page's first load: the submit
 * checks, the amount arithmetic and the totals list.
 */
import { parseUnits } from "@mosaic/sdk/amounts";
import { formatAmount } from "@/lib/format";
import type { MilestoneInput } from "./validate";

export { skillNamesProblem, validate } from "./validate";

/** The wallet half of the form (the page's first load then names one chunk, not the sender's many). */
export const importSender = () => import("./post-job-sender");
export { formatAmount };

export interface Totals {
  amount: bigint;
  bonus: bigint;
  escrowTotal: bigint;
  platformFee: bigint;
  arbiterFee: bigint;
}

/** The form's totals in the token's smallest unit; null while an amount is not valid. */
export function computeTotals(
  milestones: MilestoneInput[],
  decimals: number,
  feeBps: number,
  arbiterFeeBps: number,
): Totals | null {
  let amount = 0n;
  let bonus = 0n;
  for (const m of milestones) {
    try {
      amount += parseUnits(m.amount.trim() || "0", decimals);
      bonus += parseUnits(m.bonus.trim() || "0", decimals);
    } catch {
      return null;
    }
  }
  const escrowTotal = amount + bonus;
  return {
    amount,
    bonus,
    escrowTotal,
    platformFee: (escrowTotal * BigInt(feeBps) + 9_999n) / 10_000n,
    arbiterFee: (escrowTotal * BigInt(arbiterFeeBps)) / 10_000n,
  };
}

export function TotalsList(props: {
  totals: Totals;
  token: { symbol: string; decimals: number };
  feeBps: number;
  arbiterFeeBps: number;
}) {
  const { totals, token } = props;
  return (
    <dl className="facts">
      <dt>Milestone amounts</dt>
      <dd>{formatAmount(totals.amount, token)}</dd>
      <dt>Outcome bonuses</dt>
      <dd>{formatAmount(totals.bonus, token)}</dd>
      <dt>Escrow total (you send)</dt>
      <dd>{formatAmount(totals.escrowTotal, token)}</dd>
      <dt>Platform fee ({(props.feeBps / 100).toFixed(2)}%, from what the vendor is paid)</dt>
      <dd>{formatAmount(totals.platformFee, token)}</dd>
      <dt>Arbiter fee ({(props.arbiterFeeBps / 100).toFixed(2)}%, only if disputed)</dt>
      <dd>up to {formatAmount(totals.arbiterFee, token)}</dd>
    </dl>
  );
}
