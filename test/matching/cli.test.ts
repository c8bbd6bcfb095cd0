import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { closedPortUrl, startFakeServer } from "./support/fake-subgraph.ts";
import { rawJob, rawVendor } from "./support/subgraph-entities.ts";
import { address, REACT, SOLIDITY } from "./support/vendors.ts";

const CLI = fileURLToPath(new URL("../../scripts/match/cli.ts", import.meta.url));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run match", () => {
  let server: Awaited<ReturnType<typeof startFakeServer>>;
  const queries: string[] = [];

  before(async () => {
    server = await startFakeServer((body, path) => {
      if (path === "/rpc" && body.method === "eth_getBlockByNumber") {
        return {
          jsonrpc: "2.0",
          id: body.id,
          result: { timestamp: "0x713fb300" },
        };
      }
      if (path !== "/subgraphs/name/mosaic") return undefined;
      const query = String(body.query);
      queries.push(query);
      if (query.includes("MatchingJob")) {
        return { data: { job: query.includes('id: "42"') ? rawJob() : null } };
      }
      if (query.includes("TrustFingerprint")) return { data: { jobs: [] } };
      if (query.includes("TrustJobs")) return { data: { jobs: [] } };
      if (query.includes("TrustRatings")) return { data: { ratings: [] } };
      if (query.includes("MatchingCandidates")) {
        return {
          data: {
            vendors: [
              rawVendor(1),
              rawVendor(2, {
                skills: [SOLIDITY, REACT],
                hourlyRateCents: 7000,
              }),
              rawVendor(0xc1),
              rawVendor(3, { ratingWeightedSum: "10000000000000000000000" }),
            ],
          },
        };
      }
      return undefined;
    });
  });
  after(() => server.close());

  test("--trust-seed ranks from a published seed list and --trust-state keeps the state for the next run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mosaic-cli-trust-"));
    try {
      const seedFile = join(dir, "seed.json");
      writeFileSync(seedFile, JSON.stringify({ version: "2026-12-01", accounts: [`0x${"a".repeat(40)}`] }));
      const { code, stdout, stderr } = await runCli([
        "--job",
        "42",
        "--subgraph",
        `${server.url}/subgraphs/name/mosaic`,
        "--rpc",
        `${server.url}/rpc`,
        "--trust-seed",
        seedFile,
        "--trust-state",
        join(dir, "state"),
      ]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /seeded from 1 published seed accounts \(version 2026-12-01\)/);
      assert.equal(readdirSync(join(dir, "state")).filter((f) => /^trust-[0-9a-f]{16}\.bin$/.test(f)).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("prints the ranked vendors with their reasons", async () => {
    const { code, stdout, stderr } = await runCli([
      "--job",
      "42",
      "--subgraph",
      `${server.url}/subgraphs/name/mosaic`,
      "--rpc",
      `${server.url}/rpc`,
      "--tz",
      "-5",
      "--rate-max",
      "80",
      "--nice",
      "react",
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Job 42 \(Open\) by client 0x0+c1/);
    assert.match(stdout, /requires solidity · nice-to-have react · rate ceiling \$80\/h/);
    assert.match(
      stdout,
      /Showing 2 of 2 eligible vendors \(4 fetched; left out: 1 the client, 1 below the minimum rating\)/,
    );
    assert.match(stdout, /#\s+Vendor\s+Score\s+Rating\/30\s+Skills\/20\s+Price\/15\s+TZ\/10\s+Avail\/10\s+Record\/15/);
    const first = stdout.split("\n").find((line) => line.startsWith("1 "));
    assert.ok(first?.includes(address(2)), first);
    assert.match(stdout, /- \$70\/h, within the \$80\/h ceiling/);
    assert.match(stdout, /- Has the required skill; 1 of 1 nice-to-have \(react\)/);
    // The skill filter went to the subgraph, not just the ranker.
    assert.ok(queries.some((q) => q.includes(`skills_contains: ["${SOLIDITY}"]`)));
  });

  test("prints JSON with bigints as strings", async () => {
    const { code, stdout } = await runCli([
      "--job",
      "42",
      "--subgraph",
      `${server.url}/subgraphs/name/mosaic`,
      "--rpc",
      `${server.url}/rpc`,
      "--json",
    ]);
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.equal(result.result.totalEligible, 2);
    assert.equal(result.trust.accounts, 0);
    assert.equal(result.matches[0].vendor.ratingWeight, "10000000000000000000000");
  });

  test("says so and exits 1 when the job is unknown", async () => {
    const { code, stderr } = await runCli([
      "--job",
      "7",
      "--subgraph",
      `${server.url}/subgraphs/name/mosaic`,
      "--rpc",
      `${server.url}/rpc`,
    ]);
    assert.equal(code, 1);
    assert.match(stderr, /Job 7 is not in the subgraph/);
  });

  test("tells how to start the stack and exits 1 when the subgraph is down", async () => {
    const down = await closedPortUrl();
    const { code, stderr } = await runCli(["--job", "42", "--subgraph", `${down}/subgraphs/name/mosaic`]);
    assert.equal(code, 1);
    assert.match(stderr, /Could not reach the index at http:\/\/127\.0\.0\.1:\d+\/subgraphs\/name\/mosaic/);
    for (const command of ["npm run chain", "npm run deploy:local", "npm run seed", "npm run indexer"]) {
      assert.ok(stderr.includes(command), `missing "${command}" in:\n${stderr}`);
    }
  });

  test("explains a missing subgraph name behind a running indexer", async () => {
    const { code, stderr } = await runCli(["--job", "42", "--subgraph", `${server.url}/subgraphs/name/other`]);
    assert.equal(code, 1);
    assert.match(stderr, /HTTP 404/);
    assert.match(stderr, /npm run indexer/);
  });

  test("rejects bad flags with the usage", async () => {
    for (const args of [
      [],
      ["--job", "x"],
      ["--job", "1", "--tz", "nowhere"],
      ["--job", "1", "--nice", "x".repeat(40)],
      ["--job", "1", "--bogus"],
    ]) {
      const { code, stderr } = await runCli(args);
      assert.equal(code, 1, args.join(" "));
      assert.match(stderr, /Usage: npm run match -- --job <id>/);
    }
  });
});
