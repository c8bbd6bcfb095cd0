// The Graph's scalars: big numbers and bytes travel as strings.
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import type { ValueNode } from "graphql";
import * as BigDecimal from "../runtime/big-decimal.ts";

function literalText(ast: ValueNode, scalar: string): string {
  if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
  throw new GraphQLError(`${scalar} values are written as strings, e.g. "1000"`);
}

function parseBigInt(value: unknown, scalar: string): bigint {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new GraphQLError(`Invalid ${scalar} value "${value}": expected an integer`);
  return BigInt(text);
}

function parseBytes(value: unknown): string {
  const text = String(value);
  if (!/^0x([0-9a-fA-F]{2})*$/.test(text))
    throw new GraphQLError(`Invalid Bytes value "${text}": expected 0x-prefixed hex with whole bytes`);
  return text.toLowerCase();
}

function parseDecimal(value: unknown): BigDecimal.BigDecimal {
  try {
    return BigDecimal.parse(String(value));
  } catch {
    throw new GraphQLError(`Invalid BigDecimal value "${value}"`);
  }
}

const asString = (value: unknown) => (typeof value === "string" ? value : String(value));

export const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  serialize: asString,
  parseValue: (v) => parseBigInt(v, "BigInt"),
  parseLiteral: (ast) => parseBigInt(literalText(ast, "BigInt"), "BigInt"),
});

export const Int8Scalar = new GraphQLScalarType({
  name: "Int8",
  description: "8 bytes signed integer",
  serialize: asString,
  parseValue: (v) => parseBigInt(v, "Int8"),
  parseLiteral: (ast) => parseBigInt(literalText(ast, "Int8"), "Int8"),
});

export const TimestampScalar = new GraphQLScalarType({
  name: "Timestamp",
  description: "A timestamp in microseconds since the epoch",
  serialize: asString,
  parseValue: (v) => parseBigInt(v, "Timestamp"),
  parseLiteral: (ast) => parseBigInt(literalText(ast, "Timestamp"), "Timestamp"),
});

export const BigDecimalScalar = new GraphQLScalarType({
  name: "BigDecimal",
  serialize: asString,
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(literalText(ast, "BigDecimal")),
});

export const BytesScalar = new GraphQLScalarType({
  name: "Bytes",
  serialize: asString,
  parseValue: parseBytes,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(`Bytes values are written as "0x..." strings`);
    return parseBytes(ast.value);
  },
});
