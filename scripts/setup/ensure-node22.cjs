// Hardhat 3 needs Node >= 22, and npm running on an older Node silently skips
// optional native packages (Hardhat's EDR) whose `engines` ask for Node 22.
// When npm itself ran on an older Node, install once more under the Node 22
// shipped by the `node` devDependency so those packages land too.
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const path = require("node:path");

const REQUIRED_MAJOR = 22;
const npmNode = process.env.npm_node_execpath || process.execPath;
const npmCli = process.env.npm_execpath;

function majorOf(nodeBinary) {
  const out = spawnSync(nodeBinary, ["-p", "process.versions.node"], { encoding: "utf8" });
  return Number.parseInt((out.stdout || "0").trim().split(".")[0], 10);
}

if (process.env.MOSAIC_REINSTALLING === "1") process.exit(0);
if (majorOf(npmNode) >= REQUIRED_MAJOR) process.exit(0);

const root = path.resolve(__dirname, "..", "..");
const node22 = path.join(root, "node_modules", ".bin", "node");
if (!existsSync(node22) || !npmCli) {
  console.error(
    `Mosaic needs Node.js ${REQUIRED_MAJOR}+; npm ran on ${process.version} and the bundled Node 22 ` +
      "was not found. Install Node 22 (or run `npm install` again) and retry.",
  );
  process.exit(1);
}

console.log(`npm ran on Node ${majorOf(npmNode)}; re-running install under the bundled Node 22 for native packages.`);
const result = spawnSync(node22, [npmCli, "install", "--no-audit", "--no-fund"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, MOSAIC_REINSTALLING: "1" },
});
process.exit(result.status ?? 1);
