/** Platform fees by day or week, per token, from the index's daily token statistics. */
import { querySubgraph } from "../../server/subgraph.ts";
import { tokenInfo, type TokenInfo } from "../../server/tokens.ts";
import type { Period } from "./period.ts";

export type Bucket = "day" | "week";

export interface FeeSeries {
  token: TokenInfo;
  /** Start of each bucket (unix seconds) and the fees accrued in it. */
  points: { start: number; feesAccrued: bigint; feesCollected: bigint; paidToVendors: bigint }[];
  total: bigint;
}

const DAY = 86_400;
/** Weeks start on Monday 00:00 UTC (the epoch was a Thursday). */
function weekStart(day: number): number {
  return day - ((Math.floor(day / DAY) + 3) % 7) * DAY;
}

export async function feesByPeriod(period: Period, bucket: Bucket, block: number): Promise<FeeSeries[]> {
  const rows: {
    id: string;
    date: string;
    token: { id: string };
    feesAccrued: string;
    feesCollected: string;
    paidToVendors: string;
  }[] = [];
  for (let lastId = ""; ;) {
    const { tokenDayStats } = await querySubgraph<{ tokenDayStats: typeof rows }>(
      `query($from: BigInt!, $to: BigInt!, $after: Bytes!, $block: Int!) {
        tokenDayStats(first: 1000, orderBy: id, block: { number: $block }, where: { date_gte: $from, date_lt: $to, id_gt: $after }) {
          id date token { id } feesAccrued feesCollected paidToVendors } }`,
      { from: String(period.from), to: String(period.to), after: lastId || "0x", block },
    );
    rows.push(...tokenDayStats);
    if (tokenDayStats.length < 1000) break;
    lastId = tokenDayStats[tokenDayStats.length - 1].id;
  }
  if (rows.length === 0) return [];
  // The chart spans the days that have data (a period of decades would otherwise draw thousands of empty bars).
  const dates = rows.map((r) => Number(r.date));
  const first = Math.max(period.from, Math.min(...dates));
  const last = Math.min(period.to - DAY, Math.max(...dates));
  const starts: number[] = [];
  for (let d = first; d <= last; d += DAY) {
    const s = bucket === "week" ? weekStart(d) : d;
    if (starts[starts.length - 1] !== s) starts.push(s);
  }
  const byToken = new Map<string, Map<number, { feesAccrued: bigint; feesCollected: bigint; paidToVendors: bigint }>>();
  for (const row of rows) {
    const day = Number(row.date);
    const s = bucket === "week" ? weekStart(day) : day;
    const series = byToken.get(row.token.id) ?? new Map();
    byToken.set(row.token.id, series);
    const point = series.get(s) ?? { feesAccrued: 0n, feesCollected: 0n, paidToVendors: 0n };
    point.feesAccrued += BigInt(row.feesAccrued);
    point.feesCollected += BigInt(row.feesCollected);
    point.paidToVendors += BigInt(row.paidToVendors);
    series.set(s, point);
  }
  const out = await Promise.all(
    [...byToken.entries()].map(async ([id, series]) => {
      const points = starts.map((start) => ({
        start,
        ...(series.get(start) ?? { feesAccrued: 0n, feesCollected: 0n, paidToVendors: 0n }),
      }));
      return { token: await tokenInfo(id), points, total: points.reduce((t, p) => t + p.feesAccrued, 0n) };
    }),
  );
  return out.sort((a, b) => a.token.symbol.localeCompare(b.token.symbol));
}
