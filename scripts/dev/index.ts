/**
 * `npm run dev`: the whole local stack in one command: Hardhat node, deployment, demo data,
 * subgraph build, indexer and web app, on 127.0.0.1:8545, :8000 and :3000. Ctrl-C stops all of it.
 *
 *   npm run dev [-- --vendors 50 --jobs 200 --production --no-web --rpc-port N --indexer-port N
 *                   --web-port N --data DIR]
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { testAccounts } from "./accounts.ts";
import { graphql } from "./probes.ts";
import { ROOT } from "./processes.ts";
import { startStack, type Stack } from "./stack.ts";

const USAGE = `Usage: npm run dev [-- options]

  --vendors N         vendors to seed on a fresh chain (default 50)
  --jobs N            jobs to seed on a fresh chain (default 200; 0 seeds nothing)
  --production        serve a production build (next build + next start) instead of next dev
  --no-web            chain, deployment, demo data and indexer only
  --rpc-port N        Hardhat node port (default 8545; a node already running there is reused)
  --indexer-port N    GraphQL port (default 8000)
  --indexer-status-port N  indexer status API port (default 8030)
  --web-port N        web app port (default 3000)
  --data DIR          indexer store, web documents and logs (default .data/dev)`;

const { values } = parseArgs({
  options: {
    vendors: { type: "string", default: "50" },
    jobs: { type: "string", default: "200" },
    production: { type: "boolean", default: false },
    "no-web": { type: "boolean", default: false },
    "rpc-port": { type: "string", default: "8545" },
    "indexer-port": { type: "string", default: "8000" },
    "indexer-status-port": { type: "string", default: "8030" },
    "web-port": { type: "string", default: "3000" },
    data: { type: "string", default: path.join(ROOT, ".data", "dev") },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function whole(name: string): number {
  const n = Number(values[name as keyof typeof values]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number.\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const tty = process.stdout.isTTY;
const dim = (text: string) => (tty ? `\x1b[2m${text}\x1b[0m` : text);
const bold = (text: string) => (tty ? `\x1b[1m${text}\x1b[0m` : text);
const red = (text: string) => (tty ? `\x1b[31m${text}\x1b[0m` : text);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

const jobs = whole("jobs");
let stack: Stack | undefined;
let stopping = false;
let ready = false;

const startup = new AbortController();

async function shutdown(code: number, why?: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (why) console.log(`\n${why}`);
    console.log("Stopping every process of the stack…");
    await stack?.stop();
    console.log("Stopped.");
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    const name = signal === "SIGINT" ? "Ctrl-C" : signal;
    if (!stack) {
      // Still starting: startStack stops what it started and rejects.
      if (!startup.signal.aborted) console.log(`\n${name}: stopping what has started…`);
      startup.abort();
    } else if (!stopping) {
      void shutdown(0, `${name}.`);
    }
  });
}

try {
  stack = await startStack({
    ports: {
      rpc: whole("rpc-port"),
      indexer: whole("indexer-port"),
      indexerStatus: whole("indexer-status-port"),
      web: whole("web-port"),
    },
    dataDir: values.data,
    seed: jobs > 0 ? { vendors: whole("vendors"), jobs } : false,
    web: values["no-web"] ? false : values.production ? "production" : "dev",
    buildWeb: values.production,
    reuseNode: true,
    signal: startup.signal,
    onStep: (message) => console.log(`${dim(elapsed().padStart(7))}  ${message}`),
    onOutput: (service, line) => {
      if (service === "seed" && /^\[[#.]+\]/.test(line)) return; // the seed's progress bar: summary only
      if (service === "seed" || (ready && (service === "web" || /WARN|ERROR|CRITICAL/.test(line)))) {
        console.log(`${dim(service.padStart(7))} │ ${tty ? line : line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")}`);
      }
    },
  });
} catch (error) {
  if (startup.signal.aborted) {
    console.log("Stopped.");
    process.exit(0);
  }
  console.error(`\n${red("npm run dev failed:")} ${(error as Error).message}`);
  console.error(dim(`Logs: ${path.join(values.data, "logs")}`));
  process.exit(1);
}

ready = true;
await printSummary(stack!);
void stack!.crashed.then((service) =>
  stopping ? undefined : shutdown(1, red(`The ${service} stopped unexpectedly; see ${stack!.logDir}/${service}.log.`)),
);

async function printSummary(stack: Stack): Promise<void> {
  const roles = new Map<string, string>([
    [testAccounts()[0].address.toLowerCase(), "operator (deployer)"],
    [testAccounts()[1].address.toLowerCase(), "treasury"],
    [testAccounts()[2].address.toLowerCase(), "default arbiter"],
  ]);
  const ids = testAccounts().map((a) => a.address.toLowerCase());
  try {
    const data = await graphql<{ vendors: { id: string }[]; clients: { id: string; jobCount: number }[] }>(
      stack.graphqlUrl,
      `
        query ($ids: [Bytes!]!) {
          vendors(where: { id_in: $ids, registered: true }) {
            id
          }
          clients(where: { id_in: $ids }) {
            id
            jobCount
          }
        }
      `,
      { ids },
    );
    for (const v of data.vendors) roles.set(v.id, roles.get(v.id) ?? "seeded vendor");
    for (const c of data.clients) roles.set(c.id, roles.get(c.id) ?? `seeded client (${c.jobCount} jobs)`);
  } catch {
    // roles are a convenience; the accounts still print
  }
  const line = "─".repeat(78);
  console.log(`\n${line}`);
  console.log(bold(`Mosaic is running (ready in ${elapsed()})`));
  if (stack.webUrl) console.log(`  Web app   ${bold(stack.webUrl)}`);
  console.log(`  GraphQL   ${stack.graphqlUrl}`);
  console.log(`  Status    ${stack.statusUrl}   (graph-node's indexingStatuses)`);
  console.log(`  RPC       ${stack.rpcUrl}  (chain ${stack.chainId})`);
  console.log(
    `  Contracts escrow ${stack.contracts.MosaicEscrow}, registry ${stack.contracts.VendorRegistry}, mUSD ${stack.contracts.MockUSD}`,
  );
  console.log(`  Logs      ${stack.logDir}`);
  console.log(
    `\nTest accounts (Hardhat's public keys, 10,000 ETH each: local use only; the web app's connect dialog offers them on chain 31337):`,
  );
  for (const account of testAccounts()) {
    const role = roles.get(account.address.toLowerCase()) ?? "fresh";
    console.log(`  #${String(account.index).padEnd(2)} ${account.address}  ${dim(account.privateKey)}  ${role}`);
  }
  console.log(`${line}\nPress Ctrl-C to stop everything.`);
}
