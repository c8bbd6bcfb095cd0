import type { TrustGraph } from "./graph.ts";

/**
 * Which accounts reach the seed only through a given account.
 *
 * Trust a rater got from the ratee itself must not count toward the ratee's rating. The direct
 * part (what the ratee passed the rater) is subtracted in compute.ts; this catches the rest
 * when it is all of it: socks that pay each other in a chain, or a ring of accounts, hanging
 * off the ratee. If every path from a rater to the seed goes through the ratee, all the
 * rater's trust came through the ratee, and its independent standing is zero.
 *
 * One depth-first search over the paid-relationship graph from a virtual root joined to every
 * seed account gives discovery times, subtree ends and low links (Tarjan's articulation
 * points). A rater r is cut off from the seed by v when r lies in the subtree of a child c of v
 * with low(c) >= disc(v).
 */
export class SeedSeparation {
  private readonly disc: Int32Array;
  private readonly low: Int32Array;
  private readonly end: Int32Array;
  private readonly childStart: Int32Array;
  private readonly children: Int32Array;
  /** Accounts connected to the seed and not cut off from it by any single other account. */
  readonly coreCount: number;
  /** 1 for the accounts of the core. */
  readonly inCore: Uint8Array;

  /**
   * Row u of the adjacency is `neighbour[rowStart[u] .. rowEnd[u])`. `scratch`: where the search's
   * working arrays come from (reused from one computation to the next; valid until the next search).
   */
  constructor(
    n: number,
    rowStart: Int32Array,
    rowEnd: Int32Array,
    neighbour: Int32Array,
    seedIds: readonly number[],
    scratch: Scratch = freshArrays,
  ) {
    const root = n;
    const disc = scratch.ints("disc", n + 1).fill(-1);
    const low = scratch.ints("low", n + 1);
    const end = scratch.ints("end", n + 1);
    const parent = scratch.ints("parent", n + 1).fill(-1);
    const cursor = scratch.ints("cursor", n + 1).fill(0);
    const isSeed = scratch.bytes("isSeed", n).fill(0);
    for (const s of seedIds) isSeed[s] = 1;
    const stack = scratch.ints("stack", n + 1);
    const order = scratch.ints("order", n + 1); // nodes in discovery order
    let depth = 0;
    let time = 0;
    disc[root] = low[root] = time;
    order[time++] = root;
    stack[depth++] = root;
    let rootCursor = 0;
    while (depth > 0) {
      const u = stack[depth - 1];
      let w = -1;
      if (u === root) {
        if (rootCursor < seedIds.length) w = seedIds[rootCursor++];
      } else if (rowStart[u] + cursor[u] < rowEnd[u]) {
        w = neighbour[rowStart[u] + cursor[u]++];
      }
      if (w === -1) {
        depth--;
        end[u] = time - 1;
        const p = parent[u];
        if (p >= 0 && low[u] < low[p]) low[p] = low[u];
        continue;
      }
      if (disc[w] === -1) {
        parent[w] = u;
        disc[w] = time;
        // A seed account is always joined to the root: that edge is a back edge to time 0.
        low[w] = isSeed[w] === 1 ? 0 : time;
        order[time++] = w;
        stack[depth++] = w;
      } else if (w !== parent[u] && disc[w] < low[u]) {
        low[u] = disc[w];
      }
    }
    // Children of each node in discovery order, for a binary search by discovery time.
    const count = scratch.ints("count", n + 2).fill(0);
    for (let i = 1; i < time; i++) count[parent[order[i]] + 1]++;
    const childStart = scratch.ints("childStart", n + 2);
    childStart[0] = 0;
    for (let u = 0; u <= n; u++) childStart[u + 1] = childStart[u] + count[u + 1];
    const fill = scratch.ints("fill", n + 2);
    fill.set(childStart);
    const children = scratch.ints("children", Math.max(0, time - 1));
    for (let i = 1; i < time; i++) {
      const w = order[i];
      children[fill[parent[w]]++] = w;
    }
    // Cut off by some account: by the parent, or like the parent.
    const cut = scratch.bytes("cutOff", n + 1);
    let core = 0;
    for (let i = 1; i < time; i++) {
      const w = order[i];
      const p = parent[w];
      cut[w] = p !== root && (cut[p] === 1 || low[w] >= disc[p]) ? 1 : 0;
      if (cut[w] === 0) core++;
    }
    this.coreCount = core;
    const inCore = new Uint8Array(n);
    for (let i = 1; i < time; i++) if (cut[order[i]] === 0) inCore[order[i]] = 1;
    this.inCore = inCore;
    this.disc = disc;
    this.low = low;
    this.end = end;
    this.childStart = childStart;
    this.children = children;
  }

  /** True when every path from `rater` to the seed passes through `ratee`. */
  cutOffBy(rater: number, ratee: number): boolean {
    const { disc, end } = this;
    const dr = disc[rater];
    const dv = disc[ratee];
    if (dr < 0 || dv < 0) return true; // not connected to the seed at all
    if (this.inCore[rater] === 1) return false; // no single account cuts it off
    if (dr <= dv || dr > end[ratee]) return false; // not below the ratee in the search tree
    let lo = this.childStart[ratee];
    let hi = this.childStart[ratee + 1] - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (disc[this.children[mid]] <= dr) lo = mid;
      else hi = mid - 1;
    }
    return this.low[this.children[lo]] >= dv;
  }
}

/** Where working arrays come from: `ints(name, length)` is the same array for the same name until asked again. */
export interface Scratch {
  ints(name: string, length: number): Int32Array;
  bytes(name: string, length: number): Uint8Array;
}

const freshArrays: Scratch = {
  ints: (_name, length) => new Int32Array(length),
  bytes: (_name, length) => new Uint8Array(length),
};

/** Who is in the core after a computation, kept so that the next one over the same graph can repair it. */
export interface SeparationState {
  readonly graph: TrustGraph;
  readonly seedIds: readonly number[];
  /** 1 for the accounts of the core. */
  readonly inCore: Uint8Array;
  readonly coreCount: number;
}

/** The paid relationships as rows of counterparties (with each one's pair), and room for one mark per account. */
export interface Adjacency {
  /** Row a is `rowStart[a] .. rowEnd[a]` (rows may have room to grow past their end). */
  rowStart: Int32Array;
  rowEnd: Int32Array;
  neighbour: Int32Array;
  edgePair: Int32Array;
  marks: Int32Array;
  /** The searches' working arrays (fresh ones when absent). */
  scratch?: Scratch;
}

/** What the last computation over a graph left: its pair weights, cut flags and core. */
interface LastSeparation {
  weight: Float64Array;
  cut: Uint8Array;
  separation?: SeparationState;
}

/**
 * The cut flags of every pair (1 = hi reaches the seed only through lo, 2 = lo only through hi)
 * and the core, over the adjacency `rowStart`/`rowEnd`/`neighbour`/`edgePair` of the pairs with weight.
 *
 * With the last computation over the same graph and seed, and no relationship lost since, only
 * the part of the graph that new relationships touch outside the core is searched again: adding
 * a relationship never cuts anyone off, so the core only grows, and the accounts outside it form
 * regions that each hang off one core account (their anchor) and reach the rest only through it.
 * A new relationship between two core accounts changes no one's flags. One that touches a region
 * can change the flags inside the regions it touches, and nowhere else: those regions, with the
 * core accounts next to them joined to a virtual root, are searched as a graph of their own, which
 * gives the same answers as a search of the whole graph (a core account reaches the seed avoiding
 * any other single account). Otherwise the whole graph is searched. `gained`: the pairs that gained
 * weight since `last`, when the caller knows them (and none lost any), which saves a pass over all pairs.
 */
export function separationOf(
  graph: TrustGraph,
  adjacency: Adjacency,
  weight: Float64Array,
  seedIds: readonly number[],
  last: LastSeparation | undefined,
  gained: readonly number[] | null = null,
): { cut: Uint8Array; separation: SeparationState } {
  const { rowEnd } = adjacency;
  const previous = last?.separation;
  if (
    last !== undefined &&
    previous !== undefined &&
    previous.graph === graph &&
    last.cut.length <= weight.length &&
    previous.inCore.length <= rowEnd.length &&
    sameIds(previous.seedIds, seedIds)
  ) {
    const repaired = repairSeparation(graph, adjacency, weight, last, previous, gained);
    if (repaired !== null) return repaired;
  }
  return wholeSeparation(graph, adjacency, weight, seedIds);
}

export function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function wholeSeparation(
  graph: TrustGraph,
  { rowStart, rowEnd, neighbour, scratch }: Adjacency,
  weight: Float64Array,
  seedIds: readonly number[],
): { cut: Uint8Array; separation: SeparationState } {
  const n = rowEnd.length;
  const search = new SeedSeparation(n, rowStart, rowEnd, neighbour, seedIds, scratch);
  const { pairLo, pairHi } = graph;
  const cut = new Uint8Array(weight.length);
  for (let p = 0; p < weight.length; p++) {
    if (weight[p] <= 0) continue;
    const lo = pairLo[p];
    const hi = pairHi[p];
    cut[p] = (search.cutOffBy(hi, lo) ? 1 : 0) | (search.cutOffBy(lo, hi) ? 2 : 0);
  }
  return {
    cut,
    separation: { graph, seedIds: seedIds.slice(), inCore: search.inCore, coreCount: search.coreCount },
  };
}

function repairSeparation(
  graph: TrustGraph,
  { rowStart, rowEnd, neighbour, edgePair, marks, scratch }: Adjacency,
  weight: Float64Array,
  last: LastSeparation,
  previous: SeparationState,
  gained: readonly number[] | null,
): { cut: Uint8Array; separation: SeparationState } | null {
  const n = rowEnd.length;
  const pairs = weight.length;
  const { pairLo, pairHi } = graph;
  const oldCore = previous.inCore;
  const wasCore = (a: number): boolean => a < oldCore.length && oldCore[a] === 1;
  const cut = new Uint8Array(pairs);
  cut.set(last.cut);
  // New relationships; the accounts outside the core they touch start the search for the regions.
  const local = marks.fill(-1);
  const nodes: number[] = [];
  const visit = (a: number): void => {
    if (local[a] === -1) {
      local[a] = nodes.length;
      nodes.push(a);
    }
  };
  const gain = (p: number): void => {
    cut[p] = 0;
    if (!wasCore(pairLo[p])) visit(pairLo[p]);
    if (!wasCore(pairHi[p])) visit(pairHi[p]);
  };
  if (gained !== null) {
    for (const p of gained) gain(p);
  } else {
    const before = last.weight;
    for (let p = 0; p < pairs; p++) {
      const had = p < before.length && before[p] > 0;
      if (weight[p] > 0) {
        if (!had) gain(p);
      } else if (had) {
        return null; // a relationship lost its weight: someone may be cut off now
      }
    }
  }
  // The whole regions (accounts outside the old core, connected through each other).
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i];
    for (let e = rowStart[a]; e < rowEnd[a]; e++) if (!wasCore(neighbour[e])) visit(neighbour[e]);
  }
  const regionCount = nodes.length;
  // The core accounts next to them, joined to the virtual root in their stead.
  for (let i = 0; i < regionCount; i++) {
    const a = nodes[i];
    for (let e = rowStart[a]; e < rowEnd[a]; e++) visit(neighbour[e]);
  }
  const m = nodes.length;
  const localStart = new Int32Array(m + 1);
  for (let i = 0; i < m; i++) {
    const a = nodes[i];
    let degree = 0;
    for (let e = rowStart[a]; e < rowEnd[a]; e++) {
      const b = local[neighbour[e]];
      if (b !== -1 && (i < regionCount || b < regionCount)) degree++;
    }
    localStart[i + 1] = localStart[i] + degree;
  }
  const localNeighbour = new Int32Array(localStart[m]);
  for (let i = 0, k = 0; i < m; i++) {
    const a = nodes[i];
    for (let e = rowStart[a]; e < rowEnd[a]; e++) {
      const b = local[neighbour[e]];
      if (b !== -1 && (i < regionCount || b < regionCount)) localNeighbour[k++] = b;
    }
  }
  const anchors: number[] = [];
  for (let i = regionCount; i < m; i++) anchors.push(i);
  const search = new SeedSeparation(m, localStart, localStart.subarray(1), localNeighbour, anchors, scratch);
  const inCore = new Uint8Array(n);
  inCore.set(oldCore);
  let coreCount = previous.coreCount;
  for (let i = 0; i < regionCount; i++) {
    const a = nodes[i];
    if (search.inCore[i] === 1) {
      inCore[a] = 1;
      coreCount++;
    }
    for (let e = rowStart[a]; e < rowEnd[a]; e++) {
      const p = edgePair[e];
      const lo = local[pairLo[p]];
      const hi = local[pairHi[p]];
      cut[p] = (search.cutOffBy(hi, lo) ? 1 : 0) | (search.cutOffBy(lo, hi) ? 2 : 0);
    }
  }
  return { cut, separation: { graph, seedIds: previous.seedIds, inCore, coreCount } };
}
