// What the rate does for momentum and Adam, in the lesson's terms (the explanation and the landscape).
//
// Momentum (torch.optim.SGD(momentum=beta)) is the heavy ball: theta_{k+1} = theta_k - lr g_k +
// beta (theta_k - theta_{k-1}). Along an eigen-direction with curvature lambda the error obeys
//   e_{k+1} = (1 + beta - a) e_k - beta e_{k-1},   a = lr * lambda,
// whose roots z^2 - (1 + beta - a) z + beta = 0 decide it (Distill, "Why Momentum Really Works"):
// stable iff 0 < a < 2 + 2 beta; complex roots (a spiral, |z| = sqrt(beta)) for
// (1 - sqrt beta)^2 < a < (1 + sqrt beta)^2; a negative root (hopping sides) above that.
// beta = 0 is plain descent: bound a < 2, and "overshoots" exactly when f = 1 - a < 0.
//
// Adam's update is lr * mhat / (sqrt(vhat) + eps): at step 1 mhat = g and vhat = g^2, so every
// parameter moves by lr * g / (|g| + eps), about lr * sign(g), whatever the gradient's size.

import { gradientAt, maxStableLearningRate } from "./analysis";
import type { Dataset } from "./datasets";
import { ADAM } from "./optimizers";

/** The largest stable rate with momentum beta: (2 + 2 beta) / lambda_max = (1 + beta) x plain descent's. */
export function momentumStableBound(dataset: Dataset, beta: number): number {
  if (!(beta >= 0 && beta < 1)) throw new RangeError(`momentum must be 0 <= beta < 1, got ${beta}`);
  return maxStableLearningRate(dataset) * (1 + beta);
}

export type MomentumRegime = "monotone" | "spiral" | "hopping" | "unstable";

export interface MomentumDirection {
  /** a = lr * lambda. */
  a: number;
  regime: MomentumRegime;
  /** max |z| over the two roots: the error's size is multiplied by about this each step. */
  radius: number;
}

/** One eigen-direction with curvature lambda under momentum beta at rate lr. */
export function momentumDirection(lr: number, lambda: number, beta: number): MomentumDirection {
  const a = lr * lambda;
  const trace = 1 + beta - a;
  const disc = trace * trace - 4 * beta;
  let radius: number;
  if (disc < 0) radius = Math.sqrt(beta);
  else {
    const root = Math.sqrt(disc);
    radius = Math.max(Math.abs((trace + root) / 2), Math.abs((trace - root) / 2));
  }
  let regime: MomentumRegime;
  if (!(a > 0 && a < 2 + 2 * beta)) regime = "unstable";
  else if (disc < 0) regime = "spiral";
  else regime = trace >= 0 ? "monotone" : "hopping";
  return { a, regime, radius };
}

export interface AdamFirstStep {
  /** |parameter change| of the first update, per parameter (weights, then the bias). */
  adam: number[];
  /** The same for plain descent at the same rate: lr * |g|. */
  gd: number[];
  adamMax: number;
  gdMax: number;
}

/** The first update's size per parameter for Adam and for plain descent at the same rate. */
export function adamFirstStep(dataset: Dataset, lr: number): AdamFirstStep {
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`learning rate must be positive and finite, got ${lr}`);
  const g = gradientAt(dataset, dataset.initialWeights, dataset.initialBias);
  // Bias-corrected moments after one step are exactly g and g^2, so the step is lr * g / (|g| + eps).
  const adam = g.map((gj) => (lr * Math.abs(gj)) / (Math.abs(gj) + ADAM.epsilon));
  const gd = g.map((gj) => lr * Math.abs(gj));
  return { adam, gd, adamMax: Math.max(...adam), gdMax: Math.max(...gd) };
}
