// Turns The Graph's collection arguments (where, orderBy, first, skip) into SQL over the
// versioned entity tables, always at one block: a version is visible at block B when
// block_from <= B < block_to.
import { GraphQLError } from "graphql";
import type { EntityStore } from "../store/entity-store.ts";
import { fromColumn, scalarToColumn } from "../store/entity-values.ts";
import type { EntityData, FieldValue, SqlValue } from "../store/entity-values.ts";
import * as BigDecimal from "../runtime/big-decimal.ts";
import { targetEntities } from "../schema/subgraph-schema.ts";
import type { EntityModel, FieldModel, ScalarName } from "../schema/subgraph-schema.ts";

import { DEFAULT_LIMITS } from "./limits.ts";
import type { QueryLimits } from "./limits.ts";

/** Above this many values, `_in` lists go to SQLite as one JSON parameter (it allows 32,766 variables). */
const IN_LIST_AS_JSON = 100;

/** The query being executed: its deadline and the result bytes it may still produce. */
export class QueryBudget {
  readonly deadline: number;
  private readonly maxBytes: number;
  private bytes = 0;
  /** The error that stopped the query (every later read throws it again). */
  stopped: GraphQLError | null = null;

  constructor(limits: Pick<QueryLimits, "timeoutMs" | "maxResultBytes">, now = performance.now()) {
    this.deadline = limits.timeoutMs > 0 ? now + limits.timeoutMs : Infinity;
    this.maxBytes = limits.maxResultBytes > 0 ? limits.maxResultBytes : Infinity;
  }

  /** Bytes counted so far. */
  get used(): number {
    return this.bytes;
  }

  /** A budget for running the same query again: the same deadline, no bytes counted. */
  again(): QueryBudget {
    const next = new QueryBudget({ timeoutMs: 0, maxResultBytes: this.maxBytes });
    (next as { deadline: number }).deadline = this.deadline;
    return next;
  }

  /** Called before each read: throws once the query is over its time. */
  check(): void {
    if (this.stopped) throw this.stopped;
    if (performance.now() > this.deadline) throw (this.stopped = new GraphQLError("Query timed out"));
  }

  /** Counts the bytes of rows read; throws graph-node's error once over the limit. */
  charge(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.maxBytes) {
      throw (this.stopped = new GraphQLError(
        `the result size of ${this.bytes} is larger than the allowed limit of ${this.maxBytes}`,
      ));
    }
  }
}

export type Filter = Record<string, unknown>;
export type CollectionArgs = {
  first?: number;
  skip?: number;
  orderBy?: string;
  orderDirection?: "asc" | "desc";
  where?: Filter;
};

/** An entity as the resolvers pass it around: its type, the block it was read at, its data. */
export type EntityObject = { __entity: EntityModel; __block: number; data: EntityData };

const SUFFIXES = [
  "_not_contains_nocase",
  "_not_starts_with_nocase",
  "_not_ends_with_nocase",
  "_contains_nocase",
  "_starts_with_nocase",
  "_ends_with_nocase",
  "_not_contains",
  "_not_starts_with",
  "_not_ends_with",
  "_not_in",
  "_contains",
  "_starts_with",
  "_ends_with",
  "_not",
  "_gte",
  "_lte",
  "_gt",
  "_lt",
  "_in",
  "_",
];

/** Whether hex string `hay` contains hex string `needle` starting on a byte boundary. */
function hexContains(hay: string, needle: string): boolean {
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) if (i % 2 === 0) return true;
  return false;
}

/**
 * Registers the SQL helper functions string filters use. Strings reach them as `hex(...)` of their
 * UTF-8 bytes: SQLite hands a function's text arguments over up to the first NUL, so a NUL in a
 * filter or a value would otherwise cut it short (`"\u0000zz"` would match everything).
 */
export function registerSqlFunctions(store: EntityStore): void {
  const text = (f: (a: string, b: string) => boolean) => (a: unknown, b: unknown) =>
    a === null || b === null ? null : f(String(a), String(b)) ? 1 : 0;
  store.db.function("gql_contains", { deterministic: true }, text(hexContains));
  store.db.function(
    "gql_starts_with",
    { deterministic: true },
    text((a, b) => a.startsWith(b)),
  );
  store.db.function(
    "gql_ends_with",
    { deterministic: true },
    text((a, b) => a.endsWith(b)),
  );
  // Bytes are stored as 0x-hex: a match must start on a byte boundary.
  store.db.function(
    "gql_bytes_contains",
    { deterministic: true },
    text((hay, needle) => hexContains(hay.slice(2), needle.slice(2))),
  );
}

export function rangeCondition(alias: string, block: number): string {
  return `${alias}.block_from <= ${block} AND ${alias}.block_to > ${block}`;
}

class Sql {
  readonly params: SqlValue[] = [];
  private aliases = 0;

  param(value: SqlValue): string {
    this.params.push(value);
    return "?";
  }

  alias(): string {
    return `t${++this.aliases}`;
  }
}

/** A JSON list element as it is stored (entity-values' elementToJson), for json_each comparisons. */
function listElementParam(scalar: ScalarName, value: unknown): SqlValue {
  if (value === null) return null;
  switch (scalar) {
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return String(value);
    case "BigDecimal":
      return BigDecimal.toString(value as BigDecimal.BigDecimal);
    case "Boolean":
      return value ? 1 : 0;
    default:
      return value as SqlValue;
  }
}

/** SQL values as a JSON array json_each reads back as the same values (bigints as integers). */
function jsonList(values: SqlValue[]): string {
  return `[${values.map((v) => (typeof v === "bigint" ? v.toString() : JSON.stringify(v))).join(",")}]`;
}

function listJson(scalar: ScalarName, values: unknown[]): string {
  return JSON.stringify(
    values.map((v) => {
      const p = listElementParam(scalar, v);
      return scalar === "Boolean" ? p === 1 : p;
    }),
  );
}

function splitKey(entity: EntityModel, key: string): { field: FieldModel; op: string } {
  const direct = entity.fieldMap.get(key);
  if (direct) return { field: direct, op: "" };
  for (const suffix of SUFFIXES) {
    if (!key.endsWith(suffix)) continue;
    const field = entity.fieldMap.get(key.slice(0, -suffix.length));
    if (field) return { field, op: suffix };
  }
  throw new GraphQLError(`Filter \`${key}\` is not supported on type ${entity.name}`);
}

/** graph-node's limits on `first` and `skip`. */
export function checkPaging(
  args: CollectionArgs,
  limits: Pick<QueryLimits, "maxFirst" | "maxSkip"> = DEFAULT_LIMITS,
): { first: number; skip: number } {
  const first = args.first ?? 100;
  const skip = args.skip ?? 0;
  if (first < 0 || first > limits.maxFirst) {
    throw new GraphQLError(`The \`first\` argument must be between 0 and ${limits.maxFirst}, but is ${first}`);
  }
  if (skip < 0 || skip > limits.maxSkip) {
    throw new GraphQLError(`The \`skip\` argument must be between 0 and ${limits.maxSkip}, but is ${skip}`);
  }
  return { first, skip };
}

export class EntityQueries {
  readonly store: EntityStore;
  readonly limits: QueryLimits;
  /** The budget of the query being executed (set by the query service around each execution). */
  budget: QueryBudget | null = null;

  constructor(store: EntityStore, limits: QueryLimits = DEFAULT_LIMITS) {
    this.store = store;
    this.limits = limits;
  }

  private schemaEntities(field: FieldModel): EntityModel[] {
    return targetEntities(this.store.schema, field);
  }

  // ------------------------------------------------------------------ filters

  /** `nested`: inside a `field_` filter, where graph-node allows no further child filter. */
  compileFilter(entity: EntityModel, filter: Filter, alias: string, block: number, sql: Sql, nested = false): string {
    if (filter.or !== undefined) {
      // graph-node refuses column filters beside `or` (they would read as AND), with this text.
      const columns = Object.keys(filter)
        .filter((key) => key !== "or" && key !== "and" && key !== "_change_block" && filter[key] !== undefined)
        .map((key) => `'${key}'`);
      if (columns.length) {
        const list = columns.join(", ");
        throw new GraphQLError(
          `Cannot mix column filters with 'or' operator at the same level. Found column filter(s) ${list} alongside 'or' operator.\n\n` +
            `Instead of:\nwhere: { ${list}, or: [...] }\n\nUse:\nwhere: { or: [{ ${list}, ... }, { ${list}, ... }] }`,
        );
      }
    }
    const parts: string[] = [];
    for (const [key, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      if (key === "and" || key === "or") {
        const clauses = (value as Filter[]).map((f) => `(${this.compileFilter(entity, f, alias, block, sql, nested)})`);
        if (clauses.length) parts.push(clauses.join(key === "and" ? " AND " : " OR "));
        else if (key === "or") parts.push("0");
        continue;
      }
      if (key === "_change_block") {
        parts.push(`${alias}.block_from >= ${Number((value as { number_gte: number }).number_gte)}`);
        continue;
      }
      const { field, op } = splitKey(entity, key);
      if (op === "_" && nested) {
        throw new GraphQLError(`Child filter nesting not supported by value \`${field.name}\`: \`${key}\``);
      }
      parts.push(this.compileCondition(entity, field, op, value, alias, block, sql));
    }
    return parts.length ? parts.map((p) => `(${p})`).join(" AND ") : "1";
  }

  private compileCondition(
    entity: EntityModel,
    field: FieldModel,
    op: string,
    value: unknown,
    alias: string,
    block: number,
    sql: Sql,
  ): string {
    const column = field.name === "id" ? `${alias}.id` : `${alias}."${field.name}"`;
    if (op === "_") return this.compileNested(entity, field, value as Filter, alias, column, block, sql);
    if (field.derivedFrom)
      throw new GraphQLError(`Filter on derived field \`${field.name}\` needs the nested form \`${field.name}_\``);
    if (field.list) return this.compileListCondition(field, op, value, column, sql);

    const p = (v: unknown) => sql.param(scalarToColumn(field.scalar, v as FieldValue));
    const lower = (s: string) => `lower(${s})`;
    // The UTF-8 bytes of a column as hex for the gql_* functions, NULL staying NULL.
    const hx = (s: string) => `iif(${s} IS NULL, NULL, hex(${s}))`;
    switch (op) {
      case "":
        return value === null ? `${column} IS NULL` : `${column} = ${p(value)}`;
      case "_not":
        return value === null ? `${column} IS NOT NULL` : `${column} <> ${p(value)}`;
      case "_gt":
        return `${column} > ${p(value)}`;
      case "_gte":
        return `${column} >= ${p(value)}`;
      case "_lt":
        return `${column} < ${p(value)}`;
      case "_lte":
        return `${column} <= ${p(value)}`;
      case "_in":
      case "_not_in": {
        const values = value as unknown[];
        if (values.length === 0) return op === "_in" ? "0" : `${column} IS NOT NULL`;
        const list =
          values.length > IN_LIST_AS_JSON
            ? `SELECT value FROM json_each(${sql.param(jsonList(values.map((v) => scalarToColumn(field.scalar, v as FieldValue))))})`
            : values.map(p).join(", ");
        return `${column} ${op === "_in" ? "IN" : "NOT IN"} (${list})`;
      }
      case "_contains":
      case "_not_contains": {
        const test =
          field.scalar === "Bytes"
            ? `gql_bytes_contains(${column}, ${p(value)})`
            : `gql_contains(${hx(column)}, hex(${p(value)}))`;
        return op === "_contains" ? `${test} = 1` : `${test} = 0`;
      }
      case "_contains_nocase":
        return `gql_contains(${hx(lower(column))}, hex(${lower(p(value))})) = 1`;
      case "_not_contains_nocase":
        return `gql_contains(${hx(lower(column))}, hex(${lower(p(value))})) = 0`;
      case "_starts_with":
        return `gql_starts_with(${hx(column)}, hex(${p(value)})) = 1`;
      case "_not_starts_with":
        return `gql_starts_with(${hx(column)}, hex(${p(value)})) = 0`;
      case "_starts_with_nocase":
        return `gql_starts_with(${hx(lower(column))}, hex(${lower(p(value))})) = 1`;
      case "_not_starts_with_nocase":
        return `gql_starts_with(${hx(lower(column))}, hex(${lower(p(value))})) = 0`;
      case "_ends_with":
        return `gql_ends_with(${hx(column)}, hex(${p(value)})) = 1`;
      case "_not_ends_with":
        return `gql_ends_with(${hx(column)}, hex(${p(value)})) = 0`;
      case "_ends_with_nocase":
        return `gql_ends_with(${hx(lower(column))}, hex(${lower(p(value))})) = 1`;
      case "_not_ends_with_nocase":
        return `gql_ends_with(${hx(lower(column))}, hex(${lower(p(value))})) = 0`;
    }
    throw new GraphQLError(`Filter \`${field.name}${op}\` is not supported`);
  }

  private compileListCondition(field: FieldModel, op: string, value: unknown, column: string, sql: Sql): string {
    if (op === "" || op === "_not") {
      if (value === null) return op === "" ? `${column} IS NULL` : `${column} IS NOT NULL`;
      return `${column} ${op === "" ? "=" : "<>"} ${sql.param(listJson(field.scalar, value as unknown[]))}`;
    }
    const nocase = op.endsWith("_nocase");
    const elements = (value as unknown[]).map((v) => {
      const p = sql.param(listElementParam(field.scalar, v));
      return nocase
        ? `EXISTS (SELECT 1 FROM json_each(${column}) WHERE lower(json_each.value) = lower(${p}))`
        : `EXISTS (SELECT 1 FROM json_each(${column}) WHERE json_each.value = ${p})`;
    });
    const all = elements.length ? elements.join(" AND ") : "1";
    if (op === "_contains" || op === "_contains_nocase") return `${column} IS NOT NULL AND ${all}`;
    if (op === "_not_contains" || op === "_not_contains_nocase") return `${column} IS NOT NULL AND NOT (${all})`;
    throw new GraphQLError(`Filter \`${field.name}${op}\` is not supported on list fields`);
  }

  /** `field_: { ... }`: filters on the entities a reference, a list or a derived field points at. */
  private compileNested(
    entity: EntityModel,
    field: FieldModel,
    filter: Filter,
    alias: string,
    column: string,
    block: number,
    sql: Sql,
  ): string {
    const options = this.schemaEntities(field).map((target) => {
      const t = sql.alias();
      const inner = `${rangeCondition(t, block)} AND ${this.compileFilter(target, filter, t, block, sql, true)}`;
      if (field.derivedFrom) {
        const via = target.fieldMap.get(field.derivedFrom)!;
        if (via.list) {
          return `EXISTS (SELECT 1 FROM "${target.table}" ${t}, json_each(${t}."${via.name}") je WHERE ${inner} AND je.value = ${alias}.id)`;
        }
        return `${alias}.id IN (SELECT ${t}."${via.name}" FROM "${target.table}" ${t} WHERE ${inner})`;
      }
      if (field.list) {
        return `EXISTS (SELECT 1 FROM json_each(${column}) je WHERE je.value IN (SELECT ${t}.id FROM "${target.table}" ${t} WHERE ${inner}))`;
      }
      return `${column} IN (SELECT ${t}.id FROM "${target.table}" ${t} WHERE ${inner})`;
    });
    void entity;
    return options.length ? options.map((o) => `(${o})`).join(" OR ") : "0";
  }

  // ------------------------------------------------------------------ ordering

  private orderClause(entity: EntityModel, args: CollectionArgs, block: number, sql: Sql): string {
    const desc = args.orderDirection === "desc";
    const dir = desc ? "DESC" : "ASC";
    const nulls = desc ? "NULLS FIRST" : "NULLS LAST";
    if (!args.orderBy || args.orderBy === "id") return `c.id ${dir}`;
    const [name, child] = args.orderBy.split("__");
    const field = entity.fieldMap.get(name);
    if (!field || field.list || (field.derivedFrom && !child)) {
      throw new GraphQLError(`Sorting by \`${args.orderBy}\` is not supported on ${entity.name}`);
    }
    // A non-null field needs no NULLS clause, and without one SQLite can walk the field's index.
    if (!child) return `c."${name}" ${dir}${field.nonNull ? "" : ` ${nulls}`}, c.id ${dir}`;
    const [target] = this.schemaEntities(field);
    const sub = target?.fieldMap.get(child);
    if (!target || !sub || sub.list || sub.derivedFrom || field.kind !== "entity") {
      throw new GraphQLError(`Sorting by \`${args.orderBy}\` is not supported on ${entity.name}`);
    }
    const t = sql.alias();
    const subColumn = child === "id" ? `${t}.id` : `${t}."${child}"`;
    const join = field.derivedFrom ? `${t}."${field.derivedFrom}" = c.id` : `${t}.id = c."${name}"`;
    return `(SELECT ${subColumn} FROM "${target.table}" ${t} WHERE ${join} AND ${rangeCondition(t, block)} LIMIT 1) ${dir} ${nulls}, c.id ${dir}`;
  }

  // ------------------------------------------------------------------ reads

  /** Prepared statements by SQL text (queries at one block repeat the same texts). */
  private readonly statements = new Map<string, ReturnType<EntityStore["db"]["prepare"]>>();

  /**
   * `arrays`: rows come as arrays of column values (no object with a key per column is built:
   * the reads that name their columns know them by position).
   */
  private prepare(text: string, arrays = false): ReturnType<EntityStore["db"]["prepare"]> {
    const key = arrays ? `[]${text}` : text;
    let stmt = this.statements.get(key);
    if (stmt) {
      this.statements.delete(key); // most recently used last
    } else {
      stmt = this.store.db.prepare(text);
      stmt.setReadBigInts(true);
      if (arrays) stmt.setReturnArrays(true);
      if (this.statements.size >= 500) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(key, stmt);
    return stmt;
  }

  /**
   * The columns to read: every stored field, or only `fields` (and the id). Rows read with a
   * projection have only those fields in `data`; resolvers ask for what the query selects.
   */
  private columns(entity: EntityModel, fields?: ReadonlySet<string>): string {
    if (!fields) return "c.*";
    return this.read(entity, fields)
      .map((f) => (f.name === "id" ? "c.id" : `c."${f.name}"`))
      .join(", ");
  }

  /** The stored fields a projection reads, in the order `columns` names them (the id first). */
  private read(entity: EntityModel, fields: ReadonlySet<string>): FieldModel[] {
    const out = [entity.fieldMap.get("id")!];
    for (const f of entity.fields) if (f.name !== "id" && !f.derivedFrom && fields.has(f.name)) out.push(f);
    return out;
  }

  /**
   * A row as an entity object: read with a projection, an array of the `read` fields' columns
   * (and any extra columns after them); otherwise an object with every column.
   */
  private toObject(entity: EntityModel, block: number, row: unknown, read?: FieldModel[]): EntityObject {
    this.budget?.charge(2); // the object's braces; its fields are counted as they are resolved
    if (!read) {
      return { __entity: entity, __block: block, data: this.store.rowToEntity(entity, row as Record<string, unknown>) };
    }
    const values = row as unknown[];
    const data: EntityData = {};
    for (let i = 0; i < read.length; i++) {
      const value = fromColumn(read[i], values[i]);
      if (value !== null) data[read[i].name] = value;
    }
    return { __entity: entity, __block: block, data };
  }

  /** Collection query; `extra` adds a condition on alias `c` (relations). */
  collection(
    entity: EntityModel,
    args: CollectionArgs,
    block: number,
    extra?: (sql: Sql) => string,
    fields?: ReadonlySet<string>,
    /** Paging already checked by the caller (interfaces read first + skip rows of each type). */
    internal = false,
  ): EntityObject[] {
    const { first, skip } = internal
      ? { first: args.first ?? 100, skip: args.skip ?? 0 }
      : checkPaging(args, this.limits);
    this.budget?.check();
    const sql = new Sql();
    const conditions = [rangeCondition("c", block)];
    if (extra) conditions.push(extra(sql));
    if (args.where) conditions.push(this.compileFilter(entity, args.where, "c", block, sql));
    const order = this.orderClause(entity, args, block, sql);
    const text = `SELECT ${this.columns(entity, fields)} FROM "${entity.table}" c WHERE ${conditions.map((c) => `(${c})`).join(" AND ")} ORDER BY ${order} LIMIT ${first} OFFSET ${skip}`;
    const read = fields && this.read(entity, fields);
    return this.prepare(text, !!read)
      .all(...sql.params)
      .map((row) => this.toObject(entity, block, row, read));
  }

  /**
   * The same collection for many parents at once: the rows of `entity` whose reference `via`
   * is each of `parents` (string ids), each parent's rows filtered, ordered and paged on their
   * own (a window per parent), in one statement. By parent id; parents without rows are absent.
   */
  collectionByParent(
    entity: EntityModel,
    args: CollectionArgs,
    block: number,
    via: FieldModel,
    parents: string[],
    fields?: ReadonlySet<string>,
  ): Map<string, EntityObject[]> {
    const { first, skip } = checkPaging(args, this.limits);
    this.budget?.check();
    const sql = new Sql();
    // The window's ORDER BY comes before the WHERE clause in the text: its parameters first.
    const order = this.orderClause(entity, args, block, sql);
    const conditions = [
      rangeCondition("c", block),
      `c."${via.name}" IN (SELECT value FROM json_each(${sql.param(JSON.stringify(parents))}))`,
    ];
    if (args.where) conditions.push(this.compileFilter(entity, args.where, "c", block, sql));
    const text = `SELECT * FROM (SELECT ${this.columns(entity, fields)}, c."${via.name}" AS __parent,
      ROW_NUMBER() OVER (PARTITION BY c."${via.name}" ORDER BY ${order}) AS __rank
      FROM "${entity.table}" c WHERE ${conditions.map((c) => `(${c})`).join(" AND ")})
      WHERE __rank > ${skip} AND __rank <= ${skip + first} ORDER BY __rank`;
    const out = new Map<string, EntityObject[]>();
    const read = fields && this.read(entity, fields);
    // Arrays end with __parent and __rank.
    const parentAt = read ? read.length : -1;
    for (const row of this.prepare(text, !!read).all(...sql.params)) {
      const parent = String(read ? (row as unknown as unknown[])[parentAt] : (row as { __parent: unknown }).__parent);
      let list = out.get(parent);
      if (!list) out.set(parent, (list = []));
      list.push(this.toObject(entity, block, row, read));
    }
    return out;
  }

  byId(entity: EntityModel, id: string, block: number, fields?: ReadonlySet<string>): EntityObject | null {
    this.budget?.check();
    const read = fields && this.read(entity, fields);
    const stmt = this.prepare(
      `SELECT ${this.columns(entity, fields)} FROM "${entity.table}" c WHERE c.id = ? AND ${rangeCondition("c", block)}`,
      !!read,
    );
    const row = stmt.get(this.store.idParam(entity, id));
    return row ? this.toObject(entity, block, row, read) : null;
  }

  /** Several entities by id at once (by id key); ids not found are absent from the map. */
  byIds(entity: EntityModel, ids: string[], block: number, fields?: ReadonlySet<string>): Map<string, EntityObject> {
    const out = new Map<string, EntityObject>();
    if (entity.idScalar === "Int8") {
      for (const id of ids) {
        const found = this.byId(entity, id, block, fields);
        if (found) out.set(id, found);
      }
      return out;
    }
    const read = fields && this.read(entity, fields);
    const stmt = this.prepare(
      `SELECT ${this.columns(entity, fields)} FROM "${entity.table}" c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${rangeCondition("c", block)}`,
      !!read,
    );
    for (let i = 0; i < ids.length; i += 1000) {
      this.budget?.check();
      for (const row of stmt.all(JSON.stringify(ids.slice(i, i + 1000)))) {
        const found = this.toObject(entity, block, row, read);
        out.set(String(found.data.id), found);
      }
    }
    return out;
  }

  /** Condition: `c.id` is one of `ids` (a stored list of references). */
  static idIn(entity: EntityModel, ids: FieldValue[]): (sql: Sql) => string {
    return (sql) =>
      ids.length
        ? `c.id IN (${ids.map((id) => sql.param(entity.idScalar === "Int8" ? BigInt(id as bigint) : (id as string))).join(", ")})`
        : "0";
  }

  /** Condition: `c.<via>` is, or contains, `id` (a derived field). */
  static references(via: FieldModel, id: FieldValue): (sql: Sql) => string {
    return (sql) => {
      const param = typeof id === "bigint" ? id : (id as string);
      return via.list
        ? `EXISTS (SELECT 1 FROM json_each(c."${via.name}") WHERE json_each.value = ${sql.param(typeof param === "bigint" ? param.toString() : param)})`
        : `c."${via.name}" = ${sql.param(param)}`;
    };
  }
}
