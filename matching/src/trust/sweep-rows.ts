import type { TrustGraph } from "./graph.ts";
import { sameIds } from "./separation.ts";
import type { TrustStructures } from "./structures.ts";

/**
 * What the sweeps read: the accounts something flows into ("live": the seeds, and the accounts
 * with a positive share from some counterparty), in id order, and for each of them only the
 * edges that bring it something (a positive share from a live account), in the order of its row.
 * Accounts nothing flows into (about a third of a market: one-off clients and socks behind their
 * only counterparty) hold nothing at the fixed point and pass nothing on, so the sweeps leave
 * them out and read less memory; they add the same terms in the same order as over the full rows.
 *
 * Kept per graph like the structures it is read from: after an update only the rows whose shares
 * changed (those of the accounts the update touched and of their counterparties) are copied
 * again, and those of the counterparties of an account that became live or stopped being live.
 * Rows have room to grow; a row that outgrows it moves to the end, and when moved rows have left a
 * quarter of the edge arrays unused, or the seed changed, everything is copied again.
 */
export class SweepRows {
  /** The live accounts in id order, and 1 per live account. */
  live = new Int32Array(0);
  liveCount = 0;
  isLive = new Uint8Array(0);
  /** Account b's edges are `start[b] .. end[b]`: what `from[k]` passes on, times `share[k]`. */
  start = new Int32Array(0);
  end = new Int32Array(0);
  from = new Int32Array(0);
  share = new Float64Array(0);
  private room = new Int32Array(0);
  private edgeEnd = 0;
  private unused = 0;
  private n = 0;
  private seedIds: readonly number[] = [];
  /** False while an update is under way: one left half done (an exception) is copied again in full. */
  private valid = false;
  private mark = new Int32Array(0);
  private stamp = 0;

  /** Brings the rows up to the structures' shares (after `TrustStructures.shares`) and the seed. */
  update(structures: TrustStructures, n: number, seed: Float64Array, seedIds: readonly number[]): void {
    const changed = structures.sharesChanged;
    const incremental = this.valid && changed !== null && n >= this.n && sameIds(seedIds, this.seedIds);
    this.valid = false;
    this.seedIds = seedIds.slice();
    if (incremental) this.updateRows(structures, n, seed, changed);
    else this.build(structures, n, seed);
    if (this.unused * 4 > this.edgeEnd) this.build(structures, n, seed);
    this.valid = true;
  }

  private build(structures: TrustStructures, n: number, seed: Float64Array): void {
    this.ensureAccounts(n, true);
    const { isLive, start, end, room } = this;
    // Accounts past n have no rows yet (a later update gives them room when they become live).
    start.fill(0, n);
    end.fill(0, n);
    room.fill(0, n);
    const { rowStart, rowEnd, neighbour, inShare } = structures;
    let edges = 0;
    for (let b = 0; b < n; b++) {
      isLive[b] = liveOf(b, seed, rowStart, rowEnd, inShare);
    }
    for (let b = 0; b < n; b++) {
      let count = 0;
      if (isLive[b] === 1) {
        for (let e = rowStart[b], last = rowEnd[b]; e < last; e++) {
          if (isLive[neighbour[e]] === 1 && inShare[e] > 0) count++;
        }
      }
      start[b] = end[b] = edges;
      room[b] = count === 0 ? 0 : count + (count >> 2) + 2;
      edges += room[b];
    }
    this.edgeEnd = edges;
    this.unused = 0;
    this.ensureEdges(edges, true);
    for (let b = 0; b < n; b++) if (isLive[b] === 1) this.copyRow(structures, b);
    this.n = n;
    this.listLive();
  }

  private updateRows(structures: TrustStructures, n: number, seed: Float64Array, changed: readonly number[]): void {
    this.ensureAccounts(n, false);
    if (this.mark.length < n) this.mark = new Int32Array(Math.ceil(n * 1.25) + 64);
    const { isLive, mark } = this;
    const stamp = ++this.stamp;
    const { rowStart, rowEnd, neighbour, inShare } = structures;
    const dirty: number[] = [];
    const add = (b: number): void => {
      if (mark[b] !== stamp) {
        mark[b] = stamp;
        dirty.push(b);
      }
    };
    const addRow = (a: number): void => {
      add(a);
      for (let e = rowStart[a], last = rowEnd[a]; e < last; e++) add(neighbour[e]);
    };
    for (const a of changed) addRow(a);
    // Whether an account is live depends on its own row only; its counterparties' rows list it
    // as a source only while it is.
    let flipped = false;
    for (let i = 0, count = dirty.length; i < count; i++) {
      const b = dirty[i];
      const now = liveOf(b, seed, rowStart, rowEnd, inShare);
      if (now !== isLive[b]) {
        isLive[b] = now;
        flipped = true;
        addRow(b);
      }
    }
    for (const b of dirty) this.copyRow(structures, b);
    this.n = n;
    if (flipped || n > this.live.length) this.listLive();
  }

  /** Copies row b's edges that bring it something, moving it to the end when it has no room. */
  private copyRow(structures: TrustStructures, b: number): void {
    const { isLive, start, end } = this;
    if (isLive[b] === 0) {
      end[b] = start[b];
      return;
    }
    const { rowStart, rowEnd, neighbour, inShare } = structures;
    const first = rowStart[b];
    const last = rowEnd[b];
    // Into its room while it fits (one pass over the row, usually); else counted, and moved.
    let k = start[b];
    const limit = k + this.room[b];
    let e = first;
    for (; e < last; e++) {
      const a = neighbour[e];
      if (isLive[a] === 1 && inShare[e] > 0) {
        if (k === limit) break;
        this.from[k] = a;
        this.share[k++] = inShare[e];
      }
    }
    if (e < last) {
      let count = 0;
      for (e = first; e < last; e++) if (isLive[neighbour[e]] === 1 && inShare[e] > 0) count++;
      this.unused += this.room[b];
      const room = count + (count >> 2) + 2;
      this.ensureEdges(this.edgeEnd + room, false);
      start[b] = k = this.edgeEnd;
      this.room[b] = room;
      this.edgeEnd += room;
      const { from, share } = this;
      for (e = first; e < last; e++) {
        const a = neighbour[e];
        if (isLive[a] === 1 && inShare[e] > 0) {
          from[k] = a;
          share[k++] = inShare[e];
        }
      }
    }
    end[b] = k;
  }

  private listLive(): void {
    const { isLive, n } = this;
    if (this.live.length < n) this.live = new Int32Array(Math.ceil(n * 1.25) + 64);
    const live = this.live;
    let count = 0;
    for (let b = 0; b < n; b++) if (isLive[b] === 1) live[count++] = b;
    this.liveCount = count;
  }

  private ensureAccounts(n: number, reset: boolean): void {
    if (reset) {
      if (this.isLive.length >= n) {
        this.isLive.fill(0);
        return;
      }
    } else if (this.isLive.length >= n) {
      return;
    }
    const size = Math.ceil(n * 1.25) + 64;
    const isLive = new Uint8Array(size);
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    const room = new Int32Array(size);
    if (!reset) {
      isLive.set(this.isLive);
      start.set(this.start);
      end.set(this.end);
      room.set(this.room);
    }
    this.isLive = isLive;
    this.start = start;
    this.end = end;
    this.room = room;
  }

  private ensureEdges(edges: number, reset: boolean): void {
    if (this.from.length >= edges) return;
    const size = Math.ceil(edges * 1.25) + 1024;
    const from = new Int32Array(size);
    const share = new Float64Array(size);
    if (!reset) {
      from.set(this.from);
      share.set(this.share);
    }
    this.from = from;
    this.share = share;
  }
}

function liveOf(b: number, seed: Float64Array, rowStart: Int32Array, rowEnd: Int32Array, inShare: Float64Array): 0 | 1 {
  if (seed[b] > 0) return 1;
  for (let e = rowStart[b], last = rowEnd[b]; e < last; e++) if (inShare[e] > 0) return 1;
  return 0;
}

const rowsOf = new WeakMap<TrustGraph, SweepRows>();

/** The sweep rows kept for a graph. */
export function sweepRows(graph: TrustGraph): SweepRows {
  let rows = rowsOf.get(graph);
  if (rows === undefined) rowsOf.set(graph, (rows = new SweepRows()));
  return rows;
}
