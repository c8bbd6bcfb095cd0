/**
 * The stack a browser test runs against. `test/web/e2e/run.ts` starts one stack (and one
 * production build) for the whole suite and hands it over in MOSAIC_E2E_*; a test file run on its
 * own (`node --test test/web/e2e/x.test.ts`) starts its own, serving the existing build.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after } from "node:test";
import { startStack, type Stack } from "../../../scripts/dev/stack.ts";
import { WEB_DIR } from "../../../scripts/dev/web.ts";

export interface E2EStack {
  chainId: number;
  rpcUrl: string;
  graphqlUrl: string;
  /** Undefined when the checkout has no web app (yet). */
  webUrl: string | undefined;
  contracts: Stack["contracts"];
  dataDir: string;
}

/**
 * What the suite seeds: few enough to start fast, enough for matches. The seed uses node accounts
 * 3-5 (clients) and 6-13 (vendors); 14-19 stay fresh for the tests.
 */
export const E2E_SEED = { vendors: 8, jobs: 24 };

export const E2E_ENV = "MOSAIC_E2E_STACK";

/**
 * Every browser of the suite reaches the web server from 127.0.0.1, one sign-in bucket for all:
 * the default 20 nonce and verify requests a minute would refuse sign-ins whenever the tests run
 * quickly. The suite's server gets a limit for a crowd; sign-in-rate-limit.test.ts checks the
 * default on servers of its own.
 */
export function raiseSignInLimitForTheSuite(): void {
  process.env.MOSAIC_SIGN_IN_LIMIT ??= "1000";
}

export function stackToEnv(stack: Stack): Record<string, string> {
  const shared: E2EStack = {
    chainId: stack.chainId,
    rpcUrl: stack.rpcUrl,
    graphqlUrl: stack.graphqlUrl,
    webUrl: stack.webUrl,
    contracts: stack.contracts,
    dataDir: stack.dataDir,
  };
  return { [E2E_ENV]: JSON.stringify(shared) };
}

/** Whether this checkout has the web app and a production build of it. */
export function webAppPresent(): boolean {
  return existsSync(path.join(WEB_DIR, "next.config.ts")) && existsSync(path.join(WEB_DIR, "app"));
}

let own: Promise<E2EStack> | undefined;

/** The suite's stack, or one started for this file (stopped when the file's tests end). */
export function useStack(): Promise<E2EStack> {
  const shared = process.env[E2E_ENV];
  if (shared) return Promise.resolve(JSON.parse(shared) as E2EStack);
  own ??= (async () => {
    raiseSignInLimitForTheSuite();
    const built = existsSync(path.join(WEB_DIR, ".next", "BUILD_ID"));
    const stack = await startStack({
      dataDir: mkdtempSync(path.join(tmpdir(), "mosaic-e2e-")),
      seed: E2E_SEED,
      web: webAppPresent() ? "production" : false,
      buildWeb: !built,
    });
    after(() => stack.stop());
    return stack;
  })();
  return own;
}
