import type { Placement } from "./types.ts";

/**
 * New-vendor exposure policy: reserved slots.
 *
 * Scores stay honest (a vendor without ratings has no rating points), and every
 * `every`-th position (5th, 10th, ...) goes to the best new vendor not yet placed,
 * where "new" means fewer than `newVendorMaxRatings` ratings. Every other position,
 * and a reserved one when no new vendor is left, goes to the best vendor not yet
 * placed. So new vendors who pass the client's hard filters reach the first page
 * without crowding out more than 1 in `every` proven vendors.
 *
 * The walk is greedy over two best-first queues, so a vendor's position can only
 * improve when its score improves, and the result is fully deterministic.
 */
export interface PlacedVendor {
  position: number;
  placement: Placement;
}

export function placeWithReservedSlots(
  bestOverall: Int32Array,
  bestNew: Int32Array,
  limit: number,
  every: number,
): PlacedVendor[] {
  const placed = new Set<number>();
  const result: PlacedVendor[] = [];
  let overallCursor = 0;
  let newCursor = 0;
  const nextOverall = (): number => {
    while (overallCursor < bestOverall.length && placed.has(bestOverall[overallCursor])) {
      overallCursor++;
    }
    return overallCursor < bestOverall.length ? bestOverall[overallCursor] : -1;
  };
  const nextNew = (): number => {
    while (newCursor < bestNew.length && placed.has(bestNew[newCursor])) newCursor++;
    return newCursor < bestNew.length ? bestNew[newCursor] : -1;
  };

  while (result.length < limit) {
    const rank = result.length + 1;
    const overall = nextOverall();
    const reservedNew = every > 0 && rank % every === 0 ? nextNew() : -1;
    const position = reservedNew !== -1 ? reservedNew : overall;
    if (position === -1) break;
    // A new vendor that would have won this position anyway earned it by score.
    const placement: Placement = position === overall ? "score" : "newVendorSlot";
    placed.add(position);
    result.push({ position, placement });
  }
  return result;
}
