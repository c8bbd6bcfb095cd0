import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Avatar } from "@/components/identity/person";
import { ReviewList } from "@/components/reviews/review-list";
import { JobCard } from "@/components/job-card";
import { formatDate, shortHex } from "@/lib/format";
import { ratingSummary } from "@/lib/vendor/public-profile";
import { clientHistory } from "@/server/jobs";
import { identityOf } from "@/server/names";
import { reviewsReceivedBy } from "@/server/reviews";
import { SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";

type Params = Promise<{ address: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { address } = await params;
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return { title: "Client" };
  const identity = await identityOf(address);
  return { title: `Client ${identity.name ?? shortHex(address)}` };
}

export default async function ClientPage({ params }: { params: Params }) {
  const { address: raw } = await params;
  if (!/^0x[0-9a-fA-F]{40}$/.test(raw)) notFound();
  const address = raw.toLowerCase();
  const identity = await identityOf(address);
  const title = identity.name ?? `Client ${shortHex(address)}`;
  let history: Awaited<ReturnType<typeof clientHistory>>;
  let reviews: Awaited<ReturnType<typeof reviewsReceivedBy>>;
  try {
    [history, reviews] = await Promise.all([clientHistory(address), reviewsReceivedBy(address, "client")]);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <h1>{title}</h1>
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  const { client, rating } = history;
  const summary = ratingSummary(rating.weightedSum, rating.weight);
  const resolved = history.disputes.filter((d) => d.status === "Resolved");
  return (
    <>
      <h1 style={{ display: "flex", alignItems: "center", gap: "0.5em" }}>
        <Avatar identity={identity} size={48} />
        {title}
      </h1>
      <p className="mono wrap">{address}</p>
      {identity.bio && <p style={{ whiteSpace: "pre-line" }}>{identity.bio}</p>}
      {identity.vendor && (
        <p>
          Also a vendor: <Link href={`/vendors/${address}`}>see the vendor page</Link>.
        </p>
      )}

      <section aria-labelledby="client-record-title">
        <h2 id="client-record-title">History as a client</h2>
        {!client ? (
          <p>This address has not posted a job on Mosaic.</p>
        ) : (
          <ul className="meta" aria-label="Client record">
            <li>Client since {formatDate(client.createdAt)}</li>
            <li>
              {client.jobCount} job{client.jobCount === 1 ? "" : "s"} posted
            </li>
            <li>{client.fundedMilestones} milestones funded</li>
            <li>
              {client.paidMilestones} paid: {history.approved} approved in the review window, {history.autoReleased}{" "}
              released automatically when the client stayed silent
            </li>
            <li>{client.refundedMilestones} refunded</li>
            <li>
              {client.disputedMilestones} disputed, {client.disputesLost} lost by the client
            </li>
            <li>
              {summary.average === null
                ? "Not rated by a vendor yet"
                : `Rated ${summary.average.toFixed(2)} of 5 by vendors (${rating.count} rating${rating.count === 1 ? "" : "s"})`}
            </li>
          </ul>
        )}
      </section>

      <section aria-labelledby="client-disputes-title">
        <h2 id="client-disputes-title">Disputes</h2>
        {history.disputes.length === 0 ? (
          <p>No disputes.</p>
        ) : (
          <ul aria-label="Disputes">
            {history.disputes.map((d) => (
              <li key={d.id}>
                <Link href={`/jobs/${d.jobId}`}>Job {d.jobId}</Link>, milestone {d.milestone + 1}, raised by the{" "}
                {d.raisedByRole.toLowerCase()}:{" "}
                {d.status === "Open"
                  ? "still open"
                  : `${d.resolution?.toLowerCase() ?? "resolved"}, ${((d.vendorBps ?? 0) / 100).toFixed(2)}% to the vendor`}
              </li>
            ))}
          </ul>
        )}
        {resolved.length > 0 && (
          <p className="muted small">
            {resolved.length} resolved, {history.disputes.length - resolved.length} open.
          </p>
        )}
      </section>

      <section aria-labelledby="client-reviews-title">
        <h2 id="client-reviews-title">Reviews from vendors</h2>
        <ReviewList reviews={reviews} />
      </section>

      <section aria-labelledby="client-jobs-title">
        <h2 id="client-jobs-title">Jobs posted</h2>
        {history.jobs.length === 0 ? (
          <p>No jobs yet.</p>
        ) : (
          <ul className="job-list" aria-label="Jobs posted">
            {history.jobs.map((job) => (
              <JobCard key={job.id} job={job} showClient={false} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
