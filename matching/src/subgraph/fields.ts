import { SubgraphDataError } from "./graphql.ts";

/**
 * Readers for The Graph's JSON encoding: BigInt arrives as a decimal string,
 * Int as a number, Bytes as 0x hex. Each names the entity and field it rejects.
 */

export type RawEntity = Record<string, unknown>;

export function readBigInt(entity: string, raw: RawEntity, field: string): bigint {
  const value = raw[field];
  if ((typeof value === "string" && /^-?\d+$/.test(value)) || Number.isSafeInteger(value)) {
    return BigInt(value as string | number);
  }
  throw fieldError(entity, field, value, "a BigInt");
}

export function readOptionalBigInt(entity: string, raw: RawEntity, field: string): bigint | null {
  return raw[field] === null || raw[field] === undefined ? null : readBigInt(entity, raw, field);
}

export function readInt(entity: string, raw: RawEntity, field: string): number {
  const value = raw[field];
  const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (Number.isSafeInteger(number)) return number as number;
  throw fieldError(entity, field, value, "an Int");
}

export function readBoolean(entity: string, raw: RawEntity, field: string): boolean {
  const value = raw[field];
  if (typeof value === "boolean") return value;
  throw fieldError(entity, field, value, "a Boolean");
}

export function readString(entity: string, raw: RawEntity, field: string): string {
  const value = raw[field];
  if (typeof value === "string") return value;
  throw fieldError(entity, field, value, "a String");
}

export function readBytes(entity: string, raw: RawEntity, field: string): string {
  const value = raw[field];
  if (typeof value === "string" && /^0x([0-9a-fA-F]{2})*$/.test(value)) return value.toLowerCase();
  throw fieldError(entity, field, value, "0x-prefixed Bytes");
}

export function readBytesList(entity: string, raw: RawEntity, field: string): string[] {
  const value = raw[field];
  if (!Array.isArray(value)) throw fieldError(entity, field, value, "a list of Bytes");
  return value.map((item, i) => {
    const name = `${field}[${i}]`;
    return readBytes(entity, { [name]: item }, name);
  });
}

/** `{ id }` of a related entity, or null. */
export function readRelationId(entity: string, raw: RawEntity, field: string): string | null {
  const value = raw[field];
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && typeof (value as RawEntity).id === "string") {
    return ((value as RawEntity).id as string).toLowerCase();
  }
  throw fieldError(entity, field, value, "an entity with an id");
}

function fieldError(entity: string, field: string, value: unknown, expected: string): Error {
  return new SubgraphDataError(
    `${entity}.${field} should be ${expected}, got ${JSON.stringify(value)}; is the subgraph schema up to date?`,
  );
}
