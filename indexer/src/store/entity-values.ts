// Entity values as the host keeps them, and how each is stored in a SQLite column.
import * as BigDecimal from "../runtime/big-decimal.ts";
import * as BigIntCodec from "../runtime/big-int.ts";
import type { FieldModel, ScalarName } from "../schema/subgraph-schema.ts";

/**
 * One field's value: String/ID/enum as string, Bytes as lowercase 0x-hex, Int as number,
 * BigInt/Int8/Timestamp as bigint, BigDecimal as {digits, exp}, Boolean as boolean.
 */
export type FieldValue = string | number | bigint | boolean | BigDecimal.BigDecimal | null | FieldValue[];
export type EntityData = Record<string, FieldValue>;

export type SqlValue = string | number | bigint | null;

export function scalarToColumn(scalar: ScalarName, value: FieldValue): SqlValue {
  if (value === null) return null;
  switch (scalar) {
    case "ID":
    case "String":
    case "Bytes":
      return value as string;
    case "Int":
      return value as number;
    case "Int8":
    case "Timestamp":
      return value as bigint;
    case "Boolean":
      return value ? 1 : 0;
    case "BigInt":
      return BigIntCodec.toSortKey(value as bigint);
    case "BigDecimal":
      return BigDecimal.toSortKey(value as BigDecimal.BigDecimal);
  }
}

function scalarFromColumn(scalar: ScalarName, raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return null;
  switch (scalar) {
    case "ID":
    case "String":
    case "Bytes":
      return String(raw);
    case "Int":
      return Number(raw);
    case "Int8":
    case "Timestamp":
      return BigInt(raw as bigint);
    case "Boolean":
      return Number(raw) !== 0;
    case "BigInt":
      return BigIntCodec.fromSortKey(String(raw));
    case "BigDecimal":
      return BigDecimal.fromSortKey(String(raw));
  }
}

/** List elements go into a JSON array; big numbers as decimal strings. */
function elementToJson(scalar: ScalarName, value: FieldValue): unknown {
  if (value === null) return null;
  switch (scalar) {
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return (value as bigint).toString();
    case "BigDecimal":
      return BigDecimal.toString(value as BigDecimal.BigDecimal);
    default:
      return value;
  }
}

function elementFromJson(scalar: ScalarName, value: unknown): FieldValue {
  if (value === null) return null;
  switch (scalar) {
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return BigInt(value as string);
    case "BigDecimal":
      return BigDecimal.parse(value as string);
    default:
      return value as FieldValue;
  }
}

export function toColumn(field: FieldModel, value: FieldValue | undefined): SqlValue {
  if (value === undefined || value === null) return null;
  if (field.list) return JSON.stringify((value as FieldValue[]).map((v) => elementToJson(field.scalar, v)));
  return scalarToColumn(field.scalar, value);
}

export function fromColumn(field: FieldModel, raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return null;
  if (field.list) return (JSON.parse(String(raw)) as unknown[]).map((v) => elementFromJson(field.scalar, v));
  return scalarFromColumn(field.scalar, raw);
}

/** The SQLite column type for a stored field. */
export function columnType(field: FieldModel): string {
  if (field.list) return "TEXT";
  switch (field.scalar) {
    case "Int":
    case "Int8":
    case "Timestamp":
    case "Boolean":
      return "INTEGER";
    default:
      return "TEXT";
  }
}

/** The id's canonical string: what keys caches and what `store.get` receives. */
export function idKey(value: FieldValue): string {
  return typeof value === "bigint" ? value.toString() : String(value);
}

export function idFromKey(scalar: ScalarName, key: string): FieldValue {
  return scalar === "Int8" ? BigInt(key) : key;
}

/** Output form of a value for GraphQL: big numbers and Bytes as strings, like graph-node. */
export function toGraphQL(field: FieldModel, value: FieldValue): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => scalarToGraphQL(field.scalar, v));
  return scalarToGraphQL(field.scalar, value);
}

function scalarToGraphQL(scalar: ScalarName, value: FieldValue): unknown {
  if (value === null) return null;
  switch (scalar) {
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return (value as bigint).toString();
    case "BigDecimal":
      return BigDecimal.toString(value as BigDecimal.BigDecimal);
    default:
      return value;
  }
}

export function isStoredField(field: FieldModel): boolean {
  return !field.derivedFrom;
}

/** Whether a reference field's value is, or (a list) contains, the entity `id`. */
export function referencesId(value: FieldValue | undefined, id: string): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => v !== null && idKey(v) === id);
  return idKey(value) === id;
}
