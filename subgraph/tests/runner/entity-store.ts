/**
 * An in-memory entity store with graph-node's write semantics:
 * - `set` merges the given fields into the stored entity (a Null value clears a field; it is
 *   kept as Null, which reads back as null like a missing field);
 * - with a schema, the merged entity is validated: known type and fields, value kinds, non-null
 *   fields present, derived fields never stored, `id` equal to the key, immutable entities never
 *   changed once written;
 * - `remove` of a missing entity is a no-op.
 */
import type { EntitySchema } from "./schema.ts";
import { storeKindOf } from "./schema.ts";
import type { Entity, StoreValue } from "./store-value.ts";
import { displayStoreValue, storeValuesEqual } from "./store-value.ts";

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreError";
  }
}

export class EntityStore {
  readonly schema: EntitySchema | null;
  private readonly data = new Map<string, Map<string, Entity>>();
  /** Keys (`type\u0000id`) written in the current block, for `store.get_in_block`. */
  private readonly writtenInBlock = new Set<string>();

  constructor(schema: EntitySchema | null = null) {
    this.schema = schema;
  }

  get(type: string, id: string): Entity | null {
    return this.data.get(type)?.get(id) ?? null;
  }

  /** The entity if it was written since `beginBlock`. */
  getInBlock(type: string, id: string): Entity | null {
    return this.writtenInBlock.has(type + "\u0000" + id) ? this.get(type, id) : null;
  }

  /** Starts a new block: `getInBlock` forgets earlier writes. */
  beginBlock(): void {
    this.writtenInBlock.clear();
  }

  set(type: string, id: string, changes: Entity): void {
    const existing = this.get(type, id);
    const merged: Entity = new Map(existing ?? []);
    for (const [field, value] of changes) merged.set(field, value);
    if (this.schema) this.validate(type, id, merged, existing);
    let entities = this.data.get(type);
    if (!entities) {
      entities = new Map();
      this.data.set(type, entities);
    }
    entities.set(id, merged);
    this.writtenInBlock.add(type + "\u0000" + id);
  }

  remove(type: string, id: string): void {
    if (this.schema?.entities.get(type)?.immutable && this.get(type, id)) {
      throw new StoreError(`${type}[${id}] is immutable and cannot be removed`);
    }
    this.data.get(type)?.delete(id);
    this.writtenInBlock.delete(type + "\u0000" + id);
  }

  /** Entities of `field`'s type that point back at `type[id]` through its @derivedFrom field. */
  loadRelated(type: string, id: string, field: string): Entity[] {
    const definition = this.schema?.entities.get(type)?.fields.get(field);
    if (!definition?.derivedFrom) {
      throw new StoreError(`${type}.${field} is not a @derivedFrom field in the schema`);
    }
    const back = definition.derivedFrom;
    const related: Entity[] = [];
    for (const entity of this.all(definition.type).values()) {
      const value = entity.get(back);
      if (!value) continue;
      const ids = value.kind === "Array" ? value.value : [value];
      if (ids.some((item) => displayStoreValue(item) === id)) related.push(entity);
    }
    return related;
  }

  all(type: string): Map<string, Entity> {
    return this.data.get(type) ?? new Map();
  }

  count(type: string): number {
    return this.data.get(type)?.size ?? 0;
  }

  types(): string[] {
    return [...this.data.keys()].filter((type) => this.count(type) > 0);
  }

  clear(): void {
    this.data.clear();
    this.writtenInBlock.clear();
  }

  private validate(type: string, id: string, entity: Entity, existing: Entity | null): void {
    const schema = this.schema!;
    const definition = schema.entities.get(type);
    if (!definition) throw new StoreError(`Entity type ${type} is not in the schema`);
    const where = `${type}[${id}]`;
    if (definition.immutable && existing && !entitiesEqual(existing, entity)) {
      throw new StoreError(`${where} is immutable and was already written`);
    }
    for (const [name, value] of entity) {
      const field = definition.fields.get(name);
      if (!field) throw new StoreError(`${where} sets ${name}, which ${type} does not have`);
      if (field.derivedFrom) throw new StoreError(`${where} sets derived field ${name}`);
      if (value.kind === "Null") {
        if (field.nonNull) throw new StoreError(`${where} sets non-nullable field ${name} to null`);
        continue;
      }
      const expected = storeKindOf(schema, field.type);
      if (expected === null) continue;
      if (field.list) {
        if (value.kind !== "Array") throw kindError(where, name, `[${expected}]`, value);
        const wrong = value.value.find((item) => item.kind !== expected);
        if (wrong) throw kindError(where, name, `[${expected}]`, wrong);
      } else if (value.kind !== expected) {
        throw kindError(where, name, expected, value);
      }
    }
    for (const field of definition.fields.values()) {
      if (field.nonNull && !field.derivedFrom && !entity.has(field.name)) {
        throw new StoreError(`${where} is missing non-nullable field ${field.name}`);
      }
    }
    const idValue = entity.get("id");
    if (!idValue || displayStoreValue(idValue) !== id) {
      throw new StoreError(`${where} has id ${idValue ? displayStoreValue(idValue) : "(none)"}`);
    }
  }
}

function kindError(where: string, field: string, expected: string, value: StoreValue): StoreError {
  return new StoreError(`${where}.${field} must be ${expected}, got ${value.kind}`);
}

function entitiesEqual(a: Entity, b: Entity): boolean {
  if (a.size !== b.size) return false;
  for (const [field, value] of a) {
    const other = b.get(field);
    if (!other || !storeValuesEqual(value, other)) return false;
  }
  return true;
}
