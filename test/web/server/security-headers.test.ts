import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  applySecurityHeaders,
  contentSecurityPolicy,
  securityHeaderOptionsFromEnv,
  securityHeaders,
} from "../../../web/server/security-headers.ts";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("security headers", () => {
  it("forbids framing and plugins and limits connections to the site and its configured services", () => {
    const csp = directives(
      contentSecurityPolicy({
        connectSrc: [
          "https://base-sepolia.example/rpc/KEY",
          "not a url",
          "http://127.0.0.1:8000/subgraphs/name/mosaic",
        ],
      }),
    );
    assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(csp.get("object-src"), ["'none'"]);
    assert.deepEqual(csp.get("default-src"), ["'self'"]);
    assert.deepEqual(csp.get("connect-src"), ["'self'", "https://base-sepolia.example", "http://127.0.0.1:8000"]);
    assert.ok(!csp.get("script-src")!.includes("'unsafe-eval'"));
    assert.ok(!csp.has("upgrade-insecure-requests"));
  });

  it("uses a nonce with strict-dynamic when given one", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123" }));
    assert.deepEqual(csp.get("script-src"), ["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
  });

  it("sends HSTS and upgrades requests only when served over HTTPS", () => {
    const plain = securityHeaders({ publicUrl: "http://127.0.0.1:3000" });
    assert.ok(!plain.some((h) => h.key === "Strict-Transport-Security"));
    const secure = securityHeaders({ publicUrl: "https://mosaic.example" });
    assert.equal(
      secure.find((h) => h.key === "Strict-Transport-Security")?.value,
      "max-age=63072000; includeSubDomains",
    );
    assert.ok(
      directives(secure.find((h) => h.key === "Content-Security-Policy")!.value).has("upgrade-insecure-requests"),
    );
  });

  it("reads its options from the environment and sets them on a response", () => {
    const options = securityHeaderOptionsFromEnv({
      MOSAIC_PUBLIC_ORIGIN: "https://mosaic.example",
      MOSAIC_PUBLIC_RPC_URL: "https://rpc.example/v2/key",
      MOSAIC_SUBGRAPH_URL: "https://graph.example/subgraphs/name/mosaic",
      MOSAIC_CONNECT_SRC: "https://ipfs.example, https://other.example",
      NODE_ENV: "production",
    });
    const headers = applySecurityHeaders(new Headers(), options);
    const csp = directives(headers.get("content-security-policy")!);
    for (const origin of [
      "https://rpc.example",
      "https://graph.example",
      "https://ipfs.example",
      "https://other.example",
    ]) {
      assert.ok(csp.get("connect-src")!.includes(origin), origin);
    }
    assert.ok(headers.get("strict-transport-security"));
    assert.equal(headers.get("x-content-type-options"), "nosniff");
    assert.equal(headers.get("x-frame-options"), "DENY");
  });

  it("allows what next dev needs in development only", () => {
    const csp = directives(contentSecurityPolicy({ development: true }));
    assert.ok(csp.get("script-src")!.includes("'unsafe-eval'"));
    assert.ok(csp.get("connect-src")!.includes("ws:"));
  });
});
