/**
 * The document kinds Mosaic stores and the shape of each. Small hand-written checks: the first
 * problem found is returned as a sentence naming the field, or null when the content is valid.
 */

/** What a document is: the dApp lists and validates documents by kind. */
export type DocumentKind =
  | "job-spec"
  | "vendor-profile"
  | "deliverable"
  | "quote"
  | "evidence"
  | "note"
  | "message"
  | "invitation"
  | "counter-offer";

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  "job-spec",
  "vendor-profile",
  "deliverable",
  "quote",
  "evidence",
  "note",
  "message",
  "invitation",
  "counter-offer",
];

/** Largest file a deliverable may attach (stored by CID beside the documents). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
/** Most files one deliverable may attach. */
export const MAX_ATTACHMENTS = 10;
/** A file a deliverable attaches: stored by CID, its type as the server recognised it from the bytes. */
export interface DeliverableAttachment {
  cid: string;
  name: string;
  type: string;
  size: number;
}

/** Longest free message in a job's thread. */
export const MAX_MESSAGE_CHARS = 10_000;

type Check = (value: unknown, field: string) => string | null;
type Shape = Record<string, { check: Check; optional?: boolean }>;

const string =
  (max: number, min = 0): Check =>
  (value, field) =>
    typeof value !== "string"
      ? `${field} must be a string`
      : value.trim().length < min
        ? `${field} must not be empty`
        : value.length > max
          ? `${field} must be at most ${max} characters`
          : null;

const integer =
  (min: number, max: number): Check =>
  (value, field) =>
    typeof value !== "number" || !Number.isInteger(value) || value < min || value > max
      ? `${field} must be an integer from ${min} to ${max}`
      : null;

const decimal: Check = (value, field) =>
  typeof value !== "string" || !/^\d{1,78}$/.test(value)
    ? `${field} must be a non-negative integer as a decimal string`
    : null;

const address: Check = (value, field) =>
  typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value) ? `${field} must be a 0x-prefixed address` : null;

const hex: Check = (value, field) =>
  typeof value !== "string" || !/^0x([0-9a-fA-F]{2}){1,4096}$/.test(value) ? `${field} must be 0x-prefixed hex` : null;

const bytes32: Check = (value, field) =>
  typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)
    ? `${field} must be 32 bytes of 0x-prefixed hex`
    : null;

const cid: Check = (value, field) =>
  typeof value !== "string" || !/^b[a-z2-7]{20,120}$/.test(value) ? `${field} must be a CIDv1 (base32)` : null;

const url: Check = (value, field) => {
  const problem = string(2048, 1)(value, field);
  if (problem) return problem;
  try {
    new URL(value as string);
    return null;
  } catch {
    return `${field} must be a URL`;
  }
};

const listOf =
  (item: Check, max: number): Check =>
  (value, field) => {
    if (!Array.isArray(value)) return `${field} must be a list`;
    if (value.length > max) return `${field} must have at most ${max} entries`;
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i], `${field}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };

const object =
  (shape: Shape): Check =>
  (value, field) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return `${field} must be an object`;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(key in shape)) return `${field}.${key} is not a known field`;
    }
    for (const [key, rule] of Object.entries(shape)) {
      if (record[key] === undefined) {
        if (rule.optional) continue;
        return `${field}.${key} is required`;
      }
      const problem = rule.check(record[key], `${field}.${key}`);
      if (problem) return problem;
    }
    return null;
  };

const req = (check: Check) => ({ check });
const opt = (check: Check) => ({ check, optional: true });

const SCHEMAS: Record<DocumentKind, Check> = {
  "job-spec": object({
    version: opt(integer(1, 1)),
    title: req(string(200, 1)),
    description: req(string(20_000, 1)),
    skills: opt(listOf(string(64, 1), 32)),
    niceToHaveSkills: opt(listOf(string(64, 1), 32)),
    milestones: opt(listOf(object({ title: req(string(200, 1)), description: opt(string(5_000)) }), 32)),
    timezoneOffsetMinutes: opt(integer(-720, 840)),
    overlapHours: opt(integer(0, 24)),
    rateMaxCents: opt(integer(0, 100_000_000)),
    estimatedHours: opt(integer(1, 100_000)),
  }),
  "vendor-profile": object({
    version: opt(integer(1, 1)),
    name: req(string(120, 1)),
    bio: opt(string(10_000)),
    links: opt(listOf(url, 20)),
    portfolio: opt(listOf(object({ title: req(string(200, 1)), url: opt(url), description: opt(string(2_000)) }), 50)),
  }),
  deliverable: object({
    version: opt(integer(1, 1)),
    jobId: req(decimal),
    index: req(integer(0, 255)),
    /** Markdown; rendered with raw HTML escaped and only http(s) and mailto links. */
    summary: req(string(20_000, 1)),
    links: opt(listOf(url, 20)),
    attachments: opt(
      listOf(
        object({
          cid: req(cid),
          name: req(string(200, 1)),
          type: req(string(100, 1)),
          size: req(integer(0, MAX_ATTACHMENT_BYTES)),
        }),
        MAX_ATTACHMENTS,
      ),
    ),
  }),
  quote: object({
    version: opt(integer(1, 1)),
    chainId: req(integer(1, Number.MAX_SAFE_INTEGER)),
    escrow: req(address),
    jobId: req(decimal),
    vendor: req(address),
    price: req(decimal),
    nonce: req(decimal),
    expiresAt: req(integer(0, 2 ** 40)),
    signature: req(hex),
    message: opt(string(5_000)),
  }),
  // A client inviting a vendor to quote for one of its jobs (listed under the vendor).
  invitation: object({
    version: opt(integer(1, 1)),
    chainId: req(integer(1, Number.MAX_SAFE_INTEGER)),
    jobId: req(decimal),
    vendor: req(address),
    message: opt(string(2_000)),
  }),
  // A client's answer to a vendor's quote: the price it would accept (listed under the vendor).
  "counter-offer": object({
    version: opt(integer(1, 1)),
    chainId: req(integer(1, Number.MAX_SAFE_INTEGER)),
    jobId: req(decimal),
    vendor: req(address),
    price: req(decimal),
    quoteCid: opt(cid),
    message: opt(string(2_000)),
  }),
  // ERC-1497 evidence, plus where it belongs.
  evidence: object({
    name: req(string(200, 1)),
    description: req(string(20_000, 1)),
    fileURI: opt(string(2048)),
    fileHash: opt(string(256)),
    fileTypeExtension: opt(string(16)),
    jobId: opt(decimal),
    index: opt(integer(0, 255)),
  }),
  // A note may carry a signed settlement offer for a disputed milestone (EIP-712 Settlement).
  note: object({
    text: req(string(20_000, 1)),
    jobId: opt(decimal),
    index: opt(integer(0, 255)),
    // The arbiter's reasons for a ruling (0..10001, the value sent to `rule`).
    ruling: opt(integer(0, 10_001)),
    settlement: opt(
      object({
        vendorBps: req(integer(0, 10_000)),
        deadline: req(integer(0, 2 ** 40)),
        signer: req(address),
        signature: req(hex),
      }),
    ),
  }),
  // A free message in a job's thread, signed by its author (EIP-712 ThreadMessage, typed-data.ts).
  message: object({
    version: opt(integer(1, 1)),
    chainId: req(integer(1, Number.MAX_SAFE_INTEGER)),
    jobId: req(decimal),
    author: req(address),
    // Absent or the zero address: the whole thread; else the one party it is for.
    to: opt(address),
    text: req(string(MAX_MESSAGE_CHARS, 1)),
    createdAt: req(integer(0, 2 ** 40)),
    nonce: req(bytes32),
    signature: req(hex),
  }),
};

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === "string" && (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** Null when `content` is a valid `kind` document; otherwise what is wrong. */
export function validateDocument(kind: DocumentKind, content: unknown): string | null {
  return SCHEMAS[kind](content, "content");
}

/**
 * Documents about people, written through their own endpoints (`/api/profiles`, `/api/reviews`),
 * which check more than their shape: who wrote them, and for reviews the rating on chain.
 */
export type PersonDocumentKind = "profile" | "review" | "review-reply";

const cidText: Check = (value, field) =>
  typeof value !== "string" || !/^b[a-z2-7]{20,120}$/.test(value) ? `${field} must be a CIDv1 (base32)` : null;

const PERSON_SCHEMAS: Record<PersonDocumentKind, Check> = {
  // Any address's public face (client or vendor): shown wherever the address appears.
  profile: object({
    version: opt(integer(1, 1)),
    name: req(string(60, 1)),
    bio: opt(string(1_000)),
    avatar: opt(cidText),
    // Set by the server that stores it: whose profile, and when (a later one replaces it).
    address: opt(address),
    updatedAt: opt(integer(0, Number.MAX_SAFE_INTEGER)),
  }),
  // The words behind an on-chain rating, signed by the rater (EIP-712 Review).
  review: object({
    chainId: req(integer(1, Number.MAX_SAFE_INTEGER)),
    jobId: req(decimal),
    rater: req(address),
    rating: req(integer(1, 5)),
    text: req(string(2_000, 1)),
    signature: req(hex),
  }),
  // The ratee's one answer to a review, signed by the ratee (EIP-712 ReviewReply).
  "review-reply": object({
    chainId: req(integer(1, Number.MAX_SAFE_INTEGER)),
    jobId: req(decimal),
    review: req(cidText),
    author: req(address),
    text: req(string(2_000, 1)),
    signature: req(hex),
  }),
};

/** Null when `content` is a valid `kind` document about a person; otherwise what is wrong. */
export function validatePersonDocument(kind: PersonDocumentKind, content: unknown): string | null {
  return PERSON_SCHEMAS[kind](content, "content");
}
