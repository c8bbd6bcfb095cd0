/**
 * The project's Hardhat config with Ignition's folder moved to MOSAIC_TEST_IGNITION_DIR, so the
 * pipeline test's journal never lands in ignition/deployments/. That folder links `modules` back to
 * ignition/modules, where Ignition requires the deployed module to live.
 *
 * MOSAIC_TEST_EXTRA_KEYS (comma-separated keys) adds accounts after the keystore's deployer: only for
 * the demo module, whose `m.getAccount(1)` / `m.getAccount(2)` parameter defaults fail Ignition's
 * validation on a one-account network even when the parameters are given.
 */
import type { HttpNetworkUserConfig } from "hardhat/types/config";
import config from "../../hardhat.config.ts";

const ignition = process.env.MOSAIC_TEST_IGNITION_DIR;
if (!ignition) throw new Error("MOSAIC_TEST_IGNITION_DIR is not set: this config is for test/deploy/ only.");

const extraKeys = (process.env.MOSAIC_TEST_EXTRA_KEYS ?? "").split(",").filter(Boolean);
const baseSepolia = config.networks!["base-sepolia"] as HttpNetworkUserConfig;
const accounts = baseSepolia.accounts as unknown[];

export default {
  ...config,
  paths: { ...config.paths, ignition },
  networks: {
    ...config.networks,
    "base-sepolia": { ...baseSepolia, accounts: [...accounts, ...extraKeys] },
  },
} as typeof config;
