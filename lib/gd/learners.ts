// Many learners (one per student, each with its own learning rate) on one dataset, advanced
// in lock-step. This is the live server's hot loop, so the state is struct-of-arrays in
// typed arrays, everything is allocated at creation and a step allocates nothing.

import { optimumLoss } from "./analysis";
import type { Dataset } from "./datasets";
import { advanceLearners, type KernelArgs } from "./learner-kernel";
import {
  STATUS,
  classifyLoss,
  outcomeThresholds,
  statusName,
  type OutcomeThresholds,
  type StatusName,
} from "./outcome";

/** Used when createLearnerBatch gets no maxSteps. */
export const DEFAULT_MAX_STEPS = 1000;

export interface LearnerBatch {
  readonly dataset: Dataset;
  /** Number of learners (N). */
  readonly size: number;
  readonly maxSteps: number;
  /** N*d: weights[k*d + j] is weight j of learner k. */
  readonly weights: Float64Array;
  readonly biases: Float64Array;
  readonly learningRates: Float64Array;
  /** Current loss of each learner: always finite (a blow-up to Infinity/NaN is not recorded). */
  readonly losses: Float64Array;
  /** STATUS codes. */
  readonly status: Uint8Array;
  /** Updates reflected in weights/biases/losses; equals `step` while running, then frozen. */
  readonly stepsTaken: Int32Array;
  /** The step whose loss tripped the divergence rule, -1 if none. */
  readonly divergedAtStep: Int32Array;
  /** Loss at the (shared) initial parameters, and the thresholds derived from it. */
  readonly initialLoss: number;
  readonly optimumLoss: number;
  readonly thresholds: OutcomeThresholds;
  /** Updates performed so far by the batch (learners that stopped earlier did fewer). */
  step: number;
  /** Learners still RUNNING. */
  running: number;
  /** Internal: indices of running learners in [0, running), in increasing order. */
  readonly active: Int32Array;
  /** Internal: the kernel's preallocated arguments and scratch (see learner-kernel.ts). */
  readonly kernel: KernelArgs;
}

export function createLearnerBatch(
  dataset: Dataset,
  learningRates: ArrayLike<number>,
  options: { maxSteps?: number } = {},
): LearnerBatch {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 0 || maxSteps > 0x7fffffff)
    throw new RangeError(`maxSteps must be a non-negative 32-bit integer, got ${maxSteps}`);
  const { n, d } = dataset;
  if (n < 1 || d < 1) throw new RangeError("dataset must have at least one sample and one feature");
  // Own copies: the batch must not change if the caller later mutates the dataset.
  const data: Dataset = {
    ...dataset,
    features: Float64Array.from(dataset.features),
    labels: Float64Array.from(dataset.labels),
    initialWeights: Float64Array.from(dataset.initialWeights),
    featureNames: [...dataset.featureNames],
  };
  // One extra slot so a batch with no learners can still evaluate the initial loss.
  const size = learningRates.length;
  const slots = Math.max(size, 1);
  const weights = new Float64Array(slots * d);
  for (let k = 0; k < slots; k++) weights.set(data.initialWeights, k * d);
  const kernel: KernelArgs = {
    x: data.features,
    y: data.labels,
    n,
    d,
    active: Int32Array.from({ length: slots }, (_, k) => k),
    count: slots,
    weights,
    biases: new Float64Array(slots).fill(data.initialBias),
    learningRates: Float64Array.from({ length: slots }, (_, k) => (k < size ? learningRates[k]! : 0)),
    gradientSums: new Float64Array(slots * (d + 1)),
    trialLosses: new Float64Array(slots),
    candidate: new Float64Array(d),
  };
  // Step 0: with zero gradient sums the kernel leaves the parameters where they are and
  // computes the initial loss and each learner's first gradient sums (which include its lr).
  advanceLearners(kernel);
  const initialLoss = kernel.trialLosses[0]!;
  const optimum = optimumLoss(data);
  const thresholds = outcomeThresholds(initialLoss, optimum);
  // Step 0 is judged too: a start that is already optimal is converged without moving.
  const initialStatus = classifyLoss(initialLoss, thresholds);
  const running = initialStatus === STATUS.RUNNING ? size : 0;
  kernel.count = running;
  const batch: LearnerBatch = {
    dataset: data,
    size,
    maxSteps,
    weights: weights.subarray(0, size * d),
    biases: kernel.biases.subarray(0, size),
    learningRates: kernel.learningRates.subarray(0, size),
    // A non-finite initial loss cannot happen with the shipped data; 0 keeps NaN out anyway.
    losses: new Float64Array(size).fill(Number.isFinite(initialLoss) ? initialLoss : 0),
    status: new Uint8Array(size).fill(initialStatus),
    stepsTaken: new Int32Array(size),
    divergedAtStep: new Int32Array(size).fill(initialStatus === STATUS.DIVERGED ? 0 : -1),
    initialLoss,
    optimumLoss: optimum,
    thresholds,
    step: 0,
    running,
    active: kernel.active,
    kernel,
  };
  if (maxSteps === 0) stopAtMaxSteps(batch);
  return batch;
}

function stopAtMaxSteps(batch: LearnerBatch): void {
  for (let a = 0; a < batch.running; a++) batch.status[batch.active[a]!] = STATUS.MAX_STEPS;
  batch.running = 0;
}

/**
 * Advances every running learner by one update and returns how many are still running.
 * Once none is running this is a no-op returning 0.
 *
 * A learner whose new loss trips the divergence rule stops; the crossing loss is recorded if
 * finite. If it is Infinity/NaN the learner keeps its previous parameters and loss (so the
 * batch never exposes NaN) and only divergedAtStep tells where it blew up.
 */
export function stepLearnerBatch(batch: LearnerBatch): number {
  if (batch.running === 0) return 0;
  const { kernel, losses, status, stepsTaken, divergedAtStep, active, thresholds } = batch;
  const trial = kernel.trialLosses;
  const step = batch.step + 1;
  kernel.count = batch.running;
  advanceLearners(kernel);
  let kept = 0;
  for (let a = 0; a < batch.running; a++) {
    const k = active[a]!;
    const loss = trial[k]!;
    const outcome = classifyLoss(loss, thresholds);
    // The kernel has already kept the old parameters when the loss is not finite.
    if (loss - loss === 0) {
      losses[k] = loss;
      stepsTaken[k] = step;
    }
    if (outcome === STATUS.DIVERGED) divergedAtStep[k] = step;
    status[k] = outcome;
    if (outcome === STATUS.RUNNING) active[kept++] = k;
  }
  batch.running = kept;
  batch.step = step;
  if (step >= batch.maxSteps) stopAtMaxSteps(batch);
  return batch.running;
}

/** A copy of learner k's current parameters. */
export function learnerParameters(batch: LearnerBatch, k: number): { weights: number[]; bias: number } {
  if (!(k >= 0 && k < batch.size)) throw new RangeError(`no learner ${k}`);
  const d = batch.dataset.d;
  return { weights: Array.from(batch.weights.subarray(k * d, (k + 1) * d)), bias: batch.biases[k]! };
}

export interface TrainResult {
  /** losses[t] is the loss after t updates, t = 0..stepsTaken (never Infinity/NaN). */
  losses: number[];
  status: StatusName;
  divergedAtStep: number | null;
  weights: number[];
  bias: number;
}

/** One learner on its own, recording the whole loss curve (tests and explanation pages). */
export function trainOne(dataset: Dataset, lr: number, maxSteps: number): TrainResult {
  const batch = createLearnerBatch(dataset, [lr], { maxSteps });
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
