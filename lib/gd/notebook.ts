// The lesson's notebook cells (forward, mse_loss, gradient, backward, loss again) with one run's
// own numbers at step k. Nothing is stored: the run is re-run with the batch learner up to step
// k + 1 (deterministic), so the "loss" and "loss again" cells are the stored series' values k and
// k + 1 bit for bit, and the intermediate cells are recomputed from the parameters at step k in
// the kernel's own order of operations (learner-kernel.ts), so they are the numbers the core used:
//   p_i = (x_i0 w_0 + x_i1 w_1 + ...) + b      delta_i = -2 (y_i - p_i)
//   step_w_j = (sum_i (lr delta_i) x_ij) / n   w_j <- w_j - step_w_j   (n = 1: lr * delta * x)
//   step_b   = (sum_i  lr delta_i) / n         b   <- b   - step_b
// The lr-free gradient dL/dw_j = mean_i(delta_i x_ij) is shown as well; the update uses the
// lr-scaled sums above, which differ from lr * gradient only by rounding (not at all for lr = 1).
// Momentum and Adam re-run with their own optimiser; their state cells and the step they subtract
// come from notebook-optimizer.ts (the gradient there is g = dL/dw, dL/db, as their kernels use it).

import { gradientAt, predictions } from "./analysis";
import type { Dataset } from "./datasets";
import { createLearnerBatch, learnerParameters, stepLearnerBatch } from "./learners";
import {
  optimizerCells,
  optimizerStep,
  printOptimizerCells,
  snapshotOptimizer,
  type OptimizerCells,
  type PrintedOptimizerCells,
} from "./notebook-optimizer";
import type { OptimizerChoice } from "./optimizers";
import { numpyArrayStr } from "../format/numpy-print";
import { pythonFloatRepr } from "../format/python-repr";

export interface NotebookStep {
  lr: number;
  /** The step shown: the cells turn the parameters after `step` updates into those after step + 1. */
  step: number;
  /** Samples and features; one sample is the lesson's own layout (x 1-D, p and delta of shape (1,)). */
  n: number;
  d: number;
  weights: number[];
  bias: number;
  /** p_i, one per sample. */
  prediction: number[];
  /** The run's loss after `step` updates. */
  loss: number;
  /** delta_i = -2 (y_i - p_i). */
  delta: number[];
  /** dL/dw_j = mean_i(delta_i x_ij) and dL/db = mean_i(delta_i), without the learning rate. */
  gradWeights: number[];
  gradBias: number;
  /** What backward subtracts (the learning rate included), exactly as the core computes it. */
  stepWeights: number[];
  stepBias: number;
  nextWeights: number[];
  nextBias: number;
  /** The loss after step + 1 updates ("the loss again"). */
  nextLoss: number;
  /** The run's optimiser and, for momentum and Adam, their state cells. */
  optimizer: OptimizerCells;
}

/**
 * The notebook at step k of the run (dataset, lr, optimiser; plain descent when absent). Throws a RangeError when k is not a step the
 * run took (k < 0, not an integer, or the run converged or diverged at or before step k).
 */
export function notebookStep(
  dataset: Dataset,
  lr: number,
  step: number,
  choice: OptimizerChoice = { optimizer: "gd" },
): NotebookStep {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be a non-negative integer, got ${step}`);
  if (!Number.isFinite(lr)) throw new RangeError(`learning rate must be finite, got ${lr}`);
  // One re-run: k updates, read the parameters, one more update (the cells' "backward").
  const batch = createLearnerBatch(dataset, [lr], { maxSteps: step + 1, optimizers: [choice] });
  while (batch.step < step && stepLearnerBatch(batch) > 0);
  const reached = batch.step === step && batch.running === 1;
  const before = { ...learnerParameters(batch, 0), loss: batch.losses[0]! };
  const stateBefore = snapshotOptimizer(batch);
  stepLearnerBatch(batch);
  if (!reached || batch.stepsTaken[0] !== step + 1)
    throw new RangeError(`the run with lr=${lr} stopped before step ${step + 1}`);
  const after = { ...learnerParameters(batch, 0), loss: batch.losses[0]! };
  const { n, d, features, labels } = dataset;
  const prediction = Array.from(predictions(dataset, before.weights, before.bias));
  const delta = prediction.map((p, i) => -2 * (labels[i]! - p));
  const stepWeights = new Array<number>(d).fill(0);
  let stepBias = 0;
  for (let i = 0; i < n; i++) {
    const s = lr * delta[i]!;
    for (let j = 0; j < d; j++) stepWeights[j]! += s * features[i * d + j]!;
    stepBias += s;
  }
  const gradient = gradientAt(dataset, before.weights, before.bias);
  const optimizer = optimizerCells(stateBefore, snapshotOptimizer(batch), step);
  const stateful = optimizer.optimizer === "gd" ? null : optimizerStep(optimizer, lr);
  return {
    lr,
    step,
    n,
    d,
    weights: before.weights,
    bias: before.bias,
    prediction,
    loss: before.loss,
    delta,
    gradWeights: gradient.slice(0, d),
    gradBias: gradient[d]!,
    stepWeights: stateful ? stateful.slice(0, d) : stepWeights.map((v) => v / n),
    stepBias: stateful ? stateful[d]! : stepBias / n,
    nextWeights: after.weights,
    nextBias: after.bias,
    nextLoss: after.loss,
    optimizer,
  };
}

/** The cells' values printed as the notebook prints them (numpy str for arrays, repr for scalars). */
export interface NotebookPrinted {
  /** The lesson's shapes: x (d,); several samples: X (n, d). */
  features: string;
  /** w (1, d) and b (1,) at step k. */
  weight: string;
  bias: string;
  /** p and delta: (1,) for one sample, (n, 1) for several. */
  prediction: string;
  loss: string;
  delta: string;
  /** dL/dw (1, d) and dL/db (1,). */
  gradWeights: string;
  gradBias: string;
  nextWeight: string;
  nextBias: string;
  nextLoss: string;
  /** Momentum's velocity or Adam's moments, each as w (1, d) and b (1,). */
  optimizer: PrintedOptimizerCells;
  /** numpy shapes, e.g. { features: "(12, 3)", delta: "(12, 1)", gradWeights: "(1, 3)" }. */
  shapes: Record<"features" | "weight" | "bias" | "prediction" | "delta" | "gradWeights" | "gradBias", string>;
}

export function printNotebookStep(dataset: Dataset, cells: NotebookStep): NotebookPrinted {
  const { n, d } = cells;
  const rows = Array.from({ length: n }, (_, i) => Array.from(dataset.features.subarray(i * d, (i + 1) * d)));
  const column = (v: number[]) => (n === 1 ? v : v.map((x) => [x]));
  return {
    features: numpyArrayStr(n === 1 ? rows[0]! : rows),
    weight: numpyArrayStr([cells.weights]),
    bias: numpyArrayStr([cells.bias]),
    prediction: numpyArrayStr(column(cells.prediction)),
    loss: pythonFloatRepr(cells.loss),
    delta: numpyArrayStr(column(cells.delta)),
    gradWeights: numpyArrayStr([cells.gradWeights]),
    gradBias: numpyArrayStr([cells.gradBias]),
    nextWeight: numpyArrayStr([cells.nextWeights]),
    nextBias: numpyArrayStr([cells.nextBias]),
    nextLoss: pythonFloatRepr(cells.nextLoss),
    optimizer: printOptimizerCells(cells.optimizer),
    shapes: {
      features: n === 1 ? `(${d},)` : `(${n}, ${d})`,
      weight: `(1, ${d})`,
      bias: "(1,)",
      prediction: n === 1 ? "(1,)" : `(${n}, 1)`,
      delta: n === 1 ? "(1,)" : `(${n}, 1)`,
      gradWeights: `(1, ${d})`,
      gradBias: "(1,)",
    },
  };
}
