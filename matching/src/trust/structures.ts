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
 * (`pairChanged`). The arrays a result keeps (`weight`, `outTotal`, `flowTotal`, `cut`) are new for
 * each computation (copies of the last ones, updated), so earlier results never change. Rows have
 * room to grow; a row that fills up moves to the end of the edge arrays, and when moved rows have
 * left a quarter of the edge arrays unused, or a relationship lost its weight, everything is built
 * again, as it is for a computation without a warm start.
 */
export class TrustStructures {
  private rule: WeightRule | null = null;
  /** False between `update` and `shares`: an update left half done (an exception) is built again. */
  private complete = false;
  /** The graph version, pair count and account count of the last computation. */
  private version = -1;
  private pairs = 0;
  private n = 0;
  weight: Float64Array = new Float64Array(0);
  outTotal: Float64Array = new Float64Array(0);
  flowTotal: Float64Array = new Float64Array(0);
  cut: Uint8Array = new Uint8Array(0);

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
  private updatedFrom: Float64Array | null = null;
  /** Accounts whose relationships changed in this computation (null: all, the structures were built afresh). */
  private touched: number[] | null = null;
  /** An account is in `touched` when its mark is `stamp` (a new stamp per computation, so no clearing). */
  private mark = new Int32Array(0);
  private stamp = 0;

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
    const weight = new Float64Array(pairs);
    const outTotal = new Float64Array(n);
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
    this.weight = weight;
    this.outTotal = outTotal;
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
    const before = this.weight;
    const weight = new Float64Array(pairs);
    weight.set(before);
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
      const old = p < this.pairs ? before[p] : 0;
      if (w === old) continue;
      if (old > 0 && !(w > 0)) return false; // a relationship lost its weight: its edges leave the rows
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
    const outTotal = new Float64Array(n);
    outTotal.set(this.outTotal);
    const { rowStartStore: rowStart, rowEndStore: rowEnd, edgePair } = this;
    for (const a of touched) {
      let total = 0;
      for (let e = rowStart[a]; e < rowEnd[a]; e++) total += weight[edgePair[e]];
      outTotal[a] = total;
    }
    this.updatedFrom = before;
    this.gained = gained;
    this.weight = weight;
    this.outTotal = outTotal;
    this.touched = touched;
    this.pairs = pairs;
    this.n = n;
    return true;
  }

  /** The pairs that gained weight since `weight` (a former result's), or null when not known. */
  gainedSince(weight: Float64Array): readonly number[] | null {
    return this.updatedFrom === weight ? this.gained : null;
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
    if (touched === null) {
      flowTotal = new Float64Array(n);
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
      flowTotal = new Float64Array(n);
      flowTotal.set(this.flowTotal);
      for (const a of touched) {
        let total = 0;
        for (let e = rowStart[a]; e < rowEnd[a]; e++) {
          const p = edgePair[e];
          if ((cut[p] & (a === pairLo[p] ? 1 : 2)) === 0) total += weight[p];
        }
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
      touched = null;
    }
    this.flowTotal = flowTotal;
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
