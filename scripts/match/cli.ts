// npm run match -- --job <id>: ranks vendors for a job on the local chain.
import { parseArgs } from "node:util";
import {
  DEFAULT_SUBGRAPH_URL,
  FACTORS,
  formatUsd,
  formatUtcOffset,
  loadTrustSeed,
  rankVendorsForJob,
  skillName,
  skillTag,
  SubgraphQueryError,
  SubgraphUnreachableError,
} from "../../matching/index.ts";
import type { Demand, JobRecord, Pagination, RankResult, TrustSummary } from "../../matching/index.ts";
import { runProjectCli } from "../../matching/src/team/cli.ts";

const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

const USAGE = `Usage: npm run match -- --job <id> [options]
       npm run match -- --project <file.json> [options]   (a project's team: --project --help)

Ranks registered vendors for a job indexed by the local subgraph and prints why.

  --job <id>              job id (decimal), required
  --top <n>               vendors to show (default 10)
  --subgraph <url>        subgraph endpoint (default ${DEFAULT_SUBGRAPH_URL})
  --rpc <url>             chain RPC, read for the current block time (default ${DEFAULT_RPC_URL})
  --tz <offset>           client timezone: -5, +5:30, UTC-03:00 (default: unknown, neutral)
  --overlap <hours>       workday overlap wanted with the client (default 4)
  --rate-max <usd>        hourly rate ceiling in USD, e.g. 120
  --hours <n>             estimated hours: budget / hours becomes a rate ceiling, and
                          hours / weeks to the deadline the weekly hours needed
  --hours-per-week <n>    weekly hours the job needs (default 20)
  --nice <skills>         nice-to-have skills, comma separated: react,figma
  --pagination <mode>     cursor (default, id_gt) or skip
  --no-trust              rank by raw on-chain ratings instead of trust-weighted ones
  --trust-seed <file>     the market's published trust seed list (JSON: version, accounts)
                          (default: $MOSAIC_TRUST_SEED, else the earliest paid relationships)
  --trust-state <dir>     keep the trust state there, so the next run reads only new events
                          (default: $MOSAIC_DATA_DIR/matching when set)
  --json                  print the full result as JSON
  --help                  show this help`;

class CliUsageError extends Error {}

interface CliOptions {
  jobId: string;
  top: number;
  subgraph: string;
  rpc: string;
  pagination: Pagination;
  json: boolean;
  trust: boolean;
  trustSeed: string | undefined;
  trustState: string | undefined;
  /** What the job entity does not say about the demand. */
  demandExtras: Partial<Demand>;
}

async function main(argv: string[]): Promise<number> {
  if (argv.some((arg) => arg === "--project" || arg.startsWith("--project="))) return runProjectCli(argv);
  let args: CliOptions | "help";
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    // Bad flags, and bad skill names from skillTag(), are usage problems.
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  const progress = process.stderr.isTTY
    ? (n: number) => process.stderr.write(`\rFetched ${n} candidate vendors…`)
    : undefined;
  try {
    const ranking = await rankVendorsForJob({
      subgraphUrl: args.subgraph,
      jobId: args.jobId,
      demand: args.demandExtras,
      rpcUrl: args.rpc,
      top: args.top,
      trust: args.trust && args.trustSeed !== undefined ? { seed: loadTrustSeed(args.trustSeed) } : args.trust,
      ...(args.trustState === undefined ? {} : { trustStateDir: args.trustState }),
      pagination: args.pagination,
      onCandidatesPage: progress,
    });
    if (progress) process.stderr.write("\n");
    if (ranking === null) {
      console.error(
        `Job ${args.jobId} is not in the subgraph at ${args.subgraph}.\n` +
          "Check the id, or give the indexer a moment to catch up with the chain.",
      );
      return 1;
    }
    if (ranking.trustError !== undefined) console.error(`Note: ${ranking.trustError}`);
    if (args.json) console.log(JSON.stringify(ranking, bigintAsString, 2));
    else printReport(ranking.job, ranking.demand, ranking.result, ranking.fetchedVendors, ranking.trust);
    return 0;
  } catch (error) {
    if (error instanceof SubgraphUnreachableError) {
      console.error(
        `${sentence(error.message)}\n` +
          "Start the local stack first, in this order (chain and indexer keep running: give each its own terminal):\n" +
          "  npm run chain\n  npm run deploy:local\n  npm run seed\n  npm run indexer\n" +
          "or point --subgraph at a running subgraph.",
      );
      return 1;
    }
    if (error instanceof SubgraphQueryError && error.status === 404) {
      console.error(
        `${sentence(error.message)}\nThe indexer answers but serves no "mosaic" subgraph there: ` +
          "run npm run deploy:local, npm run seed and npm run indexer, or fix --subgraph.",
      );
      return 1;
    }
    console.error(`Matching failed: ${(error as Error).message}`);
    return 1;
  }
}

function parseCliArgs(argv: string[]): CliOptions | "help" {
  const { values } = parseArgs({
    args: joinNegativeOffsets(argv),
    strict: true,
    options: {
      job: { type: "string" },
      top: { type: "string", default: "10" },
      subgraph: { type: "string", default: DEFAULT_SUBGRAPH_URL },
      rpc: { type: "string", default: DEFAULT_RPC_URL },
      tz: { type: "string" },
      overlap: { type: "string" },
      "rate-max": { type: "string" },
      hours: { type: "string" },
      "hours-per-week": { type: "string" },
      nice: { type: "string" },
      pagination: { type: "string", default: "cursor" },
      json: { type: "boolean", default: false },
      "no-trust": { type: "boolean", default: false },
      "trust-seed": { type: "string" },
      "trust-state": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  if (values.job === undefined) throw new CliUsageError("--job <id> is required");
  if (!/^\d+$/.test(values.job)) throw new CliUsageError(`--job must be a decimal id, got ${values.job}`);
  if (values.pagination !== "cursor" && values.pagination !== "skip") {
    throw new CliUsageError("--pagination must be cursor or skip");
  }
  const rateMaxUsd = optionalNumber("--rate-max", values["rate-max"]);
  const demandExtras: Partial<Demand> = {
    clientTimezoneOffsetMinutes: values.tz === undefined ? null : parseUtcOffset(values.tz),
    overlapHoursWanted: optionalNumber("--overlap", values.overlap) ?? undefined,
    rateMaxCents: rateMaxUsd === null ? null : Math.round(rateMaxUsd * 100),
    estimatedHours: optionalNumber("--hours", values.hours),
    hoursPerWeek: optionalNumber("--hours-per-week", values["hours-per-week"]),
    niceToHaveSkills: (values.nice ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name.length > 0)
      .map((name) => (/^0x[0-9a-fA-F]{64}$/.test(name) ? name : skillTag(name))),
  };
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new CliUsageError("--top must be a whole number >= 1");
  return {
    jobId: values.job,
    top,
    subgraph: values.subgraph,
    rpc: values.rpc,
    pagination: values.pagination,
    json: values.json,
    trust: !values["no-trust"],
    trustSeed: values["trust-seed"],
    trustState: values["trust-state"],
    demandExtras,
  };
}

/** parseArgs reads "--tz -5" as two flags; "-5" here is the value. */
function joinNegativeOffsets(argv: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--tz" && /^-\d/.test(argv[i + 1] ?? "")) joined.push(`--tz=${argv[++i]}`);
    else joined.push(argv[i]);
  }
  return joined;
}

function optionalNumber(flag: string, raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new CliUsageError(`${flag} must be a number >= 0, got ${raw}`);
  }
  return value;
}

/** "-5", "+5:30", "UTC-03:00" -> minutes east of UTC. */
function parseUtcOffset(raw: string): number {
  const match = /^(?:UTC|GMT)?\s*([+-]?)(\d{1,2})(?::?(\d{2}))?$/i.exec(raw.trim());
  if (match === null) throw new CliUsageError(`--tz must look like -5, +5:30 or UTC-03:00, got ${raw}`);
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 14 * 60) throw new CliUsageError(`--tz is outside UTC-14..UTC+14: ${raw}`);
  return match[1] === "-" ? -minutes : minutes;
}

function printReport(
  job: JobRecord,
  demand: Demand,
  result: RankResult,
  fetched: number,
  trust: TrustSummary | null,
): void {
  const names = (tags: readonly string[] | undefined) => (tags ?? []).map(skillName).join(", ");
  const facts = [job.requiredSkills.length > 0 ? `requires ${names(job.requiredSkills)}` : "no required skills"];
  if (demand.niceToHaveSkills?.length) facts.push(`nice-to-have ${names(demand.niceToHaveSkills)}`);
  if (demand.rateMaxCents != null) facts.push(`rate ceiling ${formatUsd(demand.rateMaxCents)}/h`);
  if (job.budgetUsdCents !== null) facts.push(`budget ${formatUsd(Number(job.budgetUsdCents))}`);
  facts.push(
    demand.clientTimezoneOffsetMinutes == null
      ? "client timezone unknown (--tz)"
      : `client ${formatUtcOffset(demand.clientTimezoneOffsetMinutes)}`,
  );
  if (job.minRating > 0) facts.push(`min rating ${(job.minRating / 100).toFixed(2)}`);
  if (job.minPaidJobs > 0) {
    facts.push(`at least ${job.minPaidJobs} paid job${job.minPaidJobs === 1 ? "" : "s"}`);
  }

  console.log(`Job ${job.id} (${job.status}) by client ${job.client}`);
  if (job.vendor !== null) console.log(`Note: this job already hired ${job.vendor}.`);
  console.log(`Demand: ${facts.join(" · ")}`);

  const excluded = Object.entries(result.excluded)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${count} ${EXCLUSION_LABELS[reason] ?? reason}`);
  console.log(
    trust === null
      ? "Ratings: raw on-chain averages (--no-trust)"
      : `Ratings weighed by raters' standing: trust over ${trust.accounts} accounts, ${trust.relationships} paid ` +
          `relationships and ${trust.ratings} ratings, seeded from ${trust.seedRule} ` +
          `(${trust.iterations} iterations, ${trust.computeMs} ms)`,
  );
  console.log(
    `Showing ${result.matches.length} of ${result.totalEligible} eligible vendors ` +
      `(${fetched} fetched${excluded.length > 0 ? `; left out: ${excluded.join(", ")}` : ""})\n`,
  );
  if (result.matches.length === 0) {
    console.log("No vendor passes this job's requirements yet.");
    return;
  }

  const weights = result.matches[0].breakdown;
  const headers = ["#", "Vendor", "Score", ...FACTORS.map((f) => `${COLUMN_LABELS[f]}/${weights[f].maxPoints}`)];
  const rows = result.matches.map((match) => [
    String(match.rank),
    match.address,
    match.score.toFixed(1),
    ...FACTORS.map((factor) => match.breakdown[factor].points.toFixed(1)),
  ]);
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column <= 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  console.log(line(headers));
  result.matches.forEach((match, i) => {
    console.log(line(rows[i]));
    for (const reason of match.reasons) console.log(`${" ".repeat(widths[0] + 2)}- ${reason}`);
  });
}

const COLUMN_LABELS: Record<(typeof FACTORS)[number], string> = {
  rating: "Rating",
  skills: "Skills",
  price: "Price",
  timezone: "TZ",
  availability: "Avail",
  trackRecord: "Record",
};

const EXCLUSION_LABELS: Record<string, string> = {
  missingRequiredSkill: "missing a required skill",
  notRegistered: "not registered",
  unavailable: "not available",
  excludedByDemand: "the client",
  belowMinRating: "below the minimum rating",
  belowMinPaidJobs: "fewer ratings from paid jobs than the job asks",
};

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

process.exitCode = await main(process.argv.slice(2));

/** An error's message as the start of a sentence. */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
