// A cheap estimate of how much work a query asks for, made before it is queued: the rows it
// may read (a collection counts its `first`, 100 by default, times what each row selects). Light
// queries (`_meta`, an entity by id, a small `first`) get a lane of their own in the worker pool,
// so they never wait behind expensive ones.
import { Kind, getNamedType, getNullableType, isListType, isObjectType, isInterfaceType, parse } from "graphql";
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLNamedType,
  GraphQLSchema,
  SelectionSetNode,
  ValueNode,
} from "graphql";

/** Queries estimated at or below this many rows are light. */
export const LIGHT_COST = 250;
/** Longer query texts are not estimated (parsing them is work of its own): they are heavy. */
export const LIGHT_TEXT_CHARS = 8 * 1024;
const DEFAULT_FIRST = 100;
/** Deeper selections are heavy whatever their arguments. */
const MAX_ESTIMATED_DEPTH = 12;

export type QueryLane = "light" | "heavy";

/**
 * Recent query texts parsed for their estimate (at most `LIGHT_TEXT_CHARS` each): clients repeat
 * a few texts with other variables, and the serving thread need not parse them every time. Bounded
 * by the characters of the texts (a document takes ~50 bytes per character: ~13 MB in all).
 */
const parsed = new Map<string, DocumentNode>();
const PARSED_CHARS = 256 * 1024;
let parsedChars = 0;

/** Which lane `query` goes to; anything that cannot be estimated cheaply is heavy. */
export function queryLane(query: unknown, variables: unknown, schema?: GraphQLSchema): QueryLane {
  return queryCost(query, variables, schema) <= LIGHT_COST ? "light" : "heavy";
}

/** `estimateRows` of a request: 0 for a syntax error (answered without reading), Infinity when not estimated. */
export function queryCost(query: unknown, variables: unknown, schema?: GraphQLSchema): number {
  if (typeof query !== "string" || query.length > LIGHT_TEXT_CHARS) return Infinity;
  let document = parsed.get(query);
  if (document) {
    parsed.delete(query); // most recently used last
  } else {
    try {
      document = parse(query, { maxTokens: 2_000, noLocation: true });
    } catch {
      return 0; // a syntax error is answered without reading anything
    }
    parsedChars += query.length;
    while (parsedChars > PARSED_CHARS) {
      const oldest = parsed.keys().next().value!;
      parsed.delete(oldest);
      parsedChars -= oldest.length;
    }
  }
  parsed.set(query, document);
  const vars = variables && typeof variables === "object" ? (variables as Record<string, unknown>) : {};
  return estimateRows(document, vars, schema);
}

/**
 * Rows the document's operations may read, about (Infinity past the depth this looks at). With
 * the API schema, only list fields multiply; without it, every field with a selection but no
 * `id` argument is counted as a list.
 */
export function estimateRows(
  document: DocumentNode,
  variables: Record<string, unknown>,
  schema?: GraphQLSchema,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const number = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const v = variables[value.name.value];
      return typeof v === "number" ? v : undefined;
    }
    return undefined;
  };

  /** Rows read for one object with this selection (its nested lists and references). */
  const fieldOf = (parent: GraphQLNamedType | undefined, name: string) =>
    parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;

  const perObject = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    depth: number,
    visiting: Set<string>,
  ): number => {
    if (depth > MAX_ESTIMATED_DEPTH) return Infinity;
    let rows = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const typed = sel.typeCondition ? schema?.getType(sel.typeCondition.name.value) : parent;
        rows += perObject(sel.selectionSet, typed ?? parent, depth, visiting);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(sel.name.value);
        if (!fragment || visiting.has(sel.name.value)) continue; // validation reports it
        visiting.add(sel.name.value);
        rows += perObject(
          fragment.selectionSet,
          schema?.getType(fragment.typeCondition.name.value) ?? parent,
          depth,
          visiting,
        );
        visiting.delete(sel.name.value);
      } else if (sel.selectionSet) {
        const name = sel.name.value;
        const args = new Map((sel.arguments ?? []).map((a) => [a.name.value, a.value]));
        const field = fieldOf(parent, name);
        const inner =
          1 + perObject(sel.selectionSet, field ? getNamedType(field.type) : undefined, depth + 1, visiting);
        if (name === "_meta" || name.startsWith("__")) rows += 1;
        else if (args.has("id") || (field && !isListType(getNullableType(field.type)))) rows += inner;
        else {
          // A list (or a single reference, which costs less than this counts).
          const first = number(args.get("first")) ?? DEFAULT_FIRST;
          rows += Math.max(1, first) * inner;
        }
      }
      if (rows === Infinity) return rows;
    }
    return rows;
  };

  let total = 0;
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) {
      const root = def.operation === "query" ? (schema?.getQueryType() ?? undefined) : undefined;
      total += perObject(def.selectionSet, root, 0, new Set());
    }
  }
  return total;
}
