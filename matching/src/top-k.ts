/**
 * Picks the `limit` best vendor positions, best first, without sorting them all.
 * Better = higher score, then lower address. Addresses are unique, so the order
 * is total: the result never depends on the order positions come in.
 */
export function selectTop(
  positions: Int32Array,
  count: number,
  scores: Float64Array,
  addresses: readonly string[],
  limit: number,
): Int32Array {
  const isBetter = (a: number, b: number): boolean =>
    scores[a] > scores[b] || (scores[a] === scores[b] && addresses[a] < addresses[b]);
  const byRank = (a: number, b: number): number => (isBetter(a, b) ? -1 : isBetter(b, a) ? 1 : 0);

  if (limit >= count) return positions.slice(0, count).sort(byRank);
  if (limit <= 0) return new Int32Array(0);

  // Bounded heap whose root is the worst of the best `limit` seen so far.
  const heap = new Int32Array(limit);
  let size = 0;
  const siftUp = (index: number): void => {
    const item = heap[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!isBetter(heap[parent], item)) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = item;
  };
  const siftDown = (index: number): void => {
    const item = heap[index];
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && isBetter(heap[child], heap[child + 1])) child++;
      if (!isBetter(item, heap[child])) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = item;
  };

  for (let i = 0; i < count; i++) {
    const position = positions[i];
    if (size < limit) {
      heap[size] = position;
      siftUp(size++);
    } else if (isBetter(position, heap[0])) {
      heap[0] = position;
      siftDown(0);
    }
  }
  return heap.sort(byRank);
}
