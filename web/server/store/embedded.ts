/**
 * The embedded store: one SQLite file (Node's built-in `node:sqlite`, WAL journal) in the data
 * directory. Good for one server instance; several instances need the PostgreSQL store.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { DocumentKind, NonceOutcome, NotificationStore, ServerStore, StoredDocument } from "./types.ts";
import { toDelivery, toSubscription, type DeliveryRow, type SubscriptionRow } from "./notify-rows.ts";

export const EMBEDDED_STORE_FILE = "mosaic-web.sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  cid TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  bytes BLOB NOT NULL,
  author TEXT NOT NULL,
  subject TEXT,
  created_at INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_by_subject ON documents (kind, subject, seq);
CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  chain_id INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS rate_limits (
  key TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE TABLE IF NOT EXISTS notify_subscriptions (
  address TEXT PRIMARY KEY,
  webhook_url TEXT,
  email TEXT,
  kinds TEXT NOT NULL,
  secret TEXT NOT NULL,
  primed INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS notify_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL,
  channel TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS notify_deliveries_due ON notify_deliveries (status, next_at);
CREATE INDEX IF NOT EXISTS notify_deliveries_by_address ON notify_deliveries (address, seq);
`;

interface DocumentRow {
  cid: string;
  kind: string;
  bytes: Uint8Array;
  author: string;
  subject: string | null;
  created_at: number;
}

function toDocument(row: DocumentRow): StoredDocument {
  return {
    cid: row.cid,
    kind: row.kind as DocumentKind,
    bytes: new Uint8Array(row.bytes),
    author: row.author,
    subject: row.subject,
    createdAt: Number(row.created_at),
  };
}

function notificationStore(db: DatabaseSync): NotificationStore {
  const upsert = db.prepare(
    `INSERT INTO notify_subscriptions (address, webhook_url, email, kinds, secret, primed, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (address) DO UPDATE SET webhook_url = excluded.webhook_url, email = excluded.email,
       kinds = excluded.kinds, secret = excluded.secret, primed = excluded.primed, updated_at = excluded.updated_at`,
  );
  const selectOne = db.prepare("SELECT * FROM notify_subscriptions WHERE address = ?");
  const selectAll = db.prepare("SELECT * FROM notify_subscriptions ORDER BY address");
  const deleteOne = db.prepare("DELETE FROM notify_subscriptions WHERE address = ?");
  const skipPending = db.prepare(
    "UPDATE notify_deliveries SET status = 'skipped' WHERE address = ? AND status = 'pending'",
  );
  const primed = db.prepare("UPDATE notify_subscriptions SET primed = 1 WHERE address = ? AND updated_at = ?");
  const insert = db.prepare(
    `INSERT INTO notify_deliveries (key, address, channel, payload, status, next_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO NOTHING`,
  );
  // One statement: SQLite has one writer, so no two callers take the same row.
  const lease = db.prepare(
    `UPDATE notify_deliveries SET next_at = ?, attempts = attempts + 1
     WHERE seq IN (SELECT seq FROM notify_deliveries WHERE status = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?)
     RETURNING *`,
  );
  const settle = db.prepare("UPDATE notify_deliveries SET status = ?, next_at = ?, last_error = ? WHERE key = ?");
  const byAddress = db.prepare("SELECT * FROM notify_deliveries WHERE address = ? ORDER BY seq DESC LIMIT ?");
  const mark = db.prepare("SELECT COALESCE(MAX(seq), 0) AS mark FROM documents");
  return {
    async putSubscription(s) {
      upsert.run(s.address, s.webhookUrl, s.email, JSON.stringify(s.kinds), s.secret, s.primed ? 1 : 0, s.updatedAt);
    },
    async getSubscription(address) {
      const row = selectOne.get(address) as SubscriptionRow | undefined;
      return row ? toSubscription(row) : null;
    },
    async deleteSubscription(address) {
      deleteOne.run(address);
      skipPending.run(address);
    },
    async subscriptions() {
      return (selectAll.all() as unknown as SubscriptionRow[]).map(toSubscription);
    },
    async markPrimed(address, updatedAt) {
      primed.run(address, updatedAt);
    },
    async record(deliveries) {
      db.exec("BEGIN");
      try {
        for (const d of deliveries) insert.run(d.key, d.address, d.channel, d.payload, d.status, d.nextAt);
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
    async lease(now, until, limit) {
      return (lease.all(until, now, limit) as unknown as DeliveryRow[]).map(toDelivery);
    },
    async settle(key, status, nextAt, error) {
      settle.run(status, nextAt, error, key);
    },
    async deliveries(address, limit) {
      return (byAddress.all(address, limit) as unknown as DeliveryRow[]).map(toDelivery);
    },
    async documentsMark() {
      return Number((mark.get() as { mark: number }).mark);
    },
  };
}

/** Opens (creating when needed) the embedded store in `dir`. */
export function openEmbeddedStore(dir: string): ServerStore {
  mkdirSync(dir, { recursive: true });
  const db = new DatabaseSync(path.join(dir, EMBEDDED_STORE_FILE));
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  db.exec(SCHEMA);

  const insertDocument = db.prepare(
    `INSERT INTO documents (cid, kind, bytes, author, subject, created_at, seq)
     VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM documents))
     ON CONFLICT (cid) DO NOTHING`,
  );
  const selectDocument = db.prepare("SELECT * FROM documents WHERE cid = ?");
  const selectBySubject = db.prepare("SELECT * FROM documents WHERE kind = ? AND subject = ? ORDER BY seq");
  const selectPage = db.prepare("SELECT * FROM documents WHERE seq > ? ORDER BY seq LIMIT ?");
  const insertNonce = db.prepare("INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)");
  const deleteNonce = db.prepare("DELETE FROM nonces WHERE nonce = ? RETURNING expires_at");
  const purgeNonces = db.prepare("DELETE FROM nonces WHERE expires_at < ?");
  const insertSession = db.prepare("INSERT INTO sessions (id, address, chain_id, expires_at) VALUES (?, ?, ?, ?)");
  const selectSession = db.prepare(
    "SELECT address, chain_id FROM sessions WHERE id = ? AND revoked = 0 AND expires_at > ?",
  );
  const revokeSession = db.prepare("UPDATE sessions SET revoked = 1 WHERE id = ?");
  const hitRate = db.prepare(
    `INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count`,
  );
  const purgeRates = db.prepare("DELETE FROM rate_limits WHERE expires_at < ?");

  return {
    documents: {
      async put(doc) {
        insertDocument.run(doc.cid, doc.kind, doc.bytes, doc.author, doc.subject, doc.createdAt);
      },
      async get(cid) {
        const row = selectDocument.get(cid) as DocumentRow | undefined;
        return row ? toDocument(row) : null;
      },
      async listBySubject(kind, subject) {
        return (selectBySubject.all(kind, subject) as unknown as DocumentRow[]).map(toDocument);
      },
      async *all() {
        let after = 0;
        for (;;) {
          const rows = selectPage.all(after, 200) as unknown as (DocumentRow & { seq: number })[];
          if (rows.length === 0) return;
          for (const row of rows) yield toDocument(row);
          after = Number(rows[rows.length - 1].seq);
        }
      },
    },
    nonces: {
      async issue(nonce, expiresAt) {
        purgeNonces.run(Date.now() - 60 * 60 * 1000);
        insertNonce.run(nonce, expiresAt);
      },
      async consume(nonce, now): Promise<NonceOutcome> {
        // DELETE ... RETURNING is one statement: of two racing requests exactly one gets the row.
        const row = deleteNonce.get(nonce) as { expires_at: number } | undefined;
        if (!row) return "unknown";
        return Number(row.expires_at) > now ? "ok" : "expired";
      },
    },
    sessions: {
      async create(session) {
        insertSession.run(session.id, session.address, session.chainId, session.expiresAt);
      },
      async get(id, now) {
        const row = selectSession.get(id, now) as { address: string; chain_id: number } | undefined;
        return row ? { address: row.address, chainId: Number(row.chain_id) } : null;
      },
      async revoke(id) {
        revokeSession.run(id);
      },
    },
    rateLimits: {
      async hit(key, windowStart, windowMs) {
        purgeRates.run(Date.now() - windowMs);
        const row = hitRate.get(key, windowStart, windowStart + windowMs) as { count: number };
        return Number(row.count);
      },
    },
    notifications: notificationStore(db),
    async close() {
      db.close();
    },
  };
}
