// When a learner stops, and why. Kept apart from the hot loop so the rules can be read (and
// shown to students) in one place; the loop calls classifyLoss, which V8 inlines.

/** Status codes as stored in LearnerBatch.status (a Uint8Array). */
export const STATUS = {
  RUNNING: 0,
  CONVERGED: 1,
  DIVERGED: 2,
  MAX_STEPS: 3,
} as const;
export type StatusCode = (typeof STATUS)[keyof typeof STATUS];

/**
 * STATUS_NAMES[code] is the name of a status code, the one vocabulary of run statuses: the
 * protocol, the pages and the database all use these names (lib/protocol.ts derives its types).
 */
export const STATUS_NAMES = ["running", "converged", "diverged", "max_steps"] as const;
export type StatusName = (typeof STATUS_NAMES)[number];
/** How a run ended (every status but "running"). */
export type FinalStatusName = Exclude<StatusName, "running">;

export function statusName(code: number): StatusName {
  const name = STATUS_NAMES[code];
  if (name === undefined) throw new RangeError(`unknown status code: ${code}`);
  return name;
}

/**
 * The status of one run in a batch's status array. The array only ever holds STATUS values (the
 * kernel writes nothing else), so the narrowing is safe; it lives here rather than as a cast at
 * every reader.
 */
export function statusAt(statuses: Uint8Array, run: number): StatusCode {
  return statuses[run] as StatusCode;
}

export function isStatusName(name: string): name is StatusName {
  return (STATUS_NAMES as readonly string[]).includes(name);
}

export function statusCode(name: StatusName): StatusCode {
  return STATUS_NAMES.indexOf(name) as StatusCode;
}

/**
 * Converged when the loss is within this fraction of the initial excess loss of the optimum.
 * Relative, so it means the same for the lesson (loss ~1.5e4) and the housing data (~1e5);
 * 1e-9 is far above float64 rounding noise near the optimum (~1e-16 of the loss) yet tight
 * enough that a "converged" curve is flat on any plot.
 */
export const CONVERGENCE_TOLERANCE = 1e-9;

/**
 * Diverged when the loss is not finite or exceeds this multiple of max(initialLoss, 1).
 * A stable learner's loss never rises above its initial loss (gradient descent with lr below
 * 2/lambda_max decreases it monotonically), so a millionfold increase can only be a blow-up.
 * lr = 1 on the lesson gives 1026548766283.6302 > 1e6 * 14871.8 at step 1. Momentum and Adam
 * may overshoot before settling, but by far less: at most ~50x the initial loss in the numpy
 * fixtures (momentum just inside its stable region lr * lambda < 2 + 2 beta, Adam at lr = 10),
 * while an unstable momentum run grows geometrically like plain descent does.
 */
export const DIVERGENCE_FACTOR = 1e6;

/** Per-batch thresholds, computed once so the per-step check is two comparisons. */
export interface OutcomeThresholds {
  optimumLoss: number;
  /** Converged when loss - optimumLoss <= convergenceSlack. */
  convergenceSlack: number;
  /** Diverged when loss > divergenceLimit (or not finite). */
  divergenceLimit: number;
}

export function outcomeThresholds(initialLoss: number, optimumLoss: number): OutcomeThresholds {
  return {
    optimumLoss,
    // max(1, ...) keeps the test meaningful when the start is already (nearly) optimal.
    convergenceSlack: CONVERGENCE_TOLERANCE * Math.max(1, initialLoss - optimumLoss),
    divergenceLimit: DIVERGENCE_FACTOR * Math.max(initialLoss, 1),
  };
}

/**
 * The status a learner has after recording `loss`: RUNNING, CONVERGED or DIVERGED.
 * (MAX_STEPS is decided by the batch, which knows the step count.) Divergence is tested
 * first and written as !(loss <= limit) so NaN counts as diverged.
 */
export function classifyLoss(loss: number, t: OutcomeThresholds): StatusCode {
  if (!(loss <= t.divergenceLimit)) return STATUS.DIVERGED;
  if (loss - t.optimumLoss <= t.convergenceSlack) return STATUS.CONVERGED;
  return STATUS.RUNNING;
}
