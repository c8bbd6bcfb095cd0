// The GraphQL API graph-node generates from schema.graphql: per entity `entity(id, block)`
// and `entities(first, skip, orderBy, orderDirection, where, block)`, `<Entity>_filter`
// inputs with suffix operators and nested `<field>_` filters, `<Entity>_orderBy` enums
// (with `field__child` for references), relation and @derivedFrom fields with their own
// collection arguments, and `_meta`.
import {
  DirectiveLocation,
  GraphQLDirective,
  specifiedDirectives,
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getArgumentValues,
} from "graphql";
import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  GraphQLFieldConfig,
  GraphQLFieldConfigMap,
  GraphQLInputFieldConfigMap,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLNamedType,
  GraphQLEnumValueConfigMap,
} from "graphql";
import { targetEntities } from "../schema/subgraph-schema.ts";
import type { EntityModel, FieldModel, InterfaceModel, ScalarName, SubgraphSchema } from "../schema/subgraph-schema.ts";
import type { BlockRecord } from "../store/entity-store.ts";
import { idKey, scalarToColumn, toGraphQL } from "../store/entity-values.ts";
import type { FieldValue } from "../store/entity-values.ts";
import { EntityQueries, checkPaging } from "./entity-queries.ts";
import type { CollectionArgs, EntityObject } from "./entity-queries.ts";
import { queryFieldNames } from "./naming.ts";
import { BigDecimalScalar, BigIntScalar, BytesScalar, Int8Scalar, TimestampScalar } from "./scalars.ts";

export type QueryContext = {
  head: BlockRecord | null;
  hasIndexingErrors: boolean;
  deployment: string;
  subgraphName: string;
  /**
   * Referenced entities already read in this request (null: not found), by field type, block
   * and projection, then by id. Lists fill it for their rows' references in one query per field.
   */
  memo?: Map<string, Map<string, EntityObject | null>>;
  /**
   * Rows of `@derivedFrom` lists already read for many parents at once, by the list's field node
   * (its place in the query, arguments included) and block, then by parent id.
   */
  lists?: WeakMap<FieldNode, Map<number, Map<string, EntityObject[]>>>;
};

/** Selected fields under some field nodes: names for the projection, and child nodes by response key. */
type Selection = { names: Set<string>; children: Map<string, { fieldName: string; nodes: FieldNode[] }> };
const selections = new WeakMap<readonly FieldNode[], Selection>();

/**
 * What `nodes` select, through fragments and inline fragments (whatever their type condition or
 * directives: a superset is only a wider read). graphql-js reuses `info.fieldNodes` arrays for
 * every item of a list, so this is worked out once per field of the query.
 */
function selectionOf(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): Selection {
  let found = selections.get(nodes);
  if (found) return found;
  found = { names: new Set(), children: new Map() };
  const visit = (set: FieldNode["selectionSet"], seen: Set<string>) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === "Field") {
        const name = sel.name.value;
        if (name.startsWith("__")) continue;
        found!.names.add(name);
        const key = sel.alias?.value ?? name;
        const child = found!.children.get(key);
        if (child) child.nodes.push(sel);
        else found!.children.set(key, { fieldName: name, nodes: [sel] });
      } else if (sel.kind === "InlineFragment") {
        visit(sel.selectionSet, seen);
      } else if (sel.kind === "FragmentSpread" && !seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        visit(fragments[sel.name.value]?.selectionSet, seen);
      }
    }
  };
  for (const node of nodes) visit(node.selectionSet, new Set());
  selections.set(nodes, found);
  return found;
}

export type BlockArg = { hash?: string; number?: number; number_gte?: number } | undefined;
type Model = EntityModel | InterfaceModel;

const STRING_OPS = [
  "",
  "_not",
  "_gt",
  "_lt",
  "_gte",
  "_lte",
  "_in",
  "_not_in",
  "_contains",
  "_contains_nocase",
  "_not_contains",
  "_not_contains_nocase",
  "_starts_with",
  "_starts_with_nocase",
  "_not_starts_with",
  "_not_starts_with_nocase",
  "_ends_with",
  "_ends_with_nocase",
  "_not_ends_with",
  "_not_ends_with_nocase",
];
const ORDERED_OPS = ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"];
const BYTES_OPS = [...ORDERED_OPS, "_contains", "_not_contains"];
const EQUALITY_OPS = ["", "_not", "_in", "_not_in"];
const LIST_OPS = ["", "_not", "_contains", "_contains_nocase", "_not_contains", "_not_contains_nocase"];

const OrderDirection = new GraphQLEnumType({ name: "OrderDirection", values: { asc: {}, desc: {} } });
const SubgraphErrorPolicy = new GraphQLEnumType({
  name: "_SubgraphErrorPolicy_",
  values: {
    allow: { description: "Data will be returned even if the subgraph has indexing errors" },
    deny: { description: "If the subgraph has indexing errors, data will be omitted." },
  },
});
const BlockHeight = new GraphQLInputObjectType({
  name: "Block_height",
  fields: { hash: { type: BytesScalar }, number: { type: GraphQLInt }, number_gte: { type: GraphQLInt } },
});
const BlockChangedFilter = new GraphQLInputObjectType({
  name: "BlockChangedFilter",
  fields: { number_gte: { type: new GraphQLNonNull(GraphQLInt) } },
});
const MetaBlock = new GraphQLObjectType({
  name: "_Block_",
  fields: {
    hash: { type: BytesScalar, description: "The hash of the block" },
    number: { type: new GraphQLNonNull(GraphQLInt), description: "The block number" },
    timestamp: {
      type: GraphQLInt,
      description: "Integer representation of the timestamp stored in blocks for the chain",
    },
    parentHash: { type: BytesScalar, description: "The hash of the parent block" },
  },
});
const Meta = new GraphQLObjectType({
  name: "_Meta_",
  fields: {
    block: { type: new GraphQLNonNull(MetaBlock) },
    deployment: { type: new GraphQLNonNull(GraphQLString) },
    hasIndexingErrors: { type: new GraphQLNonNull(GraphQLBoolean) },
  },
});

function scalarType(name: string): GraphQLInputType & GraphQLOutputType {
  switch (name as ScalarName) {
    case "ID":
      return GraphQLID;
    case "String":
      return GraphQLString;
    case "Int":
      return GraphQLInt;
    case "Boolean":
      return GraphQLBoolean;
    case "BigInt":
      return BigIntScalar;
    case "BigDecimal":
      return BigDecimalScalar;
    case "Bytes":
      return BytesScalar;
    case "Int8":
      return Int8Scalar;
    case "Timestamp":
      return TimestampScalar;
  }
  throw new Error(`unknown scalar ${name}`);
}

/** About the bytes `value` (a scalar, or a list of them, as resolved) takes in the JSON answer. */
export function jsonBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === "string") return value.length + 2;
  if (Array.isArray(value)) {
    let n = 2;
    for (const item of value) n += jsonBytes(item) + 1;
    return n;
  }
  return String(value).length;
}

export function buildApiSchema(schema: SubgraphSchema, queries: EntityQueries): GraphQLSchema {
  const enums = new Map<string, GraphQLEnumType>();
  for (const [name, values] of schema.enums) {
    enums.set(name, new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }));
  }
  const outputTypes = new Map<string, GraphQLObjectType | GraphQLInterfaceType>();
  const filterTypes = new Map<string, GraphQLInputObjectType>();
  const orderTypes = new Map<string, GraphQLEnumType>();
  const models: Model[] = [...schema.interfaces.values(), ...schema.entities.values()];

  const baseOutput = (f: FieldModel): GraphQLOutputType =>
    f.kind === "scalar"
      ? scalarType(f.typeName)
      : f.kind === "enum"
        ? enums.get(f.typeName)!
        : outputTypes.get(f.typeName)!;

  const wrapOutput = (f: FieldModel): GraphQLOutputType => {
    let t = baseOutput(f);
    if (f.list) t = new GraphQLList(f.elementNonNull ? new GraphQLNonNull(t) : t);
    return f.nonNull ? new GraphQLNonNull(t) : t;
  };

  /** The input type of a field's filter value: references filter by the target's id type. */
  const filterScalar = (f: FieldModel): GraphQLInputType => {
    if (f.kind === "enum") return enums.get(f.typeName)!;
    if (f.kind === "entity" || f.kind === "interface") return scalarType(f.scalar);
    return scalarType(f.typeName);
  };

  const collectionArgs = (typeName: string) => ({
    skip: { type: GraphQLInt, defaultValue: 0 },
    first: { type: GraphQLInt, defaultValue: 100 },
    orderBy: { type: orderTypes.get(typeName)! },
    orderDirection: { type: OrderDirection },
    where: { type: filterTypes.get(typeName)! },
  });

  for (const model of models) {
    const isInterface = !("table" in model);
    filterTypes.set(
      model.name,
      new GraphQLInputObjectType({
        name: `${model.name}_filter`,
        fields: () => filterFields(model),
      }),
    );
    orderTypes.set(model.name, new GraphQLEnumType({ name: `${model.name}_orderBy`, values: orderValues(model) }));
    const fields = () => entityFields(model);
    if (isInterface) {
      outputTypes.set(
        model.name,
        new GraphQLInterfaceType({
          name: model.name,
          fields,
          resolveType: (obj: EntityObject) => obj.__entity.name,
        }),
      );
    } else {
      const entity = model as EntityModel;
      outputTypes.set(
        model.name,
        new GraphQLObjectType({
          name: model.name,
          interfaces: () => entity.interfaces.map((i) => outputTypes.get(i) as GraphQLInterfaceType),
          fields,
        }),
      );
    }
  }

  function filterFields(model: Model): GraphQLInputFieldConfigMap {
    const out: GraphQLInputFieldConfigMap = {};
    for (const f of model.fields) {
      const nested = f.kind === "entity" || f.kind === "interface" ? filterTypes.get(f.typeName)! : null;
      if (f.derivedFrom) {
        if (nested) out[`${f.name}_`] = { type: nested };
        continue;
      }
      if (f.list) {
        const t = new GraphQLList(new GraphQLNonNull(filterScalar(f)));
        for (const op of LIST_OPS) {
          if (op.endsWith("_nocase") && f.scalar !== "String") continue;
          out[f.name + op] = { type: t };
        }
        if (nested) out[`${f.name}_`] = { type: nested };
        continue;
      }
      const t = filterScalar(f);
      let ops: string[];
      if (f.kind === "enum" || f.scalar === "Boolean") ops = EQUALITY_OPS;
      else if (f.kind === "scalar" && f.typeName === "ID") ops = ORDERED_OPS;
      else if (f.scalar === "String") ops = STRING_OPS;
      else if (f.scalar === "Bytes") ops = BYTES_OPS;
      else ops = ORDERED_OPS;
      for (const op of ops)
        out[f.name + op] = { type: op === "_in" || op === "_not_in" ? new GraphQLList(new GraphQLNonNull(t)) : t };
      if (nested) out[`${f.name}_`] = { type: nested };
    }
    out._change_block = { type: BlockChangedFilter, description: "Filter for the block changed event." };
    out.and = { type: new GraphQLList(filterTypes.get(model.name)!) };
    out.or = { type: new GraphQLList(filterTypes.get(model.name)!) };
    return out;
  }

  function orderValues(model: Model): GraphQLEnumValueConfigMap {
    const values: GraphQLEnumValueConfigMap = {};
    for (const f of model.fields) {
      if (f.list || f.derivedFrom) continue;
      values[f.name] = {};
      if (f.kind !== "entity") continue;
      const target = schema.entities.get(f.typeName)!;
      for (const child of target.fields) {
        if (!child.list && !child.derivedFrom && child.kind !== "entity" && child.kind !== "interface") {
          values[`${f.name}__${child.name}`] = {};
        }
      }
    }
    return values;
  }

  function entityFields(model: Model): GraphQLFieldConfigMap<EntityObject, QueryContext> {
    const out: GraphQLFieldConfigMap<EntityObject, QueryContext> = {};
    for (const f of model.fields) {
      const config: GraphQLFieldConfig<EntityObject, QueryContext> = { type: wrapOutput(f) };
      if (f.kind === "scalar" || f.kind === "enum") {
        // Each value is counted as it joins the answer, under its alias: the result-size limit
        // measures the answer being built, however often a field is aliased.
        config.resolve = (obj, _args, _ctx, info) => {
          const value = toGraphQL(f, obj.data[f.name] ?? null);
          queries.budget?.charge(String(info.path.key).length + 4 + jsonBytes(value));
          return value;
        };
      } else if (f.list) {
        config.args = collectionArgs(f.typeName);
        config.resolve = (obj, args: CollectionArgs, ctx, info) => {
          queries.budget?.charge(String(info.path.key).length + 6);
          return relatedList(obj, f, args, ctx, info);
        };
      } else {
        config.resolve = (obj, _args, ctx, info) => {
          queries.budget?.charge(String(info.path.key).length + 6);
          return relatedOne(obj, f, ctx, info);
        };
      }
      out[f.name] = config;
    }
    return out;
  }

  /** The field of `obj`'s own type (an interface field is resolved on the implementation). */
  const ownField = (obj: EntityObject, f: FieldModel) => obj.__entity.fieldMap.get(f.name) ?? f;

  /** The stored fields to read for a field selecting `nodes` (plus what ordering merged rows needs). */
  function projection(info: GraphQLResolveInfo, nodes: readonly FieldNode[], orderBy?: string): Set<string> {
    const names = selectionOf(nodes, info.fragments).names;
    if (!orderBy || orderBy === "id" || names.has(orderBy)) return names;
    return new Set([...names, orderBy.split("__")[0]]);
  }

  const fieldListKeys = new WeakMap<Set<string>, string>();
  /** The request's memo for references of type `f` read at `block` with projection `fields`. */
  const memoFor = (ctx: QueryContext, f: FieldModel, block: number, fields: Set<string>) => {
    if (!ctx.memo) return null;
    let list = fieldListKeys.get(fields);
    if (list === undefined) fieldListKeys.set(fields, (list = [...fields].sort().join(",")));
    const key = `${f.typeName}|${block}|${list}`;
    let memo = ctx.memo.get(key);
    if (!memo) ctx.memo.set(key, (memo = new Map()));
    return memo;
  };

  function relatedOne(
    obj: EntityObject,
    declared: FieldModel,
    ctx: QueryContext,
    info: GraphQLResolveInfo,
  ): EntityObject | null {
    const f = ownField(obj, declared);
    const targets = targetEntities(schema, f);
    if (f.derivedFrom) {
      const found = collectAcross(
        targets,
        { first: 1 },
        obj.__block,
        (t) => EntityQueries.references(t.fieldMap.get(f.derivedFrom!)!, obj.data.id),
        projection(info, info.fieldNodes),
      );
      return found[0] ?? null;
    }
    const id = obj.data[f.name];
    if (id === undefined || id === null) return null;
    const fields = projection(info, info.fieldNodes);
    const key = idKey(id);
    const memo = memoFor(ctx, f, obj.__block, fields);
    const known = memo?.get(key);
    if (known !== undefined) return known;
    let result: EntityObject | null = null;
    for (const target of targets) {
      result = queries.byId(target, key, obj.__block, fields);
      if (result) break;
    }
    memo?.set(key, result);
    return result;
  }

  function relatedList(
    obj: EntityObject,
    declared: FieldModel,
    args: CollectionArgs,
    ctx: QueryContext,
    info: GraphQLResolveInfo,
  ): EntityObject[] {
    const f = ownField(obj, declared);
    // Read with its level's other rows (a parent of another level, under the same field node,
    // may not have been among them: it reads its own).
    const batched = ctx.lists?.get(info.fieldNodes[0])?.get(obj.__block)?.get(idKey(obj.data.id!));
    if (batched) {
      prefetch(batched, ctx, info);
      return batched;
    }
    const targets = targetEntities(schema, f);
    const fields = projection(info, info.fieldNodes, targets.length > 1 ? args.orderBy : undefined);
    const rows = f.derivedFrom
      ? collectAcross(
          targets,
          args,
          obj.__block,
          (t) => EntityQueries.references(t.fieldMap.get(f.derivedFrom!)!, obj.data.id),
          fields,
        )
      : collectAcross(
          targets,
          args,
          obj.__block,
          (t) => EntityQueries.idIn(t, (obj.data[f.name] ?? []) as FieldValue[]),
          fields,
        );
    prefetch(rows, ctx, info);
    return rows;
  }

  /**
   * Reads what the rows' selected fields need in one query per field, for all the rows at once:
   * the entities they reference (into the memo) and their `@derivedFrom` lists (into `ctx.lists`),
   * then, level by level, the same for the rows of those lists.
   */
  function prefetch(
    rows: EntityObject[],
    ctx: QueryContext,
    info: GraphQLResolveInfo,
    nodes: readonly FieldNode[] = info.fieldNodes,
  ): void {
    if (!ctx.memo || rows.length < 2) return;
    const entity = rows[0].__entity;
    const block = rows[0].__block;
    if (rows.some((r) => r.__entity !== entity || r.__block !== block)) return;
    prefetchLists(rows, entity, block, ctx, info, nodes);
    for (const { fieldName, nodes: childNodes } of selectionOf(nodes, info.fragments).children.values()) {
      const f = entity.fieldMap.get(fieldName);
      if (!f || f.derivedFrom || f.list || (f.kind !== "entity" && f.kind !== "interface")) continue;
      const fields = projection(info, childNodes);
      const memo = memoFor(ctx, f, block, fields)!;
      const wanted = new Set<string>();
      for (const row of rows) {
        const id = row.data[f.name];
        if (id === undefined || id === null) continue;
        const key = idKey(id);
        if (!memo.has(key)) wanted.add(key);
      }
      let remaining = [...wanted];
      for (const target of targetEntities(schema, f)) {
        if (remaining.length === 0) break;
        const found = queries.byIds(target, remaining, block, fields);
        for (const [id, object] of found) memo.set(id, object);
        remaining = remaining.filter((id) => !found.has(id));
      }
      for (const id of remaining) memo.set(id, null);
    }
  }

  /**
   * The selected `@derivedFrom` lists of one entity type (through a plain reference, string ids)
   * for all `rows` at once. A list whose arguments do not check out is left to its own resolver,
   * which reports the error where graph-node does.
   */
  function prefetchLists(
    rows: EntityObject[],
    entity: EntityModel,
    block: number,
    ctx: QueryContext,
    info: GraphQLResolveInfo,
    nodes: readonly FieldNode[],
  ): void {
    if (!ctx.lists || entity.idScalar === "Int8") return;
    const type = info.schema.getType(entity.name);
    if (!(type instanceof GraphQLObjectType)) return;
    for (const { fieldName, nodes: childNodes } of selectionOf(nodes, info.fragments).children.values()) {
      const f = entity.fieldMap.get(fieldName);
      if (!f?.derivedFrom || !f.list || f.kind !== "entity") continue;
      const target = schema.entities.get(f.typeName)!;
      const via = target.fieldMap.get(f.derivedFrom);
      if (!via || via.list || via.derivedFrom) continue;
      const node = childNodes[0];
      let byBlock = ctx.lists.get(node);
      if (!byBlock) ctx.lists.set(node, (byBlock = new Map()));
      let byParent = byBlock.get(block);
      const parents = rows.map((r) => idKey(r.data.id!)).filter((id) => !byParent?.has(id));
      if (parents.length === 0) continue;
      let args: CollectionArgs;
      let found: Map<string, EntityObject[]>;
      try {
        args = getArgumentValues(type.getFields()[fieldName], node, info.variableValues) as CollectionArgs;
        found = queries.collectionByParent(target, args, block, via, parents, projection(info, childNodes));
      } catch (error) {
        if (queries.budget?.stopped) throw error;
        continue;
      }
      if (!byParent) byBlock.set(block, (byParent = new Map()));
      const children: EntityObject[] = [];
      for (const id of parents) {
        const list = found.get(id) ?? [];
        byParent.set(id, list);
        for (const child of list) children.push(child);
      }
      prefetch(children, ctx, info, childNodes);
    }
  }

  /** A collection over one entity type, or merged over an interface's implementations. */
  function collectAcross(
    targets: EntityModel[],
    args: CollectionArgs,
    block: number,
    extra?: (t: EntityModel) => Parameters<EntityQueries["collection"]>[3],
    fields?: Set<string>,
  ): EntityObject[] {
    if (targets.length === 1) return queries.collection(targets[0], args, block, extra?.(targets[0]), fields);
    const { first, skip } = checkPaging(args, queries.limits);
    // Rows skip..skip+first of the merge are among the first skip+first rows of each type.
    const widened = { ...args, first: first + skip, skip: 0 };
    const rows = targets.flatMap((t) => queries.collection(t, widened, block, extra?.(t), fields, true));
    rows.sort(compareBy(args));
    return rows.slice(skip, skip + first);
  }

  const resolveBlock = (arg: BlockArg, ctx: QueryContext) => blockNumberOf(queries, arg, ctx);

  const queryFields: GraphQLFieldConfigMap<unknown, QueryContext> = {};
  for (const model of models) {
    const { single, collection } = queryFieldNames(model.name);
    const type = outputTypes.get(model.name)!;
    const targets =
      "table" in model ? [model as EntityModel] : model.implementations.map((n) => schema.entities.get(n)!);
    queryFields[single] = {
      type,
      args: {
        id: { type: new GraphQLNonNull(GraphQLID) },
        block: { type: BlockHeight, description: "The block at which the query should be executed." },
        subgraphError: { type: new GraphQLNonNull(SubgraphErrorPolicy), defaultValue: "deny" },
      },
      resolve: (_root, args: { id: string; block: BlockArg }, ctx, info) => {
        const block = resolveBlock(args.block, ctx);
        const fields = projection(info, info.fieldNodes);
        for (const target of targets) {
          const id = target.idScalar === "Bytes" ? args.id.toLowerCase() : args.id;
          if (target.idScalar === "Int8" && !/^-?\d+$/.test(id)) continue;
          const found = queries.byId(target, id, block, fields);
          if (found) return found;
        }
        return null;
      },
    };
    queryFields[collection] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(type))),
      args: {
        ...collectionArgs(model.name),
        block: { type: BlockHeight, description: "The block at which the query should be executed." },
        subgraphError: { type: new GraphQLNonNull(SubgraphErrorPolicy), defaultValue: "deny" },
      },
      resolve: (_root, args: CollectionArgs & { block: BlockArg }, ctx, info) => {
        const fields = projection(info, info.fieldNodes, targets.length > 1 ? args.orderBy : undefined);
        const rows = collectAcross(targets, args, resolveBlock(args.block, ctx), undefined, fields);
        prefetch(rows, ctx, info);
        return rows;
      },
    };
  }
  queryFields._meta = {
    type: Meta,
    description: "Access to subgraph metadata",
    args: { block: { type: BlockHeight } },
    resolve: (_root, args: { block: BlockArg }, ctx) => {
      return metaOf(queries, resolveBlock(args.block, ctx), ctx);
    },
  };

  // Every scalar and directive of graph-node's API schema is in the schema, used or not, so
  // introspection (codegen, GraphiQL) sees what it would see on graph-node.
  const types: GraphQLNamedType[] = [
    ...[...outputTypes.values()].filter((t) => t instanceof GraphQLObjectType),
    BigDecimalScalar,
    BigIntScalar,
    BytesScalar,
    Int8Scalar,
    TimestampScalar,
  ];
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: queryFields }),
    types,
    directives: [...specifiedDirectives, ...GRAPH_NODE_DIRECTIVES],
  });
}

/** The block a query field reads at: its `block` argument checked against the head, or the head. */
export function blockNumberOf(
  queries: EntityQueries,
  arg: BlockArg,
  ctx: Pick<QueryContext, "head" | "deployment">,
): number {
  const head = ctx.head;
  if (!arg) return head?.number ?? -1;
  if (arg.hash !== undefined && arg.hash !== null) {
    const block = queries.store.blockByHash(arg.hash);
    if (!block) throw new GraphQLError("Failed to decode `block.hash` value: `no block with that hash found`");
    return block.number;
  }
  if (arg.number !== undefined && arg.number !== null) {
    if (arg.number < 0) {
      throw new GraphQLError(
        `Failed to decode \`block.number\` value: \`block numbers are not negative, but the query asks for ${arg.number}\``,
      );
    }
    if (!head || arg.number > head.number) {
      throw new GraphQLError(
        `Failed to decode \`block.number\` value: \`subgraph ${ctx.deployment} has only indexed up to block number ${head?.number ?? "(none)"} and data for block number ${arg.number} is therefore not yet available\``,
      );
    }
    return arg.number;
  }
  if (arg.number_gte !== undefined && arg.number_gte !== null) {
    if (arg.number_gte < 0) {
      throw new GraphQLError(
        `Failed to decode \`block.number_gte\` value: \`block numbers are not negative, but the query asks for ${arg.number_gte}\``,
      );
    }
    if (!head || head.number < arg.number_gte) {
      throw new GraphQLError(
        `subgraph ${ctx.deployment} has only indexed up to block number ${head?.number ?? "(none)"} and data for block number ${arg.number_gte} is therefore not yet available`,
      );
    }
    return head.number;
  }
  return head?.number ?? -1;
}

/** What `_meta` answers at block `number`. */
export function metaOf(
  queries: EntityQueries,
  number: number,
  ctx: Pick<QueryContext, "deployment" | "hasIndexingErrors">,
): Record<string, unknown> {
  const block = number >= 0 ? queries.store.blockAt(number) : null;
  return {
    block: {
      number: Math.max(number, 0),
      hash: block?.hash ?? null,
      timestamp: block?.timestamp ?? null,
      parentHash: block?.parentHash ?? null,
    },
    deployment: ctx.deployment,
    hasIndexingErrors: ctx.hasIndexingErrors,
  };
}

/** The Graph's own directives, as graph-node declares them in its API schema. */
const GRAPH_NODE_DIRECTIVES = [
  new GraphQLDirective({
    name: "entity",
    description:
      "Marks the GraphQL type as indexable entity.  Each type that should be an entity is required to be annotated with this directive.",
    locations: [DirectiveLocation.OBJECT],
  }),
  new GraphQLDirective({
    name: "subgraphId",
    description: "Defined a Subgraph ID for an object type",
    locations: [DirectiveLocation.OBJECT],
    args: { id: { type: new GraphQLNonNull(GraphQLString) } },
  }),
  new GraphQLDirective({
    name: "derivedFrom",
    description:
      "creates a virtual field on the entity that may be queried but cannot be set manually through the mappings API.",
    locations: [DirectiveLocation.FIELD_DEFINITION],
    args: { field: { type: new GraphQLNonNull(GraphQLString) } },
  }),
];

/** Orders merged rows like SQL does: the sort key, nulls last (first when descending), then id. */
function compareBy(args: CollectionArgs): (a: EntityObject, b: EntityObject) => number {
  const desc = args.orderDirection === "desc" ? -1 : 1;
  const key = (o: EntityObject, name: string) => {
    const f = o.__entity.fieldMap.get(name);
    const v = o.data[name];
    return f && v !== undefined && v !== null ? scalarToColumn(f.scalar, v) : null;
  };
  const cmp = (x: unknown, y: unknown) =>
    x === y ? 0 : x === null ? 1 : y === null ? -1 : (x as string) < (y as string) ? -1 : 1;
  return (a, b) => {
    if (args.orderBy && args.orderBy !== "id") {
      if (args.orderBy.includes("__"))
        throw new GraphQLError(`Sorting interface results by \`${args.orderBy}\` is not supported`);
      const ka = key(a, args.orderBy);
      const kb = key(b, args.orderBy);
      if (ka === null || kb === null) {
        if (ka !== kb) return (ka === null ? 1 : -1) * (desc === -1 ? -1 : 1);
      } else {
        const c = cmp(ka, kb);
        if (c !== 0) return c * desc;
      }
    }
    return cmp(key(a, "id"), key(b, "id")) * desc;
  };
}
