/**
 * The sign-in rate limit through a real `next start` of the production build, as clients on the
 * network reach it: directly (no trusted proxy), and behind a real proxy that appends the address
 * it sees to X-Forwarded-For (TRUSTED_PROXY_HOPS=1). Clients come from different loopback
 * addresses (127.0.0.2, 127.0.0.3), and a client forging X-Forwarded-For gains nothing.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { describe, it } from "node:test";
import { HOST } from "../../../scripts/dev/ports.ts";
import { OwnWebServers } from "./support/own-web-server.ts";
import { browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

const LIMIT = 20;

const servers = new OwnWebServers("rate-limit");

browserSuite({ tearDown: () => servers.stop(), browser: false });

/** `next start` on the suite's build with its own store (fresh counters) and `TRUSTED_PROXY_HOPS`. */
async function startServer(name: string, trustedProxyHops: number): Promise<number> {
  const port = await servers.start(stack, name, {
    TRUSTED_PROXY_HOPS: String(trustedProxyHops),
    // The default limit, whatever the suite's shared server was given.
    MOSAIC_SIGN_IN_LIMIT: String(LIMIT),
  });
  // The first request starts the app (and its instrumentation, which stamps peers): not counted.
  await nonce(port, "127.0.0.9");
  return port;
}

/** A proxy in front of `target` that appends the peer it sees to X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for`. */
function appendingProxy(target: number): Promise<{ port: number; close: () => void }> {
  const server = http.createServer((request, response) => {
    const seen = request.socket.remoteAddress ?? "";
    const forwarded = request.headers["x-forwarded-for"];
    const headers = { ...request.headers, "x-forwarded-for": forwarded ? `${forwarded}, ${seen}` : seen };
    const upstream = http.request(
      { host: HOST, port: target, method: request.method, path: request.url, headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, HOST, () =>
      resolve({ port: (server.address() as { port: number }).port, close: () => server.close() }),
    ),
  );
}

/** GET /api/auth/nonce from the loopback address `from`, optionally claiming an X-Forwarded-For. */
function nonce(port: number, from: string, forwardedFor?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: HOST,
        port,
        path: "/api/auth/nonce",
        localAddress: from,
        agent: false,
        headers: forwardedFor ? { "x-forwarded-for": forwardedFor, "x-mosaic-peer": forwardedFor } : {},
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/** Counts are per fixed minute: start near the beginning of one so a test never straddles two. */
async function atStartOfWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

/** Spends a client's whole allowance, each request claiming a different X-Forwarded-For. */
async function exhaust(port: number, from: string): Promise<void> {
  for (let i = 0; i < LIMIT; i++) {
    assert.equal(await nonce(port, from, `198.51.100.${i}`), 200, `request ${i + 1} of ${LIMIT}`);
  }
}

describe("sign-in rate limit through next start", { skip: skipWithoutWeb }, () => {
  it("without a trusted proxy, keys on the connection's address: a forged X-Forwarded-For changes nothing", async () => {
    const port = await startServer("web-direct", 0);
    await atStartOfWindow();
    await exhaust(port, "127.0.0.2");
    assert.equal(await nonce(port, "127.0.0.2", "203.0.113.50"), 429, "a new forged address is the same client");
    assert.equal(await nonce(port, "127.0.0.2"), 429);
    // Another client is not throttled by the first.
    assert.equal(await nonce(port, "127.0.0.3"), 200);
  });

  it("behind one trusted proxy, keys on the address the proxy appended, not on what the client claimed", async () => {
    const web = await startServer("web-behind-proxy", 1);
    const proxy = await appendingProxy(web);
    try {
      await atStartOfWindow();
      await exhaust(proxy.port, "127.0.0.2");
      assert.equal(await nonce(proxy.port, "127.0.0.2", "203.0.113.51"), 429);
      assert.equal(await nonce(proxy.port, "127.0.0.2"), 429);
      // Clients that send no X-Forwarded-For do not share one bucket.
      assert.equal(await nonce(proxy.port, "127.0.0.3"), 200);
      assert.equal(await nonce(proxy.port, "127.0.0.4"), 200);
    } finally {
      proxy.close();
    }
  });
});
