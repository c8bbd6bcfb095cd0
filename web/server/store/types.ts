/**
 * What the web server keeps between requests, behind one interface so that the embedded store
 * (one instance, `.data/`) and PostgreSQL (`DATABASE_URL`, any number of instances) are
 * interchangeable. Every method is atomic on its own: two instances racing on the same nonce
 * see exactly one `consume` succeed.
 */

/** A stored JSON document, addressed by its CIDv1 (raw codec, sha-256 of `bytes`). */
export interface StoredDocument {
  cid: string;
  kind: DocumentKind;
  /** The exact bytes the CID was computed from. */
  bytes: Uint8Array;
  /** Address of the signed-in account that wrote it (lowercase 0x-hex). */
  author: string;
  /** Optional grouping key for listing, e.g. `job:31337:12` for a job's quotes. */
  subject: string | null;
  /** Unix milliseconds. */
  createdAt: number;
}

export type DocumentKind =
  | "job-spec"
  | "vendor-profile"
  | "deliverable"
  | "quote"
  | "evidence"
  | "note"
  // Written through /api/profiles and /api/reviews, which check their authors and ratings.
  | "profile"
  | "avatar"
  | "review"
  | "review-reply"
  // Written by a job's client for one vendor (server/hiring.ts checks the author).
  | "invitation"
  | "counter-offer";

export interface DocumentStore {
  /** Stores a document; writing the same CID again is a no-op (content addressing). */
  put(doc: StoredDocument): Promise<void>;
  /** The document, or null when the CID is unknown. Does not verify: callers check bytes against the CID. */
  get(cid: string): Promise<StoredDocument | null>;
  /** Documents of `kind` with `subject`, oldest first. */
  listBySubject(kind: DocumentKind, subject: string): Promise<StoredDocument[]>;
  /** Every document, oldest first, in pages (for CAR export and pinning). */
  all(): AsyncIterable<StoredDocument>;
}

export type NonceOutcome = "ok" | "unknown" | "expired";

export interface NonceStore {
  /** Records a freshly issued nonce valid until `expiresAt` (unix ms). */
  issue(nonce: string, expiresAt: number): Promise<void>;
  /** Single use: the first call for a live nonce answers "ok" and deletes it; later calls "unknown". */
  consume(nonce: string, now: number): Promise<NonceOutcome>;
}

export interface SessionStore {
  /** Records a signed-in session (the cookie carries only its id). */
  create(session: { id: string; address: string; chainId: number; expiresAt: number }): Promise<void>;
  /** The live session, or null when unknown, revoked or expired. */
  get(id: string, now: number): Promise<{ address: string; chainId: number } | null>;
  /** Logout: the id is never accepted again. */
  revoke(id: string): Promise<void>;
}

/** Fixed-window counters for rate limits (sign-in, document writes). */
export interface RateLimitStore {
  /** Adds one hit to `key` in the window starting at `windowStart` (unix ms); returns the count so far. */
  hit(key: string, windowStart: number, windowMs: number): Promise<number>;
}

/** An address's choice of inbox delivery by webhook and/or e-mail (server/notify/); none by default. */
export interface NotificationSubscription {
  /** Lowercase 0x-hex. */
  address: string;
  webhookUrl: string | null;
  email: string | null;
  /** Inbox kinds delivered; empty means every kind. */
  kinds: string[];
  /** The HMAC-SHA256 key webhook bodies are signed with (hex), shown to the subscriber once. */
  secret: string;
  /** Whether the inbox as it stood when the setting was saved has been recorded as not to send. */
  primed: boolean;
  /** Unix milliseconds of the last change; priming only counts for the version it read. */
  updatedAt: number;
}

export type DeliveryChannel = "webhook" | "email";
export type DeliveryStatus = "pending" | "sent" | "failed" | "skipped";

/** One inbox item for one address on one channel: recorded once (its key is unique), sent at most once successfully. */
export interface NotificationDelivery {
  /** `<channel>:<address>:<inbox item id>`. */
  key: string;
  address: string;
  channel: DeliveryChannel;
  /** The inbox item as JSON. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** Unix ms: when a pending delivery is due (pushed forward while one instance holds it). */
  nextAt: number;
  lastError: string | null;
}

export interface NotificationStore {
  /** Creates or replaces the address's subscription. */
  putSubscription(subscription: NotificationSubscription): Promise<void>;
  getSubscription(address: string): Promise<NotificationSubscription | null>;
  /** Removes the subscription; its pending deliveries are skipped. */
  deleteSubscription(address: string): Promise<void>;
  subscriptions(): Promise<NotificationSubscription[]>;
  /** Marks the subscription primed, unless it was changed after `updatedAt`. */
  markPrimed(address: string, updatedAt: number): Promise<void>;
  /** Records deliveries; a key already recorded (by this or any instance) is left unchanged. */
  record(deliveries: Omit<NotificationDelivery, "attempts" | "lastError">[]): Promise<void>;
  /**
   * Takes up to `limit` pending deliveries due at `now`, counting an attempt and moving their due
   * time to `until`: no other instance takes them before then (and they come back if this one dies).
   */
  lease(now: number, until: number, limit: number): Promise<NotificationDelivery[]>;
  /** The outcome of an attempt: sent, failed for good, skipped, or pending again from `nextAt`. */
  settle(key: string, status: DeliveryStatus, nextAt: number, error: string | null): Promise<void>;
  /** The address's deliveries, newest first (at most `limit`). */
  deliveries(address: string, limit: number): Promise<NotificationDelivery[]>;
  /** A number that grows whenever a document is stored (to notice new quotes and invitations). */
  documentsMark(): Promise<number>;
}

export interface ServerStore {
  documents: DocumentStore;
  nonces: NonceStore;
  sessions: SessionStore;
  rateLimits: RateLimitStore;
  notifications: NotificationStore;
  close(): Promise<void>;
}
