/**
 * The team search: a multiple-choice knapsack (one option per part, total cost
 * within the budget, highest total value) with the rule that a vendor holds one
 * part unless the parts involved allow sharing. Exact, by branch and bound:
 *
 * - The bound for the parts not yet chosen is the best value they can reach
 *   with the budget left when the one-vendor-per-part rule is ignored: a Pareto
 *   frontier (cost ascending, value strictly ascending) of their sums, built once
 *   by dynamic programming from the last part back. Ignoring a constraint can
 *   only raise the best value, so the bound is admissible; with no vendor in
 *   two parts' candidate lists it is exact, and the first team found is optimal.
 * - The bound also carries the cheapest cost of that best value, so a branch is
 *   cut when it cannot beat the best team on (value, then cost); branches that
 *   could tie are explored, and ties break by the members' addresses, part by
 *   part in input order. The answer does not depend on the order of the options.
 *
 * Values and costs are integers (millipoints, cents), so sums and ties are exact.
 */

export interface TeamOption {
  cost: number;
  value: number;
  /** Lower-case addresses, sorted. */
  members: readonly string[];
  /** members joined, for the address tie-break. */
  key: string;
}

export interface OptimizePart {
  options: readonly TeamOption[];
  /** Its vendors may also hold another part that allows sharing. */
  shared: boolean;
}

export interface OptimizeResult {
  /** Index into each part's options, in input order. */
  choice: number[];
  cost: number;
  value: number;
  nodes: number;
}

interface Frontier {
  cost: number[];
  value: number[];
}

const EMPTY_FRONTIER: Frontier = { cost: [0], value: [0] };

/** The last frontier point with cost ≤ budget (the best value reachable, at its lowest cost), or -1. */
function frontierAt(frontier: Frontier, budget: number): number {
  let lo = 0;
  let hi = frontier.cost.length - 1;
  if (hi < 0 || frontier.cost[0] > budget) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (frontier.cost[mid] <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Keeps the points no other point beats on both cost and value. */
function pareto(costs: number[], values: number[]): Frontier {
  const order = costs.map((_, i) => i).sort((a, b) => costs[a] - costs[b] || values[b] - values[a]);
  const frontier: Frontier = { cost: [], value: [] };
  let best = -Infinity;
  for (const i of order) {
    if (values[i] > best) {
      frontier.cost.push(costs[i]);
      frontier.value.push(values[i]);
      best = values[i];
    }
  }
  return frontier;
}

function combine(options: readonly TeamOption[], next: Frontier, limit: number): Frontier {
  const own = pareto(
    options.map((o) => o.cost),
    options.map((o) => o.value),
  );
  const costs: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < own.cost.length; i++) {
    for (let j = 0; j < next.cost.length; j++) {
      const cost = own.cost[i] + next.cost[j];
      if (cost > limit) break; // next.cost ascends
      costs.push(cost);
      values.push(own.value[i] + next.value[j]);
    }
  }
  return pareto(costs, values);
}

/** The largest `of(option)`, without spreading (a relay part can have tens of thousands of options). */
export function extreme(options: readonly TeamOption[], of: (option: TeamOption) => number): number {
  let most = -Infinity;
  for (const option of options) most = Math.max(most, of(option));
  return most;
}

export function cheapestCost(options: readonly TeamOption[]): number {
  return -extreme(options, (o) => -o.cost);
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** The best team within `budget`, or null when no team fits it under the one-part-per-vendor rule. */
export function optimizeTeam(parts: readonly OptimizePart[], budget: number): OptimizeResult | null {
  const n = parts.length;
  // Parts with many options first: the frontiers then combine the small ones.
  const order = parts.map((_, i) => i).sort((a, b) => parts[b].options.length - parts[a].options.length || a - b);
  // Each part's options by value (highest first), then cost, then address.
  const sorted = parts.map(({ options }) => {
    const values = Float64Array.from(options, (o) => o.value);
    const costs = Float64Array.from(options, (o) => o.cost);
    const tie = (a: number, b: number) =>
      options[a].key < options[b].key ? -1 : options[a].key > options[b].key ? 1 : 0;
    return Array.from(options.keys()).sort((a, b) => values[b] - values[a] || costs[a] - costs[b] || tie(a, b));
  });
  const minCost = parts.map((part) => cheapestCost(part.options));
  const before: number[] = [0];
  for (let d = 0; d < n; d++) before.push(before[d] + minCost[order[d]]);

  const frontiers: Frontier[] = new Array(n + 1);
  frontiers[n] = EMPTY_FRONTIER;
  for (let d = n - 1; d >= 1; d--) {
    frontiers[d] = combine(parts[order[d]].options, frontiers[d + 1], budget - before[d]);
  }

  const used = new Map<string, { count: number; shared: boolean }>();
  const choice = new Array<number>(n).fill(-1);
  let best: OptimizeResult | null = null;
  let bestKeys: string[] = [];
  let nodes = 0;

  const conflicts = (option: TeamOption, shared: boolean): boolean =>
    option.members.some((member) => {
      const entry = used.get(member);
      return entry !== undefined && (!shared || !entry.shared);
    });

  // Several parts want the same vendors: the budget bound alone (which lets them all have the
  // best) can leave a search of every assignment, so a second bound keeps vendors distinct. It
  // ranks teams by one number, value x scale - cost, which orders them as (value, then cost)
  // do whenever every cost is below the scale (all are within the budget); when that number
  // could pass 2^53 it ranks by value alone.
  const holders = new Map<string, number>();
  parts.forEach((part) => {
    for (const member of new Set(part.options.flatMap((o) => o.members))) {
      holders.set(member, (holders.get(member) ?? 0) + 1);
    }
  });
  const contested = [...holders.values()].some((count) => count > 1);
  const valueSum = parts.reduce((total, part) => total + extreme(part.options, (o) => Math.abs(o.value)), 0);
  const lexicographic = (valueSum + 1) * (budget + 1) < 2 ** 50;
  const scale = lexicographic ? budget + 1 : 1;
  const costWeight = lexicographic ? 1 : 0;
  const key = (value: number, cost: number) => value * scale - costWeight * cost;
  const bestKey = parts.map((part) => extreme(part.options, (o) => key(o.value, o.cost)));
  /**
   * The most the parts from `depth` on can add to the key, ignoring the budget: parts of one
   * vendor that share with no one get distinct vendors, none already used (a maximum-weight
   * assignment); the others their best option. -Infinity when those parts cannot all get one.
   */
  const distinctBound = (depth: number): number => {
    let bound = 0;
    const rows: (readonly TeamOption[])[] = [];
    for (let d = depth; d < n; d++) {
      const part = parts[order[d]];
      if (!part.shared && part.options.every((o) => o.members.length === 1)) rows.push(part.options);
      else bound += bestKey[order[d]];
    }
    if (rows.length === 0) return bound;
    const columns = new Map<string, number>();
    const weights = rows.map((options) => {
      const row = new Map<number, number>();
      for (const option of options) {
        const vendor = option.members[0];
        if (used.has(vendor)) continue;
        let column = columns.get(vendor);
        if (column === undefined) columns.set(vendor, (column = columns.size));
        row.set(column, Math.max(row.get(column) ?? -Infinity, key(option.value, option.cost)));
      }
      return row;
    });
    const assigned = maxWeightAssignment(weights, columns.size);
    return assigned === null ? -Infinity : bound + assigned;
  };

  const search = (depth: number, cost: number, value: number): void => {
    nodes++;
    if (depth === n) {
      const keys = parts.map((part, p) => part.options[choice[p]].key);
      if (
        best === null ||
        value > best.value ||
        (value === best.value && (cost < best.cost || (cost === best.cost && compareKeys(keys, bestKeys) < 0)))
      ) {
        best = { choice: [...choice], cost, value, nodes: 0 };
        bestKeys = keys;
      }
      return;
    }
    if (best !== null && contested) {
      const incumbent = best as OptimizeResult;
      if (key(value, cost) + distinctBound(depth) < key(incumbent.value, incumbent.cost)) return;
    }
    const p = order[depth];
    const part = parts[p];
    const next = frontiers[depth + 1];
    const left = budget - cost;
    const reach = frontierAt(next, left);
    if (reach < 0) return;
    const reachValue = next.value[reach];
    for (const index of sorted[p]) {
      const option = part.options[index];
      // Options come by value, highest first: none after this one can reach the best team either.
      if (best !== null && value + option.value + reachValue < (best as OptimizeResult).value) break;
      if (option.cost > left) continue;
      const at = frontierAt(next, left - option.cost);
      if (at < 0) continue;
      if (best !== null) {
        const boundValue = value + option.value + next.value[at];
        const boundCost = cost + option.cost + next.cost[at];
        const incumbent = best as OptimizeResult;
        if (boundValue < incumbent.value || (boundValue === incumbent.value && boundCost > incumbent.cost)) continue;
      }
      if (conflicts(option, part.shared)) continue;
      for (const member of option.members) {
        const entry = used.get(member);
        if (entry === undefined) used.set(member, { count: 1, shared: part.shared });
        else entry.count++;
      }
      choice[p] = index;
      search(depth + 1, cost + option.cost, value + option.value);
      choice[p] = -1;
      for (const member of option.members) {
        const entry = used.get(member)!;
        if (--entry.count === 0) used.delete(member);
      }
    }
  };

  if (n > 0 && before[n] <= budget) search(0, 0, 0);
  if (n === 0) return { choice: [], cost: 0, value: 0, nodes: 1 };
  if (best === null) return null;
  return { ...(best as OptimizeResult), nodes };
}

/**
 * The largest total weight of giving every row its own column (rows[i] maps its allowed columns
 * to integer weights), or null when some row cannot get one. The Hungarian method with
 * potentials, on costs `top - weight`, O(rows² × columns); exact while the weights are integers
 * well below 2^53.
 */
export function maxWeightAssignment(rows: readonly ReadonlyMap<number, number>[], columnCount: number): number | null {
  const n = rows.length;
  const m = columnCount;
  if (n === 0) return 0;
  if (m < n) return null;
  let top = -Infinity;
  for (const row of rows) for (const weight of row.values()) top = Math.max(top, weight);
  const cost = (i: number, j: number) => {
    const weight = rows[i - 1].get(j - 1);
    return weight === undefined ? Infinity : top - weight;
  };
  // 1-based; column 0 is where each augmenting path starts.
  const rowPotential = new Float64Array(n + 1);
  const columnPotential = new Float64Array(m + 1);
  const rowOf = new Int32Array(m + 1);
  const previous = new Int32Array(m + 1);
  const slack = new Float64Array(m + 1);
  const visited = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let column = 0;
    slack.fill(Infinity);
    visited.fill(0);
    do {
      visited[column] = 1;
      const row = rowOf[column];
      let delta = Infinity;
      let nextColumn = 0;
      for (let j = 1; j <= m; j++) {
        if (visited[j]) continue;
        const reduced = cost(row, j) - rowPotential[row] - columnPotential[j];
        if (reduced < slack[j]) {
          slack[j] = reduced;
          previous[j] = column;
        }
        if (slack[j] < delta) {
          delta = slack[j];
          nextColumn = j;
        }
      }
      // No column left that any row on the path may take: row i cannot be given one.
      if (delta === Infinity) return null;
      for (let j = 0; j <= m; j++) {
        if (visited[j]) {
          rowPotential[rowOf[j]] += delta;
          columnPotential[j] -= delta;
        } else {
          slack[j] -= delta;
        }
      }
      column = nextColumn;
    } while (rowOf[column] !== 0);
    do {
      const before = previous[column];
      rowOf[column] = rowOf[before];
      column = before;
    } while (column !== 0);
  }
  let total = 0;
  for (let j = 1; j <= m; j++) {
    if (rowOf[j] !== 0) total += rows[rowOf[j] - 1].get(j - 1)!;
  }
  return total;
}
