// Exports a module's own mutable globals, so a host can save and restore an instance's whole
// state (linear memory + mutable globals) and reuse the instance for the next trigger instead
// of instantiating the module again (see MappingModule). The module is otherwise unchanged:
// only export entries are added, under names no mapping uses.

export const GLOBAL_EXPORT_PREFIX = "__local_host_global_";

class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  constructor(bytes: Uint8Array, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error("unexpected end of the wasm module");
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error("malformed LEB128 in the wasm module");
    }
  }
  /** Skips a signed LEB128 of any width. */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  skip(n: number): void {
    this.pos += n;
  }
  skipName(): void {
    this.skip(this.u32());
  }
  skipLimits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
  /** Skips a constant expression up to and including its `end`. */
  skipConstExpr(): void {
    for (;;) {
      const op = this.byte();
      switch (op) {
        case 0x0b:
          return;
        case 0x41: // i32.const
        case 0x42: // i64.const
          this.skipLeb();
          break;
        case 0x43: // f32.const
          this.skip(4);
          break;
        case 0x44: // f64.const
          this.skip(8);
          break;
        case 0x23: // global.get
        case 0xd2: // ref.func
          this.u32();
          break;
        case 0xd0: // ref.null
          this.byte();
          break;
        case 0x6a: // i32.add / sub / mul (extended constant expressions)
        case 0x6b:
        case 0x6c:
        case 0x7c: // i64.add / sub / mul
        case 0x7d:
        case 0x7e:
          break;
        case 0xfd: // v128.const
          this.u32();
          this.skip(16);
          break;
        default:
          throw new Error(`unsupported instruction 0x${op.toString(16)} in a global's initializer`);
      }
    }
  }
}

function signedLeb(r: Reader): number {
  let result = 0;
  let shift = 0;
  let b: number;
  do {
    b = r.byte();
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  if (b & 0x40) result -= 2 ** shift;
  return result;
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/**
 * The module with an export added for each mutable global it defines and does not export yet,
 * and the export names of all its mutable globals. Throws on a malformed module.
 */
export function exportMutableGlobals(wasm: Uint8Array): {
  bytes: Uint8Array;
  mutableGlobals: string[];
  /** End of the active data segments with constant offsets: static data (string literals) lies below. */
  dataEnd: number;
} {
  const r = new Reader(wasm, 8);
  let importedGlobals = 0;
  const mutable: number[] = [];
  let exportSection: { start: number; end: number; contentStart: number } | null = null;
  let insertExportsAt = wasm.length; // before the first section that must follow exports
  const exported = new Map<number, string>();
  let dataEnd = 0;
  while (r.pos < wasm.length) {
    const sectionStart = r.pos;
    const id = r.byte();
    const size = r.u32();
    const contentStart = r.pos;
    const end = contentStart + size;
    // Sections after exports: start, element, data count, code, data.
    if (id >= 8 && id <= 12 && insertExportsAt === wasm.length) insertExportsAt = sectionStart;
    if (id === 2) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        r.skipName();
        r.skipName();
        const kind = r.byte();
        if (kind === 0) r.u32();
        else if (kind === 1) {
          r.byte();
          r.skipLimits();
        } else if (kind === 2) r.skipLimits();
        else if (kind === 3) {
          r.byte();
          r.byte();
          importedGlobals++;
        } else if (kind === 4) {
          r.byte();
          r.u32();
        } else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (id === 6) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const type = r.byte();
        const mut = r.byte();
        r.skipConstExpr();
        if (mut !== 1) continue;
        // JavaScript cannot read or write a v128 global: such a module cannot be reset.
        if (type === 0x7b) throw new Error("a mutable v128 global cannot be saved from JavaScript");
        mutable.push(importedGlobals + i);
      }
    } else if (id === 11) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const flags = r.u32();
        let offset: number | null = null;
        if (flags === 0 || flags === 2) {
          if (flags === 2) r.u32(); // memory index
          const start = r.pos;
          if (wasm[start] === 0x41) {
            r.byte();
            offset = signedLeb(r);
            if (r.byte() !== 0x0b) offset = null;
          } else {
            r.pos = start;
            r.skipConstExpr();
          }
        }
        const size = r.u32();
        r.skip(size);
        if (offset !== null) dataEnd = Math.max(dataEnd, offset + size);
      }
    } else if (id === 7) {
      exportSection = { start: sectionStart, end, contentStart };
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const length = r.u32();
        const name = new TextDecoder().decode(wasm.subarray(r.pos, r.pos + length));
        r.skip(length);
        const kind = r.byte();
        const index = r.u32();
        if (kind === 3) exported.set(index, name);
      }
    }
    r.pos = end;
  }
  const added: number[] = [];
  const names: string[] = [];
  let addedCount = 0;
  for (const index of mutable) {
    let name = exported.get(index);
    if (name === undefined) {
      name = `${GLOBAL_EXPORT_PREFIX}${index}`;
      const encoded = new TextEncoder().encode(name);
      added.push(...leb(encoded.length), ...encoded, 3, ...leb(index));
      addedCount++;
    }
    names.push(name);
  }
  if (addedCount === 0) return { bytes: wasm, mutableGlobals: names, dataEnd };

  let before: Uint8Array;
  let after: Uint8Array;
  let entries: Uint8Array;
  let count: number;
  if (exportSection) {
    const er = new Reader(wasm, exportSection.contentStart);
    count = er.u32();
    entries = wasm.subarray(er.pos, exportSection.end);
    before = wasm.subarray(0, exportSection.start);
    after = wasm.subarray(exportSection.end);
  } else {
    count = 0;
    entries = new Uint8Array(0);
    before = wasm.subarray(0, insertExportsAt);
    after = wasm.subarray(insertExportsAt);
  }
  const content = [...leb(count + addedCount), ...entries, ...added];
  const section = Uint8Array.from([7, ...leb(content.length), ...content]);
  const out = new Uint8Array(before.length + section.length + after.length);
  out.set(before, 0);
  out.set(section, before.length);
  out.set(after, before.length + section.length);
  return { bytes: out, mutableGlobals: names, dataEnd };
}
