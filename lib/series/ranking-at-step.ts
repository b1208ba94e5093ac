// The class ranking as the live round had it after `step` updates, rebuilt from what is stored:
// each run's full series, final status and divergence step. It feeds lib/room/ranking's rankRuns
// exactly what the live learner batch held at that step, so the replay of a stored round ranks
// as the projector did, whatever the chart draws (a reduced series would not do: the loss at a
// step between two kept points is not among them).
//
// What the batch held at step k, run by run (lib/gd/learners.ts):
//  - its loss: the last one recorded at or before k, i.e. losses[min(k, last)];
//  - its status: "running" until it stopped, then its final one. A run stops at its last step,
//    except one that blew up to Infinity/NaN: that step records no loss, so it stops at
//    divergedAtStep, one after its last. Interrupted runs never stopped;
//  - divergedAtStep: known from the step the run diverged at on.
import { STATUS } from "../gd";
import type { StoredRunStatus } from "../protocol";
import { rankRuns } from "../room/ranking";

export interface StoredRunOutcome {
  /** losses[k] = loss after k updates (finite; at least the initial loss). */
  losses: ArrayLike<number>;
  status: StoredRunStatus;
  divergedAtStep: number | null;
}

export interface RankingAtStep {
  /** Run indices best first. */
  order: Int32Array;
  /** 1-based rank of each run; equal results share one. */
  ranks: Int32Array;
  /** What each run showed at that step: its loss, STATUS code and divergence step (-1: none). */
  losses: Float64Array;
  status: Uint8Array;
  divergedAtStep: Int32Array;
}

const FINAL_CODE: Partial<Record<StoredRunStatus, number>> = {
  converged: STATUS.CONVERGED,
  diverged: STATUS.DIVERGED,
  max_steps: STATUS.MAX_STEPS,
};

/** The step a run stopped at, or null if it never did (still running, or cut short). */
export function stoppedAtStep(run: StoredRunOutcome): number | null {
  if (FINAL_CODE[run.status] === undefined) return null;
  const last = run.losses.length - 1;
  return run.status === "diverged" && run.divergedAtStep !== null ? Math.max(last, run.divergedAtStep) : last;
}

/** The ranking after `step` updates (a step past every run's end: the final ranking). */
export function rankingAtStep(runs: readonly StoredRunOutcome[], step: number): RankingAtStep {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be a non-negative integer, got ${step}`);
  const count = runs.length;
  const losses = new Float64Array(count);
  const status = new Uint8Array(count);
  const divergedAtStep = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    const run = runs[i]!;
    const last = run.losses.length - 1;
    if (last < 0) throw new RangeError(`run ${i} has no losses (every run has its initial loss)`);
    losses[i] = run.losses[Math.min(step, last)]!;
    const stoppedAt = stoppedAtStep(run);
    if (stoppedAt !== null && step >= stoppedAt) {
      status[i] = FINAL_CODE[run.status]!;
      if (run.status === "diverged" && run.divergedAtStep !== null) divergedAtStep[i] = run.divergedAtStep;
    } else status[i] = STATUS.RUNNING;
  }
  const order = new Int32Array(count);
  const ranks = new Int32Array(count);
  rankRuns({ losses, status, divergedAtStep }, order, ranks);
  return { order, ranks, losses, status, divergedAtStep };
}
