/** A vendor's published hour-bank terms, one entry per token. */
import { formatAmount } from "@/lib/format";
import { describeTier } from "@/lib/hours/terms";
import type { TokenTerms } from "@/server/hours";

export function TermsList({ terms }: { terms: TokenTerms[] }) {
  return (
    <ul aria-label="Published terms" className="timeline">
      {terms.map((t) => (
        <li key={t.token.address}>
          <strong>{formatAmount(t.hourlyRate, t.token)}</strong> an hour;{" "}
          {t.tiers.length === 0 ? "no volume discount" : t.tiers.map(describeTier).join(", ")}; {t.noticeHours} h of
          notice owed on an early close.
        </li>
      ))}
    </ul>
  );
}
