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

  constructor(n: number, rowStart: Int32Array, neighbour: Int32Array, seedIds: readonly number[]) {
    const root = n;
    const disc = new Int32Array(n + 1).fill(-1);
    const low = new Int32Array(n + 1);
    const end = new Int32Array(n + 1);
    const parent = new Int32Array(n + 1).fill(-1);
    const cursor = new Int32Array(n + 1);
    const isSeed = new Uint8Array(n);
    for (const s of seedIds) isSeed[s] = 1;
    const stack = new Int32Array(n + 1);
    const order = new Int32Array(n + 1); // nodes in discovery order
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
      } else if (cursor[u] < rowStart[u + 1] - rowStart[u]) {
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
    const count = new Int32Array(n + 2);
    for (let i = 1; i < time; i++) count[parent[order[i]] + 1]++;
    const childStart = new Int32Array(n + 2);
    for (let u = 0; u <= n; u++) childStart[u + 1] = childStart[u] + count[u + 1];
    const fill = childStart.slice();
    const children = new Int32Array(Math.max(0, time - 1));
    for (let i = 1; i < time; i++) {
      const w = order[i];
      children[fill[parent[w]]++] = w;
    }
    // Cut off by some account: by the parent, or like the parent.
    const cut = new Uint8Array(n + 1);
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
