/**
 * The project's Hardhat config with Ignition's folder moved to MOSAIC_TEST_IGNITION_DIR, so the
 * pipeline test's journal never lands in ignition/deployments/. That folder links `modules` back to
 * ignition/modules, where Ignition requires the deployed module to live.
 */
import type { HttpNetworkUserConfig } from "hardhat/types/config";
import config from "../../hardhat.config.ts";

const ignition = process.env.MOSAIC_TEST_IGNITION_DIR;
if (!ignition) throw new Error("MOSAIC_TEST_IGNITION_DIR is not set: this config is for test/deploy/ only.");

const baseSepolia = config.networks!["base-sepolia"] as HttpNetworkUserConfig;

export default {
  ...config,
  paths: { ...config.paths, ignition },
  networks: {
    ...config.networks,
    "base-sepolia": baseSepolia,
  },
} as typeof config;
