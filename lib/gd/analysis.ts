// What the pages explain: why some learning rates blow up, which one is best, and what the
// best achievable loss is. Everything is closed-form linear regression on the dataset.
//
// With theta = [w; b] and A = [X, 1] (n x (d+1)), the MSE is L = |y - A theta|^2 / n, its
// gradient is (2/n) A^T (A theta - y) and its Hessian H = (2/n) A^T A is constant. A gradient
// step multiplies the error along each eigenvector of H by (1 - lr * lambda), so descent is
// stable iff lr < 2 / lambda_max.

import type { Dataset } from "./datasets";
import { solveLinearSystem, symmetricEigenvalues, type Matrix } from "./linear-algebra";

/** Row i of A = [X, 1], without building A. */
function designEntry(dataset: Dataset, i: number, j: number): number {
  return j === dataset.d ? 1 : dataset.features[i * dataset.d + j]!;
}

/** A^T A ((d+1)x(d+1)) and A^T y, the normal equations' ingredients. */
function gram(dataset: Dataset): { ata: Matrix; aty: number[] } {
  const size = dataset.d + 1;
  const ata: Matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const aty = new Array<number>(size).fill(0);
  for (let i = 0; i < dataset.n; i++) {
    for (let j = 0; j < size; j++) {
      const aij = designEntry(dataset, i, j);
      aty[j]! += aij * dataset.labels[i]!;
      for (let k = 0; k < size; k++) ata[j]![k]! += aij * designEntry(dataset, i, k);
    }
  }
  return { ata, aty };
}

/** Hessian of the MSE with respect to (w_0..w_{d-1}, b): (2/n) A^T A. */
export function hessian(dataset: Dataset): Matrix {
  return gram(dataset).ata.map((row) => row.map((v) => (2 / dataset.n) * v));
}

export { symmetricEigenvalues };

/** p_i = (sum_j x_ij w_j, in order j = 0..d-1) + b for every sample. */
export function predictions(dataset: Dataset, weights: ArrayLike<number>, bias: number): Float64Array {
  const { n, d, features } = dataset;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let j = 0; j < d; j++) p += features[i * d + j]! * weights[j]!;
    out[i] = p + bias;
  }
  return out;
}

/** Mean squared error at (weights, bias), summing features in order j = 0..d-1 like the learners. */
export function lossAt(dataset: Dataset, weights: ArrayLike<number>, bias: number): number {
  const { n, d, features, labels } = dataset;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let j = 0; j < d; j++) p += features[i * d + j]! * weights[j]!;
    const e = labels[i]! - (p + bias);
    sum += e * e;
  }
  return sum / n;
}

/** Gradient [dL/dw_0..dL/dw_{d-1}, dL/db] at (weights, bias): mean_i(delta_i * a_i). */
export function gradientAt(dataset: Dataset, weights: ArrayLike<number>, bias: number): number[] {
  const { n, d, features, labels } = dataset;
  const g = new Array<number>(d + 1).fill(0);
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let j = 0; j < d; j++) p += features[i * d + j]! * weights[j]!;
    const delta = -2 * (labels[i]! - (p + bias));
    for (let j = 0; j < d; j++) g[j]! += delta * features[i * d + j]!;
    g[d]! += delta;
  }
  return g.map((v) => v / n);
}

/**
 * The largest learning rate for which gradient descent does not blow up: 2 / lambda_max(H).
 * At exactly this rate the stiffest direction oscillates forever; above it, it grows.
 * For one sample H = 2 a a^T (rank one, lambda_max = 2 |a|^2), so this is 1 / (|x|^2 + 1).
 */
export function maxStableLearningRate(dataset: Dataset): number {
  const eigenvalues = symmetricEigenvalues(hessian(dataset));
  return 2 / eigenvalues[eigenvalues.length - 1]!;
}

/**
 * The lr minimising the loss after one step from the initial point (exact line search on a
 * quadratic): lr* = g.g / (g.H g). For one sample the gradient is parallel to a, so this step
 * lands exactly on the zero-error line: lr* = 1 / (2 (|x|^2 + 1)), half the stable bound.
 * null when the gradient is zero (the start is already optimal; every lr is equally good).
 */
export function oneStepOptimalLearningRate(dataset: Dataset): number | null {
  const g = gradientAt(dataset, dataset.initialWeights, dataset.initialBias);
  const h = hessian(dataset);
  let gg = 0;
  let gHg = 0;
  for (let j = 0; j < g.length; j++) {
    gg += g[j]! * g[j]!;
    let hg = 0;
    for (let k = 0; k < g.length; k++) hg += h[j]![k]! * g[k]!;
    gHg += g[j]! * hg;
  }
  if (gg === 0 || gHg === 0) return null;
  return gg / gHg;
}

/**
 * For one sample, the error e = y - p evolves as e_next = e * (1 - 2 lr (|x|^2 + 1)): the
 * lesson's whole story in one number (|factor| < 1 converges, < 0 oscillates, lr = 1 gives
 * about -8308). null for n > 1, where there is one such factor per Hessian eigenvector.
 */
export function errorFactor(dataset: Dataset, lr: number): number | null {
  if (dataset.n !== 1) return null;
  let norm2 = 1;
  for (let j = 0; j < dataset.d; j++) norm2 += dataset.features[j]! * dataset.features[j]!;
  return 1 - 2 * lr * norm2;
}

export interface LeastSquaresFit {
  weights: number[];
  bias: number;
  /** Minimum of the MSE; exactly 0 when an exact fit exists. */
  loss: number;
}

/**
 * The least-squares minimum, from the normal equations A^T A theta = A^T y. If the rows of
 * A are independent (rank = n, e.g. the one-sample lesson) some theta fits every label
 * exactly, so the minimum is 0 by construction rather than whatever rounding leaves.
 */
export function leastSquaresFit(dataset: Dataset): LeastSquaresFit {
  const { ata, aty } = gram(dataset);
  const { x, rank } = solveLinearSystem(ata, aty);
  const weights = x.slice(0, dataset.d);
  const bias = x[dataset.d]!;
  // Loss from the residuals, not from y.y - theta.A^T y, which cancels catastrophically.
  const loss = rank >= dataset.n ? 0 : lossAt(dataset, weights, bias);
  return { weights, bias, loss };
}

export function optimumLoss(dataset: Dataset): number {
  return leastSquaresFit(dataset).loss;
}
