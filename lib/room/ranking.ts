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
  return runs.losses[a]! - runs.losses[b]!;
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
