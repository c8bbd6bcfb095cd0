/**
 * The project's Hardhat config with the `localhost` network pointed at MOSAIC_RPC_URL. Used by
 * scripts/deploy/local.ts when --rpc names a node other than 127.0.0.1:8545, so hardhat.config.ts
 * keeps the one URL everyone uses.
 */
import config from "../../hardhat.config.ts";

const url = process.env.MOSAIC_RPC_URL ?? "http://127.0.0.1:8545";

export default {
  ...config,
  networks: {
    ...config.networks,
    localhost: { ...config.networks?.localhost, type: "http", chainType: "l1", url },
  },
} as typeof config;
