import type { Metadata } from "next";
import { FlowDock } from "@/components/tx/dock";
import Link from "next/link";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { RulingSlot } from "@/components/arbiter/ruling-slot";
import { ContestedHourLogs } from "@/components/hours/contested-logs";
import { Countdown } from "@/components/countdown";
import { Person } from "@/components/identity/person";
import { WalletAddressSync } from "@/components/wallet/wallet-gate";
import { arbiterDisputes } from "@/lib/arbiter/disputes";
import { formatAmount, formatDate, shortHex } from "@/lib/format";
import { chainNow, publicClient } from "@/server/chain";
import { serverConfig } from "@/server/config";
import { contractsOn } from "@/server/public-config";
import { SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Arbiter" };

const FALLBACK_TIMEOUT = 30 * 86_400;

async function disputeTimeout(): Promise<number> {
  const contracts = contractsOn(serverConfig().chainId);
  if (!contracts) return FALLBACK_TIMEOUT;
  try {
    return Number(
      await publicClient().readContract({
        address: contracts.escrow,
        abi: mosaicEscrowAbi,
        functionName: "DISPUTE_TIMEOUT",
      }),
    );
  } catch {
    return FALLBACK_TIMEOUT;
  }
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ArbiterPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).address;
  const text = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase();
  const address = text && /^0x[0-9a-f]{40}$/.test(text) ? text : null;
  if (!address) {
    return (
      <>
        <h1>Disputes to rule</h1>
        <p>
          The disputes assigned to your arbiter address, with both parties&apos; documents, and a ruling you send from
          your wallet.
        </p>
        <WalletAddressSync current={null} what="the disputes assigned to you" />
      </>
    );
  }
  let disputes;
  try {
    disputes = await arbiterDisputes(address, serverConfig().chainId);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <h1>Disputes to rule</h1>
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  const [now, timeout] = await Promise.all([chainNow(), disputeTimeout()]);
  const open = disputes.filter((d) => d.status === "Open");
  const closed = disputes.filter((d) => d.status !== "Open");
  return (
    <>
      <h1>Disputes to rule</h1>
      <WalletAddressSync current={address} what="the disputes assigned to you" />
      <p className="muted">
        Arbiter <span className="mono">{address}</span>. A ruling r from 1 to 10001 gives the vendor r − 1 basis points
        of the disputed amount after your fee; the platform fee comes out of the vendor&apos;s share. Ruling 0 refuses:
        an even split without your fee. If you stay silent for {Math.round(timeout / 86_400)} days, anyone can split the
        dispute evenly.
      </p>
      <section aria-labelledby="open-title">
        <h2 id="open-title">Open disputes ({open.length})</h2>
        {open.length === 0 && <p>No dispute is waiting for your ruling.</p>}
        <ul className="timeline">
          {open.map((d) => (
            <li key={d.id} className="card">
              <h3>
                <Link href={`/jobs/${d.jobId}`}>Job {d.jobId}</Link>, milestone {d.index + 1}:{" "}
                {formatAmount(d.amount, d.token)} frozen
              </h3>
              <ul className="meta">
                <li>
                  Client <Person address={d.client} />
                </li>
                <li>
                  Vendor <Person address={d.vendor} />
                </li>
                <li>Your fee {(d.arbiterFeeBps / 100).toFixed(2)}%</li>
                <li>Platform fee {(d.feeBps / 100).toFixed(2)}%</li>
                <li>
                  Timeout <Countdown at={d.raisedAt + timeout} chainNow={now} past="timed out" />
                </li>
              </ul>
              <p>
                <Link href={`/jobs/${d.jobId}#thread-title`} prefetch={false}>
                  Read the whole thread of job {d.jobId}
                </Link>{" "}
                <span className="muted small">
                  (both parties&apos; messages, notes, deliverables and evidence; sign in as the arbiter)
                </span>
              </p>
              <h4>History of the milestone</h4>
              <ol>
                {d.history.map((h, i) => (
                  <li key={i}>
                    {formatDate(h.at)}: {h.what}
                    {h.cid && (
                      <>
                        {" "}
                        (<a href={`/api/documents/${h.cid}`}>document {h.cid.slice(0, 12)}…</a>)
                      </>
                    )}
                  </li>
                ))}
              </ol>
              <h4>Evidence</h4>
              {d.evidence.length === 0 ? (
                <p>Neither party has filed evidence documents.</p>
              ) : (
                <ul>
                  {d.evidence.map((e) => (
                    <li key={e.cid}>
                      <strong>{e.title}</strong> from the{" "}
                      {e.author === d.client
                        ? "client"
                        : e.author === d.vendor
                          ? "vendor"
                          : `account ${shortHex(e.author)}`}
                      : {e.text} (<a href={`/api/documents/${e.cid}`}>document</a>
                      {e.onChain ? ", filed on chain" : ""})
                    </li>
                  ))}
                </ul>
              )}
              <RulingSlot
                isArbiter
                disputeId={d.id}
                jobId={d.jobId}
                index={d.index}
                amount={d.amount}
                arbiterFeeBps={d.arbiterFeeBps}
                feeBps={d.feeBps}
                raisedByVendor={d.raisedByRole === "Vendor"}
                token={d.token}
              />
            </li>
          ))}
        </ul>
      </section>
      <ContestedHourLogs arbiter={address} />
      <section aria-labelledby="closed-title">
        <h2 id="closed-title">Resolved disputes ({closed.length})</h2>
        {closed.length > 0 && (
          <table aria-label="Resolved disputes">
            <thead>
              <tr>
                <th scope="col">Job, milestone</th>
                <th scope="col">How</th>
                <th scope="col">Vendor share</th>
                <th scope="col">To vendor / client / you</th>
              </tr>
            </thead>
            <tbody>
              {closed.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/jobs/${d.jobId}`}>
                      Job {d.jobId}, milestone {d.index + 1}
                    </Link>
                  </td>
                  <td>{d.resolution?.toLowerCase()}</td>
                  <td>{((d.vendorBps ?? 0) / 100).toFixed(2)}%</td>
                  <td>
                    {formatAmount(d.toVendor ?? "0", d.token)} / {formatAmount(d.toClient ?? "0", d.token)} /{" "}
                    {formatAmount(d.arbiterFee ?? "0", d.token)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <FlowDock />
    </>
  );
}
