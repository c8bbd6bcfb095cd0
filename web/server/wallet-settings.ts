/**
 * Which wallets the dApp offers besides EIP-6963 and the injected one, read from the environment
 * per request (one build serves any deployment). Everything is off by default: with no setting the
 * browser never loads a WalletConnect, Coinbase or Safe SDK and never calls their services.
 *
 *   MOSAIC_WALLETCONNECT_PROJECT_ID  a WalletConnect (Reown) project id: offers WalletConnect
 *   MOSAIC_COINBASE_WALLET           "on" offers Coinbase Wallet
 *   MOSAIC_SAFE_APP_ORIGINS          comma-separated Safe{Wallet} origins (e.g. https://app.safe.global)
 *                                    that may frame the app and connect it to their Safe
 *
 * A malformed value is refused by name (an error rather than a silently different policy).
 */
import type { WalletOptions } from "../lib/public-config.ts";

export class WalletSettingError extends Error {}

const ON = new Set(["on", "1", "true", "yes"]);
const OFF = new Set(["", "off", "0", "false", "no"]);

export function walletSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WalletOptions {
  const projectId = (env.MOSAIC_WALLETCONNECT_PROJECT_ID ?? "").trim();
  if (projectId && !/^[A-Za-z0-9_-]{8,128}$/.test(projectId)) {
    throw new WalletSettingError(
      `MOSAIC_WALLETCONNECT_PROJECT_ID must be a WalletConnect project id (letters and digits), got "${projectId}".`,
    );
  }
  const coinbase = (env.MOSAIC_COINBASE_WALLET ?? "").trim().toLowerCase();
  if (!ON.has(coinbase) && !OFF.has(coinbase)) {
    throw new WalletSettingError(`MOSAIC_COINBASE_WALLET must be "on" or "off", got "${env.MOSAIC_COINBASE_WALLET}".`);
  }
  return {
    walletConnectProjectId: projectId || null,
    coinbaseWallet: ON.has(coinbase),
    safeAppOrigins: safeAppOrigins(env.MOSAIC_SAFE_APP_ORIGINS ?? ""),
  };
}

/** Each entry must be an origin (scheme, host, optional port; https except on localhost). */
function safeAppOrigins(value: string): string[] {
  const origins: string[] = [];
  for (const entry of value.split(",").map((e) => e.trim())) {
    if (!entry) continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(entry);
    } catch {
      parsed = undefined;
    }
    const local = parsed && ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
    if (
      !parsed ||
      parsed.origin !== entry.replace(/\/$/, "") ||
      !(parsed.protocol === "https:" || (parsed.protocol === "http:" && local))
    ) {
      throw new WalletSettingError(
        `MOSAIC_SAFE_APP_ORIGINS must list origins such as https://app.safe.global (comma-separated), got "${entry}".`,
      );
    }
    origins.push(parsed.origin);
  }
  return [...new Set(origins)];
}
