// Two kinds of failure while running a mapping, as in graph-node: a deterministic one
// (the mapping's own bug: the same block fails again every time, so indexing stops) and
// a non-deterministic one (the node was unreachable: retry the block later).

export class DeterministicError extends Error {
  name = "DeterministicError";
}

export class NonDeterministicError extends Error {
  name = "NonDeterministicError";
}
