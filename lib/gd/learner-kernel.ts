// The inner loop: one gradient step for every active learner of a batch. Batch creation
// runs it too (with zero gradient sums, so the parameters stay put) to get step 0, which
// keeps step 0 and step k rounding identically.
//
// Operation order is chosen so the one-sample lesson reproduces numpy bit for bit:
//   p = x @ w.T + b           -> p = (x0*w0 + x1*w1 + ...) + b   (numpy's 2-element dot had
//                                 no FMA where the fixtures were made, and JS never fuses;
//                                 checked on 2e5 cases. OpenBLAS does fuse it on some CPUs:
//                                 on the 2-core dev box of 2026-12 ~30% of such dots differ,
//                                 so gd_reference.py must not be re-run there; the optimiser
//                                 reference, optimizer_reference.py, predicts without BLAS.)
//   loss = np.mean((y-p)**2)  -> (sum_i e_i*e_i) / n
//   w = w - lr * delta * x    -> w_j - (sum_i (lr*delta_i) * x_ij) / n   (Python evaluates
//   b = b - lr * delta        -> b   - (sum_i  lr*delta_i) / n          (lr*delta) first)
// For n = 1 the sums and the division by 1 are exact, leaving exactly the lesson's
// expressions; for n > 1 it is the same maths as mean_i(delta_i x_ij), rounded a little
// differently, and the reference script uses the same order (lr * delta @ X / n).
//
// Each learner's state between steps is its parameters plus the sums above ("gradient
// sums") at those parameters: one sweep over the samples gives the loss at the new point
// and the next step's gradient, so a step reads the data once.
//
// The three variants (one sample and two features = the lesson; three features = housing;
// anything else) do the same operations in the same order; the special cases only keep the
// weights and sums in locals and skip divisions by n = 1, which are exact. A learner whose
// new loss is not finite is left untouched (its trial loss is still reported) so the batch
// can keep its last finite state.

export interface KernelArgs {
  x: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  /** Indices of the learners to advance, in [0, count). */
  active: Int32Array;
  count: number;
  weights: Float64Array;
  biases: Float64Array;
  learningRates: Float64Array;
  /** N*(d+1) gradient sums, read for the update and overwritten with the new ones. */
  gradientSums: Float64Array;
  /** Out: the loss at the new parameters, for every active learner (may be Infinity/NaN). */
  trialLosses: Float64Array;
  /** Scratch of length d for the generic variant. */
  candidate: Float64Array;
}

/** Picks the variant for the data's shape. (The variants are exported for tests only.) */
export function advanceLearners(args: KernelArgs): void {
  if (args.n === 1 && args.d === 2) advanceOneSampleTwoFeatures(args);
  else if (args.d === 3) advanceThreeFeatures(args);
  else advanceGeneric(args);
}

export function advanceOneSampleTwoFeatures(args: KernelArgs): void {
  const { active, count, weights: w, biases, learningRates: lrs, gradientSums: g, trialLosses } = args;
  const x0 = args.x[0]!;
  const x1 = args.x[1]!;
  const y0 = args.y[0]!;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const w0 = w[2 * k]! - g[3 * k]!;
    const w1 = w[2 * k + 1]! - g[3 * k + 1]!;
    const b = biases[k]! - g[3 * k + 2]!;
    const e = y0 - (x0 * w0 + x1 * w1 + b);
    const loss = e * e;
    trialLosses[k] = loss;
    if (loss - loss !== 0) continue; // Infinity or NaN: keep the previous state
    const s = lrs[k]! * (-2 * e);
    w[2 * k] = w0;
    w[2 * k + 1] = w1;
    biases[k] = b;
    g[3 * k] = s * x0;
    g[3 * k + 1] = s * x1;
    g[3 * k + 2] = s;
  }
}

export function advanceThreeFeatures(args: KernelArgs): void {
  const { x, y, n, active, count, weights: w, biases, learningRates: lrs, gradientSums: g, trialLosses } = args;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const w0 = w[3 * k]! - g[4 * k]! / n;
    const w1 = w[3 * k + 1]! - g[4 * k + 1]! / n;
    const w2 = w[3 * k + 2]! - g[4 * k + 2]! / n;
    const b = biases[k]! - g[4 * k + 3]! / n;
    const lr = lrs[k]!;
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
      const s = lr * (-2 * e);
      g0 += s * xi0;
      g1 += s * xi1;
      g2 += s * xi2;
      gb += s;
    }
    const loss = sum / n;
    trialLosses[k] = loss;
    if (loss - loss !== 0) continue;
    w[3 * k] = w0;
    w[3 * k + 1] = w1;
    w[3 * k + 2] = w2;
    biases[k] = b;
    g[4 * k] = g0;
    g[4 * k + 1] = g1;
    g[4 * k + 2] = g2;
    g[4 * k + 3] = gb;
  }
}

export function advanceGeneric(args: KernelArgs): void {
  const {
    x,
    y,
    n,
    d,
    active,
    count,
    weights: w,
    biases,
    learningRates: lrs,
    gradientSums: g,
    trialLosses,
    candidate,
  } = args;
  const stride = d + 1;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const gOff = k * stride;
    for (let j = 0; j < d; j++) candidate[j] = w[k * d + j]! - g[gOff + j]! / n;
    const b = biases[k]! - g[gOff + d]! / n;
    const lr = lrs[k]!;
    // The old sums are consumed; overwriting them before knowing whether the step is kept
    // is fine because a learner whose step is rejected (non-finite loss) never steps again.
    for (let j = 0; j <= d; j++) g[gOff + j] = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let p = x[i * d]! * candidate[0]!;
      for (let j = 1; j < d; j++) p += x[i * d + j]! * candidate[j]!;
      const e = y[i]! - (p + b);
      sum += e * e;
      const s = lr * (-2 * e);
      for (let j = 0; j < d; j++) g[gOff + j]! += s * x[i * d + j]!;
      g[gOff + d]! += s;
    }
    const loss = sum / n;
    trialLosses[k] = loss;
    if (loss - loss !== 0) continue;
    for (let j = 0; j < d; j++) w[k * d + j] = candidate[j]!;
    biases[k] = b;
  }
}
