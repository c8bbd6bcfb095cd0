import type { Metadata } from "next";
import Link from "next/link";
import { Person } from "@/components/identity/person";
import { notFound } from "next/navigation";
import { InviteButton } from "@/components/hiring/invite-button";
import { pageSession } from "@/server/auth/page-session";
import { chainNow } from "@/server/chain";
import { serverConfig } from "@/server/config";
import { invitedVendors } from "@/server/hiring";
import { readSpec } from "@/server/jobs";
import { demandFromSpec, matchesForJob } from "@/server/matching";
import { querySubgraph } from "@/server/subgraph";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Matches for job #${(await params).id}` };
}

const FACTOR_LABELS: Record<string, string> = {
  rating: "Rating",
  skills: "Skills",
  price: "Price fit",
  timezone: "Timezone overlap",
  availability: "Availability",
  trackRecord: "Track record",
};

const EXCLUSION_LABELS: Record<string, string> = {
  missingRequiredSkill: "lack a required skill",
  notRegistered: "are not registered",
  unavailable: "have no availability",
  excludedByDemand: "are excluded (the client)",
  belowMinRating: "are below the minimum rating",
  belowMinRatings: "have too few paid jobs",
};

export default async function MatchesPage({ params }: { params: Params }) {
  const { id } = await params;
  if (!/^\d{1,30}$/.test(id)) notFound();
  const data = await querySubgraph<{
    job: { specCid: string; client: { id: string }; vendor: { id: string } | null } | null;
  }>(`query($id: ID!) { job(id: $id) { specCid client { id } vendor { id } } }`, {
    id: BigInt(id).toString(),
  });
  if (!data.job) notFound();
  const [spec, now] = await Promise.all([readSpec(data.job.specCid), chainNow()]);
  const ranking = await matchesForJob(id, demandFromSpec(spec.state === "verified" ? spec.content : null), now);
  if (!ranking) notFound();
  const excluded = Object.entries(ranking.result.excluded).filter(([, n]) => n > 0);
  // The job's client, while the job has no vendor, may invite the vendors it likes to quote.
  const session = await pageSession();
  const { chainId } = serverConfig();
  const canInvite = session?.address.toLowerCase() === data.job.client.id && data.job.vendor === null;
  const invited = canInvite
    ? await invitedVendors(
        chainId,
        id,
        session!.address,
        ranking.matches.map((m) => m.address),
      )
    : new Set<string>();
  return (
    <>
      <h1>Vendors for job #{id}</h1>
      <p>
        <Link href={`/jobs/${id}`}>Back to the job</Link>
      </p>
      <p>
        {ranking.result.totalEligible} of {ranking.result.totalVendors} vendors qualify
        {excluded.length > 0 &&
          `; the others ${excluded.map(([k, n]) => `${n} ${EXCLUSION_LABELS[k] ?? k}`).join(", ")}`}
        . Ranked by rating (with its confidence), skills, price, timezone, availability and track record.
      </p>
      {ranking.matches.length === 0 ? (
        <p>No vendor qualifies for this job yet.</p>
      ) : (
        <ol className="job-list" aria-label="Ranked vendors">
          {ranking.matches.map((m) => (
            <li key={m.address} className="card">
              <h2>
                {m.rank}.{" "}
                <Link href={`/vendors/${m.address}`} prefetch={false} className="mono">
                  {m.address}
                </Link>
              </h2>
              <p>
                <Person address={m.address} />
              </p>
              <p>
                Score <strong>{m.score.toFixed(1)}</strong> of 100
                {m.placement === "newVendorSlot" ? " (placed in a slot reserved for new vendors)" : ""}
              </p>
              <table>
                <caption className="muted small">Score breakdown</caption>
                <tbody>
                  {Object.entries(m.breakdown).map(([factor, score]) => (
                    <tr key={factor}>
                      <th scope="row">{FACTOR_LABELS[factor] ?? factor}</th>
                      <td style={{ width: "50%" }}>
                        <div className="bar" aria-hidden="true">
                          <span style={{ width: `${score.maxPoints ? (100 * score.points) / score.maxPoints : 0}%` }} />
                        </div>
                      </td>
                      <td>
                        {score.points.toFixed(1)} of {score.maxPoints}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ul>
                {m.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
              {canInvite && (
                <InviteButton
                  chainId={chainId}
                  jobId={id}
                  vendor={m.address}
                  invited={invited.has(m.address.toLowerCase())}
                />
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
