/**
 * The server store in PostgreSQL (`DATABASE_URL`): documents, SIWE nonces, sessions and rate-limit
 * counters shared by any number of web server instances. Pure JavaScript (`pg`), no native addon.
 *
 * Every operation is one SQL statement, so each is atomic across instances without explicit
 * transactions: a nonce is consumed by `DELETE ... RETURNING` (only one racer gets the row), a
 * rate-limit hit is an upsert that returns the new count.
 */
import pg from "pg";
import type {
  DocumentKind,
  DocumentStore,
  NonceOutcome,
  NonceStore,
  NotificationStore,
  RateLimitStore,
  ServerStore,
  SessionStore,
  StoredDocument,
} from "./types.ts";
import { toDelivery, toSubscription, type DeliveryRow, type SubscriptionRow } from "./notify-rows.ts";

/** Schema migrations, applied in order once per database; never edit one that has shipped. */
const MIGRATIONS: string[] = [
  `CREATE TABLE mosaic_documents (
     seq        bigserial PRIMARY KEY,
     cid        text NOT NULL UNIQUE,
     kind       text NOT NULL,
     bytes      bytea NOT NULL,
     author     text NOT NULL,
     subject    text,
     created_at bigint NOT NULL
   );
   CREATE INDEX mosaic_documents_by_subject ON mosaic_documents (kind, subject, seq);
   CREATE TABLE mosaic_nonces (
     nonce      text PRIMARY KEY,
     expires_at bigint NOT NULL
   );
   CREATE INDEX mosaic_nonces_by_expiry ON mosaic_nonces (expires_at);
   CREATE TABLE mosaic_sessions (
     id         text PRIMARY KEY,
     address    text NOT NULL,
     chain_id   integer NOT NULL,
     expires_at bigint NOT NULL
   );
   CREATE INDEX mosaic_sessions_by_expiry ON mosaic_sessions (expires_at);
   CREATE TABLE mosaic_rate_limits (
     key          text NOT NULL,
     window_start bigint NOT NULL,
     window_end   bigint NOT NULL,
     hits         integer NOT NULL,
     PRIMARY KEY (key, window_start)
   );
   CREATE INDEX mosaic_rate_limits_by_end ON mosaic_rate_limits (window_end);`,
  // Inbox delivery by webhook or e-mail (server/notify/): one row per address, one per item and channel.
  `CREATE TABLE mosaic_notify_subscriptions (
     address     text PRIMARY KEY,
     webhook_url text,
     email       text,
     kinds       text NOT NULL,
     secret      text NOT NULL,
     primed      boolean NOT NULL,
     updated_at  bigint NOT NULL
   );
   CREATE TABLE mosaic_notify_deliveries (
     seq        bigserial PRIMARY KEY,
     key        text NOT NULL UNIQUE,
     address    text NOT NULL,
     channel    text NOT NULL,
     payload    text NOT NULL,
     status     text NOT NULL,
     attempts   integer NOT NULL DEFAULT 0,
     next_at    bigint NOT NULL,
     last_error text
   );
   CREATE INDEX mosaic_notify_deliveries_due ON mosaic_notify_deliveries (status, next_at);
   CREATE INDEX mosaic_notify_deliveries_by_address ON mosaic_notify_deliveries (address, seq);`,
];

/** Any constant works; it only has to be the same for every instance migrating the same database. */
const MIGRATION_LOCK_ID = 0x6d6f7361; // "mosa"
/** How many documents `all()` reads per query. */
const PAGE_SIZE = 200;
/** Expired nonces, sessions and rate-limit windows are swept at most this often per instance. */
const SWEEP_INTERVAL_MS = 60_000;

interface DocumentRow {
  seq: string;
  cid: string;
  kind: DocumentKind;
  bytes: Buffer;
  author: string;
  subject: string | null;
  created_at: string;
}

function toDocument(row: DocumentRow): StoredDocument {
  return {
    cid: row.cid,
    kind: row.kind,
    bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
    author: row.author,
    subject: row.subject,
    createdAt: Number(row.created_at),
  };
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // Instances starting together wait here instead of racing on CREATE TABLE.
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_ID]);
    await client.query("CREATE TABLE IF NOT EXISTS mosaic_schema_version (version integer NOT NULL)");
    const { rows } = await client.query<{ version: number }>("SELECT version FROM mosaic_schema_version");
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `The database is at schema version ${current}, newer than this server knows (${MIGRATIONS.length}): ` +
          "deploy the newer server version everywhere, or point DATABASE_URL at another database.",
      );
    }
    for (let version = current; version < MIGRATIONS.length; version++) await client.query(MIGRATIONS[version]);
    if (rows.length === 0) {
      await client.query("INSERT INTO mosaic_schema_version (version) VALUES ($1)", [MIGRATIONS.length]);
    } else if (current < MIGRATIONS.length) {
      await client.query("UPDATE mosaic_schema_version SET version = $1", [MIGRATIONS.length]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function documentStore(pool: pg.Pool): DocumentStore {
  return {
    async put(doc) {
      await pool.query(
        `INSERT INTO mosaic_documents (cid, kind, bytes, author, subject, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cid) DO NOTHING`,
        [doc.cid, doc.kind, Buffer.from(doc.bytes), doc.author, doc.subject, doc.createdAt],
      );
    },

    async get(cid) {
      const { rows } = await pool.query<DocumentRow>("SELECT * FROM mosaic_documents WHERE cid = $1", [cid]);
      return rows.length ? toDocument(rows[0]) : null;
    },

    async listBySubject(kind, subject) {
      const { rows } = await pool.query<DocumentRow>(
        "SELECT * FROM mosaic_documents WHERE kind = $1 AND subject = $2 ORDER BY seq",
        [kind, subject],
      );
      return rows.map(toDocument);
    },

    async *all() {
      // Keyset pages: documents written while iterating are picked up, none is read twice.
      let after = "0";
      for (;;) {
        const { rows } = await pool.query<DocumentRow>(
          "SELECT * FROM mosaic_documents WHERE seq > $1 ORDER BY seq LIMIT $2",
          [after, PAGE_SIZE],
        );
        for (const row of rows) yield toDocument(row);
        if (rows.length < PAGE_SIZE) return;
        after = rows[rows.length - 1].seq;
      }
    },
  };
}

function nonceStore(pool: pg.Pool, sweep: (now: number) => void): NonceStore {
  return {
    async issue(nonce, expiresAt) {
      sweep(Date.now());
      await pool.query("INSERT INTO mosaic_nonces (nonce, expires_at) VALUES ($1, $2)", [nonce, expiresAt]);
    },

    async consume(nonce, now): Promise<NonceOutcome> {
      // One statement: of several instances racing on the same nonce, exactly one gets the row back.
      const { rows } = await pool.query<{ expires_at: string }>(
        "DELETE FROM mosaic_nonces WHERE nonce = $1 RETURNING expires_at",
        [nonce],
      );
      if (rows.length === 0) return "unknown";
      return Number(rows[0].expires_at) > now ? "ok" : "expired";
    },
  };
}

function sessionStore(pool: pg.Pool): SessionStore {
  return {
    async create(session) {
      await pool.query("INSERT INTO mosaic_sessions (id, address, chain_id, expires_at) VALUES ($1, $2, $3, $4)", [
        session.id,
        session.address,
        session.chainId,
        session.expiresAt,
      ]);
    },

    async get(id, now) {
      const { rows } = await pool.query<{ address: string; chain_id: number }>(
        "SELECT address, chain_id FROM mosaic_sessions WHERE id = $1 AND expires_at > $2",
        [id, now],
      );
      return rows.length ? { address: rows[0].address, chainId: rows[0].chain_id } : null;
    },

    async revoke(id) {
      await pool.query("DELETE FROM mosaic_sessions WHERE id = $1", [id]);
    },
  };
}

function rateLimitStore(pool: pg.Pool, sweep: (now: number) => void): RateLimitStore {
  return {
    async hit(key, windowStart, windowMs) {
      sweep(Date.now());
      const { rows } = await pool.query<{ hits: number }>(
        `INSERT INTO mosaic_rate_limits (key, window_start, window_end, hits) VALUES ($1, $2, $3, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = mosaic_rate_limits.hits + 1
         RETURNING hits`,
        [key, windowStart, windowStart + windowMs],
      );
      return rows[0].hits;
    },
  };
}

function notificationStore(pool: pg.Pool): NotificationStore {
  return {
    async putSubscription(s) {
      await pool.query(
        `INSERT INTO mosaic_notify_subscriptions (address, webhook_url, email, kinds, secret, primed, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (address) DO UPDATE SET webhook_url = EXCLUDED.webhook_url, email = EXCLUDED.email,
           kinds = EXCLUDED.kinds, secret = EXCLUDED.secret, primed = EXCLUDED.primed, updated_at = EXCLUDED.updated_at`,
        [s.address, s.webhookUrl, s.email, JSON.stringify(s.kinds), s.secret, s.primed, s.updatedAt],
      );
    },

    async getSubscription(address) {
      const { rows } = await pool.query<SubscriptionRow>(
        "SELECT * FROM mosaic_notify_subscriptions WHERE address = $1",
        [address],
      );
      return rows.length ? toSubscription(rows[0]) : null;
    },

    async deleteSubscription(address) {
      await pool.query("DELETE FROM mosaic_notify_subscriptions WHERE address = $1", [address]);
      await pool.query(
        "UPDATE mosaic_notify_deliveries SET status = 'skipped' WHERE address = $1 AND status = 'pending'",
        [address],
      );
    },

    async subscriptions() {
      const { rows } = await pool.query<SubscriptionRow>("SELECT * FROM mosaic_notify_subscriptions ORDER BY address");
      return rows.map(toSubscription);
    },

    async markPrimed(address, updatedAt) {
      await pool.query("UPDATE mosaic_notify_subscriptions SET primed = true WHERE address = $1 AND updated_at = $2", [
        address,
        updatedAt,
      ]);
    },

    async record(deliveries) {
      if (deliveries.length === 0) return;
      // One statement: a key another instance recorded first stays as that instance wrote it.
      await pool.query(
        `INSERT INTO mosaic_notify_deliveries (key, address, channel, payload, status, next_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
         ON CONFLICT (key) DO NOTHING`,
        [
          deliveries.map((d) => d.key),
          deliveries.map((d) => d.address),
          deliveries.map((d) => d.channel),
          deliveries.map((d) => d.payload),
          deliveries.map((d) => d.status),
          deliveries.map((d) => d.nextAt),
        ],
      );
    },

    async lease(now, until, limit) {
      // SKIP LOCKED: instances polling together take disjoint rows.
      const { rows } = await pool.query<DeliveryRow>(
        `UPDATE mosaic_notify_deliveries SET next_at = $1, attempts = attempts + 1
         WHERE seq IN (
           SELECT seq FROM mosaic_notify_deliveries WHERE status = 'pending' AND next_at <= $2
           ORDER BY next_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [until, now, limit],
      );
      return rows.map(toDelivery);
    },

    async settle(key, status, nextAt, error) {
      await pool.query(
        "UPDATE mosaic_notify_deliveries SET status = $1, next_at = $2, last_error = $3 WHERE key = $4",
        [status, nextAt, error, key],
      );
    },

    async deliveries(address, limit) {
      const { rows } = await pool.query<DeliveryRow>(
        "SELECT * FROM mosaic_notify_deliveries WHERE address = $1 ORDER BY seq DESC LIMIT $2",
        [address, limit],
      );
      return rows.map(toDelivery);
    },

    async documentsMark() {
      const { rows } = await pool.query<{ mark: string }>("SELECT COALESCE(MAX(seq), 0) AS mark FROM mosaic_documents");
      return Number(rows[0].mark);
    },
  };
}

/**
 * Opens the store at `url` (a `postgres://` connection string), creating or upgrading its tables
 * on first use. Several instances may open the same database at once.
 */
export async function openPostgresStore(url: string): Promise<ServerStore> {
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (database restart) must not crash the server.
  pool.on("error", (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as Error).message;
    throw new Error(`Cannot open the PostgreSQL store at ${redact(url)}: ${reason}. Check DATABASE_URL.`, {
      cause: error,
    });
  }

  let lastSweep = 0;
  let sweeping: Promise<unknown> | undefined;
  // Housekeeping off the request path: expired rows are useless, and deleting them keeps tables small.
  const sweep = (now: number) => {
    if (sweeping || now - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = now;
    sweeping = Promise.all([
      pool.query("DELETE FROM mosaic_nonces WHERE expires_at <= $1", [now]),
      pool.query("DELETE FROM mosaic_sessions WHERE expires_at <= $1", [now]),
      pool.query("DELETE FROM mosaic_rate_limits WHERE window_end <= $1", [now]),
    ])
      .catch((error: Error) => console.error(`PostgreSQL store clean-up failed: ${error.message}`))
      .finally(() => (sweeping = undefined));
  };

  return {
    documents: documentStore(pool),
    nonces: nonceStore(pool, sweep),
    sessions: sessionStore(pool),
    rateLimits: rateLimitStore(pool, sweep),
    notifications: notificationStore(pool),
    async close() {
      await sweeping;
      await pool.end();
    },
  };
}

/** The URL without its password, for error messages and logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
