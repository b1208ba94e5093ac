// Which steps of a round had a garbage collection of the server inside their fan-out: each step's
// first and last arrival on the wire (scripts/bench/wire-capture.ts) beside each collection the
// server's probe saw (scripts/bench/eld-probe.mjs). How the spread's tail was traced to garbage
// (docs/performance.md, "The tail was garbage"); `scripts/bench-fanout.ts --timeline <file>`.

/** A step's first and last arrival, wall-clock ms. */
export type StepSpan = [step: number, first: number, last: number];
/** A collection: wall-clock start ms, duration ms, young generation (a scavenge)? */
export type Collection = [start: number, ms: number, young: boolean];

export interface GcOverlap {
  /** Spreads (last minus first arrival, ms) of the steps with a collection inside them, and without. */
  withCollection: number[];
  withoutCollection: number[];
}

/** Splits the steps by whether any collection overlapped [first, last]. */
export function gcOverlap(steps: readonly StepSpan[], collections: readonly Collection[]): GcOverlap {
  const overlap: GcOverlap = { withCollection: [], withoutCollection: [] };
  for (const [, first, last] of steps) {
    const hit = collections.some(([start, ms]) => start < last && start + ms > first);
    (hit ? overlap.withCollection : overlap.withoutCollection).push(last - first);
  }
  return overlap;
}
