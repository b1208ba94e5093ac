// Adam (torch.optim.Adam's defaults: beta1 0.9, beta2 0.999, eps 1e-8), bias-corrected, t = 1, 2, ...:
//   m <- beta1 m + (1 - beta1) g;  s <- beta2 s + (1 - beta2) g^2,   m = s = 0 before the first step
//   theta <- theta - lr * (m / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + eps)
// Shared layout and conventions: optimizer-kernels.ts.

import { evaluateGeneric, type AdamKernelArgs } from "./optimizer-kernels";
import { ADAM } from "./optimizers";

const { beta1: BETA1, beta2: BETA2, epsilon: EPSILON } = ADAM;
const KEEP1 = 1 - BETA1;
const KEEP2 = 1 - BETA2;

/** One parameter: stores the new moments, returns the new parameter. (Inlined by V8.) */
function update(
  M: Float64Array,
  S: Float64Array,
  i: number,
  g: number,
  theta: number,
  lr: number,
  correction1: number,
  correction2: number,
): number {
  const m = BETA1 * M[i]! + KEEP1 * g;
  const s = BETA2 * S[i]! + KEEP2 * (g * g);
  M[i] = m;
  S[i] = s;
  return theta - (lr * (m / correction1)) / (Math.sqrt(s / correction2) + EPSILON);
}

/** Advances t: beta^t as running products (see AdamKernelArgs). */
function nextStep(args: AdamKernelArgs): void {
  args.beta1Power *= BETA1;
  args.beta2Power *= BETA2;
}

/** Picks the variant for the data's shape. (The variants are exported for tests only.) */
export function advanceAdam(args: AdamKernelArgs): void {
  if (args.n === 1 && args.d === 2) advanceAdamOneSampleTwoFeatures(args);
  else if (args.d === 3) advanceAdamThreeFeatures(args);
  else advanceAdamGeneric(args);
}

/** One sample: g = G / 1 = G exactly, so the division is left out. */
export function advanceAdamOneSampleTwoFeatures(args: AdamKernelArgs): void {
  const { active, count, weights: w, biases, learningRates: lrs, gradientSums: G, trialLosses } = args;
  const { firstMoments: M, secondMoments: S } = args;
  nextStep(args);
  const c1 = 1 - args.beta1Power;
  const c2 = 1 - args.beta2Power;
  const x0 = args.x[0]!;
  const x1 = args.x[1]!;
  const y0 = args.y[0]!;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const lr = lrs[k]!;
    const o = 3 * k;
    const w0 = update(M, S, o, G[o]!, w[2 * k]!, lr, c1, c2);
    const w1 = update(M, S, o + 1, G[o + 1]!, w[2 * k + 1]!, lr, c1, c2);
    const b = update(M, S, o + 2, G[o + 2]!, biases[k]!, lr, c1, c2);
    const e = y0 - (x0 * w0 + x1 * w1 + b);
    const loss = e * e;
    trialLosses[k] = loss;
    if (loss - loss !== 0) continue; // Infinity or NaN: keep the previous parameters
    const delta = -2 * e;
    w[2 * k] = w0;
    w[2 * k + 1] = w1;
    biases[k] = b;
    G[o] = delta * x0;
    G[o + 1] = delta * x1;
    G[o + 2] = delta;
  }
}

export function advanceAdamThreeFeatures(args: AdamKernelArgs): void {
  const { x, y, n, active, count, weights: w, biases, learningRates: lrs, gradientSums: G, trialLosses } = args;
  const { firstMoments: M, secondMoments: S } = args;
  nextStep(args);
  const c1 = 1 - args.beta1Power;
  const c2 = 1 - args.beta2Power;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const lr = lrs[k]!;
    const o = 4 * k;
    const w0 = update(M, S, o, G[o]! / n, w[3 * k]!, lr, c1, c2);
    const w1 = update(M, S, o + 1, G[o + 1]! / n, w[3 * k + 1]!, lr, c1, c2);
    const w2 = update(M, S, o + 2, G[o + 2]! / n, w[3 * k + 2]!, lr, c1, c2);
    const b = update(M, S, o + 3, G[o + 3]! / n, biases[k]!, lr, c1, c2);
    let sum = 0;
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let gb = 0;
    for (let i = 0, row = 0; i < n; i++, row += 3) {
      const xi0 = x[row]!;
      const xi1 = x[row + 1]!;
      const xi2 = x[row + 2]!;
      const e = y[i]! - (xi0 * w0 + xi1 * w1 + xi2 * w2 + b);
      sum += e * e;
      const delta = -2 * e;
      g0 += delta * xi0;
      g1 += delta * xi1;
      g2 += delta * xi2;
      gb += delta;
    }
    const loss = sum / n;
    trialLosses[k] = loss;
    if (loss - loss !== 0) continue;
    w[3 * k] = w0;
    w[3 * k + 1] = w1;
    w[3 * k + 2] = w2;
    biases[k] = b;
    G[o] = g0;
    G[o + 1] = g1;
    G[o + 2] = g2;
    G[o + 3] = gb;
  }
}

/** Any shape: the update into `proposals`, then the generic sweep. */
export function advanceAdamGeneric(args: AdamKernelArgs): void {
  const { n, d, active, count, weights: w, biases, learningRates: lrs, gradientSums: G, proposals: P } = args;
  const { firstMoments: M, secondMoments: S } = args;
  nextStep(args);
  const c1 = 1 - args.beta1Power;
  const c2 = 1 - args.beta2Power;
  const stride = d + 1;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const lr = lrs[k]!;
    const off = k * stride;
    for (let j = 0; j < d; j++) P[off + j] = update(M, S, off + j, G[off + j]! / n, w[k * d + j]!, lr, c1, c2);
    P[off + d] = update(M, S, off + d, G[off + d]! / n, biases[k]!, lr, c1, c2);
  }
  evaluateGeneric(args);
}
