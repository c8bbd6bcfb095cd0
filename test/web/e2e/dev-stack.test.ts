/**
 * The stack launcher behind `npm run dev` and these tests: it stops every process it started
 * (Ctrl-C, teardown, or its own death), and a taken port is a clear error, not a stack trace.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { freePort, portTaken } from "../../../scripts/dev/ports.ts";
import { ROOT } from "../../../scripts/dev/processes.ts";
import { graphql } from "../../../scripts/dev/probes.ts";
import { startStack } from "../../../scripts/dev/stack.ts";

const scratchDirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mosaic-stack-test-"));
  scratchDirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `npm run dev`'s script without the web app on free ports; resolves once it is running. */
async function startDev(): Promise<{ child: ReturnType<typeof spawn>; ports: number[]; output: () => string }> {
  const ports = [await freePort(), await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "scripts/dev/index.ts"),
      "--no-web",
      "--jobs",
      "0",
      "--rpc-port",
      String(ports[0]),
      "--indexer-port",
      String(ports[1]),
      "--indexer-status-port",
      String(ports[2]),
      "--data",
      scratch(),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await eventually(() => output.includes("Mosaic is running"), "npm run dev is running", 120_000).catch((error) => {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}:\n${output}`);
  });
  return { child, ports, output: () => output };
}

describe("stack launcher", () => {
  it("serves the chain and the index on free ports, and stop() ends every process group", async () => {
    const stack = await startStack({ dataDir: scratch(), seed: false, web: false });
    const { _meta } = await graphql<{ _meta: { block: { number: number } } }>(
      stack.graphqlUrl,
      "{ _meta { block { number } } }",
    );
    assert.ok(_meta.block.number > 0);
    assert.equal(stack.pids.length, 2);
    assert.ok(stack.pids.every(alive));
    await stack.stop();
    assert.ok(
      stack.pids.every((pid) => !alive(pid)),
      "no process left behind",
    );
    assert.equal(await portTaken(Number(new URL(stack.rpcUrl).port)), false);
    assert.equal(await portTaken(Number(new URL(stack.graphqlUrl).port)), false);
  });

  it("refuses a taken port with a message that names it and says what to do", async () => {
    const server = net.createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await assert.rejects(
        startStack({ dataDir: scratch(), ports: { indexer: port }, seed: false, web: false }),
        new RegExp(`Port ${port} \\(indexer, GraphQL\\) is already in use .* --indexer-port`),
      );
    } finally {
      server.close();
    }
  });

  it("npm run dev stops everything on Ctrl-C", async () => {
    const dev = await startDev();
    dev.child.kill("SIGINT");
    const code = await new Promise((resolve) => dev.child.once("exit", resolve));
    assert.equal(code, 0);
    assert.match(dev.output(), /Stopped\.\n$/);
    for (const port of dev.ports) assert.equal(await portTaken(port), false, `port ${port} is free`);
  });

  it("npm run dev killed outright leaves nothing running: its watchdog stops the stack", async () => {
    const dev = await startDev();
    dev.child.kill("SIGKILL");
    for (const port of dev.ports) await eventually(async () => !(await portTaken(port)), `port ${port} is free`);
  });
});
