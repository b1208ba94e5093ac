// Momentum (torch.optim.SGD with momentum beta, no dampening, not Nesterov):
//   v <- beta * v + g;  theta <- theta - lr * v,   v = 0 before the first step.
// Shared layout and conventions: optimizer-kernels.ts.

import { evaluateGeneric, type MomentumKernelArgs } from "./optimizer-kernels";

/** One parameter: stores the new velocity, returns the new parameter. (Inlined by V8.) */
function update(V: Float64Array, i: number, beta: number, g: number, theta: number, lr: number): number {
  const v = beta * V[i]! + g;
  V[i] = v;
  return theta - lr * v;
}

/** Picks the variant for the data's shape. (The variants are exported for tests only.) */
export function advanceMomentum(args: MomentumKernelArgs): void {
  if (args.n === 1 && args.d === 2) advanceMomentumOneSampleTwoFeatures(args);
  else if (args.d === 3) advanceMomentumThreeFeatures(args);
  else advanceMomentumGeneric(args);
}

/** One sample: g = G / 1 = G exactly, so the division is left out. */
export function advanceMomentumOneSampleTwoFeatures(args: MomentumKernelArgs): void {
  const { active, count, weights: w, biases, learningRates: lrs, gradientSums: G, trialLosses } = args;
  const { momenta, velocities: V } = args;
  const x0 = args.x[0]!;
  const x1 = args.x[1]!;
  const y0 = args.y[0]!;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const lr = lrs[k]!;
    const beta = momenta[k]!;
    const o = 3 * k;
    const w0 = update(V, o, beta, G[o]!, w[2 * k]!, lr);
    const w1 = update(V, o + 1, beta, G[o + 1]!, w[2 * k + 1]!, lr);
    const b = update(V, o + 2, beta, G[o + 2]!, biases[k]!, lr);
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

export function advanceMomentumThreeFeatures(args: MomentumKernelArgs): void {
  const { x, y, n, active, count, weights: w, biases, learningRates: lrs, gradientSums: G, trialLosses } = args;
  const { momenta, velocities: V } = args;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const lr = lrs[k]!;
    const beta = momenta[k]!;
    const o = 4 * k;
    const w0 = update(V, o, beta, G[o]! / n, w[3 * k]!, lr);
    const w1 = update(V, o + 1, beta, G[o + 1]! / n, w[3 * k + 1]!, lr);
    const w2 = update(V, o + 2, beta, G[o + 2]! / n, w[3 * k + 2]!, lr);
    const b = update(V, o + 3, beta, G[o + 3]! / n, biases[k]!, lr);
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
export function advanceMomentumGeneric(args: MomentumKernelArgs): void {
  const { n, d, active, count, weights: w, biases, learningRates: lrs, gradientSums: G, proposals: P } = args;
  const { momenta, velocities: V } = args;
  const stride = d + 1;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const lr = lrs[k]!;
    const beta = momenta[k]!;
    const off = k * stride;
    for (let j = 0; j < d; j++) P[off + j] = update(V, off + j, beta, G[off + j]! / n, w[k * d + j]!, lr);
    P[off + d] = update(V, off + d, beta, G[off + d]! / n, biases[k]!, lr);
  }
  evaluateGeneric(args);
}
