import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  applySecurityHeaders,
  contentSecurityPolicy,
  securityHeaderOptionsFromEnv,
  securityHeaders,
} from "../../../web/server/security-headers.ts";
import { WalletSettingError, walletSettingsFromEnv } from "../../../web/server/wallet-settings.ts";

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

  it("sends no WalletConnect host and forbids framing when no wallet setting is on", () => {
    const headers = applySecurityHeaders(new Headers(), securityHeaderOptionsFromEnv({ NODE_ENV: "production" }));
    const policy = headers.get("content-security-policy")!;
    assert.doesNotMatch(policy, /walletconnect|web3modal|reown/);
    const csp = directives(policy);
    assert.deepEqual(csp.get("frame-src"), ["'none'"]);
    assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
    assert.equal(headers.get("x-frame-options"), "DENY");
  });

  it("lets the configured Safe origins frame the app, with the CSP alone", () => {
    const options = securityHeaderOptionsFromEnv({
      MOSAIC_SAFE_APP_ORIGINS: "https://app.safe.global, https://safe.example:8443/",
      NODE_ENV: "production",
    });
    const headers = applySecurityHeaders(new Headers(), options);
    const csp = directives(headers.get("content-security-policy")!);
    assert.deepEqual(csp.get("frame-ancestors"), ["https://app.safe.global", "https://safe.example:8443"]);
    // X-Frame-Options cannot name an origin: with it the Safe could not frame the app.
    assert.equal(headers.get("x-frame-options"), null);
    // Framing others stays off, and so do WalletConnect's hosts.
    assert.deepEqual(csp.get("frame-src"), ["'none'"]);
    assert.ok(!csp.get("connect-src")!.some((s) => s.includes("walletconnect")));
  });

  it("opens WalletConnect's relay, verify, API, image and font hosts only with a project id", () => {
    const options = securityHeaderOptionsFromEnv({
      MOSAIC_WALLETCONNECT_PROJECT_ID: "0123456789abcdef0123456789abcdef",
      NODE_ENV: "production",
    });
    const headers = applySecurityHeaders(new Headers(), options);
    const csp = directives(headers.get("content-security-policy")!);
    for (const host of [
      "wss://relay.walletconnect.org",
      "https://verify.walletconnect.org",
      "https://api.web3modal.org",
    ]) {
      assert.ok(csp.get("connect-src")!.includes(host), host);
    }
    assert.ok(csp.get("frame-src")!.includes("https://verify.walletconnect.org"));
    assert.ok(!csp.get("frame-src")!.includes("'none'"));
    assert.ok(csp.get("img-src")!.includes("https://api.web3modal.org"));
    assert.ok(csp.get("font-src")!.includes("https://fonts.reown.com"));
    // WalletConnect does not need the app to be framed.
    assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
    assert.equal(headers.get("x-frame-options"), "DENY");
    // Coinbase Wallet alone talks to its popup: no host added.
    const coinbase = contentSecurityPolicy(securityHeaderOptionsFromEnv({ MOSAIC_COINBASE_WALLET: "on" }));
    assert.doesNotMatch(coinbase, /walletconnect|coinbase/);
  });

  it("refuses malformed wallet settings by name", () => {
    for (const [name, value] of [
      ["MOSAIC_SAFE_APP_ORIGINS", "app.safe.global"],
      ["MOSAIC_SAFE_APP_ORIGINS", "http://app.safe.global"],
      ["MOSAIC_SAFE_APP_ORIGINS", "https://app.safe.global/apps"],
      ["MOSAIC_WALLETCONNECT_PROJECT_ID", "not a project id"],
      ["MOSAIC_COINBASE_WALLET", "maybe"],
    ]) {
      assert.throws(
        () => securityHeaderOptionsFromEnv({ [name]: value }),
        (error: Error) => error instanceof WalletSettingError && error.message.includes(name),
        `${name}=${value}`,
      );
    }
  });

  it("allows what next dev needs in development only", () => {
    const csp = directives(contentSecurityPolicy({ development: true }));
    assert.ok(csp.get("script-src")!.includes("'unsafe-eval'"));
    assert.ok(csp.get("connect-src")!.includes("ws:"));
  });
});

describe("wallet settings", () => {
  it("are all off by default", () => {
    assert.deepEqual(walletSettingsFromEnv({}), {
      walletConnectProjectId: null,
      coinbaseWallet: false,
      safeAppOrigins: [],
    });
  });

  it("read the project id, the Coinbase switch and the Safe origins", () => {
    assert.deepEqual(
      walletSettingsFromEnv({
        MOSAIC_WALLETCONNECT_PROJECT_ID: " 0123456789abcdef0123456789abcdef ",
        MOSAIC_COINBASE_WALLET: "ON",
        MOSAIC_SAFE_APP_ORIGINS: "https://app.safe.global,https://app.safe.global/,http://127.0.0.1:3001",
      }),
      {
        walletConnectProjectId: "0123456789abcdef0123456789abcdef",
        coinbaseWallet: true,
        safeAppOrigins: ["https://app.safe.global", "http://127.0.0.1:3001"],
      },
    );
  });
});
