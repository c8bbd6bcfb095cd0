/**
 * Two production web servers (`next start`) on one PostgreSQL database, as behind a load balancer:
 * a SIWE nonce issued by one and presented to both is accepted exactly once, and a document written
 * through one is read through the other, and so are a job's thread and written reviews (after a restart too). Both get the same Host (the balancer's), the same session
 * secret, and separate data folders, so nothing can be shared except through DATABASE_URL.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { addresses } from "@mosaic/sdk/contracts";
import {
  REVIEW_REPLY_TYPES,
  REVIEW_TYPES,
  THREAD_MESSAGE_TYPES,
  reviewsDomain,
  threadDomain,
} from "@mosaic/sdk/typed-data";
import { freePort } from "../indexer/helpers/hardhat-node.ts";
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from "./store/support/postgres-cluster.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const STORE_INDEX = path.join(ROOT, "web", "server", "store", "index.ts");
const PUBLIC_HOST = "mosaic.test";
// Hardhat's well-known account 1: signs locally, no node needed.
const vendor = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7b7a8bd5f7d4e1e3d6f4");
// Job 42 of the stand-in index: hired vendor above, client Hardhat's account 0.
const THREAD_JOB = "42";
const CLIENT = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const client = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

/** A stand-in index answering the one query the thread route makes (who the job's parties are). */
async function startIndex(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const id = (JSON.parse(body) as { variables?: { id?: string } }).variables?.id;
      const job =
        id === THREAD_JOB
          ? {
              open: true,
              client: { id: CLIENT },
              vendor: { id: vendor.address.toLowerCase() },
              arbiter: "0x0000000000000000000000000000000000000000",
              milestones: [{ index: 0, state: "Funded", deliverableCid: null, dispute: null }],
            }
          : null;
      // The client rated the vendor 5 of 5 on that job (what a written review is checked against).
      const ratings = [{ score: 5, raterRole: "Client", ratee: { id: vendor.address.toLowerCase() } }];
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: { job, ratings, vendors: [] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` };
}

function skipReason(): string | undefined {
  if (!existsSync(STORE_INDEX) || !readFileSync(STORE_INDEX, "utf8").includes("openPostgresStore")) {
    return "the web app does not open the PostgreSQL store from DATABASE_URL yet (web/server/store/index.ts; README, Production)";
  }
  return process.env.CI ? undefined : postgresUnavailable();
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** HTTP with the Host header a load balancer forwards (fetch does not let a caller set Host). */
function call(port: number, method: string, pathname: string, body?: unknown, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path: pathname,
        headers: {
          host: PUBLIC_HOST,
          ...(payload && { "content-type": "application/json", "content-length": payload.length }),
          ...(cookie && { cookie }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const json = (reply: Reply) => JSON.parse(reply.body.toString("utf8")) as Record<string, unknown>;

interface Instance {
  port: number;
  child: ChildProcess;
  output: () => string;
}

async function startInstance(databaseUrl: string, dataDir: string, subgraphUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT, "start", "web", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      MOSAIC_DATA_DIR: dataDir,
      MOSAIC_SESSION_SECRET: "two-instances-share-this-secret-0123456789",
      MOSAIC_CHAIN_ID: "31337",
      MOSAIC_RPC_URL: "http://127.0.0.1:9",
      MOSAIC_PUBLIC_ORIGIN: `http://${PUBLIC_HOST}`,
      MOSAIC_SUBGRAPH_URL: subgraphUrl,
    },
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const reply = await call(port, "GET", "/api/auth/session");
      if (reply.status === 401 || reply.status === 200) break;
    } catch {
      // not listening yet
    }
    if (attempt > 600) throw new Error(`next start did not answer on ${port}:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, child, output: () => output };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((r) => instance.child.once("exit", r));
  process.kill(-instance.child.pid!, "SIGTERM");
  await exited;
}

describe("two web instances on one PostgreSQL database", { skip: skipReason() }, () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let dir: string;
  let a: Instance;
  let b: Instance;
  let index: { server: Server; url: string };
  let cookie = "";

  before(async () => {
    // `npm test` runs the browser suite first and this reuses its build; alone, it builds (as `npm run build`).
    if (!existsSync(path.join(ROOT, "web", ".next", "BUILD_ID"))) {
      const contracts = spawnSync(process.execPath, ["scripts/deploy/write-outputs.ts", "--contracts-module"], {
        cwd: ROOT,
        encoding: "utf8",
      });
      assert.equal(contracts.status, 0, `writing deployments/contracts.ts failed:\n${contracts.stderr}`);
      const build = spawnSync(process.execPath, [NEXT, "build", "web"], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      });
      assert.equal(build.status, 0, `next build web failed:\n${build.stdout}\n${build.stderr}`);
    }
    dir = mkdtempSync(path.join(tmpdir(), "mosaic-instances-"));
    index = await startIndex();
    cluster = await startPostgresCluster();
    databaseUrl = await cluster.createDatabase("mosaic_web");
    [a, b] = await Promise.all([
      startInstance(databaseUrl, path.join(dir, "a"), index.url),
      startInstance(databaseUrl, path.join(dir, "b"), index.url),
    ]);
  });

  after(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    index?.server.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("accepts a nonce issued by one instance once, whichever instance it is presented to", async () => {
    const { nonce } = json(await call(a.port, "GET", "/api/auth/nonce")) as { nonce: string };
    const message = createSiweMessage({
      domain: PUBLIC_HOST,
      uri: `http://${PUBLIC_HOST}/`,
      address: vendor.address,
      chainId: 31337,
      nonce,
      version: "1",
      statement: "Sign in to Mosaic.",
      issuedAt: new Date(),
      expirationTime: new Date(Date.now() + 600_000),
    });
    const body = { message, signature: await vendor.signMessage({ message }) };
    const replies = await Promise.all([
      call(b.port, "POST", "/api/auth/verify", body),
      call(a.port, "POST", "/api/auth/verify", body),
    ]);
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 401], replies.map((r) => r.body.toString()).join("\n"));
    const refused = replies.find((r) => r.status === 401)!;
    assert.ok(typeof json(refused).error === "string");
    // A replay later, at either instance, is refused too.
    assert.equal((await call(a.port, "POST", "/api/auth/verify", body)).status, 401);
  });

  it("reads through one instance a document written through the other, and the session too", async () => {
    const { nonce } = json(await call(b.port, "GET", "/api/auth/nonce")) as { nonce: string };
    const message = createSiweMessage({
      domain: PUBLIC_HOST,
      uri: `http://${PUBLIC_HOST}/`,
      address: vendor.address,
      chainId: 31337,
      nonce,
      version: "1",
      issuedAt: new Date(),
      expirationTime: new Date(Date.now() + 600_000),
    });
    const signedIn = await call(a.port, "POST", "/api/auth/verify", {
      message,
      signature: await vendor.signMessage({ message }),
    });
    assert.equal(signedIn.status, 200, signedIn.body.toString());
    cookie = String(([] as string[]).concat(signedIn.headers["set-cookie"] ?? [])[0]).split(";")[0];
    assert.equal((await call(b.port, "GET", "/api/auth/session", undefined, cookie)).status, 200);

    const content = { text: `Written through one instance at ${new Date().toISOString()}` };
    const written = await call(b.port, "POST", "/api/documents", { kind: "note", content }, cookie);
    assert.equal(written.status, 201, written.body.toString());
    const { cid } = json(written) as { cid: string };
    const read = await call(a.port, "GET", `/api/documents/${cid}`);
    assert.equal(read.status, 200);
    assert.deepEqual(JSON.parse(read.body.toString("utf8")), content);
    // web/proxy.ts puts the production headers on API answers too (http origin: no HSTS).
    assert.match(String(read.headers["content-security-policy"]), /frame-ancestors 'none'/);
    assert.equal(read.headers["x-content-type-options"], "nosniff");
    assert.equal(read.headers["strict-transport-security"], undefined);

    // And it is PostgreSQL that holds it, not a folder the two happen to share.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM mosaic_documents WHERE cid = $1", [cid]);
      assert.equal(rows[0].n, 1);
    } finally {
      await client.end();
    }
  });

  it("serves a job's thread message written through one instance from the other, and after a restart", async () => {
    assert.ok(cookie, "the previous case signed in");
    const createdAt = Math.floor(Date.now() / 1000);
    const nonce = `0x${randomBytes(32).toString("hex")}` as `0x${string}`;
    const text = `Signed message written through one instance at ${new Date().toISOString()}`;
    const signature = await vendor.signTypedData({
      domain: threadDomain(31337),
      types: THREAD_MESSAGE_TYPES,
      primaryType: "ThreadMessage",
      message: {
        jobId: BigInt(THREAD_JOB),
        author: vendor.address,
        to: "0x0000000000000000000000000000000000000000",
        text,
        createdAt: BigInt(createdAt),
        nonce,
      },
    });
    const message = { chainId: 31337, jobId: THREAD_JOB, author: vendor.address, text, createdAt, nonce, signature };
    const written = await call(b.port, "POST", `/api/jobs/${THREAD_JOB}/thread`, message, cookie);
    assert.equal(written.status, 201, written.body.toString());
    // The same signed message presented to the other instance is a replay.
    const replay = await call(a.port, "POST", `/api/jobs/${THREAD_JOB}/thread`, message, cookie);
    assert.equal(replay.status, 409, replay.body.toString());

    const texts = async (instance: Instance) => {
      const reply = await call(instance.port, "GET", `/api/jobs/${THREAD_JOB}/thread`, undefined, cookie);
      assert.equal(reply.status, 200, reply.body.toString());
      return (json(reply).items as { kind: string; text: string }[])
        .filter((i) => i.kind === "message")
        .map((i) => i.text);
    };
    assert.deepEqual(await texts(a), [text]);
    // A stranger (no session) is refused by either instance.
    assert.equal((await call(a.port, "GET", `/api/jobs/${THREAD_JOB}/thread`)).status, 401);

    await stopInstance(a);
    a = await startInstance(databaseUrl, path.join(dir, "a"), index.url);
    assert.deepEqual(await texts(a), [text]);
  });
  it("serves a written review and its reply written through either instance, and after a restart", async () => {
    const domain = reviewsDomain(31337, addresses[31337].MosaicEscrow);
    const text = `Reviewed through one instance at ${new Date().toISOString()}`;
    const review = { jobId: BigInt(THREAD_JOB), rater: client.address, rating: 5, text };
    const signature = await client.signTypedData({
      domain,
      types: REVIEW_TYPES,
      primaryType: "Review",
      message: review,
    });
    const content = { ...review, chainId: 31337, jobId: THREAD_JOB, signature };
    const written = await call(a.port, "POST", "/api/reviews", { content });
    assert.equal(written.status, 201, written.body.toString());
    // The same review through the other instance is a second review of the same rating.
    assert.equal((await call(b.port, "POST", "/api/reviews", { content })).status, 409);
    const { cid } = json(written) as { cid: string };
    const replyText = "Thank you for the clear brief.";
    const reply = { jobId: BigInt(THREAD_JOB), review: cid, author: vendor.address, text: replyText };
    const replySignature = await vendor.signTypedData({
      domain,
      types: REVIEW_REPLY_TYPES,
      primaryType: "ReviewReply",
      message: reply,
    });
    const replied = await call(b.port, "POST", "/api/reviews/replies", {
      content: { ...reply, chainId: 31337, jobId: THREAD_JOB, signature: replySignature },
    });
    assert.equal(replied.status, 201, replied.body.toString());

    const reviews = async (instance: Instance) => {
      const listed = await call(instance.port, "GET", `/api/reviews?ratee=${vendor.address}&as=vendor`);
      assert.equal(listed.status, 200, listed.body.toString());
      return (json(listed).reviews as { content: { text: string }; reply: { content: { text: string } } | null }[]).map(
        (r) => [r.content.text, r.reply?.content.text],
      );
    };
    assert.deepEqual(await reviews(a), [[text, replyText]]);
    await stopInstance(b);
    b = await startInstance(databaseUrl, path.join(dir, "b"), index.url);
    assert.deepEqual(await reviews(b), [[text, replyText]]);
  });
});
