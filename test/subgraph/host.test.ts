/**
 * The reusable host layer (subgraph/tests/runner: memory codec, graph-ts host functions, entity
 * store, event writer) driving the wasm that `graph build` produced, with events encoded and
 * decoded by ethers from the real ABIs: what the local indexer does with a chain's logs.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { Interface, getBytes, zeroPadBytes, toUtf8Bytes } from "ethers";
import { ensureSubgraphBuilt } from "../../subgraph/tests/runner/suite.ts";
import {
  EntityStore,
  displayStoreValue,
  eventParamsFromLog,
  graphTsHostFunctions,
  importedHostFunctions,
  instantiateMapping,
  loadModule,
  loadSchema,
  newEthereumEvent,
} from "../../subgraph/tests/runner/host.ts";
import type { EthereumEvent, LinkedMapping } from "../../subgraph/tests/runner/host.ts";

const SUBGRAPH = path.resolve(import.meta.dirname, "../../subgraph");
const WASM = {
  MosaicEscrow: path.join(SUBGRAPH, "build/MosaicEscrow/MosaicEscrow.wasm"),
  VendorRegistry: path.join(SUBGRAPH, "build/VendorRegistry/VendorRegistry.wasm"),
  HourBank: path.join(SUBGRAPH, "build/HourBank/HourBank.wasm"),
  ProjectRegistry: path.join(SUBGRAPH, "build/ProjectRegistry/ProjectRegistry.wasm"),
};

const ESCROW = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const REGISTRY = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const CLIENT = "0x1000000000000000000000000000000000000001";
const VENDOR = "0x2000000000000000000000000000000000000002";
const ARBITER = "0x3000000000000000000000000000000000000003";
const ETH = "0x0000000000000000000000000000000000000000";
const ETHER = 10n ** 18n;
const T0 = 1_735_689_600n;

interface AbiInput {
  type: string;
  indexed?: boolean;
  components?: AbiInput[];
}

interface AbiEvent {
  type: string;
  name: string;
  inputs: AbiInput[];
}

/** An ABI type as manifests spell it: tuples as (..), arrays kept. */
function abiType(input: AbiInput): string {
  if (!input.type.startsWith("tuple")) return input.type;
  return `(${input.components!.map(abiType).join(",")})${input.type.slice("tuple".length)}`;
}

function abi(name: string): Interface {
  return new Interface(JSON.parse(readFileSync(path.join(SUBGRAPH, "abis", `${name}.json`), "utf8")));
}

function skill(name: string): string {
  return zeroPadBytes(toUtf8Bytes(name), 32);
}

/** One chain's worth of events for both data sources, sharing one store like an indexer would. */
class Chain {
  readonly store: EntityStore;
  readonly escrow: LinkedMapping;
  readonly registry: LinkedMapping;
  readonly logs: string[] = [];
  private block = 10n;
  private logIndex = 0n;

  constructor() {
    this.store = new EntityStore(loadSchema(path.join(SUBGRAPH, "schema.graphql")));
    const link = (file: string) =>
      instantiateMapping(loadModule(readFileSync(file)), [
        (memory) =>
          graphTsHostFunctions({
            memory,
            store: this.store,
            onLog: (level, message) => this.logs.push(`${level} ${message}`),
          }),
      ]);
    this.escrow = link(WASM.MosaicEscrow);
    this.registry = link(WASM.VendorRegistry);
  }

  /** Encodes a log with ethers, decodes it back, and hands it to `handle<name>`. */
  emit(source: "escrow" | "registry", name: string, args: unknown[]): void {
    const iface = abi(source === "escrow" ? "MosaicEscrow" : "VendorRegistry");
    const fragment = iface.getEvent(name)!;
    const encoded = iface.encodeEventLog(fragment, args);
    const parsed = iface.parseLog(encoded)!;
    this.block += 1n;
    this.store.beginBlock();
    const event: EthereumEvent = {
      address: getBytes(source === "escrow" ? ESCROW : REGISTRY),
      logIndex: this.logIndex++,
      transactionLogIndex: 0n,
      logType: null,
      block: {
        hash: new Uint8Array(32).fill(Number(this.block % 256n)),
        parentHash: new Uint8Array(32),
        unclesHash: new Uint8Array(32),
        author: new Uint8Array(20),
        stateRoot: new Uint8Array(32),
        transactionsRoot: new Uint8Array(32),
        receiptsRoot: new Uint8Array(32),
        number: this.block,
        gasUsed: 0n,
        gasLimit: 30_000_000n,
        timestamp: T0 + this.block * 12n,
        difficulty: 0n,
        totalDifficulty: 0n,
        size: null,
        baseFeePerGas: 1n,
      },
      transaction: {
        hash: new Uint8Array(32).fill(Number((this.block * 7n) % 256n)),
        index: 0n,
        from: getBytes(CLIENT),
        to: getBytes(ESCROW),
        value: 0n,
        gasLimit: 1_000_000n,
        gasPrice: 1n,
        input: new Uint8Array(),
        nonce: this.block,
      },
      parameters: eventParamsFromLog(parsed),
      receipt: null,
    };
    const mapping = source === "escrow" ? this.escrow : this.registry;
    const handler = mapping.exports[`handle${name}`] as (ptr: number) => void;
    handler(newEthereumEvent(mapping.memory, event));
  }

  field(type: string, id: string, field: string): string {
    const entity = this.store.get(type, id);
    assert.ok(entity, `${type} ${id} is in the store`);
    const value = entity.get(field);
    assert.ok(value, `${type} ${id} has ${field}`);
    return displayStoreValue(value);
  }
}

before(async () => {
  await ensureSubgraphBuilt();
});

describe("the built mappings", () => {
  test("import only host functions this host provides", () => {
    for (const file of Object.values(WASM)) {
      const module = loadModule(readFileSync(file));
      assert.doesNotThrow(() =>
        instantiateMapping(module, [(memory) => graphTsHostFunctions({ memory, store: new EntityStore() })]),
      );
    }
  });

  test("import exactly the host functions HOST_FUNCTIONS.md lists", () => {
    const documented = new Set(
      [
        ...readFileSync(path.join(SUBGRAPH, "HOST_FUNCTIONS.md"), "utf8").matchAll(/^\| `([\w.]+)` \| `([\w.]+)` \|/gm),
      ].map((match) => `${match[1]}.${match[2]}`),
    );
    const imported = new Set(
      Object.values(WASM).flatMap((file) => importedHostFunctions(loadModule(readFileSync(file)))),
    );
    assert.deepEqual([...imported].sort(), [...documented].sort());
  });
});

describe("the manifest", () => {
  const manifest = () => readFileSync(path.join(SUBGRAPH, "subgraph.yaml"), "utf8").replace(/\s+/g, "");
  const signature = (event: { name: string; inputs: AbiInput[] }) =>
    `${event.name}(${event.inputs.map((input) => (input.indexed ? "indexed" : "") + abiType(input)).join(",")})`;

  test("handles every event the contracts can emit", () => {
    const compact = manifest();
    // Events the subgraph has no use for, by contract.
    const unhandled: Record<string, string[]> = {
      // ERC-5267's event; the escrow's EIP-712 domain is immutable, so it is never emitted.
      MosaicEscrow: ["EIP712DomainChanged"],
      VendorRegistry: [],
      // ERC-1497's Dispute repeats LogContested; the hour bank never emits MetaEvidence.
      HourBank: ["Dispute", "MetaEvidence"],
      ProjectRegistry: [],
    };
    for (const name of Object.keys(unhandled)) {
      const events = (JSON.parse(readFileSync(path.join(SUBGRAPH, "abis", `${name}.json`), "utf8")) as AbiEvent[])
        .filter((entry) => entry.type === "event")
        .filter((event) => !unhandled[name].includes(event.name));
      for (const event of events) {
        assert.ok(compact.includes(`event:${signature(event)}handler:handle${event.name}`), `${name}.${event.name}`);
      }
    }
  });

  test("has every handler exercised by a matchstick test", () => {
    const handlers = [...manifest().matchAll(/handler:(handle\w+?)(?=-|file:)/g)].map((match) => match[1]);
    assert.ok(handlers.length >= 28);
    const tests = readdirSync(path.join(SUBGRAPH, "tests"))
      .filter((file) => file.endsWith(".test.ts"))
      .map((file) => readFileSync(path.join(SUBGRAPH, "tests", file), "utf8"))
      .join("\n");
    const missing = handlers.filter((handler) => !new RegExp(`\\b${handler}\\(`).test(tests));
    assert.deepEqual(missing, []);
  });
});

describe("a job's life through the built mappings and the shared store", () => {
  let chain: Chain;
  const client = CLIENT.toLowerCase();
  const vendor = VENDOR.toLowerCase();

  before(() => {
    chain = new Chain();
    chain.emit("escrow", "TokenConfigured", [ETH, true, 10n ** 15n, 10n ** 17n]);
    chain.emit("registry", "VendorProfileSet", [
      VENDOR,
      [skill("solidity"), skill("audit")],
      12_000,
      -300,
      30,
      "bafy-profile",
    ]);
    chain.emit("escrow", "JobPosted", [
      1n,
      CLIENT,
      ETH,
      ARBITER,
      100,
      50,
      [ETH, ARBITER, 100, 259_200, true, 400, 2, [skill("solidity")], "bafy-spec"],
      [
        [100n * ETHER, 0n, T0 + 864_000n, 0n],
        [50n * ETHER, 10n * ETHER, T0 + 1_728_000n, T0 + 2_592_000n],
      ],
    ]);
    chain.emit("escrow", "MetaEvidence", [1n, "bafy-spec"]);
    chain.emit("escrow", "MilestonesFunded", [1n, 0n, 2n, 160n * ETHER]);
    chain.emit("escrow", "VendorHired", [1n, VENDOR, false]);
    chain.emit("escrow", "MilestoneReleased", [1n, 0n, VENDOR, (995n * ETHER) / 10n, ETHER / 2n, true]);
    chain.emit("escrow", "PaymentDeferred", [ETH, VENDOR, (995n * ETHER) / 10n]);
    chain.emit("escrow", "Rated", [1n, CLIENT, VENDOR, 5, 100_000n, true, true]);
  });

  test("decodes a signed int16 and a bytes32[] from the registry's event", () => {
    assert.equal(chain.field("Vendor", vendor, "timezoneOffsetMinutes"), "-300");
    assert.equal(chain.field("Vendor", vendor, "skills"), `[${skill("solidity")}, ${skill("audit")}]`);
    assert.equal(chain.field("Vendor", vendor, "metadataCid"), "bafy-profile");
  });

  test("decodes the job's tuple terms and tuple[] milestones", () => {
    assert.equal(chain.field("Job", "1", "open"), "true");
    assert.equal(chain.field("Job", "1", "minPaidJobs"), "2");
    assert.equal(chain.field("Job", "1", "weightUnit"), (10n ** 15n).toString());
    assert.equal(chain.field("Job", "1", "paidJobThreshold"), (10n ** 17n).toString());
    assert.equal(chain.field("Job", "1", "metaEvidence"), "bafy-spec");
    assert.equal(chain.field("Job", "1", "reviewWindow"), "259200");
    assert.equal(chain.field("Job", "1", "specCid"), "bafy-spec");
    assert.equal(chain.field("Milestone", "1-1", "bonus"), (10n * ETHER).toString());
    assert.equal(chain.field("Milestone", "1-1", "outcomeDeadline"), (T0 + 2_592_000n).toString());
  });

  test("keeps the books across both data sources", () => {
    assert.equal(chain.field("Token", ETH, "held"), (60n * ETHER).toString());
    assert.equal(chain.field("Token", ETH, "owed"), ((995n * ETHER) / 10n).toString());
    assert.equal(chain.field("Token", ETH, "feesAccrued"), (ETHER / 2n).toString());
    assert.equal(chain.field("Job", "1", "status"), "Hired");
    assert.equal(chain.field("Vendor", vendor, "paidJobs"), "1");
    assert.equal(chain.field("Vendor", vendor, "paidVolume"), "100000");
    assert.equal(chain.field("Vendor", vendor, "ratingWeightedSum"), "500000");
    assert.equal(chain.field("Vendor", vendor, "countedPaidJobs"), "1");
    assert.equal(chain.field("Vendor", vendor, "activeJobs"), "1");
    assert.equal(chain.field("Client", client, "jobCount"), "1");
  });

  test("ids immutable entities by transaction hash and log index", () => {
    const payments = [...chain.store.all("Payment").keys()];
    assert.equal(payments.length, 1);
    assert.match(payments[0], /^0x[0-9a-f]{72}$/);
  });

  test("logs nothing on the happy path", () => {
    assert.deepEqual(chain.logs, []);
  });
});
