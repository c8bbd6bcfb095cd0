/**
 * The local Mosaic stack, one module for `npm run dev` and the browser tests: a Hardhat node,
 * the Ignition deployment, demo data, the subgraph build, the local indexer and the web app.
 *
 * `npm run dev` uses the fixed ports (8545, 8000, 3000) and says so when one is taken; tests ask
 * for free ports and a scratch data directory. `stop()` ends every process the stack started,
 * with its whole process group.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { id } from "ethers";
import { buildIsStale } from "../../subgraph/scripts/build.ts";
import { importSeedDocuments } from "./documents.ts";
import { HOST, PortTakenError, freePort, portTaken } from "./ports.ts";
import { ProcessGroups, ROOT, childEnv, type Managed } from "./processes.ts";
import { rpc, waitForIndex, waitForLine } from "./probes.ts";
import { withRepoLock } from "./repo-lock.ts";
import { buildWeb, startWeb, waitForPage, type WebMode } from "./web.ts";

export interface StackOptions {
  /** Fixed ports (`npm run dev`); any port left out is picked free. */
  ports?: { rpc?: number; indexer?: number; indexerStatus?: number; web?: number };
  /** Scratch space: indexer store, web data, seed documents, logs. */
  dataDir: string;
  /** Demo data to seed when the chain has no jobs yet; false for none. */
  seed?: { vendors: number; jobs: number } | false;
  /** The web app: "dev" (next dev), "production" (next start on an existing build), or false for none. */
  web?: WebMode | false;
  /** With `web: "production"`: run `next build` first (once per test run or benchmark). */
  buildWeb?: boolean;
  /** Use a node already answering on the RPC port instead of refusing the port (`npm run dev`). */
  reuseNode?: boolean;
  /** Aborting stops whatever has started; startStack then rejects. */
  signal?: AbortSignal;
  /** Progress messages ("Deploying..."). */
  onStep?: (message: string) => void;
  /** Output lines of the stack's processes, with the service name. */
  onOutput?: (service: string, line: string) => void;
}

export interface Stack {
  chainId: number;
  rpcUrl: string;
  graphqlUrl: string;
  /** The indexer's index-node status API (graph-node's `indexingStatuses`). */
  statusUrl: string;
  /** Undefined when started without the web app. */
  webUrl: string | undefined;
  dataDir: string;
  logDir: string;
  /** Whether this run seeded (false when the chain already had jobs, or seeding was off). */
  seeded: boolean;
  /** Addresses of the deployment (deployments/localhost.json). */
  contracts: { VendorRegistry: string; MosaicEscrow: string; MockUSD: string };
  /** Whether `rpcUrl` is a node started elsewhere (reused, so `stop()` leaves it running). */
  reusedNode: boolean;
  /** Resolves with the name of the first long-running service that exits on its own. */
  crashed: Promise<string>;
  /** Process ids of the long-running services (node, indexer, web app), each leading its process group. */
  pids: number[];
  stop(): Promise<void>;
}

export const SUBGRAPH_NAME = "mosaic";

/** Starts the stack; on any failure stops what it started and rethrows. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const step = options.onStep ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, "logs");
  mkdirSync(dataDir, { recursive: true });
  const groups = new ProcessGroups(logDir);
  const output = (service: string) => (line: string) => options.onOutput?.(service, line);
  const stop = () => groups.stop();
  const stopOnExit = () => groups.killNow();
  process.once("exit", stopOnExit);
  const onAbort = () => void stop();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    const ports = await choosePorts(options);
    const rpcUrl = `http://${HOST}:${ports.rpc}`;
    let reusedNode = false;
    const services: Managed[] = [];
    let chain: Managed | undefined;

    /** Seeds unless the chain already has jobs; resolves with whether it seeded. */
    const seed = async (size: { vendors: number; jobs: number }, escrow: string): Promise<boolean> => {
      const jobs = BigInt(await ethCall(rpcUrl, escrow, id("jobCount()").slice(0, 10)));
      if (jobs > 0n) {
        step(`The chain already has ${jobs} jobs: not seeding.`);
        return false;
      }
      step(`Seeding ${size.vendors} vendors and ${size.jobs} jobs`);
      await groups.run({
        name: "seed",
        command: process.execPath,
        args: [
          path.join(ROOT, "scripts/seed/index.ts"),
          "--vendors",
          String(size.vendors),
          "--jobs",
          String(size.jobs),
          "--rpc",
          rpcUrl,
          "--docs-out",
          path.join(dataDir, "seed-documents.json"),
        ],
        onLine: output("seed"),
      });
      return true;
    };

    /** Builds (when asked) and starts the web app; it answers pages once the index is up. */
    const web = async (mode: WebMode): Promise<Managed> => {
      if (mode === "production" && options.buildWeb) {
        step("Building the web app (next build)");
        await buildWeb(groups, output("web-build"));
      }
      step(`Starting the web app (${mode === "dev" ? "next dev" : "production build"}) on http://${HOST}:${ports.web}`);
      const managed = await startWeb(groups, {
        mode,
        port: ports.web,
        rpcUrl,
        graphqlUrl: `http://${HOST}:${ports.indexer}/subgraphs/name/${SUBGRAPH_NAME}`,
        chainId,
        dataDir: path.join(dataDir, "web"),
        onLine: output("web"),
      });
      // The first request compiles the job board in development: start it while the seed runs.
      void waitForPage(`http://${HOST}:${ports.web}/`, managed).catch(() => {});
      return managed;
    };

    if (ports.reuseRpc) {
      reusedNode = true;
      step(`Using the node already running at ${rpcUrl} (it keeps running after this stops).`);
    } else {
      step(`Starting a Hardhat node on ${rpcUrl}`);
      chain = groups.start({
        name: "chain",
        command: process.execPath,
        args: [hardhatCli(), "node", "--hostname", HOST, "--port", String(ports.rpc)],
        env: childEnv(),
        onLine: output("chain"),
      });
      await waitForLine(chain, /Started HTTP and WebSocket JSON-RPC server/, 60_000);
    }
    const chainId = Number(await rpc<string>(rpcUrl, "eth_chainId"));
    if (chain) services.push(chain);

    const graphqlUrl = `http://${HOST}:${ports.indexer}/subgraphs/name/${SUBGRAPH_NAME}`;
    const webUrl = options.web ? `http://${HOST}:${ports.web}` : undefined;
    const webDataDir = path.join(dataDir, "web");
    const documentsFile = path.join(dataDir, "seed-documents.json");
    // Started once the deployment exists, awaited further down; a failure meanwhile must not go unhandled.
    let seeding: Promise<boolean> = Promise.resolve(false);
    let webStarting: Promise<Managed | undefined> = Promise.resolve(undefined);

    // Deploy and build the subgraph under the repository lock: both write shared files. The seed and
    // the web app need only the deployment, so they start while the subgraph builds.
    const contracts = await withRepoLock(
      async () => {
        step("Deploying the contracts (Ignition)");
        await groups.run({
          name: "deploy",
          command: process.execPath,
          args: [path.join(ROOT, "scripts/deploy/local.ts"), "--rpc", rpcUrl],
          onLine: output("deploy"),
        });
        const deployed = readDeployment(chainId);
        if (options.seed) seeding = seed(options.seed, deployed.MosaicEscrow);
        if (options.web) webStarting = web(options.web);
        seeding.catch(() => {});
        webStarting.catch(() => {});
        if (buildIsStale()) {
          step("Building the subgraph for this deployment");
          await groups.run({
            name: "subgraph",
            command: process.execPath,
            args: [path.join(ROOT, "subgraph/scripts/build.ts")],
            onLine: output("subgraph"),
          });
        }
        return deployed;
      },
      () => step("Waiting for another Mosaic stack to finish deploying in this repository"),
    );

    step(`Starting the indexer on http://${HOST}:${ports.indexer}`);
    const indexer = groups.start({
      name: "indexer",
      command: process.execPath,
      args: [
        path.join(ROOT, "indexer/index.ts"),
        "--rpc",
        rpcUrl,
        "--port",
        String(ports.indexer),
        "--status-port",
        String(ports.indexerStatus),
        "--host",
        HOST,
        "--data",
        path.join(dataDir, "indexer"),
        "--name",
        SUBGRAPH_NAME,
        // The store under dataDir is this stack's: when the node is another chain than the one it
        // holds (a fresh Hardhat node after an earlier run), re-index rather than serve the old chain.
        "--reset-on-chain-change",
      ],
      onLine: output("indexer"),
    });
    services.push(indexer);
    await waitForLine(indexer, /queries: http/, 60_000);

    const seeded = await seeding;
    const head = Number(await rpc<string>(rpcUrl, "eth_blockNumber"));
    step(`Indexing up to block ${head}`);
    const statusUrl = `http://${HOST}:${ports.indexerStatus}/graphql`;
    await waitForIndex(graphqlUrl, head, 120_000, indexer, {
      rpcUrl,
      statusUrl,
      dataDir: path.join(dataDir, "indexer"),
    });

    if (existsSync(documentsFile)) {
      const { added, unknownKinds } = await importSeedDocuments(documentsFile, webDataDir, graphqlUrl, chainId);
      if (added > 0) step(`Stored ${added} seeded documents in the web app's document store`);
      if (unknownKinds.length) step(`Left out seeded documents of unknown kinds: ${unknownKinds.join(", ")}`);
    }

    const webProcess = await webStarting;
    if (webProcess) {
      await waitForPage(`${webUrl}/`, webProcess);
      services.push(webProcess);
    }

    return {
      chainId,
      rpcUrl,
      graphqlUrl,
      statusUrl,
      webUrl,
      dataDir,
      logDir,
      seeded,
      contracts,
      reusedNode,
      pids: services.map((managed) => managed.child.pid!),
      crashed: Promise.race(services.map((managed) => managed.exited.then(() => managed.name))),
      stop: async () => {
        options.signal?.removeEventListener("abort", onAbort);
        await stop();
        process.removeListener("exit", stopOnExit);
      },
    };
  } catch (error) {
    await stop();
    process.removeListener("exit", stopOnExit);
    throw error;
  }
}

async function choosePorts(
  options: StackOptions,
): Promise<{ rpc: number; indexer: number; indexerStatus: number; web: number; reuseRpc: boolean }> {
  const fixed = options.ports ?? {};
  let reuseRpc = false;
  if (fixed.rpc !== undefined && (await portTaken(fixed.rpc))) {
    const chainId = await rpc<string>(`http://${HOST}:${fixed.rpc}`, "eth_chainId").catch(() => undefined);
    if (!options.reuseNode || chainId === undefined) throw new PortTakenError("Ethereum node", fixed.rpc, "--rpc-port");
    reuseRpc = true;
  }
  if (fixed.indexer !== undefined && (await portTaken(fixed.indexer))) {
    throw new PortTakenError("indexer, GraphQL", fixed.indexer, "--indexer-port");
  }
  if (fixed.indexerStatus !== undefined && (await portTaken(fixed.indexerStatus))) {
    throw new PortTakenError("indexer, status API", fixed.indexerStatus, "--indexer-status-port");
  }
  if (options.web && fixed.web !== undefined && (await portTaken(fixed.web))) {
    throw new PortTakenError("web app", fixed.web, "--web-port");
  }
  return {
    rpc: fixed.rpc ?? (await freePort()),
    indexer: fixed.indexer ?? (await freePort()),
    indexerStatus: fixed.indexerStatus ?? (await freePort()),
    web: fixed.web ?? (await freePort()),
    reuseRpc,
  };
}

function hardhatCli(): string {
  return path.join(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");
}

function readDeployment(chainId: number): Stack["contracts"] {
  const file = path.join(ROOT, "deployments", "localhost.json");
  const deployment = JSON.parse(readFileSync(file, "utf8")) as {
    chainId: number;
    contracts: Record<string, { address: string }>;
  };
  if (deployment.chainId !== chainId) throw new Error(`${file} is for chain ${deployment.chainId}, not ${chainId}`);
  return {
    VendorRegistry: deployment.contracts.VendorRegistry.address,
    MosaicEscrow: deployment.contracts.MosaicEscrow.address,
    MockUSD: deployment.contracts.MockUSD.address,
  };
}

function ethCall(url: string, to: string, data: string): Promise<string> {
  return rpc<string>(url, "eth_call", [{ to, data }, "latest"]);
}
