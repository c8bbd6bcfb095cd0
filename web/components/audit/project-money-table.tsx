/** Every project's money at one block: its jobs' escrow and where it went, and its reviewer shares. */
import Link from "next/link";
import type { ProjectMoney } from "@/lib/audit/records";
import { formatUnits } from "@/lib/format";
import type { TokenInfo } from "@/server/tokens";

export function ProjectMoneyTable({
  projects,
  tokens,
  block,
}: {
  projects: ProjectMoney[];
  tokens: Map<string, TokenInfo>;
  block: number;
}) {
  return (
    <div style={{ overflowX: "auto" }}>
      <table aria-label={`Projects' money at block ${block}`}>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Budget</th>
            <th scope="col">Escrowed by its jobs</th>
            <th scope="col">Held in escrow</th>
            <th scope="col">Paid to vendors</th>
            <th scope="col">Fees</th>
            <th scope="col">Refunded</th>
            <th scope="col">Arbiter fees</th>
            <th scope="col">Reviewer shares held / paid / refunded</th>
            <th scope="col">Adds up</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => {
            const token = tokens.get(p.token.toLowerCase())!;
            const f = (v: bigint) => formatUnits(v, token.decimals, token.decimals);
            const jobsAddUp = p.held + p.paidToVendors + p.fees + p.refunded + p.arbiterFees === p.escrowed;
            const sharesAddUp =
              p.reviewSharesHeld + p.reviewSharesPaid + p.reviewSharesRefunded === p.reviewSharesDeposited;
            return (
              <tr key={p.id} data-project={p.id}>
                <th scope="row">
                  <Link href={`/projects/${p.id}`}>Project {p.id}</Link>{" "}
                  <span className="muted small">
                    ({token.symbol}, {p.jobCount} job{p.jobCount === 1 ? "" : "s"}
                    {p.subJobCount > 0 && `, ${p.subJobCount} sub-job${p.subJobCount === 1 ? "" : "s"}`})
                  </span>
                </th>
                <td className="mono">{f(p.budget)}</td>
                <td className="mono">{f(p.escrowed)}</td>
                <td className="mono">{f(p.held)}</td>
                <td className="mono">{f(p.paidToVendors)}</td>
                <td className="mono">{f(p.fees)}</td>
                <td className="mono">{f(p.refunded)}</td>
                <td className="mono">{f(p.arbiterFees)}</td>
                <td className="mono">
                  {f(p.reviewSharesHeld)} / {f(p.reviewSharesPaid)} / {f(p.reviewSharesRefunded)}
                </td>
                <td>
                  {jobsAddUp && sharesAddUp ? (
                    <strong className="ok">yes</strong>
                  ) : (
                    <strong className="error">
                      no{!jobsAddUp && ": escrowed ≠ held + paid + fees + refunded + arbiter fees"}
                      {!sharesAddUp && ": shares deposited ≠ held + paid + refunded"}
                    </strong>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
