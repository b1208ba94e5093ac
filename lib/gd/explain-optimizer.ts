// "Why did my run do that?" for momentum and Adam, with the class's own numbers (explain-rate.ts
// answers it for plain descent). Momentum: its stable region 0 < lr * lambda_max < 2 + 2 beta and
// what the steepest direction does (optimizer-bounds.ts). Adam: its first step is about lr per
// parameter whatever the gradient's size, set against plain descent's lr * |g|. The outcome itself
// comes from re-running the learner (deterministic, so the server's run).

import { maxStableLearningRate } from "./analysis";
import type { Dataset } from "./datasets";
import { DEFAULT_MAX_STEPS } from "./learners";
import { lossModes } from "./modes";
import { adamFirstStep, momentumDirection, momentumStableBound, type AdamFirstStep } from "./optimizer-bounds";
import { DEFAULT_MOMENTUM, type OptimizerChoice } from "./optimizers";
import type { FinalStatusName } from "./outcome";
import { trainOne } from "./train-one";

export interface MomentumExplanation {
  optimizer: "momentum";
  beta: number;
  /** 2 + 2 beta: the edge of the stable region in lr * lambda_max. */
  limit: number;
  /** lr * lambda_max for this run. */
  a: number;
  /** (2 + 2 beta) / lambda_max, and plain descent's 2 / lambda_max for comparison. */
  stableBound: number;
  gdBound: number;
  /** lr / stableBound: < 1 inside the stable region. */
  boundRatio: number;
  regime: ReturnType<typeof momentumDirection>["regime"];
  radius: number;
}

export interface AdamExplanation {
  optimizer: "adam";
  firstStep: AdamFirstStep;
  gdBound: number;
  /** lr / gdBound: how far beyond plain descent's bound the same rate is. */
  gdBoundRatio: number;
}

export type OptimizerExplanation = (MomentumExplanation | AdamExplanation) & {
  lr: number;
  /** How the run ends within maxSteps (re-run); "max_steps" when it neither converged nor diverged. */
  outcome: FinalStatusName;
  stopStep: number;
};

export function explainOptimizer(
  dataset: Dataset,
  lr: number,
  choice: OptimizerChoice,
  options: { maxSteps?: number } = {},
): OptimizerExplanation {
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`learning rate must be positive and finite, got ${lr}`);
  if (choice.optimizer === "gd") throw new RangeError("plain descent is explained by explainRate");
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const run = trainOne(dataset, lr, maxSteps, choice);
  const ending = { lr, outcome: run.status as FinalStatusName, stopStep: run.losses.length - 1 };
  const gdBound = maxStableLearningRate(dataset);
  if (choice.optimizer === "adam")
    return { optimizer: "adam", firstStep: adamFirstStep(dataset, lr), gdBound, gdBoundRatio: lr / gdBound, ...ending };
  const beta = choice.momentum ?? DEFAULT_MOMENTUM;
  const modes = lossModes(dataset);
  const lambda = modes.eigenvalues[modes.stiffest]!;
  const stableBound = momentumStableBound(dataset, beta);
  const direction = momentumDirection(lr, lambda, beta);
  return {
    optimizer: "momentum",
    beta,
    limit: 2 + 2 * beta,
    a: direction.a,
    stableBound,
    gdBound,
    boundRatio: lr / stableBound,
    regime: direction.regime,
    radius: direction.radius,
    ...ending,
  };
}
