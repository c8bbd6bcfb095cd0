/**
 * The document kinds Mosaic stores and the shape of each. Small hand-written checks: the first
 * problem found is returned as a sentence naming the field, or null when the content is valid.
 */

/** What a document is: the dApp lists and validates documents by kind. */
export type DocumentKind = "job-spec" | "vendor-profile" | "deliverable" | "quote" | "evidence" | "note";

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  "job-spec",
  "vendor-profile",
  "deliverable",
  "quote",
  "evidence",
  "note",
];

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
    summary: req(string(20_000, 1)),
    links: opt(listOf(url, 20)),
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
    settlement: opt(
      object({
        vendorBps: req(integer(0, 10_000)),
        deadline: req(integer(0, 2 ** 40)),
        signer: req(address),
        signature: req(hex),
      }),
    ),
  }),
};

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === "string" && (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** Null when `content` is a valid `kind` document; otherwise what is wrong. */
export function validateDocument(kind: DocumentKind, content: unknown): string | null {
  return SCHEMAS[kind](content, "content");
}
