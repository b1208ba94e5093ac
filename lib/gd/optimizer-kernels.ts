// What the kernels of the optimisers with a state (momentum-kernel.ts, adam-kernel.ts) share.
// Plain descent keeps its own loops (learner-kernel.ts), untouched and free of branches for these.
//
// The gradient sums here carry no learning rate (G_j = sum_i delta_i x_ij, G_d = sum_i delta_i),
// because the rate does not factor out of these updates; g = G / n, as numpy's delta @ X / n.
// A step is the optimiser's update, elementwise over theta = (w_0..w_{d-1}, b), then one sweep
// over the samples at the new point (its loss, and the gradient sums for the next step); the new
// point is kept if its loss is finite. For the lesson's shape and for three features the two are
// fused in one loop per learner, with the parameters in locals (as learner-kernel.ts does; on
// housing this is ~1.8x faster than two passes); any other shape runs the update into
// `proposals`, then evaluateGeneric. Operation order follows the formulas as written, left to
// right (tests/reference/optimizer_reference.py does the same). A learner whose new loss is not
// finite keeps its parameters and stops; its state has been consumed, which is fine because a
// stopped learner never steps again.

export interface OptimizerKernelArgs {
  x: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  /** Indices of this group's learners to advance, in [0, count). */
  active: Int32Array;
  count: number;
  weights: Float64Array;
  biases: Float64Array;
  learningRates: Float64Array;
  /** N*(d+1) gradient sums without the rate, at the current parameters (bias last). */
  gradientSums: Float64Array;
  /** N*(d+1) proposed parameters (bias last): scratch for the shapes without a fused loop. */
  proposals: Float64Array;
  /** Out: the loss at the new parameters, for every active learner (may be Infinity/NaN). */
  trialLosses: Float64Array;
}

export interface MomentumKernelArgs extends OptimizerKernelArgs {
  /** beta of each learner. */
  momenta: Float64Array;
  /** N*(d+1) velocities, zero before the first step. */
  velocities: Float64Array;
}

export interface AdamKernelArgs extends OptimizerKernelArgs {
  /** N*(d+1) first and second moment estimates, zero before the first step. */
  firstMoments: Float64Array;
  secondMoments: Float64Array;
  /**
   * beta1^t and beta2^t after the last step, kept as running products: V8's Math.pow and C's pow
   * differ in the last bit for about one t in ten, while a product is the same IEEE operations
   * in every runtime (the reference multiplies the same way), so replays and fixtures agree.
   */
  beta1Power: number;
  beta2Power: number;
}

/**
 * The sweep alone, at `proposals`: loss, gradient sums, and the proposal kept if the loss is
 * finite. Batch creation runs it with the proposals = the initial parameters (step 0).
 */
export function evaluateGeneric(args: OptimizerKernelArgs): void {
  const { x, y, n, d, active, count, weights: w, biases, gradientSums: G, proposals: P, trialLosses } = args;
  const stride = d + 1;
  for (let a = 0; a < count; a++) {
    const k = active[a]!;
    const off = k * stride;
    const b = P[off + d]!;
    let sum = 0;
    // The old sums were consumed by the update; a rejected learner never steps again.
    for (let j = 0; j <= d; j++) G[off + j] = 0;
    for (let i = 0; i < n; i++) {
      let p = x[i * d]! * P[off]!;
      for (let j = 1; j < d; j++) p += x[i * d + j]! * P[off + j]!;
      const e = y[i]! - (p + b);
      sum += e * e;
      const delta = -2 * e;
      for (let j = 0; j < d; j++) G[off + j]! += delta * x[i * d + j]!;
      G[off + d]! += delta;
    }
    const loss = sum / n;
    trialLosses[k] = loss;
    if (loss - loss !== 0) continue;
    for (let j = 0; j < d; j++) w[k * d + j] = P[off + j]!;
    biases[k] = b;
  }
}
