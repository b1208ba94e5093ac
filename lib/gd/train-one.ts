// One learner on its own, recording its whole loss curve: the tests' and explanation pages' view
// of the batch (lib/gd/learners.ts), which only keeps the current loss.

import type { Dataset } from "./datasets";
import { createLearnerBatch, learnerParameters, stepLearnerBatch } from "./learners";
import type { OptimizerChoice } from "./optimizers";
import { statusName, type StatusName } from "./outcome";

export interface TrainResult {
  /** losses[t] is the loss after t updates, t = 0..stepsTaken (never Infinity/NaN). */
  losses: number[];
  status: StatusName;
  divergedAtStep: number | null;
  weights: number[];
  bias: number;
}

/** One learner on its own, recording the whole loss curve (tests and explanation pages). */
export function trainOne(
  dataset: Dataset,
  lr: number,
  maxSteps: number,
  optimizer: OptimizerChoice = { optimizer: "gd" },
): TrainResult {
  const batch = createLearnerBatch(dataset, [lr], { maxSteps, optimizers: [optimizer] });
  const losses = [batch.losses[0]!];
  while (batch.running > 0) {
    stepLearnerBatch(batch);
    if (batch.stepsTaken[0] === batch.step) losses.push(batch.losses[0]!);
  }
  const divergedAt = batch.divergedAtStep[0]!;
  return {
    losses,
    status: statusName(batch.status[0]!),
    divergedAtStep: divergedAt >= 0 ? divergedAt : null,
    ...learnerParameters(batch, 0),
  };
}
