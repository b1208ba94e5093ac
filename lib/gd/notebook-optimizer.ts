// The notebook's extra cells for the optimisers with a state (optimizers.ts): momentum's velocity,
// Adam's moments and bias correction, before and after the step shown. They are read from the
// batch's own kernel state (learner 0 of a one-learner batch), not recomputed, so they are the
// numbers the core used; the step subtracted from theta is recomputed in the kernels' own order
// of operations (momentum-kernel.ts, adam-kernel.ts), so theta_next = theta - step exactly.
// Vectors are in theta order: w_0..w_{d-1}, then b.

import type { LearnerBatch } from "./learners";
import { ADAM, OPTIMIZER } from "./optimizers";
import { numpyArrayStr } from "../format/numpy-print";
import { pythonFloatRepr } from "../format/python-repr";

export interface MomentumCells {
  optimizer: "momentum";
  beta: number;
  /** v after `step` updates, and after step + 1: v_next = beta * v + g. */
  velocity: number[];
  nextVelocity: number[];
}

export interface AdamCells {
  optimizer: "adam";
  /** Adam's step count for this update: t = step + 1. */
  t: number;
  /** m and v (the second moment, "s" in the kernel) after `step` updates and after step + 1. */
  firstMoment: number[];
  secondMoment: number[];
  nextFirstMoment: number[];
  nextSecondMoment: number[];
  /** m_hat = m_next / (1 - beta1^t), v_hat = v_next / (1 - beta2^t). */
  correctedFirst: number[];
  correctedSecond: number[];
}

export type OptimizerCells = { optimizer: "gd" } | MomentumCells | AdamCells;

/** Learner 0's optimiser state as copies (read before and after the step). */
export interface OptimizerSnapshot {
  code: number;
  beta: number;
  first: number[];
  second: number[];
  beta1Power: number;
  beta2Power: number;
}

export function snapshotOptimizer(batch: LearnerBatch): OptimizerSnapshot {
  const stride = batch.dataset.d + 1;
  const code = batch.optimizers[0]!;
  const { momentum, adam } = batch.groups;
  const slice = (a: Float64Array) => Array.from(a.subarray(0, stride));
  if (code === OPTIMIZER.MOMENTUM)
    return {
      code,
      beta: batch.momenta[0]!,
      first: slice(momentum.velocities),
      second: [],
      beta1Power: 1,
      beta2Power: 1,
    };
  if (code === OPTIMIZER.ADAM)
    return {
      code,
      beta: 0,
      first: slice(adam.firstMoments),
      second: slice(adam.secondMoments),
      beta1Power: adam.beta1Power,
      beta2Power: adam.beta2Power,
    };
  return { code, beta: 0, first: [], second: [], beta1Power: 1, beta2Power: 1 };
}

export function optimizerCells(before: OptimizerSnapshot, after: OptimizerSnapshot, step: number): OptimizerCells {
  if (before.code === OPTIMIZER.MOMENTUM)
    return { optimizer: "momentum", beta: before.beta, velocity: before.first, nextVelocity: after.first };
  if (before.code !== OPTIMIZER.ADAM) return { optimizer: "gd" };
  const c1 = 1 - after.beta1Power;
  const c2 = 1 - after.beta2Power;
  return {
    optimizer: "adam",
    t: step + 1,
    firstMoment: before.first,
    secondMoment: before.second,
    nextFirstMoment: after.first,
    nextSecondMoment: after.second,
    correctedFirst: after.first.map((m) => m / c1),
    correctedSecond: after.second.map((s) => s / c2),
  };
}

/** What the stateful update subtracts from theta, exactly as its kernel computes it (theta order). */
export function optimizerStep(cells: MomentumCells | AdamCells, lr: number): number[] {
  if (cells.optimizer === "momentum") return cells.nextVelocity.map((v) => lr * v);
  return cells.correctedFirst.map((m, j) => (lr * m) / (Math.sqrt(cells.correctedSecond[j]!) + ADAM.epsilon));
}

/** A theta-ordered vector printed as the notebook's w (1, d) and b (1,). */
export interface PrintedParameters {
  weight: string;
  bias: string;
}

export type PrintedOptimizerCells =
  | { optimizer: "gd" }
  | { optimizer: "momentum"; beta: string; velocity: PrintedParameters; nextVelocity: PrintedParameters }
  | {
      optimizer: "adam";
      beta1: string;
      beta2: string;
      epsilon: string;
      t: string;
      firstMoment: PrintedParameters;
      secondMoment: PrintedParameters;
      nextFirstMoment: PrintedParameters;
      nextSecondMoment: PrintedParameters;
      correctedFirst: PrintedParameters;
      correctedSecond: PrintedParameters;
    };

function printParameters(theta: number[]): PrintedParameters {
  const d = theta.length - 1;
  return { weight: numpyArrayStr([theta.slice(0, d)]), bias: numpyArrayStr([theta[d]!]) };
}

export function printOptimizerCells(cells: OptimizerCells): PrintedOptimizerCells {
  if (cells.optimizer === "gd") return { optimizer: "gd" };
  if (cells.optimizer === "momentum")
    return {
      optimizer: "momentum",
      beta: pythonFloatRepr(cells.beta),
      velocity: printParameters(cells.velocity),
      nextVelocity: printParameters(cells.nextVelocity),
    };
  return {
    optimizer: "adam",
    beta1: pythonFloatRepr(ADAM.beta1),
    beta2: pythonFloatRepr(ADAM.beta2),
    epsilon: pythonFloatRepr(ADAM.epsilon),
    t: String(cells.t),
    firstMoment: printParameters(cells.firstMoment),
    secondMoment: printParameters(cells.secondMoment),
    nextFirstMoment: printParameters(cells.nextFirstMoment),
    nextSecondMoment: printParameters(cells.nextSecondMoment),
    correctedFirst: printParameters(cells.correctedFirst),
    correctedSecond: printParameters(cells.correctedSecond),
  };
}
