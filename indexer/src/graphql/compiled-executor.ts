// Answers the queries the API serves without graphql-js's per-field execution: the operation is
// walked once into a plan (per entity level: the selected fields under their response keys, the
// columns to read, nested levels with their arguments) and the JSON answer text is written from
// the rows directly, each level read with one query per relation field (as the resolvers'
// prefetch does) and each referenced entity written once however many rows point at it.
//
// The answer is the text graphql-js's execution would serialize, byte for byte. Whatever the
// plan does not cover (introspection, directives, interfaces, any error: a bad argument, a
// block not indexed yet, a null where the schema promises a value, a result near its size
// limit) is not answered here: the caller runs graphql-js, which gives the answer and the error
// exactly as before. A query over its time answers `Query timed out`, as with graphql-js.
import {
  GraphQLObjectType,
  Kind,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  typeFromAST,
} from "graphql";
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLLeafType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from "graphql";
import { targetEntities } from "../schema/subgraph-schema.ts";
import type { EntityModel, FieldModel, SubgraphSchema } from "../schema/subgraph-schema.ts";
import { idKey, toGraphQL } from "../store/entity-values.ts";
import type { FieldValue } from "../store/entity-values.ts";
import { blockNumberOf, jsonBytes, metaOf } from "./api-schema.ts";
import type { BlockArg, QueryContext } from "./api-schema.ts";
import { EntityQueries } from "./entity-queries.ts";
import type { CollectionArgs, EntityObject } from "./entity-queries.ts";
import { queryFieldNames } from "./naming.ts";

/** Thrown when the plan does not cover the query: graphql-js answers it. */
class NotCovered extends Error {}
const notCovered = (): never => {
  throw new NotCovered();
};

type Leaf = {
  kind: "leaf";
  prefix: string;
  keyBytes: number;
  model: FieldModel;
  nonNull: boolean;
  list: boolean;
  itemNonNull: boolean;
  type: GraphQLLeafType;
};
type Relation = {
  kind: "ref" | "derivedOne" | "list";
  prefix: string;
  keyBytes: number;
  model: FieldModel;
  nonNull: boolean;
  target: EntityModel;
  /** The target's field a `@derivedFrom` field reads through. */
  via: FieldModel | null;
  args: CollectionArgs;
  level: Level;
};
type Typename = { kind: "typename"; prefix: string; text: string };
type FieldPlan = Leaf | Relation | Typename;

/** One entity level of the plan: what each row writes, and the columns to read for it. */
type Level = { entity: EntityModel; fields: FieldPlan[]; columns: Set<string> };

/** Texts of rows written, and the bytes the result-size limit counts for each (subtree included). */
type Written = { texts: string[]; bytes: number[] };

type RootField = { kind: "single" | "collection"; entity: EntityModel } | { kind: "meta" } | { kind: "interface" };

export class CompiledExecutor {
  private readonly schema: GraphQLSchema;
  private readonly model: SubgraphSchema;
  private readonly queries: EntityQueries;
  private readonly roots = new Map<string, RootField>();

  constructor(schema: GraphQLSchema, model: SubgraphSchema, queries: EntityQueries) {
    this.schema = schema;
    this.model = model;
    this.queries = queries;
    for (const entity of model.entities.values()) {
      const { single, collection } = queryFieldNames(entity.name);
      this.roots.set(single, { kind: "single", entity });
      this.roots.set(collection, { kind: "collection", entity });
    }
    for (const model of this.model.interfaces.values()) {
      const { single, collection } = queryFieldNames(model.name);
      this.roots.set(single, { kind: "interface" });
      this.roots.set(collection, { kind: "interface" });
    }
    this.roots.set("_meta", { kind: "meta" });
  }

  /**
   * The answer's JSON text, or null when graphql-js must answer (the plan does not cover the
   * query, or something failed: graphql-js reports it in its own words). Throws only the budget's
   * timeout. Reads through `this.queries`, whose budget counts the result's bytes.
   */
  answer(
    document: DocumentNode,
    rawVariables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    ctx: QueryContext,
  ): string | null {
    try {
      return this.run(document, rawVariables, operationName, ctx);
    } catch {
      const stopped = this.queries.budget?.stopped;
      if (stopped && stopped.message === "Query timed out") throw stopped;
      return null;
    }
  }

  private run(
    document: DocumentNode,
    rawVariables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    ctx: QueryContext,
  ): string {
    let operation: OperationDefinitionNode | undefined;
    const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
    for (const def of document.definitions) {
      if (def.kind === Kind.OPERATION_DEFINITION) {
        if (operationName === undefined) {
          if (operation) notCovered();
          operation = def;
        } else if (def.name?.value === operationName) operation = def;
      } else if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    }
    if (!operation || operation.operation !== "query") return notCovered();
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], rawVariables ?? {}, {
      maxErrors: 50,
    });
    if (coerced.errors) return notCovered();
    const plan = new Planner(this.schema, this.model, fragments, coerced.coerced);
    const queryType = this.schema.getQueryType()!;
    const fields = plan.collect(queryType, [operation.selectionSet]);
    let out = "";
    for (const [key, nodes] of fields) {
      const prefix = JSON.stringify(key) + ":";
      out += (out ? "," : "") + prefix + this.rootField(plan, queryType, nodes, ctx);
    }
    return `{"data":{${out}}}`;
  }

  private rootField(plan: Planner, queryType: GraphQLObjectType, nodes: FieldNode[], ctx: QueryContext): string {
    const name = nodes[0].name.value;
    if (name === "__typename") return JSON.stringify(queryType.name);
    const root = this.roots.get(name);
    if (!root || root.kind === "interface") return notCovered();
    const def = queryType.getFields()[name];
    const args = getArgumentValues(def, nodes[0], plan.variables) as CollectionArgs & {
      id?: string;
      block?: BlockArg;
    };
    const block = blockNumberOf(this.queries, args.block, ctx);
    if (root.kind === "meta") {
      return plan.plain(metaOf(this.queries, block, ctx), getNamedType(def.type) as GraphQLObjectType, nodes);
    }
    const level = plan.level(root.entity, nodes);
    if (root.kind === "single") {
      const entity = root.entity;
      const id = entity.idScalar === "Bytes" ? args.id!.toLowerCase() : args.id!;
      if (entity.idScalar === "Int8" && !/^-?\d+$/.test(id)) return "null";
      const found = this.queries.byId(entity, id, block, level.columns);
      return found ? this.write([found], level).texts[0] : "null";
    }
    const rows = this.queries.collection(root.entity, args, block, undefined, level.columns);
    return "[" + this.write(rows, level).texts.join(",") + "]";
  }

  /** Writes `rows` (one entity type, one block) at `level`, counting their bytes in the budget. */
  private write(rows: EntityObject[], level: Level): Written {
    const fields = level.fields;
    // Each relation's texts for every row, read and written for all rows at once.
    const related: (Written | null)[] = fields.map((f) =>
      f.kind === "leaf" || f.kind === "typename" ? null : this.relation(rows, f),
    );
    const texts: string[] = new Array(rows.length);
    const bytes: number[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const data = rows[i].data;
      let text = "{";
      // Bytes of this row's own values and keys; the relations counted their rows as they wrote them.
      let self = 0;
      let size = 0;
      for (let j = 0; j < fields.length; j++) {
        const f = fields[j];
        if (j) text += ",";
        text += f.prefix;
        if (f.kind === "typename") {
          text += f.text;
        } else if (f.kind === "leaf") {
          const value = toGraphQL(f.model, data[f.model.name] ?? null);
          self += f.keyBytes + 4 + jsonBytes(value);
          text += leafText(f, value);
        } else {
          const r = related[j]!;
          self += f.keyBytes + 6;
          size += r.bytes[i];
          text += r.texts[i];
        }
      }
      texts[i] = text + "}";
      bytes[i] = size + self;
      this.queries.budget?.charge(self);
    }
    return { texts, bytes };
  }

  /** One relation field for all `rows`: per row its text (`null`, an object or a list) and bytes. */
  private relation(rows: EntityObject[], f: Relation): Written {
    const n = rows.length;
    const texts: string[] = new Array(n);
    const bytes: number[] = new Array(n).fill(0);
    if (n === 0) return { texts, bytes };
    const block = rows[0].__block;
    if (f.kind === "ref") {
      const keys = new Set<string>();
      for (const row of rows) {
        const id = row.data[f.model.name];
        if (id !== undefined && id !== null) keys.add(idKey(id));
      }
      const found = this.queries.byIds(f.target, [...keys], block, f.level.columns);
      const objects = [...found.values()];
      const written = this.write(objects, f.level);
      const byKey = new Map<string, number>();
      for (let k = 0; k < objects.length; k++) byKey.set(idKey(objects[k].data.id!), k);
      // Each entity was counted once as written; every further row pointing at it counts it again.
      let again = 0;
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) {
        const id = rows[i].data[f.model.name];
        const k = id === undefined || id === null ? undefined : byKey.get(idKey(id));
        if (k === undefined) {
          if (f.nonNull) notCovered();
          texts[i] = "null";
          continue;
        }
        texts[i] = written.texts[k];
        bytes[i] = written.bytes[k];
        if (seen.has(k)) again += written.bytes[k];
        else seen.add(k);
      }
      this.queries.budget?.charge(again);
      return { texts, bytes };
    }
    // Lists and single `@derivedFrom` values: each row's rows, then all of them written at once.
    const lists = this.lists(rows, f, block);
    const all: EntityObject[] = [];
    for (const list of lists) for (const row of list) all.push(row);
    const written = this.write(all, f.level);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const count = lists[i].length;
      let size = 0;
      for (let k = at; k < at + count; k++) size += written.bytes[k];
      bytes[i] = size;
      if (f.kind === "derivedOne") {
        if (count === 0 && f.nonNull) notCovered();
        texts[i] = count ? written.texts[at] : "null";
      } else {
        texts[i] = "[" + written.texts.slice(at, at + count).join(",") + "]";
      }
      at += count;
    }
    return { texts, bytes };
  }

  /** The rows of a list (or single derived) field for each of `rows`. */
  private lists(rows: EntityObject[], f: Relation, block: number): EntityObject[][] {
    const { target, via, args, level } = f;
    const source = rows[0].__entity;
    if (
      f.kind === "list" &&
      via &&
      !via.list &&
      !via.derivedFrom &&
      source.idScalar !== "Int8" &&
      f.model.kind === "entity"
    ) {
      const parents = rows.map((r) => idKey(r.data.id!));
      const found = this.queries.collectionByParent(target, args, block, via, parents, level.columns);
      return parents.map((id) => found.get(id) ?? []);
    }
    return rows.map((row) => {
      const extra = via
        ? EntityQueries.references(via, row.data.id!)
        : EntityQueries.idIn(target, (row.data[f.model.name] ?? []) as FieldValue[]);
      return this.queries.collection(
        target,
        f.kind === "derivedOne" ? { first: 1 } : args,
        block,
        extra,
        level.columns,
      );
    });
  }
}

/** The text of a scalar or enum value, as graphql-js completes and serializes it. */
function leafText(f: Leaf, value: unknown): string {
  if (value === null || value === undefined) return f.nonNull ? notCovered() : "null";
  if (f.list) {
    if (!Array.isArray(value)) return notCovered();
    const items = value.map((item) => {
      if (item === null || item === undefined) return f.itemNonNull ? notCovered() : null;
      const out = f.type.serialize(item);
      return out === null || out === undefined ? notCovered() : out;
    });
    return JSON.stringify(items);
  }
  const out = f.type.serialize(value);
  if (out === null || out === undefined) notCovered();
  return JSON.stringify(out);
}

/** Walks an operation into levels, as graphql-js collects fields (fragments, type conditions, merging by response key). */
class Planner {
  readonly variables: Record<string, unknown>;
  private readonly schema: GraphQLSchema;
  private readonly model: SubgraphSchema;
  private readonly fragments: Record<string, FragmentDefinitionNode>;

  constructor(
    schema: GraphQLSchema,
    model: SubgraphSchema,
    fragments: Record<string, FragmentDefinitionNode>,
    variables: Record<string, unknown>,
  ) {
    this.schema = schema;
    this.model = model;
    this.fragments = fragments;
    this.variables = variables;
  }

  /** The fields `sets` select on `type`, by response key, in graphql-js's order. */
  collect(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
    const out = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const visit = (set: SelectionSetNode) => {
      for (const sel of set.selections) {
        if (sel.directives?.length) notCovered(); // @skip / @include: graphql-js decides
        if (sel.kind === Kind.FIELD) {
          const key = sel.alias?.value ?? sel.name.value;
          const list = out.get(key);
          if (list) list.push(sel);
          else out.set(key, [sel]);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          if (this.matches(sel.typeCondition, type)) visit(sel.selectionSet);
        } else {
          const name = sel.name.value;
          if (visited.has(name)) continue;
          visited.add(name);
          const fragment = this.fragments[name];
          if (fragment && this.matches(fragment.typeCondition, type)) visit(fragment.selectionSet);
        }
      }
    };
    for (const set of sets) visit(set);
    return out;
  }

  private matches(condition: Parameters<typeof typeFromAST>[1] | undefined, type: GraphQLObjectType): boolean {
    if (!condition) return true;
    const conditional = typeFromAST(this.schema, condition);
    if (conditional === type) return true;
    return conditional !== undefined && isAbstractType(conditional) && this.schema.isSubType(conditional, type);
  }

  /** The level for entity rows of `entity` that `nodes` select into. */
  level(entity: EntityModel, nodes: readonly FieldNode[]): Level {
    const type = this.schema.getType(entity.name);
    if (!(type instanceof GraphQLObjectType)) return notCovered();
    const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    const level: Level = { entity, fields: [], columns: new Set() };
    const defs = type.getFields();
    for (const [key, fieldNodes] of this.collect(type, sets)) {
      const name = fieldNodes[0].name.value;
      const prefix = JSON.stringify(key) + ":";
      if (name === "__typename") {
        level.fields.push({ kind: "typename", prefix, text: JSON.stringify(type.name) });
        continue;
      }
      const model = entity.fieldMap.get(name);
      const def = defs[name];
      if (!model || !def) return notCovered();
      if (!model.derivedFrom) level.columns.add(name);
      level.fields.push(this.field(model, def, key, prefix, fieldNodes));
    }
    return level;
  }

  private field(
    model: FieldModel,
    def: GraphQLField<unknown, unknown>,
    key: string,
    prefix: string,
    nodes: FieldNode[],
  ): FieldPlan {
    const nonNull = isNonNullType(def.type);
    const nullable = nonNull ? (def.type as { ofType: typeof def.type }).ofType : def.type;
    const named = getNamedType(def.type);
    if (model.kind === "scalar" || model.kind === "enum") {
      if (!isLeafType(named)) return notCovered();
      const list = isListType(nullable);
      return {
        kind: "leaf",
        prefix,
        keyBytes: key.length,
        model,
        nonNull,
        list,
        itemNonNull: list && isNonNullType((nullable as { ofType: typeof def.type }).ofType),
        type: named,
      };
    }
    const targets = targetEntities(this.model, model);
    if (targets.length !== 1 || model.kind !== "entity") return notCovered();
    const target = targets[0];
    const via = model.derivedFrom ? (target.fieldMap.get(model.derivedFrom) ?? notCovered()) : null;
    const kind = model.list ? "list" : model.derivedFrom ? "derivedOne" : "ref";
    const args = kind === "list" ? (getArgumentValues(def, nodes[0], this.variables) as CollectionArgs) : {};
    return { kind, prefix, keyBytes: key.length, model, nonNull, target, via, args, level: this.level(target, nodes) };
  }

  /** A plain object (`_meta`) as graphql-js's default resolvers complete it. */
  plain(value: unknown, type: GraphQLObjectType, nodes: readonly FieldNode[]): string {
    const object = value as Record<string, unknown>;
    const defs = type.getFields();
    let out = "";
    const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    for (const [key, fieldNodes] of this.collect(type, sets)) {
      const name = fieldNodes[0].name.value;
      out += (out ? "," : "") + JSON.stringify(key) + ":";
      if (name === "__typename") {
        out += JSON.stringify(type.name);
        continue;
      }
      const def = defs[name] ?? notCovered();
      const v = object[name];
      const named = getNamedType(def.type);
      if (v === null || v === undefined) {
        if (isNonNullType(def.type)) notCovered();
        out += "null";
      } else if (named instanceof GraphQLObjectType) {
        out += this.plain(v, named, fieldNodes);
      } else if (isLeafType(named) && !isListType(def.type)) {
        const s = named.serialize(v);
        out += s === null || s === undefined ? notCovered() : JSON.stringify(s);
      } else notCovered();
    }
    return "{" + out + "}";
  }
}
