// npm run match -- --project <id | file.json>: proposes a project's team and prints it with its coverage.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fetchCandidates } from "../candidates.ts";
import { MatchingInputError } from "../errors.ts";
import { formatUsd, formatUtcOffset } from "../reasons.ts";
import { skillName } from "../skill-tags.ts";
import { DEFAULT_SUBGRAPH_URL, SubgraphUnreachableError } from "../subgraph/graphql.ts";
import type { TrustScores } from "../trust/compute.ts";
import { subgraphTrust } from "../trust/subgraph.ts";
import type { SkillTag, VendorRecord } from "../types.ts";
import { coverageGaps, slotsMask } from "./hours.ts";
import type { WorkingWindow } from "./hours.ts";
import { fetchChainProject, partId, projectFromChain, usdCents } from "./chain-project.ts";
import type { ChainProject, ProjectEstimate } from "./chain-project.ts";
import { parseProjectFile } from "./project-file.ts";
import { DEFAULT_CANDIDATES_PER_PART, DEFAULT_RELAY_CANDIDATES, proposeTeam } from "./propose.ts";
import type { PartProposal, Project, SwapEffect, TeamProposal } from "./types.ts";

export const PROJECT_USAGE = `Usage: npm run match -- --project <id> [options]
       npm run match -- --project <file.json> [options]

Proposes a team for a project (parts, total budget, relays): for each part the best
vendors by the ranking, chosen together under the budget, with the hours each covers,
the gaps and the best swaps. A project id (decimal) is read from the subgraph (the
project registry's parts, skills, budgets, relay shifts and the client's time zone);
a file is JSON in the format of matching/README.md.

  --project <id|file>       the project on chain, or a JSON file (vendors inline, or read from the subgraph)
  --subgraph <url>          subgraph endpoint for a project id, or a file without vendors (default ${DEFAULT_SUBGRAPH_URL})
  --no-trust                rank by raw on-chain ratings instead of trust-weighted ones
  --candidates <n>          candidates per part (default ${DEFAULT_CANDIDATES_PER_PART})
  --relay-candidates <n>    candidates per relay part; every pair and triple is tried (default ${DEFAULT_RELAY_CANDIDATES})
  --json                    print the full proposal as JSON
  --help                    show this help`;

export async function runProjectCli(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(PROJECT_USAGE);
    return 0;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        project: { type: "string" },
        subgraph: { type: "string", default: DEFAULT_SUBGRAPH_URL },
        "no-trust": { type: "boolean", default: false },
        candidates: { type: "string", default: String(DEFAULT_CANDIDATES_PER_PART) },
        "relay-candidates": { type: "string", default: String(DEFAULT_RELAY_CANDIDATES) },
        json: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${PROJECT_USAGE}`);
    return 1;
  }
  if (values.project === undefined || values.project === "") {
    console.error(`--project <id|file.json> is required\n\n${PROJECT_USAGE}`);
    return 1;
  }
  const onChain = /^\d+$/.test(values.project);
  const options = {
    candidatesPerPart: Number(values.candidates),
    relayCandidates: Number(values["relay-candidates"]),
  };
  try {
    if (onChain) {
      const chain = await fetchChainProject(values.subgraph, values.project);
      if (chain === null) {
        console.error(
          `Project ${values.project} is not in the subgraph at ${values.subgraph}.\n` +
            "Check the id, or give the indexer a moment to catch up with the chain.",
        );
        return 1;
      }
      const [vendors, trust] = await subgraphVendorsAndTrust(values.subgraph, chain.parts, values["no-trust"]);
      const { project, estimates } = projectFromChain(chain, vendors);
      const proposal = proposeTeam(project, vendors, { ...options, trust });
      if (values.json) console.log(JSON.stringify({ project: chain, estimates, proposal }, bigintAsString, 2));
      else {
        printChainProject(chain, estimates);
        printProposal(project, proposal);
      }
      return 0;
    }
    const file = parseProjectFile(readFileSync(values.project, "utf8"), values.project);
    let vendors = file.vendors;
    let trust: TrustScores | null = null;
    if (vendors === null) {
      [vendors, trust] = await subgraphVendorsAndTrust(
        values.subgraph,
        file.project.parts.map((p) => ({ skills: p.requiredSkills })),
        values["no-trust"],
      );
    }
    const proposal = proposeTeam(file.project, vendors, { ...options, workingHours: file.workingHours, trust });
    if (values.json) console.log(JSON.stringify(proposal, null, 2));
    else printProposal(file.project, proposal);
    return 0;
  } catch (error) {
    if (error instanceof SubgraphUnreachableError) {
      console.error(
        `${error.message}\nStart the local stack (npm run dev), point --subgraph at a running subgraph` +
          (onChain ? "." : ', or list the vendors in the project file ("vendors").'),
      );
      return 1;
    }
    if (error instanceof MatchingInputError || (error as NodeJS.ErrnoException).code === "ENOENT") {
      console.error(`No team: ${(error as Error).message}`);
      return 1;
    }
    console.error(`Matching failed: ${(error as Error).message}`);
    return 1;
  }
}

/** The candidates of every part and, unless `noTrust`, the trust scores, from the subgraph. */
function subgraphVendorsAndTrust(
  url: string,
  parts: readonly { skills: readonly SkillTag[] }[],
  noTrust: boolean,
): Promise<[VendorRecord[], TrustScores | null]> {
  return Promise.all([
    subgraphVendors(url, parts),
    noTrust
      ? Promise.resolve(null)
      : subgraphTrust(url)
          .refresh()
          .catch((error: unknown) => {
            // As for a job: an unreachable subgraph fails the candidates too; anything else degrades.
            if (error instanceof SubgraphUnreachableError) throw error;
            console.error(`Note: ranked by raw ratings: trust could not be read (${(error as Error).message})`);
            return null;
          }),
  ]);
}

/** Every vendor that can take some part: one candidate query per distinct skill set. */
async function subgraphVendors(
  url: string,
  parts: readonly { skills: readonly SkillTag[] }[],
): Promise<VendorRecord[]> {
  const filters = new Map(parts.map((p) => [[...p.skills].sort().join(","), p.skills]));
  const lists = await Promise.all(
    [...filters.values()].map((skills) => fetchCandidates(url, { requiredSkills: [...skills] })),
  );
  const byId = new Map<string, VendorRecord>();
  for (const vendor of lists.flat()) byId.set(vendor.id, vendor);
  return [...byId.values()];
}

const clock = (hour: number) => `${String(hour % 24).padStart(2, "0")}:00`;

function hourRuns(hours: readonly number[]): string {
  if (hours.length === 0) return "no hour";
  return coverageGaps(slotsMask(hours), 0)
    .map((run) => `${clock(run.startHour)}-${clock(run.endHour)}`)
    .join(", ");
}

function windowText(window: WorkingWindow): string {
  const minutes = Math.round(window.startHour * 60);
  const end = minutes + Math.round(window.hours * 60);
  const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return `${hhmm(minutes)}-${hhmm(end)}`;
}

function swapText(swap: SwapEffect): string {
  const signed = (n: number, text: string) => `${n >= 0 ? "+" : "-"}${text}`;
  const facts = [
    `${signed(swap.costDeltaCents, formatUsd(Math.abs(swap.costDeltaCents)))}`,
    `${signed(swap.scoreDelta, Math.abs(swap.scoreDelta).toFixed(1))} points`,
    `${signed(swap.coverageDeltaHours, String(Math.abs(swap.coverageDeltaHours)))} h covered`,
    swap.conflict ?? (swap.withinBudget ? "within budget" : `over budget (${formatUsd(swap.totalCostCents)})`),
  ];
  return `${swap.replace} -> ${swap.with}: ${facts.join(", ")}`;
}

function chart(part: PartProposal): string {
  const letters = new Map(part.members.map((m, i) => [m.address, String.fromCharCode(65 + i)]));
  return part.coverage.slots
    .map((who, hour) => (who !== null ? letters.get(who)! : part.coverage.required[hour] ? "." : " "))
    .join("");
}

export function printProposal(project: Project, proposal: TeamProposal): void {
  const name = project.title ?? project.id ?? "Project";
  console.log(
    `${name}: budget ${formatUsd(proposal.budgetCents)}, client ${formatUtcOffset(proposal.clientTimezoneOffsetMinutes)}`,
  );
  const relay =
    proposal.relayRequiredHours > 0
      ? ` · relay coverage ${proposal.relayCoveredHours}/${proposal.relayRequiredHours} h`
      : "";
  console.log(
    `Team: ${formatUsd(proposal.totalCostCents)} of ${formatUsd(proposal.budgetCents)} · score ` +
      `${proposal.totalScore.toFixed(1)} over ${proposal.parts.length} part${proposal.parts.length === 1 ? "" : "s"} · ` +
      `hours covered ${proposal.coveredHours}/${proposal.requiredHours}${relay}`,
  );
  for (const part of proposal.parts) {
    const cap = part.budgetCapCents === null ? "" : ` (cap ${formatUsd(part.budgetCapCents)})`;
    const kind = part.kind === "relay" ? `relay of ${part.members.length}, ${part.days} day(s)` : "one vendor";
    console.log(
      `\n${part.partId}${part.title === null ? "" : ` (${part.title})`} · ${kind} · ${formatUsd(part.priceCents)}${cap}` +
        ` · score ${part.score.toFixed(1)} · covered ${part.coverage.coveredHours}/${part.coverage.requiredHours} h`,
    );
    part.members.forEach((member, i) => {
      const label = part.kind === "relay" ? `${String.fromCharCode(65 + i)} ` : "";
      const hours = part.kind === "relay" ? `shift ${hourRuns(member.hours)}` : `works ${hourRuns(member.hours)}`;
      console.log(
        `  ${label}${member.address}  score ${member.score.toFixed(1)}  ${formatUsd(member.hourlyRateCents)}/h` +
          `  ${formatUsd(member.priceCents)}  ${hours} (client time; own hours ${windowText(member.window)})`,
      );
      for (const reason of member.reasons) console.log(`      - ${reason}`);
    });
    if (part.kind === "relay") console.log(`  24 h  |${chart(part)}|  (0h at left; . = gap)`);
    const gaps = part.coverage.gaps.map((g) => `${clock(g.startHour)}-${clock(g.endHour)}`);
    console.log(`  gaps: ${gaps.length === 0 ? "none" : gaps.join(", ")}`);
    for (const swap of part.swaps.slice(0, 3)) console.log(`  swap ${swapText(swap)}`);
  }
}

const utcClock = (minute: number) =>
  `${String(Math.floor(minute / 60) % 24).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** The project as the chain holds it, and what was estimated because the chain does not say. */
export function printChainProject(project: ChainProject, estimates: readonly ProjectEstimate[]): void {
  const token = project.isEther ? "ETH" : `token ${project.token}`;
  const usd = (amount: bigint) => formatUsd(usdCents(project, amount));
  console.log(
    `Project #${project.id} on chain: client ${project.client}, ${token}, budget ${usd(project.budget)}, ` +
      `client ${formatUtcOffset(project.utcOffsetMinutes)} ${utcClock(project.workStartMinute)}-${utcClock(project.workEndMinute)}`,
  );
  for (const part of project.parts) {
    const facts = [`${usd(part.budget)}`, part.skills.length ? part.skills.map(skillName).join(", ") : "any skills"];
    if (part.dependsOn !== null) facts.push(`after part-${part.dependsOn + 1}`);
    if (part.job !== null) {
      facts.push(`job #${part.job.id} ${part.job.status}${part.job.vendor ? ` hired ${part.job.vendor}` : ""}`);
    }
    if (part.reviewer !== null) facts.push(`reviewer ${part.reviewer}`);
    for (const shift of part.shifts) {
      const end = shift.startMinute + shift.lengthMinutes;
      facts.push(
        `shift ${shift.index + 1} ${utcClock(shift.startMinute)}-${utcClock(end)} UTC ${shift.vendor}` +
          (shift.jobId === null ? "" : ` (job #${shift.jobId})`),
      );
    }
    console.log(`  ${partId(part)}: ${facts.join(" · ")}`);
  }
  const estimated = estimates.map((e) => {
    const rate = e.rateCents === null ? "no vendor has its skills" : `${formatUsd(e.rateCents)}/h`;
    return e.days === null ? `${e.partId} ${e.hours} h (${rate})` : `${e.partId} ${e.days} day(s) of 24 h (${rate})`;
  });
  console.log(
    `Hours are not on chain: each part's budget read at the median rate of its candidates: ${estimated.join(", ")}\n`,
  );
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
