// The entity changes of the block being indexed: what `store.get/set/remove` see and do
// from the mappings, written to the store in one transaction when the block is done.
import type { EntityModel } from "../schema/subgraph-schema.ts";
import { DeterministicError } from "../runtime/errors.ts";
import type { EntityChanges, EntityStore } from "./entity-store.ts";
import { idKey, referencesId } from "./entity-values.ts";
import type { EntityData, FieldValue } from "./entity-values.ts";

export class BlockEntityCache {
  readonly store: EntityStore;
  readonly changes: EntityChanges = new Map();

  constructor(store: EntityStore) {
    this.store = store;
  }

  private byId(entity: string): Map<string, EntityData | null> {
    let map = this.changes.get(entity);
    if (!map) {
      map = new Map();
      this.changes.set(entity, map);
    }
    return map;
  }

  get(entity: string, id: string): EntityData | null {
    const changed = this.changes.get(entity)?.get(id);
    if (changed !== undefined) return copy(changed);
    return this.store.getLatest(entity, id);
  }

  /** `get` without the copy, for readers that do not keep or change the result. */
  peek(entity: string, id: string): Readonly<EntityData> | null {
    const changed = this.changes.get(entity)?.get(id);
    if (changed !== undefined) return changed;
    return this.store.peekLatest(entity, id);
  }

  /** Only what this block created or updated (graph-ts `loadInBlock`). */
  getInBlock(entity: string, id: string): EntityData | null {
    return copy(this.changes.get(entity)?.get(id) ?? null);
  }

  /**
   * graph-node's `store.set`: merged into the current entity, fields set to null removed,
   * then validated against the schema.
   */
  set(entityName: string, id: string, update: Map<string, FieldValue>): void {
    const entity = this.store.entity(entityName);
    for (const name of update.keys()) {
      const field = entity.fieldMap.get(name);
      if (!field)
        throw new DeterministicError(`Entity ${entityName}[${id}]: unknown field \`${name}\`; it is not in the schema`);
      if (field.derivedFrom) {
        throw new DeterministicError(`Entity ${entityName}[${id}]: field \`${name}\` is derived and cannot be set`);
      }
    }
    const updateId = update.get("id");
    if (updateId !== undefined && updateId !== null && idKey(updateId) !== id) {
      throw new DeterministicError(
        `Value of id attribute '${idKey(updateId)}' conflicts with ID passed to \`store.set()\` '${id}' for type ${entityName}`,
      );
    }
    const changed = this.changes.get(entityName)?.get(id);
    const inBlock = changed !== undefined;
    // This block's own version is merged in place (a failed validation fails the whole
    // block, so a half-merged entity is never committed); a stored one is a copy already.
    const current = inBlock ? changed : this.store.getLatest(entityName, id);
    if (entity.immutable && current && !inBlock) {
      throw new DeterministicError(
        `Entity ${entityName}[${id}] is immutable (@entity(immutable: true)): it was created in an earlier block and cannot be updated`,
      );
    }
    const merged: EntityData = current ?? {};
    let removed = false;
    for (const [name, value] of update) {
      if (value === null) {
        delete merged[name];
        removed = true;
      } else merged[name] = value;
    }
    merged.id = entity.idScalar === "Int8" ? BigInt(id) : id;
    // An entity that exists was complete when it was set: only a field set to null can leave
    // a required one without a value.
    if (!current || removed) validateRequired(entity, id, merged);
    this.byId(entityName).set(id, merged);
  }

  remove(entityName: string, id: string): void {
    const entity = this.store.entity(entityName);
    if (entity.immutable && !(this.changes.get(entityName)?.has(id) ?? false) && this.store.getLatest(entityName, id)) {
      throw new DeterministicError(`Entity ${entityName}[${id}] is immutable and cannot be removed`);
    }
    this.byId(entityName).set(id, null);
  }

  /** The entities a derived field of `entityName` `id` lists (graph-ts `loadRelated`). */
  loadRelated(entityName: string, id: string, fieldName: string): { entity: EntityModel; data: EntityData }[] {
    const entity = this.store.entity(entityName);
    const field = entity.fieldMap.get(fieldName);
    if (!field?.derivedFrom) {
      throw new DeterministicError(`${entityName}.${fieldName} is not a @derivedFrom field; loadRelated needs one`);
    }
    const targets =
      field.kind === "entity"
        ? [this.store.entity(field.typeName)]
        : this.store.schema.interfaces.get(field.typeName)!.implementations.map((n) => this.store.entity(n));
    const out: { entity: EntityModel; data: EntityData }[] = [];
    for (const target of targets) {
      const via = target.fieldMap.get(field.derivedFrom)!;
      const found = new Map<string, EntityData>();
      for (const data of this.store.findReferencing(target.name, via.name, id)) found.set(idKey(data.id), data);
      for (const [key, data] of this.changes.get(target.name) ?? []) {
        found.delete(key);
        if (data && referencesId(data[via.name], id)) found.set(key, data);
      }
      for (const data of found.values()) out.push({ entity: target, data: copy(data)! });
    }
    return out;
  }
}

/** Per entity type, the stored fields that must have a value. */
const requiredFields = new WeakMap<EntityModel, EntityModel["fields"]>();

function validateRequired(entity: EntityModel, id: string, data: EntityData): void {
  let required = requiredFields.get(entity);
  if (!required) requiredFields.set(entity, (required = entity.fields.filter((f) => !f.derivedFrom && f.nonNull)));
  for (const field of required) {
    if (data[field.name] === undefined || data[field.name] === null) {
      throw new DeterministicError(
        `Entity ${entity.name}[${id}]: missing value for non-nullable field \`${field.name}\``,
      );
    }
  }
}

function copy(data: EntityData | null): EntityData | null {
  return data ? { ...data } : null;
}
