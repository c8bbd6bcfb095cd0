// A small schema and a store filled block by block, for the store and GraphQL tests.
import { EntityStore } from "../../../indexer/src/store/entity-store.ts";
import type { BlockRecord, EntityChanges } from "../../../indexer/src/store/entity-store.ts";
import type { EntityData } from "../../../indexer/src/store/entity-values.ts";
import { parseSubgraphSchema } from "../../../indexer/src/schema/subgraph-schema.ts";
import * as BigDecimal from "../../../indexer/src/runtime/big-decimal.ts";

export const FIXTURE_SCHEMA = `
type Account @entity(immutable: false) {
  id: Bytes!
  name: String!
  balance: BigInt!
  score: BigDecimal
  tags: [String!]!
  jobs: [Job!]! @derivedFrom(field: "client")
  favorite: Job
  posted: Int8!
}

enum JobState {
  Open
  Hired
  Done
}

type Job @entity(immutable: false) {
  id: ID!
  client: Account!
  title: String!
  budget: BigInt!
  state: JobState!
  rating: Int
  open: Boolean!
  reviewers: [Account!]!
  milestones: [Milestone!]! @derivedFrom(field: "job")
}

type Milestone @entity(immutable: true) {
  id: ID!
  job: Job!
  index: Int!
  amount: BigInt!
}
`;

export function block(number: number, fork = "a"): BlockRecord {
  const hex = (n: number, tag: string) => "0x" + (tag + n.toString(16)).padStart(64, "0");
  return {
    number,
    hash: hex(number, fork === "a" ? "a" : fork),
    parentHash: number === 0 ? hex(0, "0") : hex(number - 1, fork === "a" ? "a" : fork),
    timestamp: 1_700_000_000 + number * 12,
  };
}

export function changes(entries: [string, string, EntityData | null][]): EntityChanges {
  const out: EntityChanges = new Map();
  for (const [entity, id, data] of entries) {
    if (!out.has(entity)) out.set(entity, new Map());
    out.get(entity)!.set(id, data);
  }
  return out;
}

export const ALICE = "0x00000000000000000000000000000000000000a1";
export const BOB = "0x00000000000000000000000000000000000000b0";
export const CAROL = "0x00000000000000000000000000000000000000c0";

export function account(id: string, name: string, balance: bigint, extra: Partial<EntityData> = {}): EntityData {
  return { id, name, balance, tags: [], posted: 0n, ...extra } as EntityData;
}

export function job(
  id: string,
  client: string,
  title: string,
  budget: bigint,
  state: string,
  extra: Partial<EntityData> = {},
): EntityData {
  return { id, client, title, budget, state, open: state === "Open", reviewers: [], ...extra } as EntityData;
}

/**
 * Block 1: alice, bob, jobs 1-2; block 2: job 3 (carol), alice's balance changes;
 * block 3: job 1 done and rated, milestones; block 4: bob removed.
 */
export function filledStore(): EntityStore {
  const store = new EntityStore(":memory:", parseSubgraphSchema(FIXTURE_SCHEMA), "fixture");
  store.commitBlock(
    block(1),
    changes([
      ["Account", ALICE, account(ALICE, "Alice", 100n, { score: BigDecimal.parse("4.5"), tags: ["solidity", "Rust"] })],
      ["Account", BOB, account(BOB, "Bob", 5n, { tags: ["design"] })],
      ["Job", "1", job("1", ALICE, "Audit the escrow", 1000n, "Open")],
      ["Job", "2", job("2", BOB, "Design a logo", 50n, "Hired", { reviewers: [ALICE] })],
    ]),
  );
  store.commitBlock(
    block(2),
    changes([
      ["Account", CAROL, account(CAROL, "carol", 10n ** 30n, { score: BigDecimal.parse("-0.25"), posted: 3n })],
      [
        "Account",
        ALICE,
        account(ALICE, "Alice", 250n, { score: BigDecimal.parse("4.75"), tags: ["solidity", "Rust"], favorite: "2" }),
      ],
      ["Job", "3", job("3", CAROL, "Write docs", 300n, "Open", { reviewers: [ALICE, BOB] })],
    ]),
  );
  store.commitBlock(
    block(3),
    changes([
      ["Job", "1", job("1", ALICE, "Audit the escrow", 1000n, "Done", { rating: 5 })],
      ["Milestone", "1-0", { id: "1-0", job: "1", index: 0, amount: 600n }],
      ["Milestone", "1-1", { id: "1-1", job: "1", index: 1, amount: 400n }],
    ]),
  );
  store.commitBlock(block(4), changes([["Account", BOB, null]]));
  return store;
}
