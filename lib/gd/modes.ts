// The loss as a sum of independent directions. The MSE is exactly quadratic,
//   L(theta) = L* + 1/2 (theta - theta*)^T H (theta - theta*),
// and a gradient step maps theta - theta* to (I - lr H)(theta - theta*). Along each unit
// eigenvector v_i of H (eigenvalue lambda_i) the offset c_i = v_i . (theta_0 - theta*) therefore
// becomes c_i f_i^k after k steps, f_i = 1 - lr lambda_i, and the loss is
//   L_k = L* + sum_i 1/2 lambda_i c_i^2 f_i^(2k).
// This is what the "why" card and the landscape are built on: a run's whole future from lr alone.

import { hessian, leastSquaresFit, lossAt } from "./analysis";
import type { Dataset } from "./datasets";
import { symmetricEigen } from "./linear-algebra";

export interface LossModes {
  /** theta* = [w*; b*], a minimiser (for one sample, the one the normal equations give). */
  optimum: number[];
  optimumLoss: number;
  /** Eigenvalues of the Hessian, ascending; those below ZERO_EIGENVALUE of the largest are set to 0. */
  eigenvalues: number[];
  /** Unit eigenvectors, eigenvectors[i] for eigenvalues[i], sign fixed so the largest entry is positive. */
  eigenvectors: number[][];
  /** c_i = v_i . (theta_0 - theta*). */
  initialOffsets: number[];
  initialLoss: number;
  /** Index of the largest eigenvalue, and of the smallest one that is not zero. */
  stiffest: number;
  flattest: number;
}

/**
 * Relative size under which an eigenvalue is rounding noise: one sample has a rank-one Hessian
 * whose other eigenvalues come out around 1e-13 (on 8309) instead of 0.
 */
export const ZERO_EIGENVALUE = 1e-12;

export function lossModes(dataset: Dataset): LossModes {
  const fit = leastSquaresFit(dataset);
  const optimum = [...fit.weights, fit.bias];
  const { values, vectors } = symmetricEigen(hessian(dataset));
  const largest = values[values.length - 1]!;
  const eigenvalues = values.map((v) => (Math.abs(v) <= ZERO_EIGENVALUE * largest ? 0 : v));
  const eigenvectors = vectors.map((v) => {
    let big = 0;
    for (const x of v) if (Math.abs(x) > Math.abs(big)) big = x;
    return big < 0 ? v.map((x) => -x) : v;
  });
  const start = [...dataset.initialWeights, dataset.initialBias];
  const initialOffsets = eigenvectors.map((v) => v.reduce((s, x, j) => s + x * (start[j]! - optimum[j]!), 0));
  const flattest = eigenvalues.findIndex((v) => v > 0);
  return {
    optimum,
    optimumLoss: fit.loss,
    eigenvalues,
    eigenvectors,
    initialOffsets,
    initialLoss: lossAt(dataset, dataset.initialWeights, dataset.initialBias),
    stiffest: eigenvalues.length - 1,
    flattest: flattest === -1 ? eigenvalues.length - 1 : flattest,
  };
}

/**
 * The first step at which the closed-form loss trips a stopping rule, scanning at most `limit`
 * steps: "diverged" when it passes `divergenceLimit`, "converged" when its excess over L* is at
 * most `convergenceSlack` (the rules of outcome.ts), or null when neither happens by `limit`.
 */
export function predictedStop(
  modes: LossModes,
  lr: number,
  thresholds: { divergenceLimit: number; convergenceSlack: number },
  limit: number,
): { status: "converged" | "diverged"; step: number } | null {
  const terms = modes.eigenvalues.map((l, i) => 0.5 * l * modes.initialOffsets[i]! ** 2);
  const growth = modes.eigenvalues.map((l) => (1 - lr * l) ** 2);
  // Nothing grows: the sum cannot reach the slack before its largest term alone does, so a run
  // that needs more than `limit` steps is known without scanning (raw housing needs ~1e6).
  if (growth.every((g) => g <= 1)) {
    let earliest = 0;
    terms.forEach((t, i) => {
      if (t > thresholds.convergenceSlack && growth[i]! > 0)
        earliest = Math.max(earliest, Math.log(thresholds.convergenceSlack / t) / Math.log(growth[i]!));
    });
    if (earliest > limit + 1) return null;
  }
  for (let step = 1; step <= limit; step++) {
    let excess = 0;
    for (let i = 0; i < terms.length; i++) excess += terms[i]! *= growth[i]!;
    if (!(modes.optimumLoss + excess <= thresholds.divergenceLimit)) return { status: "diverged", step };
    if (excess <= thresholds.convergenceSlack) return { status: "converged", step };
  }
  return null;
}
