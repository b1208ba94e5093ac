// Leaderboard order of a round's runs. Lower loss is better; a diverged run ranks below every run
// that did not diverge, and among diverged runs the one that held out longer ranks higher.
// Equal keys share a rank (1, 2, 2, 4), so identical learning rates tie.
import { STATUS } from "../gd";

export interface RankableRuns {
  losses: Float64Array;
  status: Uint8Array;
  divergedAtStep: Int32Array;
}

function compare(runs: RankableRuns, a: number, b: number): number {
  const aDiverged = runs.status[a] === STATUS.DIVERGED;
  const bDiverged = runs.status[b] === STATUS.DIVERGED;
  if (aDiverged !== bDiverged) return aDiverged ? 1 : -1;
  if (aDiverged) {
    const held = runs.divergedAtStep[b]! - runs.divergedAtStep[a]!;
    if (held !== 0) return held;
  }
  // -1 or 1 rather than the difference where they differ: a small integer needs no heap number,
  // and the sort calls this ~20,000 times a step at 2,000 runs (the differences were 4% of all such
  // a round allocated). Otherwise the difference itself: 0 for equal losses, NaN (no tie) for a
  // NaN or infinity minus infinity, as before.
  const lossA = runs.losses[a]!;
  const lossB = runs.losses[b]!;
  if (lossA < lossB) return -1;
  if (lossA > lossB) return 1;
  return lossA - lossB;
}

/** Fills `order` (run indices, best first) and `ranks` (1-based rank of each run). */
export function rankRuns(runs: RankableRuns, order: Int32Array, ranks: Int32Array): void {
  const count = order.length;
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => compare(runs, a, b));
  for (let position = 0; position < count; position++) {
    const run = order[position]!;
    const previous = position > 0 ? order[position - 1]! : -1;
    ranks[run] = previous >= 0 && compare(runs, previous, run) === 0 ? ranks[previous]! : position + 1;
  }
}
