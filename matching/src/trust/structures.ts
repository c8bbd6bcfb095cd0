import type { TrustGraph } from "./graph.ts";

const DAY = 86_400;

/** How pair weights are worked out: a computation with other options, or on another day, starts afresh. */
export interface WeightRule {
  pairCapUnits: number;
  vestingSeconds: number;
  /** The day trust is computed at (`now` in whole days). */
  today: number;
}

/**
 * What a computation over a graph needs before its sweeps: each relationship's weight, each
 * account's total, the adjacency (rows of counterparties, with their pairs) and, once the cut flags
 * are known, what each account passes on and each edge's share.
 *
 * Kept from one computation to the next over the same graph and options, so that folding in
 * new jobs updates only the relationships they touch and the accounts at their ends, instead of
 * passes over every relationship: the graph stamps each pair with the version it last changed at
 * (`pairChanged`). The weights and totals are updated in place (no fresh arrays per computation,
 * so a server folding in events every few seconds makes little garbage); a result keeps views of
 * them (`ResultArrays`), and before an update overwrites a value a result can still see, the value
 * goes to that result's `Overwritten` log, so earlier results never change. Rows have room to
 * grow; a row that fills up moves to the end of the edge arrays, and when moved rows have left a
 * quarter of the edge arrays unused, or a relationship lost its weight, everything is built again,
 * as it is for a computation without a warm start (into new arrays: the last result keeps its own).
 */
export class TrustStructures {
  private rule: WeightRule | null = null;
  /** False between `update` and `shares`: an update left half done (an exception) is built again. */
  private complete = false;
  /** The graph version, pair count and account count of the last computation. */
  private version = -1;
  private pairs = 0;
  private n = 0;
  /** Per pair / per account, with room to grow: `weight`, `outTotal` and `flowTotal` are views of the used part. */
  private weightStore: Float64Array = new Float64Array(0);
  private outTotalStore: Float64Array = new Float64Array(0);
  private flowTotalStore: Float64Array = new Float64Array(0);
  cut: Uint8Array = new Uint8Array(0);
  /** The last result, whose views alias the stores (null: none, or the stores were built afresh since). */
  private owner: ResultArrays | null = null;
  /** Where this computation logs the owner's values before overwriting them (null: no owner). */
  private log: Overwritten | null = null;

  /** Row a is `neighbour[rowStart[a] .. rowEnd[a])`, with room up to `rowStart[a] + rowCap[a]`. */
  private rowStartStore = new Int32Array(0);
  private rowEndStore = new Int32Array(0);
  private rowCap = new Int32Array(0);
  neighbour = new Int32Array(0);
  edgePair = new Int32Array(0);
  /** Row b, edge to a: the share of what a passes on that b receives. */
  inShare = new Float64Array(0);
  /** Where each pair sits in its lo account's row and in its hi account's row. */
  private edgeInLo = new Int32Array(0);
  private edgeInHi = new Int32Array(0);
  private edgeEnd = 0;
  private unused = 0;

  /**
   * The pairs that gained weight in this update, and the weights they were updated from (null when
   * built afresh): for the cut-off search, which then needs no pass over every pair.
   */
  private gained: number[] | null = null;
  private updatedFrom: ResultArrays | null = null;
  /**
   * After an update's `shares`: the accounts whose relationships, totals or cut flags changed
   * (the rows whose shares moved are theirs and their counterparties'); null after a build.
   */
  sharesChanged: readonly number[] | null = null;
  /** Accounts whose relationships changed in this computation (null: all, the structures were built afresh). */
  private touched: number[] | null = null;
  /** An account is in `touched` when its mark is `stamp` (a new stamp per computation, so no clearing). */
  private mark = new Int32Array(0);
  private stamp = 0;

  get weight(): Float64Array {
    return this.weightStore.subarray(0, this.pairs);
  }

  get outTotal(): Float64Array {
    return this.outTotalStore.subarray(0, this.n);
  }

  get flowTotal(): Float64Array {
    return this.flowTotalStore.subarray(0, this.n);
  }

  get rowStart(): Int32Array {
    return this.rowStartStore.subarray(0, this.n);
  }

  get rowEnd(): Int32Array {
    return this.rowEndStore.subarray(0, this.n);
  }

  /**
   * Brings weights, totals and adjacency up to the graph. `fresh`: build everything again (a
   * computation from the seed does, so that it checks the updates of the others).
   */
  update(graph: TrustGraph, rule: WeightRule, fresh: boolean): void {
    const same =
      !fresh &&
      this.rule !== null &&
      this.rule.pairCapUnits === rule.pairCapUnits &&
      this.rule.vestingSeconds === rule.vestingSeconds &&
      graph.pairCount >= this.pairs &&
      graph.accountCount >= this.n &&
      this.complete &&
      this.unused * 4 <= this.edgeEnd;
    // A new day vests every young relationship a little further: all pairs are looked at, and
    // those whose weight moved are updated like the ones new events touched (unless they are many).
    const newDay = this.rule !== null && this.rule.today !== rule.today;
    this.rule = rule;
    this.complete = false;
    if (!same || !this.updateChanged(graph, rule, newDay)) this.build(graph, rule);
  }

  private build(graph: TrustGraph, rule: WeightRule): void {
    const n = graph.accountCount;
    const pairs = graph.pairCount;
    const { pairLo, pairHi } = graph;
    // New stores: the last result keeps the old ones as they are.
    const weight = new Float64Array(roomFor(pairs));
    const outTotal = new Float64Array(roomFor(n));
    // Counted in the (reused) mark array: a build starts the stamps over.
    if (this.mark.length < n) this.mark = new Int32Array(Math.ceil(n * 1.25) + 64);
    const degree = this.mark.subarray(0, n).fill(0);
    this.stamp = 0;
    for (let p = 0; p < pairs; p++) {
      const w = pairWeight(graph, p, rule);
      weight[p] = w;
      if (w > 0) {
        outTotal[pairLo[p]] += w;
        outTotal[pairHi[p]] += w;
        degree[pairLo[p]]++;
        degree[pairHi[p]]++;
      }
    }
    this.ensureAccounts(n, true);
    let edges = 0;
    for (let a = 0; a < n; a++) {
      // Room for a quarter more, and two, before the row has to move.
      const cap = degree[a] + (degree[a] >> 2) + 2;
      this.rowStartStore[a] = this.rowEndStore[a] = edges;
      this.rowCap[a] = cap;
      edges += cap;
    }
    degree.fill(0);
    this.edgeEnd = edges;
    this.unused = 0;
    this.ensureEdges(edges, true);
    this.ensurePairs(pairs, true);
    const { rowEndStore: rowEnd, neighbour, edgePair, edgeInLo, edgeInHi } = this;
    for (let p = 0; p < pairs; p++) {
      if (weight[p] <= 0) continue;
      const lo = pairLo[p];
      const hi = pairHi[p];
      let e = (edgeInLo[p] = rowEnd[lo]++);
      neighbour[e] = hi;
      edgePair[e] = p;
      e = edgeInHi[p] = rowEnd[hi]++;
      neighbour[e] = lo;
      edgePair[e] = p;
    }
    this.weightStore = weight;
    this.outTotalStore = outTotal;
    this.owner = null;
    this.log = null;
    this.touched = null;
    this.gained = null;
    this.updatedFrom = null;
    this.pairs = pairs;
    this.n = n;
  }

  /** Updates what changed since the last computation; false when everything must be built again. */
  private updateChanged(graph: TrustGraph, rule: WeightRule, everyPair: boolean): boolean {
    const n = graph.accountCount;
    const pairs = graph.pairCount;
    const { pairLo, pairHi, pairChanged } = graph;
    // A new day: first see, without writing anything, whether an update would give up for a full
    // build (so a day that vests most relationships does not log them all first).
    if (everyPair && !this.fewChanged(graph, rule)) return false;
    // Updated in place; the last result's values go to its log first (unless a store grows: the
    // last result then keeps the old one as it is).
    const owner = this.owner;
    const log = owner === null ? null : new Overwritten(this.pairs, this.n);
    if (owner !== null) owner.overwritten = log;
    this.log = log;
    if (this.weightStore.length < pairs) {
      this.weightStore = grown(this.weightStore, pairs);
      if (log !== null) log.weight = null;
    }
    if (this.outTotalStore.length < n) {
      this.outTotalStore = grown(this.outTotalStore, n);
      if (log !== null) log.outTotal = null;
    }
    const weight = this.weightStore;
    const weightLog = log?.weight ?? null;
    this.ensureAccounts(n, false);
    this.ensurePairs(pairs, false);
    if (this.mark.length < n) this.mark = new Int32Array(Math.ceil(n * 1.25) + 64);
    const stamp = ++this.stamp;
    const touched: number[] = [];
    const gained: number[] = [];
    const touch = (a: number) => {
      if (this.mark[a] !== stamp) {
        this.mark[a] = stamp;
        touched.push(a);
      }
    };
    for (let p = 0; p < pairs; p++) {
      if (!everyPair && p < this.pairs && pairChanged[p] <= this.version) continue;
      const w = pairWeight(graph, p, rule);
      const old = p < this.pairs ? weight[p] : 0;
      if (w === old) continue;
      if (old > 0 && !(w > 0)) return false; // a relationship lost its weight: its edges leave the rows
      if (weightLog !== null && p < log!.pairs && !weightLog.has(p)) weightLog.set(p, old);
      weight[p] = w;
      if (!(old > 0)) {
        gained.push(p);
        this.edgeInLo[p] = this.append(graph, pairLo[p], pairHi[p], p);
        this.edgeInHi[p] = this.append(graph, pairHi[p], pairLo[p], p);
      }
      touch(pairLo[p]);
      touch(pairHi[p]);
      // Past an eighth of the accounts (a new day vesting many young relationships), one pass
      // over everything costs less than updating them one by one.
      if (touched.length > n >> 3) return false;
    }
    const outTotal = this.outTotalStore;
    const outLog = log?.outTotal ?? null;
    const { rowStartStore: rowStart, rowEndStore: rowEnd, edgePair } = this;
    for (const a of touched) {
      let total = 0;
      for (let e = rowStart[a]; e < rowEnd[a]; e++) total += weight[edgePair[e]];
      if (outLog !== null && a < log!.accounts && !outLog.has(a)) outLog.set(a, outTotal[a]);
      outTotal[a] = total;
    }
    this.updatedFrom = owner;
    this.gained = gained;
    this.touched = touched;
    this.pairs = pairs;
    this.n = n;
    return true;
  }

  /** Whether every pair's weight on `rule` keeps it or gains, touching at most an eighth of the accounts. */
  private fewChanged(graph: TrustGraph, rule: WeightRule): boolean {
    const n = graph.accountCount;
    const { pairLo, pairHi, pairCount } = graph;
    if (this.mark.length < n) this.mark = new Int32Array(Math.ceil(n * 1.25) + 64);
    const { mark } = this;
    const stamp = ++this.stamp;
    const weight = this.weightStore;
    let touched = 0;
    for (let p = 0; p < pairCount; p++) {
      const w = pairWeight(graph, p, rule);
      const old = p < this.pairs ? weight[p] : 0;
      if (w === old) continue;
      if (old > 0 && !(w > 0)) return false;
      if (mark[pairLo[p]] !== stamp) {
        mark[pairLo[p]] = stamp;
        touched++;
      }
      if (mark[pairHi[p]] !== stamp) {
        mark[pairHi[p]] = stamp;
        touched++;
      }
      if (touched > n >> 3) return false;
    }
    return true;
  }

  /** The pairs that gained weight since the result `since` (by its arrays), or null when not known. */
  gainedSince(since: ResultArrays | undefined): readonly number[] | null {
    return since !== undefined && this.updatedFrom === since ? this.gained : null;
  }

  /**
   * The views a result of this computation answers from; they alias the stores until a later
   * computation updates them (after logging what this result could see) or builds afresh.
   */
  publish(): ResultArrays {
    const arrays = new ResultArrays(this.weight, this.outTotal, this.flowTotal);
    if (this.log !== null) this.log.next = arrays;
    this.owner = arrays;
    this.log = null;
    return arrays;
  }

  /**
   * With the cut flags of this computation: what each account passes on (Σ weight over the
   * counterparties it passes trust to) and each edge's share. After an update, only the accounts at
   * the ends of changed relationships or flags are worked out again.
   */
  shares(graph: TrustGraph, cut: Uint8Array): void {
    const { pairLo, pairHi } = graph;
    const { weight, n, rowStartStore: rowStart, rowEndStore: rowEnd, edgePair, inShare } = this;
    const { edgeInLo, edgeInHi } = this;
    const pairs = weight.length;
    let touched = this.touched;
    let flowTotal: Float64Array;
    this.sharesChanged = null;
    if (touched === null) {
      this.flowTotalStore = flowTotal = new Float64Array(roomFor(n));
      if (this.log !== null) this.log.flowTotal = null;
      for (let p = 0; p < pairs; p++) {
        const w = weight[p];
        if (w <= 0) continue;
        if ((cut[p] & 1) === 0) flowTotal[pairLo[p]] += w;
        if ((cut[p] & 2) === 0) flowTotal[pairHi[p]] += w;
      }
      for (let p = 0; p < pairs; p++) {
        const w = weight[p];
        if (w <= 0) continue;
        inShare[edgeInLo[p]] = (cut[p] & 2) === 0 ? w / flowTotal[pairHi[p]] : 0;
        inShare[edgeInHi[p]] = (cut[p] & 1) === 0 ? w / flowTotal[pairLo[p]] : 0;
      }
    } else {
      const { mark, stamp } = this;
      const lastCut = this.cut;
      for (let p = 0; p < pairs; p++) {
        if (p < lastCut.length && cut[p] === lastCut[p]) continue;
        if (mark[pairLo[p]] !== stamp) {
          mark[pairLo[p]] = stamp;
          touched.push(pairLo[p]);
        }
        if (mark[pairHi[p]] !== stamp) {
          mark[pairHi[p]] = stamp;
          touched.push(pairHi[p]);
        }
      }
      const log = this.log;
      if (this.flowTotalStore.length < n) {
        this.flowTotalStore = grown(this.flowTotalStore, n);
        if (log !== null) log.flowTotal = null;
      }
      flowTotal = this.flowTotalStore;
      const flowLog = log?.flowTotal ?? null;
      for (const a of touched) {
        let total = 0;
        for (let e = rowStart[a]; e < rowEnd[a]; e++) {
          const p = edgePair[e];
          if ((cut[p] & (a === pairLo[p] ? 1 : 2)) === 0) total += weight[p];
        }
        if (flowLog !== null && a < log!.accounts && !flowLog.has(a)) flowLog.set(a, flowTotal[a]);
        flowTotal[a] = total;
      }
      // What each touched account passes to each counterparty, in the counterparty's row.
      for (const a of touched) {
        const total = flowTotal[a];
        for (let e = rowStart[a]; e < rowEnd[a]; e++) {
          const p = edgePair[e];
          const lo = a === pairLo[p];
          const passes = (cut[p] & (lo ? 1 : 2)) === 0;
          inShare[lo ? edgeInHi[p] : edgeInLo[p]] = passes ? weight[p] / total : 0;
        }
      }
      this.sharesChanged = touched;
      touched = null;
    }
    this.cut = cut;
    this.version = graph.version;
    this.touched = touched;
    this.complete = true;
  }

  /** Adds counterparty b (pair p) to a's row, moving the row to the end when it is full; returns the edge. */
  private append(graph: TrustGraph, a: number, b: number, p: number): number {
    const rowStart = this.rowStartStore;
    const rowEnd = this.rowEndStore;
    if (rowEnd[a] === rowStart[a] + this.rowCap[a]) {
      const length = rowEnd[a] - rowStart[a];
      const cap = Math.max(4, 2 * this.rowCap[a]);
      this.ensureEdges(this.edgeEnd + cap, false);
      const to = this.edgeEnd;
      this.neighbour.copyWithin(to, rowStart[a], rowEnd[a]);
      this.edgePair.copyWithin(to, rowStart[a], rowEnd[a]);
      this.inShare.copyWithin(to, rowStart[a], rowEnd[a]);
      for (let i = 0; i < length; i++) {
        const q = this.edgePair[to + i];
        if (graph.pairLo[q] === a) this.edgeInLo[q] = to + i;
        else this.edgeInHi[q] = to + i;
      }
      this.unused += this.rowCap[a];
      rowStart[a] = to;
      rowEnd[a] = to + length;
      this.rowCap[a] = cap;
      this.edgeEnd += cap;
    }
    const e = rowEnd[a]++;
    this.neighbour[e] = b;
    this.edgePair[e] = p;
    this.inShare[e] = 0;
    return e;
  }

  /** Room for n accounts; rows of accounts new since the last computation are empty (no room yet). */
  private ensureAccounts(n: number, reset: boolean): void {
    if (this.rowStartStore.length >= n) return;
    const size = Math.ceil(n * 1.25) + 64;
    const grow = (from: Int32Array) => {
      const to = new Int32Array(size);
      if (!reset) to.set(from);
      return to;
    };
    this.rowStartStore = grow(this.rowStartStore);
    this.rowEndStore = grow(this.rowEndStore);
    this.rowCap = grow(this.rowCap);
  }

  private ensureEdges(edges: number, reset: boolean): void {
    if (this.neighbour.length >= edges) return;
    const size = Math.ceil(edges * 1.25) + 1024;
    const neighbour = new Int32Array(size);
    const edgePair = new Int32Array(size);
    const inShare = new Float64Array(size);
    if (!reset) {
      neighbour.set(this.neighbour);
      edgePair.set(this.edgePair);
      inShare.set(this.inShare);
    }
    this.neighbour = neighbour;
    this.edgePair = edgePair;
    this.inShare = inShare;
  }

  private ensurePairs(pairs: number, reset: boolean): void {
    if (this.edgeInLo.length >= pairs) return;
    const size = Math.ceil(pairs * 1.25) + 1024;
    const lo = new Int32Array(size);
    const hi = new Int32Array(size);
    if (!reset) {
      lo.set(this.edgeInLo);
      hi.set(this.edgeInHi);
    }
    this.edgeInLo = lo;
    this.edgeInHi = hi;
  }
}

/** Room for `length` entries and a quarter more. */
function roomFor(length: number): number {
  return Math.ceil(length * 1.25) + 1024;
}

function grown(from: Float64Array, length: number): Float64Array {
  const to = new Float64Array(roomFor(length));
  to.set(from);
  return to;
}

type Logged = "weight" | "outTotal" | "flowTotal";

/**
 * The values of a result's arrays that the next computation overwrote in place, by index, before
 * it did (null: that computation did not write this result's array, e.g. because it moved to a
 * bigger one), and the next computation's arrays, which answer for every index not logged here.
 */
export class Overwritten {
  weight: Map<number, number> | null = new Map();
  outTotal: Map<number, number> | null = new Map();
  flowTotal: Map<number, number> | null = new Map();
  next: ResultArrays | null = null;
  /** The result's pair and account counts: nothing past them needs logging. */
  readonly pairs: number;
  readonly accounts: number;

  constructor(pairs: number, accounts: number) {
    this.pairs = pairs;
    this.accounts = accounts;
  }
}

/**
 * A result's weights and totals: views of the structures' arrays, read through the logs of the
 * computations that updated them since, so a result answers the same for as long as it is held.
 */
export class ResultArrays {
  overwritten: Overwritten | null = null;
  private readonly views: Record<Logged, Float64Array>;
  private readonly copies: Partial<Record<Logged, Float64Array>> = {};

  constructor(weight: Float64Array, outTotal: Float64Array, flowTotal: Float64Array) {
    this.views = { weight, outTotal, flowTotal };
  }

  weightAt(p: number): number {
    return this.read("weight", p);
  }

  outTotalAt(a: number): number {
    return this.read("outTotal", a);
  }

  flowTotalAt(a: number): number {
    return this.read("flowTotal", a);
  }

  /** The whole array as this result saw it: the view itself while nothing overwrote it, else a copy. */
  array(name: Logged): Float64Array {
    const own = this.views[name];
    if (this.overwritten?.[name] == null) return own;
    let copy = this.copies[name];
    if (copy !== undefined) return copy;
    // Along the logs to the arrays they lead to (the current ones, or those a build left).
    const logs: Map<number, number>[] = [];
    let views = this.views;
    let overwritten: Overwritten | null = this.overwritten;
    while (overwritten !== null) {
      const log = overwritten[name];
      if (log === null) break;
      logs.push(log);
      if (overwritten.next === null) break;
      views = overwritten.next.views;
      overwritten = overwritten.next.overwritten;
    }
    copy = new Float64Array(own.length);
    copy.set(views[name].subarray(0, own.length));
    // Newest first: an older log holds the value as it was before the newer ones.
    for (let i = logs.length - 1; i >= 0; i--) for (const [index, value] of logs[i]) copy[index] = value;
    this.copies[name] = copy;
    return copy;
  }

  private read(name: Logged, i: number): number {
    const own = this.views[name];
    if (i >= own.length || this.overwritten === null) return own[i];
    let views = this.views;
    let overwritten: Overwritten | null = this.overwritten;
    while (overwritten !== null) {
      const log = overwritten[name];
      if (log === null) break;
      const old = log.get(i);
      if (old !== undefined) return old;
      if (overwritten.next === null) break;
      views = overwritten.next.views;
      overwritten = overwritten.next.overwritten;
    }
    return views[name][i];
  }
}

/** A relationship's capped, vested weight on `rule.today` (see `TrustOptions.vestingSeconds`). */
function pairWeight(graph: TrustGraph, p: number, rule: WeightRule): number {
  const first = graph.pairFirstPaid[p];
  const vestingDays = rule.vestingSeconds / DAY;
  // Ages count in whole days (the day a relationship starts is its first), so the weights move
  // once a day, not with every block: an increment within a day starts from a fixed point that
  // only its own events disturb.
  const days = first === Infinity ? Infinity : rule.today - Math.floor(first / DAY) + 1;
  const vested = rule.vestingSeconds <= 0 || days >= vestingDays ? 1 : days <= 0 ? 0 : days / vestingDays;
  return Math.min(Math.max(0, graph.pairValue[p]), rule.pairCapUnits) * vested;
}

const structuresOf = new WeakMap<TrustGraph, TrustStructures>();

/** The structures kept for a graph. */
export function trustStructures(graph: TrustGraph): TrustStructures {
  let structures = structuresOf.get(graph);
  if (structures === undefined) structuresOf.set(graph, (structures = new TrustStructures()));
  return structures;
}
