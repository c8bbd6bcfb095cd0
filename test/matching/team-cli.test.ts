import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TeamProposal } from "../../matching/index.ts";
import { closedPortUrl, startFakeServer } from "./support/fake-subgraph.ts";
import { rawVendor } from "./support/subgraph-entities.ts";
import { address, REACT, SOLIDITY } from "./support/vendors.ts";

/** Project 7 as the index holds it: a React part (reviewed by address(4)) and a Solidity relay after it. */
function rawProject(): Record<string, unknown> {
  const usd = (dollars: number) => String(BigInt(dollars) * 1_000_000n);
  return {
    id: "7",
    client: { id: address(0xc1) },
    token: { id: address(0x05d), isEther: false, weightUnit: "1000000" },
    budget: usd(5_000),
    createdAt: "1900000000",
    deadline: "1902000000",
    utcOffsetMinutes: -300,
    workStartMinute: 540,
    workEndMinute: 1020,
    specCid: "bafyproject",
    parts: [
      {
        index: 0,
        budget: usd(2_000),
        dependsOn: null,
        skills: [REACT],
        job: { id: "11", vendor: null, status: "Funded" },
        reviewer: { id: address(4) },
        shifts: [],
      },
      {
        index: 1,
        budget: usd(3_000),
        dependsOn: { index: 0 },
        skills: [SOLIDITY],
        job: null,
        reviewer: null,
        shifts: [0, 1, 2].map((i) => ({
          index: i,
          vendor: { id: address(i + 1) },
          startMinute: i * 480,
          lengthMinutes: 480,
          job: { id: String(12 + i) },
        })),
      },
    ],
  };
}

const CLI = fileURLToPath(new URL("../../scripts/match/cli.ts", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../matching/src/team/example-project.json", import.meta.url));

const execNode = promisify(execFile);

/** The CLI's exit code and output; a failing exit is an answer here, not an error. */
async function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execNode(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? null, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("npm run match -- --project", () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startFakeServer>>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "mosaic-team-cli-"));
    server = await startFakeServer((body, path) => {
      if (path !== "/subgraphs/name/mosaic") return undefined;
      const query = String(body.query);
      if (query.includes("MatchingProject")) {
        return { data: { project: query.includes('project(id: "7")') ? rawProject() : null } };
      }
      if (query.includes("MatchingCandidates")) {
        return {
          data: {
            vendors: [
              rawVendor(1, { timezoneOffsetMinutes: 0 }),
              rawVendor(2, { skills: [SOLIDITY, REACT], timezoneOffsetMinutes: 480, hourlyRateCents: 7000 }),
              rawVendor(3, { timezoneOffsetMinutes: -480 }),
              rawVendor(4, { skills: [REACT], hourlyRateCents: 5000 }),
            ],
          },
        };
      }
      if (query.includes("TrustFingerprint") || query.includes("TrustJobs")) return { data: { jobs: [] } };
      if (query.includes("TrustRatings")) return { data: { ratings: [] } };
      return undefined;
    });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  test("prints the example project's team, each member's hours, the relay chart and its gaps", async () => {
    const { code, stdout, stderr } = await runCli(["--project", EXAMPLE]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Shop relaunch: budget \$60,000, client UTC-05:00/);
    assert.match(stdout, /Team: \$[\d,]+ of \$60,000 · score [\d.]+ over 5 parts · hours covered \d+\/56 · relay/);
    assert.match(stdout, /ops \(Launch monitoring\) · relay of 3, 14 day\(s\)/);
    assert.match(stdout, /24 h {2}\|[A-C.]{24}\|/);
    assert.match(stdout, /shift \d\d:00-\d\d:00 \(client time; own hours 07:00-17:00\)/);
    assert.match(stdout, /swap 0x0+\w+ -> 0x0+\w+: [+-]\$[\d,]+, [+-][\d.]+ points, [+-]\d+ h covered/);
  });

  test("--json prints the proposal: within the budget, parts adding up", async () => {
    const { code, stdout, stderr } = await runCli(["--project", EXAMPLE, "--json"]);
    assert.equal(code, 0, stderr);
    const proposal = JSON.parse(stdout) as TeamProposal;
    assert.ok(proposal.totalCostCents <= proposal.budgetCents);
    assert.equal(
      proposal.totalCostCents,
      proposal.parts.reduce((sum, p) => sum + p.priceCents, 0),
    );
    const relay = proposal.parts.find((p) => p.kind === "relay")!;
    assert.equal(relay.coverage.slots.length, 24);
    assert.equal(relay.coverage.coveredHours, relay.coverage.slots.filter((s) => s !== null).length);
  });

  test("an infeasible budget is refused with the cheapest team's figure", async () => {
    const file = join(dir, "tight.json");
    const example = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    writeFileSync(file, JSON.stringify({ ...example, budgetUsd: 20_000 }));
    const { code, stderr } = await runCli(["--project", file]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /No team: The budget of \$20,000 is below the cheapest team the candidates allow, \$[\d,]+ \(design/,
    );
  });

  test("a project id is read from the subgraph: the parts on chain, the estimated hours, the team", async () => {
    const subgraph = `${server.url}/subgraphs/name/mosaic`;
    const { code, stdout, stderr } = await runCli(["--project", "7", "--subgraph", subgraph]);
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /^Project #7 on chain: client 0x0+c1, token 0x0+5d, budget \$5,000, client UTC-05:00 09:00-17:00/,
    );
    assert.match(stdout, /part-1: \$2,000 · react · job #11 Funded · reviewer 0x0+4\n/);
    assert.match(stdout, /part-2: \$3,000 · solidity · after part-1 · shift 1 00:00-08:00 UTC 0x0+1 \(job #12\)/);
    // React's rates are $70 and $50 (upper median $70): $2,000 buys 28 h; Solidity's upper median is $90: one day.
    assert.match(stdout, /part-1 28 h \(\$70\/h\), part-2 1 day\(s\) of 24 h \(\$90\/h\)/);
    // The reviewer (address 4) never takes the part it reviews, so the React part goes to address(2) and
    // the relay is left with addresses 1 and 3.
    assert.match(stdout, new RegExp(`part-1 \\(react\\) · one vendor[^\\n]*\\n {2}${address(2)}`));
    assert.match(stdout, /part-2 \(solidity, relay of 3 shifts\) · relay of 2, 1 day\(s\) · \$[\d,]+ \(cap \$3,000\)/);
    assert.doesNotMatch(stdout, new RegExp(`^ {2}(A |B |C )?${address(0xc1)}`, "m"));

    const json = await runCli(["--project", "7", "--subgraph", subgraph, "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const { project, estimates, proposal } = JSON.parse(json.stdout) as {
      project: { id: string; budget: string };
      estimates: { partId: string; hours: number | null; days: number | null }[];
      proposal: TeamProposal;
    };
    assert.equal(project.budget, "5000000000");
    assert.deepEqual(
      estimates.map((e) => [e.partId, e.hours, e.days]),
      [
        ["part-1", 28, null],
        ["part-2", null, 1],
      ],
    );
    assert.equal(proposal.budgetCents, 500_000);
    assert.ok(proposal.totalCostCents <= proposal.budgetCents);
    assert.deepEqual(
      proposal.parts[0].members.map((m) => m.address),
      [address(2)],
    );
    assert.deepEqual(proposal.parts[1].members.map((m) => m.address).sort(), [address(1), address(3)]);
  });

  test("an unknown project id, an unreachable subgraph and bad files are named", async () => {
    const unknown = await runCli(["--project", "8", "--subgraph", `${server.url}/subgraphs/name/mosaic`]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Project 8 is not in the subgraph at/);
    const down = await runCli(["--project", "7", "--subgraph", await closedPortUrl()]);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /point --subgraph at a running subgraph\./);
    const missing = await runCli(["--project", join(dir, "none.json")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No team: .*none\.json/);
    const help = await runCli(["--project", "x", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: npm run match -- --project <id>/);
  });

  test("without inline vendors it reads the candidates (and trust) from the subgraph", async () => {
    const file = join(dir, "chain.json");
    writeFileSync(
      file,
      JSON.stringify({
        id: "p",
        budgetUsd: 5000,
        clientTimezone: "UTC-05:00",
        parts: [
          { id: "app", skills: ["react"], hours: 20 },
          { id: "watch", skills: ["solidity"], relay: { days: 1 } },
        ],
      }),
    );
    const { code, stdout, stderr } = await runCli([
      "--project",
      file,
      "--subgraph",
      `${server.url}/subgraphs/name/mosaic`,
    ]);
    assert.equal(code, 0, stderr);
    // address(2) is the only React vendor besides address(4) and is needed for the night shift: one part each.
    assert.match(stdout, new RegExp(`app · one vendor[^\\n]*\\n {2}${address(4)}`));
    assert.match(stdout, /watch · relay of 3, 1 day\(s\) · \$[\d,]+ · score [\d.]+ · covered 24\/24 h/);
    const down = await runCli(["--project", file, "--subgraph", await closedPortUrl()]);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /list the vendors in the project file/);
  });
});
