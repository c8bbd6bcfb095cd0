import type { Metadata } from "next";
import Link from "next/link";
import { Countdown } from "@/components/countdown";
import { VendorNav } from "@/components/vendor/vendor-nav";
import { WalletAddressSync } from "@/components/wallet/wallet-gate";
import { ClaimButton, MilestoneActions, QuoteForm, RateClient, RevokeQuotesButton } from "@/components/vendor/slots";
import { FlowDock } from "@/components/tx/dock";
import { formatAmount, formatUsdCents, skillLabel } from "@/lib/format";
import { inviteJobs, myJobs, myQuotes, openJobsFor, vendorStanding } from "@/lib/vendor/work";
import { signedInAddress } from "@/lib/vendor/viewer";
import { chainNow } from "@/server/chain";
import { serverConfig } from "@/server/config";
import { SubgraphError } from "@/server/subgraph";
import { jobTitles, JOB_SORTS, searchRows, type JobSort } from "@/server/jobs";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jobs for you" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(value: string | string[] | undefined): string | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  return v ? v : undefined;
}

export default async function VendorJobsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const raw = params.address;
  const query = one(params.q)?.slice(0, 100);
  const sortParam = one(params.sort);
  const sort = JOB_SORTS.includes(sortParam as JobSort) ? (sortParam as JobSort) : undefined;
  const text = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase();
  const address = text && /^0x[0-9a-f]{40}$/.test(text) ? text : null;
  if (!address) {
    return (
      <>
        <h1>Jobs for you</h1>
        <VendorNav current="jobs" />
        <p>
          Open jobs ranked by how well they fit your vendor profile, quotes for invite jobs, and the work you deliver.
        </p>
        <WalletAddressSync current={null} what="the jobs for your profile" />
      </>
    );
  }
  let data;
  try {
    const standing = await vendorStanding(address);
    const now = await chainNow();
    // Quotes are private between a vendor and each client: only the signed-in vendor sees its own.
    const viewer = await signedInAddress();
    const [open, invites, mine, quotes] = await Promise.all([
      openJobsFor(address, standing),
      inviteJobs(),
      myJobs(address),
      viewer === address ? myQuotes(address, standing, now, serverConfig().chainId) : Promise.resolve(null),
    ]);
    data = { standing, now, open, invites, mine, quotes };
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <h1>Jobs for you</h1>
        <VendorNav current="jobs" />
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  const { standing, now, mine, quotes } = data;
  const titles = await jobTitles([
    ...data.open.map((f) => f.job.id),
    ...data.invites.map((j) => j.id),
    ...mine.map((j) => j.id),
  ]).catch(() => new Map<string, string>());
  const openRows = searchRows(
    data.open.map((f) => ({ ...f.job, fit: f })),
    titles,
    query,
    sort,
  );
  const open = openRows.map((r) => r.fit);
  const invites = searchRows(data.invites, titles, query, sort);
  // "Job 12: Title": the number stays first, as the vendor's other pages and quotes name jobs by it.
  const titleOf = (id: string) => (titles.has(id) ? `Job ${id}: ${titles.get(id)}` : `Job ${id}`);
  const active = mine.filter((j) => j.milestones.some((m) => ["Funded", "Submitted", "Disputed"].includes(m.state)));
  const toRate = mine.filter(
    (j) => !j.vendorRated && j.milestones.some((m) => m.state === "Paid" || m.state === "Resolved"),
  );
  const quotedJobs = new Set((quotes ?? []).filter((q) => q.status === "pending").map((q) => q.jobId));

  return (
    <>
      <h1>Jobs for you</h1>
      <VendorNav current="jobs" />
      <WalletAddressSync current={address} what="the jobs for your profile" />
      {!standing.registered && (
        <p className="card">
          You have no vendor profile yet: <Link href="/vendor/profile">register your skills and rate</Link> to claim
          open jobs.
        </p>
      )}

      <section aria-labelledby="work-title">
        <h2 id="work-title">Your work in progress</h2>
        {active.length === 0 ? (
          <p>No job waits for your delivery.</p>
        ) : (
          <ul className="timeline">
            {active.map((job) => (
              <li key={job.id} className="card">
                <h3>
                  <Link href={`/jobs/${job.id}`}>{titleOf(job.id)}</Link> ({job.token.symbol})
                </h3>
                <ul className="timeline" aria-label={`Milestones of job ${job.id}`}>
                  {job.milestones
                    .filter((m) => ["Funded", "Submitted", "Disputed"].includes(m.state))
                    .map((m) => (
                      <li key={m.index}>
                        <p>
                          <strong>Milestone {m.index + 1}</strong>: {formatAmount(m.amount, job.token)},{" "}
                          {m.state.toLowerCase()}.{" "}
                          {m.state === "Funded" && (
                            <>
                              Deliver by <Countdown at={m.deadline} chainNow={now} past="deadline passed" />.
                            </>
                          )}
                          {m.state === "Submitted" && m.reviewEndsAt !== null && (
                            <>
                              The client&apos;s review window ends{" "}
                              <Countdown at={m.reviewEndsAt} chainNow={now} past="ended" />; after that anyone can
                              release the payment.
                            </>
                          )}
                        </p>
                        <MilestoneActions
                          jobId={job.id}
                          index={m.index}
                          state={m.state}
                          reviewEndsAt={m.reviewEndsAt}
                          deadline={m.deadline}
                          chainNow={now}
                        />
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        {toRate.length > 0 && (
          <>
            <h3>Rate your clients</h3>
            {toRate.map((job) => (
              <RateClient key={job.id} jobId={job.id} />
            ))}
          </>
        )}
      </section>

      <form className="filters" method="get" action="/vendor/jobs" aria-label="Search jobs">
        <input type="hidden" name="address" value={address} />
        <div className="field">
          <label htmlFor="work-q">Search titles and skills</label>
          <input id="work-q" name="q" type="search" maxLength={100} defaultValue={query ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="work-sort">Sort by</label>
          <select id="work-sort" name="sort" defaultValue={sort ?? ""}>
            <option value="">Best fit</option>
            <option value="newest">Newest</option>
            <option value="budget">Largest budget</option>
            <option value="deadline">Nearest deadline</option>
          </select>
        </div>
        <div className="field">
          <button type="submit" className="button primary">
            Search
          </button>
        </div>
      </form>

      <section aria-labelledby="open-title">
        <h2 id="open-title">{sort ? "Open jobs" : "Open jobs, best fit first"}</h2>
        {open.length === 0 ? (
          <p>{query ? `No open job matches “${query}”.` : "No open jobs right now."}</p>
        ) : (
          <ul className="job-list" aria-label="Open jobs">
            {open.map(({ job, qualifies, lacks, reasons }) => (
              <li key={job.id} className="card">
                <h3>
                  <Link href={`/jobs/${job.id}`}>{titleOf(job.id)}</Link>: {formatAmount(job.liveTotal, job.token)}
                  {job.budgetUsdCents && <span className="muted"> (about {formatUsdCents(job.budgetUsdCents)})</span>}
                </h3>
                <ul className="tags" aria-label="Required skills">
                  {job.requiredSkills.map((s) => (
                    <li key={s} className="tag">
                      {skillLabel(s as `0x${string}`)}
                    </li>
                  ))}
                </ul>
                {qualifies ? (
                  <p className="ok">You qualify: {reasons.join("; ")}.</p>
                ) : (
                  <p>
                    <span className="error">You cannot claim it yet.</span> It needs {lacks.join("; ")}.
                  </p>
                )}
                {qualifies && <ClaimButton jobId={job.id} requiredSkills={job.requiredSkills} disabled={false} />}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="invite-title">
        <h2 id="invite-title">Invite jobs: send a quote</h2>
        <p className="muted">
          A quote is an EIP-712 signature (no gas) that binds the job&apos;s total price; the client hires you with it
          in one transaction.
        </p>
        {invites.length === 0 ? (
          <p>{query ? `No invite job matches “${query}”.` : "No invite jobs are waiting for quotes."}</p>
        ) : (
          <ul className="job-list" aria-label="Invite jobs">
            {invites
              .filter((j) => j.client !== address)
              .map((job) => (
                <li key={job.id} className="card">
                  <h3>
                    <Link href={`/jobs/${job.id}`}>{titleOf(job.id)}</Link>: {formatAmount(job.liveTotal, job.token)}
                    {job.budgetUsdCents && <span className="muted"> (about {formatUsdCents(job.budgetUsdCents)})</span>}
                  </h3>
                  {job.requiredSkills.length > 0 && (
                    <ul className="tags" aria-label="Required skills">
                      {job.requiredSkills.map((s) => (
                        <li key={s} className="tag">
                          {skillLabel(s as `0x${string}`)}
                        </li>
                      ))}
                    </ul>
                  )}
                  {quotedJobs.has(job.id) ? <p className="ok">You have a pending quote on this job.</p> : null}
                  <QuoteForm
                    jobId={job.id}
                    price={job.liveTotal}
                    token={job.token}
                    nonce={standing.quoteNonce}
                    chainNow={now}
                  />
                </li>
              ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="quotes-title">
        <h2 id="quotes-title">Your quotes</h2>
        {quotes === null ? (
          <p>Sign in with Ethereum to see your quotes: they are private between you and each client.</p>
        ) : quotes.length === 0 ? (
          <p>You have not sent any quote.</p>
        ) : (
          <table aria-label="Your quotes">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Price</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {quotes.map((q) => (
                <tr key={q.cid}>
                  <td>
                    <Link href={`/jobs/${q.jobId}`}>Job {q.jobId}</Link>
                  </td>
                  <td>{formatAmount(q.price, q.token)}</td>
                  <td>
                    <Countdown at={q.expiresAt} chainNow={now} past="expired" />
                  </td>
                  <td>{q.status === "taken" ? "another vendor was hired" : q.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">
          Revoking voids every quote you signed so far (your quote nonce is now {standing.quoteNonce}).
        </p>
        <RevokeQuotesButton />
      </section>
      <FlowDock />
    </>
  );
}
