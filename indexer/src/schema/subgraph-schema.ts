// The subgraph's schema.graphql as a model the store, the runtime and the GraphQL layer share.
import { Kind, parse } from "graphql";
import type { DirectiveNode, FieldDefinitionNode, TypeNode } from "graphql";

export type ScalarName = "ID" | "String" | "Bytes" | "BigInt" | "BigDecimal" | "Int" | "Int8" | "Timestamp" | "Boolean";

export const SCALARS: ReadonlySet<string> = new Set([
  "ID",
  "String",
  "Bytes",
  "BigInt",
  "BigDecimal",
  "Int",
  "Int8",
  "Timestamp",
  "Boolean",
]);

export type FieldModel = {
  name: string;
  /** The GraphQL type name: a scalar, an enum, an entity or an interface. */
  typeName: string;
  kind: "scalar" | "enum" | "entity" | "interface";
  list: boolean;
  nonNull: boolean;
  elementNonNull: boolean;
  /** How the value is stored: enums as String, references as the target's id type. */
  scalar: ScalarName;
  derivedFrom?: string;
};

export type EntityModel = {
  name: string;
  immutable: boolean;
  idScalar: "String" | "Bytes" | "Int8";
  fields: FieldModel[];
  fieldMap: Map<string, FieldModel>;
  interfaces: string[];
  /** SQLite table holding the entity's versions. */
  table: string;
};

export type InterfaceModel = { name: string; fields: FieldModel[]; implementations: string[] };

export type SubgraphSchema = {
  source: string;
  entities: Map<string, EntityModel>;
  interfaces: Map<string, InterfaceModel>;
  enums: Map<string, string[]>;
};

export class SchemaError extends Error {}

function unwrap(type: TypeNode): { name: string; list: boolean; nonNull: boolean; elementNonNull: boolean } {
  let nonNull = false;
  let list = false;
  let elementNonNull = false;
  let t = type;
  if (t.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    list = true;
    t = t.type;
    if (t.kind === Kind.NON_NULL_TYPE) {
      elementNonNull = true;
      t = t.type;
    }
    if (t.kind === Kind.LIST_TYPE) throw new SchemaError("nested lists are not supported by The Graph");
  }
  if (t.kind !== Kind.NAMED_TYPE) throw new SchemaError("unexpected type");
  return { name: t.name.value, list, nonNull, elementNonNull };
}

function directive(directives: readonly DirectiveNode[] | undefined, name: string): DirectiveNode | undefined {
  return directives?.find((d) => d.name.value === name);
}

function argument(dir: DirectiveNode, name: string): string | boolean | undefined {
  const arg = dir.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  if (arg.value.kind === Kind.STRING || arg.value.kind === Kind.ENUM) return arg.value.value;
  if (arg.value.kind === Kind.BOOLEAN) return arg.value.value;
  return undefined;
}

export function parseSubgraphSchema(source: string): SubgraphSchema {
  const document = parse(source);
  const entities = new Map<string, EntityModel>();
  const interfaces = new Map<string, InterfaceModel>();
  const enums = new Map<string, string[]>();
  const rawFields = new Map<string, readonly FieldDefinitionNode[]>();

  for (const def of document.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      enums.set(
        def.name.value,
        (def.values ?? []).map((v) => v.name.value),
      );
    } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      const entity = directive(def.directives, "entity");
      if (!entity) {
        if (def.name.value === "_Schema_") continue; // holds @fulltext definitions
        throw new SchemaError(`type ${def.name.value} has no @entity directive`);
      }
      if (argument(entity, "timeseries") === true) {
        throw new SchemaError(`${def.name.value}: timeseries entities are not supported by this local host`);
      }
      entities.set(def.name.value, {
        name: def.name.value,
        immutable: argument(entity, "immutable") === true,
        idScalar: "String",
        fields: [],
        fieldMap: new Map(),
        interfaces: (def.interfaces ?? []).map((i) => i.name.value),
        table: `ent_${def.name.value}`,
      });
      rawFields.set(def.name.value, def.fields ?? []);
    } else if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      interfaces.set(def.name.value, { name: def.name.value, fields: [], implementations: [] });
      rawFields.set(def.name.value, def.fields ?? []);
    } else if (def.kind === Kind.SCALAR_TYPE_DEFINITION) {
      continue;
    } else {
      throw new SchemaError(`unsupported definition ${def.kind} in schema.graphql`);
    }
  }

  // Id types first: references are stored as the target's id type.
  const idScalarOf = new Map<string, ScalarName>();
  for (const [name, fields] of rawFields) {
    const idField = fields.find((f) => f.name.value === "id");
    if (!idField) throw new SchemaError(`${name} has no id field`);
    const { name: t } = unwrap(idField.type);
    const scalar = t === "ID" ? "String" : t;
    if (scalar !== "String" && scalar !== "Bytes" && scalar !== "Int8") {
      throw new SchemaError(`${name}.id must be ID, String, Bytes or Int8, not ${t}`);
    }
    idScalarOf.set(name, scalar);
    const entity = entities.get(name);
    if (entity) entity.idScalar = scalar;
  }

  for (const [owner, fields] of rawFields) {
    const models: FieldModel[] = [];
    for (const f of fields) {
      const shape = unwrap(f.type);
      let kind: FieldModel["kind"];
      let scalar: ScalarName;
      if (SCALARS.has(shape.name)) {
        kind = "scalar";
        scalar = shape.name === "ID" ? "String" : (shape.name as ScalarName);
        if (f.name.value === "id") scalar = idScalarOf.get(owner)!;
      } else if (enums.has(shape.name)) {
        kind = "enum";
        scalar = "String";
      } else if (entities.has(shape.name)) {
        kind = "entity";
        scalar = idScalarOf.get(shape.name)!;
      } else if (interfaces.has(shape.name)) {
        kind = "interface";
        scalar = idScalarOf.get(shape.name)!;
      } else {
        throw new SchemaError(`${owner}.${f.name.value}: unknown type ${shape.name}`);
      }
      const derived = directive(f.directives, "derivedFrom");
      const derivedFrom = derived ? String(argument(derived, "field")) : undefined;
      if (derivedFrom && kind !== "entity" && kind !== "interface") {
        throw new SchemaError(`${owner}.${f.name.value}: @derivedFrom needs an entity type`);
      }
      models.push({ name: f.name.value, typeName: shape.name, kind, scalar, derivedFrom, ...shapeFlags(shape) });
    }
    const entity = entities.get(owner);
    if (entity) {
      entity.fields = models;
      entity.fieldMap = new Map(models.map((m) => [m.name, m]));
    } else {
      interfaces.get(owner)!.fields = models;
    }
  }

  for (const entity of entities.values()) {
    for (const name of entity.interfaces) {
      const iface = interfaces.get(name);
      if (!iface) throw new SchemaError(`${entity.name} implements unknown interface ${name}`);
      iface.implementations.push(entity.name);
    }
  }
  for (const entity of entities.values()) {
    for (const field of entity.fields) {
      if (!field.derivedFrom) continue;
      const targets = field.kind === "entity" ? [field.typeName] : interfaces.get(field.typeName)!.implementations;
      for (const target of targets) {
        if (!entities.get(target)!.fieldMap.has(field.derivedFrom)) {
          throw new SchemaError(
            `${entity.name}.${field.name}: ${target} has no field ${field.derivedFrom} to derive from`,
          );
        }
      }
    }
  }
  return { source, entities, interfaces, enums };
}

function shapeFlags(shape: { list: boolean; nonNull: boolean; elementNonNull: boolean }) {
  return { list: shape.list, nonNull: shape.nonNull, elementNonNull: shape.elementNonNull };
}

/** The entity types a field points at: one for an entity, every implementation for an interface. */
export function targetEntities(schema: SubgraphSchema, field: FieldModel): EntityModel[] {
  if (field.kind === "entity") return [schema.entities.get(field.typeName)!];
  if (field.kind === "interface") {
    return schema.interfaces.get(field.typeName)!.implementations.map((n) => schema.entities.get(n)!);
  }
  return [];
}
