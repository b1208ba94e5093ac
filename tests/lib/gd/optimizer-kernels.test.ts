import { describe, expect, it } from "vitest";
import { maxStableLearningRate } from "../../../lib/gd/analysis";
import { getDataset, type Dataset } from "../../../lib/gd/datasets";
import {
  advanceAdamGeneric,
  advanceAdamOneSampleTwoFeatures,
  advanceAdamThreeFeatures,
} from "../../../lib/gd/adam-kernel";
import {
  advanceMomentumGeneric,
  advanceMomentumOneSampleTwoFeatures,
  advanceMomentumThreeFeatures,
} from "../../../lib/gd/momentum-kernel";
import {
  evaluateGeneric,
  type AdamKernelArgs,
  type MomentumKernelArgs,
  type OptimizerKernelArgs,
} from "../../../lib/gd/optimizer-kernels";

type Args = MomentumKernelArgs & AdamKernelArgs;

function argsFor(dataset: Dataset, lrs: number[]): Args {
  const N = lrs.length;
  const stride = dataset.d + 1;
  const weights = new Float64Array(N * dataset.d);
  const proposals = new Float64Array(N * stride);
  for (let k = 0; k < N; k++) {
    weights.set(dataset.initialWeights, k * dataset.d);
    proposals.set(dataset.initialWeights, k * stride);
    proposals[k * stride + dataset.d] = dataset.initialBias;
  }
  return {
    x: dataset.features,
    y: dataset.labels,
    n: dataset.n,
    d: dataset.d,
    active: Int32Array.from(lrs, (_, k) => k),
    count: N,
    weights,
    biases: new Float64Array(N).fill(dataset.initialBias),
    learningRates: Float64Array.from(lrs),
    gradientSums: new Float64Array(N * stride),
    proposals,
    trialLosses: new Float64Array(N),
    momenta: Float64Array.from(lrs, (_, k) => [0, 0.5, 0.9, 0.99][k % 4]!),
    velocities: new Float64Array(N * stride),
    firstMoments: new Float64Array(N * stride),
    secondMoments: new Float64Array(N * stride),
    beta1Power: 1,
    beta2Power: 1,
  };
}

/** What the batch does: a learner whose loss is no longer finite stops (its gradient sums are spent). */
function dropStopped(a: OptimizerKernelArgs): void {
  let kept = 0;
  for (let i = 0; i < a.count; i++) if (Number.isFinite(a.trialLosses[a.active[i]!])) a.active[kept++] = a.active[i]!;
  a.count = kept;
}

function state(a: OptimizerKernelArgs) {
  const stride = a.d + 1;
  const running = new Set(a.active.subarray(0, a.count));
  // + 0 turns -0 into 0: at an exact fit the unrolled sweep's sum is -2 * 0 * x = -0, the generic
  // one's 0 + -0 = 0, and every later use (beta * v + g, m / sqrt(s)) gives the same parameters.
  const sums = Array.from(a.gradientSums, (v, i) => (running.has(Math.floor(i / stride)) ? v + 0 : 0));
  return [...[a.weights, a.biases, a.trialLosses].map((v) => Array.from(v)), sums, a.count];
}

describe("optimiser kernels", () => {
  const generic = [advanceMomentumGeneric, advanceAdamGeneric] as const;
  const cases = [
    {
      name: "lesson",
      dataset: getDataset("lesson"),
      fused: [advanceMomentumOneSampleTwoFeatures, advanceAdamOneSampleTwoFeatures],
    },
    {
      name: "lesson standardised",
      dataset: getDataset("lesson", { standardized: true }),
      fused: [advanceMomentumOneSampleTwoFeatures, advanceAdamOneSampleTwoFeatures],
    },
    {
      name: "housing",
      dataset: getDataset("housing"),
      fused: [advanceMomentumThreeFeatures, advanceAdamThreeFeatures],
    },
    {
      name: "housing standardised",
      dataset: getDataset("housing", { standardized: true }),
      fused: [advanceMomentumThreeFeatures, advanceAdamThreeFeatures],
    },
  ] as const;
  for (const { name, dataset, fused } of cases) {
    for (const which of [0, 1] as const) {
      it(`${name}, ${which === 0 ? "momentum" : "Adam"}: the fused variant equals the generic one bit for bit`, () => {
        const bound = maxStableLearningRate(dataset);
        const lrs = [bound * 0.3, bound * 0.999, bound * 1.9, 1e-7, 0.1, 1, 1e300, bound];
        const fast = argsFor(dataset, lrs);
        const plain = argsFor(dataset, lrs);
        evaluateGeneric(fast); // step 0: the proposals are the initial parameters
        evaluateGeneric(plain);
        for (let step = 0; step < 60; step++) {
          fused[which](fast);
          generic[which](plain);
          dropStopped(fast);
          dropStopped(plain);
          expect(state(fast)).toEqual(state(plain));
        }
        expect(fast.weights[0]).not.toBe(dataset.initialWeights[0]);
        expect(fast.count).toBeGreaterThanOrEqual(4); // most learners were still running at the end
      });
    }
  }

  it("Adam's bias correction: the first step moves every parameter by lr against the gradient's sign", () => {
    const a = argsFor(getDataset("housing"), [0.01, 0.5]);
    evaluateGeneric(a);
    const signs = Array.from(a.gradientSums.subarray(0, 4), Math.sign);
    advanceAdamGeneric(a);
    expect(a.beta1Power).toBe(0.9);
    expect(a.beta2Power).toBe(0.999);
    const initial = [0.5, 0.5, 0.5, 0];
    for (const [k, lr] of [0.01, 0.5].entries())
      initial.forEach((theta, j) => expect(a.proposals[k * 4 + j]! - theta).toBeCloseTo(-lr * signs[j]!, 9));
  });

  it("momentum's velocity starts at the gradient and accumulates it with beta", () => {
    const a = argsFor(getDataset("lesson"), [1e-6, 1e-6, 1e-6]);
    a.momenta.set([0, 0.5, 0.9]);
    evaluateGeneric(a);
    const g = Array.from(a.gradientSums.subarray(0, 3));
    advanceMomentumOneSampleTwoFeatures(a);
    for (let k = 0; k < 3; k++) expect(Array.from(a.velocities.subarray(3 * k, 3 * k + 3))).toEqual(g);
    expect(a.weights[0]).toBe(0.5 - 1e-6 * g[0]!);
    // the second step: v = beta g0 + g1, g1 the gradient at the (common) new point
    const g1 = a.gradientSums[0]!;
    expect(a.gradientSums[3]).toBe(g1);
    advanceMomentumOneSampleTwoFeatures(a);
    expect([a.velocities[0], a.velocities[3], a.velocities[6]]).toEqual([g1, 0.5 * g[0]! + g1, 0.9 * g[0]! + g1]);
    expect(a.velocities[6]).not.toBe(a.velocities[0]);
  });

  it("leaves a learner's parameters alone when its proposal's loss is not finite", () => {
    const a = argsFor(getDataset("housing"), [1e300]);
    evaluateGeneric(a);
    const before = [Array.from(a.weights), a.biases[0]];
    advanceMomentumThreeFeatures(a);
    expect(a.trialLosses[0]).toBe(Infinity);
    expect([Array.from(a.weights), a.biases[0]]).toEqual(before);
  });
});
