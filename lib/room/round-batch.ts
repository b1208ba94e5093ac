// The learner batch of a round, built from its roster in one place: the live room builds it when a
// round starts, and a round taken up again after a restart rebuilds it to replay the stored steps
// (./active-round.ts), so both run every student's own rate and optimiser (the core is
// deterministic: the replay is bit for bit).
import { DEFAULT_MOMENTUM, createLearnerBatch, type Dataset, type LearnerBatch, type OptimizerChoice } from "../gd";
import type { OptimizerId, RosterEntry, RunChoice } from "../protocol";

export function createRoundBatch(dataset: Dataset, roster: readonly RunChoice[], maxSteps: number): LearnerBatch {
  return createLearnerBatch(
    dataset,
    roster.map((r) => r.learningRate),
    { maxSteps, optimizers: roster.map(optimizerOf) },
  );
}

function optimizerOf(entry: RunChoice): OptimizerChoice {
  return entry.optimizer === "momentum"
    ? { optimizer: "momentum", momentum: entry.momentum ?? DEFAULT_MOMENTUM }
    : { optimizer: entry.optimizer };
}

/**
 * What a student plays with when a round starts. A choice made for an earlier round may no longer
 * be allowed (the host narrowed the list since): it then falls back to the first optimiser
 * allowed, so the round can start; the roster records what was actually used.
 */
export function playedChoice(
  choice: Pick<RosterEntry, "learningRate" | "optimizer" | "momentum">,
  allowed: readonly OptimizerId[],
): RunChoice {
  const optimizer = allowed.includes(choice.optimizer) ? choice.optimizer : (allowed[0] ?? "gd");
  const momentum = optimizer === "momentum" ? (choice.momentum ?? DEFAULT_MOMENTUM) : null;
  return { learningRate: choice.learningRate, optimizer, momentum };
}
