import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatUsd, formatUtcOffset } from "../../../../matching/index.ts";
import { formatDate, formatUnits, shortHex, skillLabel } from "@/lib/format";
import { profileDocument, ratingSummary, vendorHistory } from "@/lib/vendor/public-profile";
import { vendorStanding } from "@/lib/vendor/work";
import { SubgraphError } from "@/server/subgraph";
import { tokenInfo } from "@/server/tokens";
import { Avatar, Person } from "@/components/identity/person";
import { ReviewList } from "@/components/reviews/review-list";
import { identityOf } from "@/server/names";
import { reviewsReceivedBy } from "@/server/reviews";

export const dynamic = "force-dynamic";

type Params = Promise<{ address: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { address } = await params;
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return { title: "Vendor" };
  return { title: (await identityOf(address)).name ?? `Vendor ${shortHex(address)}` };
}

export default async function VendorPage({ params }: { params: Params }) {
  const { address } = await params;
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) notFound();
  let vendor: Awaited<ReturnType<typeof vendorHistory>>;
  try {
    vendor = await vendorHistory(address);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <h1>Vendor {shortHex(address)}</h1>
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  if (!vendor) {
    return (
      <>
        <h1>Vendor {shortHex(address)}</h1>
        <p>
          <span className="mono">{address}</span> has never registered as a vendor on Mosaic.
        </p>
      </>
    );
  }
  const [doc, standing, identity, reviews] = await Promise.all([
    profileDocument(vendor.metadataCid),
    vendorStanding(vendor.id),
    identityOf(vendor.id),
    reviewsReceivedBy(vendor.id, "vendor"),
  ]);
  const rating = ratingSummary(vendor.ratingWeightedSum, vendor.ratingWeight);
  const reputation = ratingSummary(vendor.reputationWeightedSum, vendor.reputationWeight);
  const tokenIds = new Set([...vendor.volumes.map((v) => v.token.id), ...vendor.jobs.map((j) => j.token.id)]);
  const tokens = new Map(await Promise.all([...tokenIds].map(async (id) => [id, await tokenInfo(id)] as const)));
  const disputes = vendor.jobs.flatMap((j) => j.disputes.map((d) => ({ ...d, job: j })));
  const name = identity.name ?? (doc.ok && doc.profile.name ? doc.profile.name : `Vendor ${shortHex(vendor.id)}`);

  return (
    <>
      <h1 style={{ display: "flex", alignItems: "center", gap: "0.5em" }}>
        <Avatar identity={identity} size={48} />
        {name}
      </h1>
      <p className="mono wrap">{vendor.id}</p>
      {identity.bio && identity.bio !== (doc.ok ? doc.profile.bio : undefined) && (
        <p style={{ whiteSpace: "pre-line" }}>{identity.bio}</p>
      )}
      {!vendor.registered && (
        <p className="error">This vendor removed its profile and cannot be hired until it registers again.</p>
      )}

      <section aria-labelledby="rating-title">
        <h2 id="rating-title">Rating</h2>
        {rating.average === null ? (
          <p>No ratings yet: ratings come only from paid jobs.</p>
        ) : (
          <>
            <p>
              <strong>{rating.average.toFixed(2)} of 5</strong> from {vendor.ratingCount} rating
              {vendor.ratingCount === 1 ? "" : "s"}, confidence {Math.round(rating.confidence * 100)}%: matching counts
              it as <strong>{rating.estimate!.toFixed(2)}</strong>.
            </p>
            <p className="muted small">
              Each rating weighs what the job paid (about one unit per US dollar); matching adds{" "}
              {rating.priorWeight.toString()} units of one-star ratings to every vendor, so a high average counts fully
              only once much paid work backs it (confidence = weight ÷ (weight + {rating.priorWeight.toString()})).
            </p>
          </>
        )}
        <p>
          For claiming open jobs the escrow counts a rating of{" "}
          <strong>{(standing.adjustedRatingX100 / 100).toFixed(2)}</strong> (the same cautious average, computed on
          chain) and <strong>{standing.paidJobs}</strong> paid job
          {standing.paidJobs === 1 ? "" : "s"} (a job counts once it paid at least its token&apos;s threshold, no sooner
          than a day after its last funding, and one job per client).
        </p>
      </section>

      <section aria-labelledby="hours-title">
        <h2 id="hours-title">Hour banks</h2>
        {vendor.banksServed === 0 ? (
          <p>No client has bought a bank of hours from this vendor yet.</p>
        ) : (
          <p>
            Served {vendor.banksServed} hour bank{vendor.banksServed === 1 ? "" : "s"}, {vendor.activeBanks} active now;{" "}
            {vendor.banksRenewed} renewed (topped up, or followed by another bank from the same client): a renewal rate
            of {Math.round((100 * vendor.banksRenewed) / vendor.banksServed)}%.
          </p>
        )}
        {vendor.bankRatingCount > 0 && reputation.average !== null && (
          <p>
            Clients of its hour banks rated it {vendor.bankRatingCount} time{vendor.bankRatingCount === 1 ? "" : "s"}{" "}
            (paid hours weigh like paid jobs): across jobs and hour banks its reputation is{" "}
            <strong>{reputation.average.toFixed(2)} of 5</strong>.
          </p>
        )}
        <p>
          <Link href={`/hours/buy?vendor=${vendor.id}`}>Buy hours from this vendor</Link> at its published rate and
          volume discounts.
        </p>
      </section>

      <section aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <ul className="meta">
          <li>Rate {formatUsd(vendor.hourlyRateCents)} per hour</li>
          <li>Time zone {formatUtcOffset(vendor.timezoneOffsetMinutes)}</li>
          <li>Available {vendor.availabilityHours} h per week</li>
          {vendor.registeredAt && <li>Registered {formatDate(vendor.registeredAt)}</li>}
        </ul>
        <ul className="tags" aria-label="Skills">
          {vendor.skills.map((s) => (
            <li key={s} className="tag">
              {skillLabel(s as `0x${string}`)}
            </li>
          ))}
        </ul>
        {doc.ok ? (
          <>
            {doc.profile.bio && <p style={{ whiteSpace: "pre-line" }}>{doc.profile.bio}</p>}
            {doc.profile.links.length > 0 && (
              <ul aria-label="Links">
                {doc.profile.links.map((l) => (
                  <li key={l}>
                    <a href={l} rel="nofollow noopener">
                      {l}
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {doc.profile.portfolio.length > 0 && (
              <>
                <h3>Past work</h3>
                <ul>
                  {doc.profile.portfolio.map((p) => (
                    <li key={p.title}>
                      {p.url ? (
                        <a href={p.url} rel="nofollow noopener">
                          {p.title}
                        </a>
                      ) : (
                        p.title
                      )}
                      {p.description && `: ${p.description}`}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        ) : (
          <p className="muted">{doc.error}</p>
        )}
      </section>

      <section aria-labelledby="record-title">
        <h2 id="record-title">Track record</h2>
        <ul className="meta">
          <li>{vendor.hiredJobs} jobs hired</li>
          <li>{vendor.paidJobs} paid</li>
          <li>{vendor.activeJobs} in progress</li>
          <li>{vendor.refundedMilestones} milestones refunded for a missed deadline</li>
          <li>
            {vendor.disputedMilestones} disputed, {vendor.disputesLost} lost
          </li>
        </ul>
        <h3>Paid volume by token</h3>
        {vendor.volumes.length === 0 ? (
          <p>Nothing paid yet.</p>
        ) : (
          <table aria-label="Paid volume by token">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Payments</th>
                <th scope="col">Gross</th>
                <th scope="col">Net after fees</th>
              </tr>
            </thead>
            <tbody>
              {vendor.volumes.map((v) => {
                const t = tokens.get(v.token.id)!;
                return (
                  <tr key={v.token.id}>
                    <th scope="row">{t.symbol}</th>
                    <td>{v.paymentCount}</td>
                    <td>{formatUnits(v.gross, t.decimals)}</td>
                    <td>{formatUnits(v.net, t.decimals)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="ratings-title">
        <h2 id="ratings-title">Ratings received</h2>
        {vendor.ratings.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <table aria-label="Ratings received">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">From</th>
                <th scope="col">Score</th>
                <th scope="col">Weight</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {vendor.ratings.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/jobs/${r.job.id}`}>Job {r.job.id}</Link>
                  </td>
                  <td>
                    <Person address={r.rater.id} />
                  </td>
                  <td>{r.score} of 5</td>
                  <td>{r.weight}</td>
                  <td>{formatDate(r.timestamp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="reviews-title">
        <h2 id="reviews-title">Written reviews</h2>
        <ReviewList reviews={reviews} replyAs={vendor.id} />
      </section>

      <section aria-labelledby="disputes-title">
        <h2 id="disputes-title">Disputes</h2>
        {disputes.length === 0 ? (
          <p>No disputes.</p>
        ) : (
          <ul>
            {disputes.map((d) => (
              <li key={d.id}>
                <Link href={`/jobs/${d.job.id}`}>Job {d.job.id}</Link>, milestone {d.milestone.index + 1}, raised by the{" "}
                {d.raisedByRole.toLowerCase()}:{" "}
                {d.status === "Open"
                  ? "still open"
                  : `${d.resolution?.toLowerCase()}, ${((d.vendorBps ?? 0) / 100).toFixed(2)}% to the vendor`}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs</h2>
        {vendor.jobs.length === 0 ? (
          <p>No jobs yet.</p>
        ) : (
          <table aria-label="Jobs">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Status</th>
                <th scope="col">Paid to vendor</th>
                <th scope="col">Refunded to client</th>
              </tr>
            </thead>
            <tbody>
              {vendor.jobs.map((j) => {
                const t = tokens.get(j.token.id)!;
                return (
                  <tr key={j.id}>
                    <td>
                      <Link href={`/jobs/${j.id}`}>Job {j.id}</Link>
                    </td>
                    <td>{j.status.toLowerCase()}</td>
                    <td>
                      {formatUnits(j.paidToVendor, t.decimals)} {t.symbol}
                    </td>
                    <td>
                      {formatUnits(j.refunded, t.decimals)} {t.symbol}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
