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

  test("a project id is refused until projects are on chain; bad files are named", async () => {
    const byId = await runCli(["--project", "7"]);
    assert.equal(byId.code, 1);
    assert.match(byId.stderr, /projects are not on chain yet/);
    const missing = await runCli(["--project", join(dir, "none.json")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No team: .*none\.json/);
    const help = await runCli(["--project", "x", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: npm run match -- --project <file.json>/);
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
