/**
 * The host functions matchstick-as 0.6 imports (test registration, assertions, store helpers),
 * with matchstick's semantics and messages. Test-only: the indexer has no use for it.
 */
import type { AscMemory } from "./asc-memory.ts";
import type { EntityStore } from "./entity-store.ts";
import { displayEthereumValue, ethereumValuesEqual, readEthereumValue } from "./ethereum-value.ts";
import type { HostFunctions } from "./graph-ts-host.ts";
import { MappingError } from "./graph-ts-host.ts";
import { displayStoreValue, readEntity } from "./store-value.ts";

export type RegistrationRole = "test" | "describe" | "beforeAll" | "afterAll" | "beforeEach" | "afterEach";

export interface Registration {
  name: string;
  shouldFail: boolean;
  /** Index of the function in the module's exported table. */
  funcIdx: number;
  role: RegistrationRole;
}

export interface MatchstickContext {
  store: EntityStore;
  registrations: Registration[];
  /** Collects a line for the running test's report. */
  log: (line: string) => void;
}

const HOOK_ROLES = new Set(["beforeAll", "afterAll", "beforeEach", "afterEach"]);

export function matchstickHostFunctions(memory: () => AscMemory, context: MatchstickContext): HostFunctions {
  const str = (ptr: number) => memory().readString(ptr);
  const store = context.store;

  const fieldEquals = (type: string, id: string, field: string, expected: string): boolean => {
    const entity = store.get(type, id);
    if (!entity) {
      context.log(
        store.count(type) === 0
          ? `(assert.fieldEquals) No entities with type '${type}' found.`
          : `(assert.fieldEquals) No entity with type '${type}' and id '${id}' found.`,
      );
      return false;
    }
    const value = entity.get(field);
    if (!value) {
      context.log(`(assert.fieldEquals) No field named '${field}' on entity with type '${type}' and id '${id}' found.`);
      return false;
    }
    const actual = displayStoreValue(value);
    if (actual !== expected) {
      context.log(
        `(assert.fieldEquals) Expected field '${field}' to equal '${expected}', but was '${actual}' instead.`,
      );
      return false;
    }
    return true;
  };

  const equals = (expectedPtr: number, actualPtr: number): boolean => {
    const expected = readEthereumValue(memory(), expectedPtr);
    const actual = readEthereumValue(memory(), actualPtr);
    if (!ethereumValuesEqual(expected, actual)) {
      context.log(
        `(assert.equals) Expected value was '${displayEthereumValue(expected)}' but actual value was '${displayEthereumValue(actual)}'`,
      );
      return false;
    }
    return true;
  };

  const notInStore = (type: string, id: string): boolean => {
    if (store.get(type, id)) {
      context.log(`(assert.notInStore) Value for entity type: '${type}' and id: '${id}' was found in store.`);
      return false;
    }
    return true;
  };

  const withMessage = (ok: boolean, message: number): boolean => {
    if (!ok) context.log(str(message));
    return ok;
  };

  const unsupported = (name: string) => () => {
    throw new MappingError(`${name} is not supported by this runner (no data source templates)`);
  };

  return {
    _registerTest: (name, shouldFail, funcIdx) => {
      context.registrations.push({ name: str(name), shouldFail: shouldFail !== 0, funcIdx, role: "test" });
    },
    _registerDescribe: (name, funcIdx) => {
      context.registrations.push({ name: str(name), shouldFail: false, funcIdx, role: "describe" });
    },
    _registerHook: (funcIdx, role) => {
      const name = str(role);
      if (!HOOK_ROLES.has(name)) throw new MappingError(`Unrecognized hook type ${name}`);
      context.registrations.push({ name: "", shouldFail: false, funcIdx, role: name as RegistrationRole });
    },

    clearStore: () => store.clear(),
    clearInBlockStore: () => store.beginBlock(),
    mockInBlockStore: (type, id, data) => store.set(str(type), str(id), readEntity(memory(), data)),
    countEntities: (type) => store.count(str(type)),
    logStore: () => {
      const dump: Record<string, Record<string, Record<string, string>>> = {};
      for (const type of store.types()) {
        dump[type] = {};
        for (const [id, entity] of store.all(type)) {
          dump[type][id] = Object.fromEntries([...entity].map(([k, v]) => [k, displayStoreValue(v)]));
        }
      }
      context.log(JSON.stringify(dump, null, 2));
    },
    logEntity: (type, id) => {
      const entity = store.get(str(type), str(id));
      const fields = entity ? Object.fromEntries([...entity].map(([k, v]) => [k, displayStoreValue(v)])) : {};
      context.log(JSON.stringify(fields, null, 2));
    },

    "_assert.fieldEquals": (type, id, field, expected) =>
      fieldEquals(str(type), str(id), str(field), str(expected)) ? 1 : 0,
    "_assert.fieldEqualsWithMessage": (type, id, field, expected, message) =>
      withMessage(fieldEquals(str(type), str(id), str(field), str(expected)), message) ? 1 : 0,
    "_assert.equals": (expected, actual) => (equals(expected, actual) ? 1 : 0),
    "_assert.equalsWithMessage": (expected, actual, message) =>
      withMessage(equals(expected, actual), message) ? 1 : 0,
    "_assert.notInStore": (type, id) => (notInStore(str(type), str(id)) ? 1 : 0),
    "_assert.notInStoreWithMessage": (type, id, message) =>
      withMessage(notInStore(str(type), str(id)), message) ? 1 : 0,
    "_assert.dataSourceCount": unsupported("assert.dataSourceCount"),
    "_assert.dataSourceExists": unsupported("assert.dataSourceExists"),
    "_assert.dataSourceCountWithMessage": unsupported("assert.dataSourceCount"),
    "_assert.dataSourceExistsWithMessage": unsupported("assert.dataSourceExists"),
    logDataSources: unsupported("logDataSources"),
  };
}
