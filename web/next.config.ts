import path from "node:path";
import type { NextConfig } from "next";

// The app imports `matching/` and `deployments/` from the repository root, so both the bundler
// and the output tracing start there.
const repositoryRoot = path.resolve(import.meta.dirname, "..");

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  // Server-only packages that must not be bundled (native `node:sqlite` users stay plain Node;
  // `pg` is the PostgreSQL store's driver, chosen at run time by DATABASE_URL).
  serverExternalPackages: ["siwe", "ethers", "pg"],
  experimental: {
    // `next dev` would otherwise call the npm advisory service, which this machine cannot reach.
    agentUpgrade: false,
  },
};

export default nextConfig;
