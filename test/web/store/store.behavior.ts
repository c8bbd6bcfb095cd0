/**
 * The behaviour every server store backend must have (web/server/store/types.ts), run against each
 * backend by backends.test.ts. "Instances" are two stores opened on the same location, as two web
 * servers behind a load balancer would open them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import type { DocumentKind, ServerStore, StoredDocument } from "../../../web/server/store/types.ts";

export interface StoreBackend {
  name: string;
  /** Why this backend cannot run on this machine, or undefined. */
  unavailable?: () => string | undefined;
  /** A fresh, empty location (database, folder) and a function to open an instance on it. */
  setUp(): Promise<{ open(): Promise<ServerStore>; tearDown(): Promise<void> }>;
}

const encoder = new TextEncoder();
const ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const BOB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

export async function makeDocument(
  content: unknown,
  fields: Partial<Omit<StoredDocument, "cid" | "bytes">> = {},
): Promise<StoredDocument> {
  const bytes = encoder.encode(JSON.stringify(content));
  const cid = CID.create(1, raw.code, await sha256.digest(bytes)).toString();
  return { cid, bytes, kind: "note", author: ALICE, subject: null, createdAt: Date.now(), ...fields };
}

function summary(doc: StoredDocument) {
  return { ...doc, bytes: Buffer.from(doc.bytes).toString("hex") };
}

export function describeStoreBehavior(backend: StoreBackend): void {
  const skip = backend.unavailable?.();
  describe(`${backend.name} store`, { skip }, () => {
    let tearDown: () => Promise<void>;
    let open: () => Promise<ServerStore>;
    let store: ServerStore;
    let other: ServerStore;

    before(async () => {
      ({ open, tearDown } = await backend.setUp());
      // Opened together, as instances starting side by side do (both may create the schema).
      [store, other] = await Promise.all([open(), open()]);
    });
    after(async () => {
      await store?.close();
      await other?.close();
      await tearDown?.();
    });

    describe("documents", () => {
      it("returns a stored document with the exact bytes and fields it was given", async () => {
        const doc = await makeDocument({ title: "Logo", budget: "1200" }, { kind: "job-spec", subject: "job:1:1" });
        await store.documents.put(doc);
        const read = await store.documents.get(doc.cid);
        assert.ok(read);
        assert.deepEqual(summary(read), summary(doc));
        assert.ok(read.bytes instanceof Uint8Array);
      });

      it("keeps every byte value intact", async () => {
        const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
        const cid = CID.create(1, raw.code, await sha256.digest(bytes)).toString();
        const doc: StoredDocument = { cid, bytes, kind: "deliverable", author: BOB, subject: null, createdAt: 5 };
        await store.documents.put(doc);
        assert.deepEqual(Buffer.from((await store.documents.get(cid))!.bytes), Buffer.from(bytes));
      });

      it("answers null for an unknown CID", async () => {
        const unknown = await makeDocument({ never: "stored" });
        assert.equal(await store.documents.get(unknown.cid), null);
      });

      it("treats writing the same CID again as a no-op that keeps the first write", async () => {
        const doc = await makeDocument({ same: true }, { author: ALICE, createdAt: 1000 });
        await store.documents.put(doc);
        await store.documents.put({ ...doc, author: BOB, createdAt: 2000 });
        const read = await store.documents.get(doc.cid);
        assert.equal(read?.author, ALICE);
        assert.equal(read?.createdAt, 1000);
      });

      it("lists the documents of one kind and subject, oldest first", async () => {
        const subject = "job:84532:7";
        const quotes: StoredDocument[] = [];
        for (let i = 0; i < 3; i++) {
          quotes.push(await makeDocument({ quote: i }, { kind: "quote", subject, createdAt: 100 + i }));
        }
        const otherKind = await makeDocument({ note: 1 }, { kind: "note", subject });
        const otherSubject = await makeDocument({ quote: "x" }, { kind: "quote", subject: "job:84532:8" });
        for (const doc of [quotes[0], otherKind, quotes[1], otherSubject, quotes[2]]) await store.documents.put(doc);
        const listed = await store.documents.listBySubject("quote", subject);
        assert.deepEqual(
          listed.map((d) => d.cid),
          quotes.map((d) => d.cid),
        );
        assert.deepEqual(await store.documents.listBySubject("evidence" as DocumentKind, subject), []);
      });

      it("yields every document once, oldest first, across pages", async () => {
        const before = new Set<string>();
        for await (const doc of store.documents.all()) before.add(doc.cid);
        const written: string[] = [];
        for (let i = 0; i < 450; i++) {
          const doc = await makeDocument({ page: i }, { createdAt: 10_000 + i });
          await store.documents.put(doc);
          written.push(doc.cid);
        }
        const seen: string[] = [];
        for await (const doc of other.documents.all()) if (!before.has(doc.cid)) seen.push(doc.cid);
        assert.deepEqual(seen, written);
      });

      it("reads through one instance what was written through another", async () => {
        const doc = await makeDocument({ shared: "across instances" }, { kind: "vendor-profile", subject: BOB });
        await store.documents.put(doc);
        assert.deepEqual(summary((await other.documents.get(doc.cid))!), summary(doc));
        assert.deepEqual(
          (await other.documents.listBySubject("vendor-profile", BOB)).map((d) => d.cid),
          [doc.cid],
        );
      });
    });

    describe("nonces", () => {
      it("accepts a live nonce once, then answers unknown", async () => {
        const now = Date.now();
        await store.nonces.issue("nonce-once", now + 600_000);
        assert.equal(await store.nonces.consume("nonce-once", now), "ok");
        assert.equal(await store.nonces.consume("nonce-once", now), "unknown");
      });

      it("answers unknown for a nonce never issued", async () => {
        assert.equal(await store.nonces.consume("never-issued", Date.now()), "unknown");
      });

      it("answers expired for a nonce past its expiry, and never accepts it later", async () => {
        const now = Date.now();
        await store.nonces.issue("nonce-late", now + 1_000);
        assert.equal(await store.nonces.consume("nonce-late", now + 1_001), "expired");
        assert.equal(await store.nonces.consume("nonce-late", now), "unknown");
      });

      it("accepts a nonce issued by one instance exactly once when both race to use it", async () => {
        const now = Date.now();
        for (let round = 0; round < 5; round++) {
          const nonce = `race-${round}`;
          await store.nonces.issue(nonce, now + 600_000);
          const outcomes = await Promise.all(
            Array.from({ length: 20 }, (_, i) => (i % 2 ? other : store).nonces.consume(nonce, now)),
          );
          assert.equal(outcomes.filter((o) => o === "ok").length, 1, `round ${round}: ${outcomes.join(",")}`);
          assert.equal(outcomes.filter((o) => o === "unknown").length, 19);
        }
      });
    });

    describe("sessions", () => {
      it("returns a live session's address and chain", async () => {
        const now = Date.now();
        await store.sessions.create({ id: "s-live", address: ALICE, chainId: 84532, expiresAt: now + 60_000 });
        assert.deepEqual(await other.sessions.get("s-live", now), { address: ALICE, chainId: 84532 });
      });

      it("answers null for an unknown or expired session", async () => {
        const now = Date.now();
        assert.equal(await store.sessions.get("s-unknown", now), null);
        await store.sessions.create({ id: "s-expiring", address: BOB, chainId: 31337, expiresAt: now + 1_000 });
        assert.equal(await store.sessions.get("s-expiring", now + 1_000), null);
      });

      it("never accepts a revoked session again, on any instance", async () => {
        const now = Date.now();
        await store.sessions.create({ id: "s-revoked", address: BOB, chainId: 31337, expiresAt: now + 60_000 });
        await other.sessions.revoke("s-revoked");
        assert.equal(await store.sessions.get("s-revoked", now), null);
        assert.equal(await other.sessions.get("s-revoked", now), null);
        await store.sessions.revoke("s-never-existed");
      });
    });

    describe("rate limits", () => {
      it("counts hits per key and window", async () => {
        // Current windows: a backend may drop windows that ended long ago.
        const window = Math.floor(Date.now() / 60_000) * 60_000;
        assert.equal(await store.rateLimits.hit("sign-in:1.2.3.4", window, 60_000), 1);
        assert.equal(await store.rateLimits.hit("sign-in:1.2.3.4", window, 60_000), 2);
        assert.equal(await store.rateLimits.hit("sign-in:5.6.7.8", window, 60_000), 1);
        assert.equal(await store.rateLimits.hit("sign-in:1.2.3.4", window + 60_000, 60_000), 1);
      });

      it("counts concurrent hits from both instances exactly", async () => {
        const window = Math.floor(Date.now() / 60_000) * 60_000;
        const counts = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? other : store).rateLimits.hit("documents:race", window, 60_000),
          ),
        );
        assert.deepEqual(
          counts.sort((a, b) => a - b),
          Array.from({ length: 40 }, (_, i) => i + 1),
        );
      });
    });
  });
}
