/**
 * A part's or a project's money as exact amounts: where everything escrowed is now, and where the
 * reviewer shares are; each table says whether its parts add up to the whole, to the smallest unit.
 */
import { formatAmount } from "@/lib/format";
import {
  MONEY_KEYS,
  REVIEW_KEYS,
  moneyBalance,
  reviewBalance,
  type Money,
  type ReviewMoney,
} from "@/server/projects/read";
import type { TokenInfo } from "@/server/tokens";

const MONEY_LABELS: Record<(typeof MONEY_KEYS)[number], string> = {
  held: "Held in escrow",
  paidToVendors: "Paid to vendors",
  fees: "Platform fees",
  arbiterFees: "Arbiter fees",
  refunded: "Refunded to the client",
};

const REVIEW_LABELS: Record<(typeof REVIEW_KEYS)[number], string> = {
  held: "Reviewer share held",
  paid: "Reviewer share paid",
  refunded: "Reviewer share refunded",
};

function Row({ label, amount, token, testId }: { label: string; amount: string; token: TokenInfo; testId: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td data-testid={testId} data-wei={amount}>
        {formatAmount(amount, token)}
      </td>
    </tr>
  );
}

function Check({
  balanced,
  parts,
  whole,
  token,
}: {
  balanced: boolean;
  parts: bigint;
  whole: string;
  token: TokenInfo;
}) {
  return balanced ? (
    <p className="ok small">Adds up to the smallest unit.</p>
  ) : (
    <p className="error small" role="alert">
      The rows add up to {formatAmount(parts, token)}, not {formatAmount(whole, token)}.
    </p>
  );
}

/** Escrowed money and where it is now; `id` prefixes the cells' test ids (e.g. "part-0", "total"). */
export function MoneyTable({
  money,
  token,
  id,
  caption,
}: {
  money: Money;
  token: TokenInfo;
  id: string;
  caption: string;
}) {
  const { parts, balanced } = moneyBalance(money);
  return (
    <>
      <table aria-label={caption}>
        <tbody>
          <Row label="Escrowed by the client" amount={money.escrowed} token={token} testId={`${id}-escrowed`} />
          {MONEY_KEYS.map((key) => (
            <Row key={key} label={MONEY_LABELS[key]} amount={money[key]} token={token} testId={`${id}-${key}`} />
          ))}
        </tbody>
      </table>
      <Check balanced={balanced} parts={parts} whole={money.escrowed} token={token} />
    </>
  );
}

/** A reviewer share's money (deposited = held + paid + refunded). */
export function ReviewTable({
  review,
  token,
  id,
  caption,
}: {
  review: ReviewMoney;
  token: TokenInfo;
  id: string;
  caption: string;
}) {
  const { parts, balanced } = reviewBalance(review);
  return (
    <>
      <table aria-label={caption}>
        <tbody>
          <Row
            label="Reviewer share deposited"
            amount={review.deposited}
            token={token}
            testId={`${id}-review-deposited`}
          />
          {REVIEW_KEYS.map((key) => (
            <Row
              key={key}
              label={REVIEW_LABELS[key]}
              amount={review[key]}
              token={token}
              testId={`${id}-review-${key}`}
            />
          ))}
        </tbody>
      </table>
      <Check balanced={balanced} parts={parts} whole={review.deposited} token={token} />
    </>
  );
}
