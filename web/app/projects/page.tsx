import type { Metadata } from "next";
import Link from "next/link";
import { Person } from "@/components/identity/person";
import { WalletAddressSync } from "@/components/wallet/wallet-gate";
import { formatAmount, formatDate } from "@/lib/format";
import { addressParam } from "@/lib/hours/address-param";
import { readSpec, specTitle } from "@/server/jobs";
import { projectsOf, type ProjectSummary } from "@/server/projects/read";
import { SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function Intro() {
  return (
    <>
      <h1>Projects</h1>
      <p>
        One demand split into parts, each paid by its own escrow job: a team per part, relays that hand off around the
        clock, reviewers who sign off before you approve.
      </p>
      <p className="actions">
        <Link className="button primary" href="/projects/new">
          Start a project
        </Link>
      </p>
    </>
  );
}

/** The account's projects, or the index's problem in words. */
async function listFor(address: string): Promise<{ projects: ProjectSummary[] } | { problem: string }> {
  try {
    return { projects: await projectsOf(address) };
  } catch (error) {
    if (error instanceof SubgraphError) return { problem: error.message };
    throw error;
  }
}

export default async function ProjectsPage({ searchParams }: { searchParams: SearchParams }) {
  const address = addressParam((await searchParams).address);
  const found = address ? await listFor(address) : null;
  if (!found || "problem" in found) {
    return (
      <>
        <Intro />
        {found ? (
          <p role="alert" className="error">
            {found.problem}
          </p>
        ) : (
          <WalletAddressSync current={null} what="your projects" />
        )}
      </>
    );
  }
  const { projects } = found;
  const titles = await Promise.all(projects.map(async (p) => specTitle(await readSpec(p.specCid))));
  return (
    <>
      <Intro />
      <WalletAddressSync current={address} what="your projects" />
      <section aria-labelledby="projects-title">
        <h2 id="projects-title">Your projects ({projects.length})</h2>
        {projects.length === 0 ? (
          <p>You take part in no project yet.</p>
        ) : (
          <ul className="job-list" aria-label="Your projects">
            {projects.map((p, i) => (
              <li key={p.id} className="card">
                <h3>
                  <Link href={`/projects/${p.id}`}>{titles[i] ?? `Project ${p.id}`}</Link>
                </h3>
                <ul className="meta">
                  <li>You are: {p.roles.join(", ")}</li>
                  <li>
                    Client <Person address={p.client} />
                  </li>
                  <li>
                    {p.partCount} part{p.partCount === 1 ? "" : "s"}; budget {formatAmount(p.budget, p.token)},{" "}
                    {formatAmount(p.committed, p.token)} committed
                  </li>
                  <li>Deadline {formatDate(p.deadline)}</li>
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
