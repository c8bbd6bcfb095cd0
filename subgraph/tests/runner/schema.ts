/**
 * The entity definitions of a subgraph's schema.graphql, as a store needs them to validate what a
 * mapping saves: field kinds, nullability, derived fields, immutability.
 */
import { readFileSync } from "node:fs";
import { Kind, parse } from "graphql";
import type { ConstDirectiveNode, TypeNode } from "graphql";
import type { StoreValue } from "./store-value.ts";

export interface FieldDef {
  name: string;
  /** The named type, without list or non-null wrappers. */
  type: string;
  list: boolean;
  nonNull: boolean;
  /** For `@derivedFrom(field: "...")` fields: the field on `type` that points back. */
  derivedFrom: string | null;
}

export interface EntityDef {
  name: string;
  immutable: boolean;
  fields: Map<string, FieldDef>;
}

export interface EntitySchema {
  entities: Map<string, EntityDef>;
  enums: Set<string>;
}

const SCALAR_KINDS: Record<string, StoreValue["kind"]> = {
  ID: "String",
  String: "String",
  Bytes: "Bytes",
  BigInt: "BigInt",
  BigDecimal: "BigDecimal",
  Int: "Int",
  Int8: "Int8",
  Timestamp: "Timestamp",
  Boolean: "Bool",
};

function unwrap(type: TypeNode): { type: string; list: boolean; nonNull: boolean } {
  let nonNull = false;
  let node = type;
  if (node.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    node = node.type;
  }
  let list = false;
  if (node.kind === Kind.LIST_TYPE) {
    list = true;
    node = node.type;
    if (node.kind === Kind.NON_NULL_TYPE) node = node.type;
  }
  if (node.kind !== Kind.NAMED_TYPE) throw new Error("Nested lists are not supported in entities");
  return { type: node.name.value, list, nonNull };
}

function directiveArgument(directive: ConstDirectiveNode, name: string): unknown {
  const argument = directive.arguments?.find((a) => a.name.value === name);
  if (!argument) return undefined;
  const value = argument.value;
  if (value.kind === Kind.BOOLEAN || value.kind === Kind.STRING) return value.value;
  return undefined;
}

export function parseSchema(sdl: string): EntitySchema {
  const document = parse(sdl);
  const entities = new Map<string, EntityDef>();
  const enums = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION) enums.add(definition.name.value);
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const entity = definition.directives?.find((d) => d.name.value === "entity");
    if (!entity) continue;
    const fields = new Map<string, FieldDef>();
    for (const field of definition.fields ?? []) {
      const derived = field.directives?.find((d) => d.name.value === "derivedFrom");
      fields.set(field.name.value, {
        name: field.name.value,
        ...unwrap(field.type),
        derivedFrom: derived ? String(directiveArgument(derived, "field")) : null,
      });
    }
    entities.set(definition.name.value, {
      name: definition.name.value,
      immutable: directiveArgument(entity, "immutable") === true,
      fields,
    });
  }
  return { entities, enums };
}

export function loadSchema(path: string): EntitySchema {
  return parseSchema(readFileSync(path, "utf8"));
}

/** The store value kind a field's (element) type is saved as. */
export function storeKindOf(schema: EntitySchema, type: string): StoreValue["kind"] | null {
  const scalar = SCALAR_KINDS[type];
  if (scalar) return scalar;
  if (schema.enums.has(type)) return "String";
  const referenced = schema.entities.get(type);
  if (referenced) {
    const id = referenced.fields.get("id");
    return id ? (SCALAR_KINDS[id.type] ?? null) : null;
  }
  return null; // interfaces and unions: not checked
}
