import { describe, expect, it } from "vitest";
import { maxStableLearningRate } from "../../../lib/gd/analysis";
import { getDataset, type Dataset } from "../../../lib/gd/datasets";
import {
  advanceGeneric,
  advanceOneSampleTwoFeatures,
  advanceThreeFeatures,
  type KernelArgs,
} from "../../../lib/gd/learner-kernel";

function argsFor(dataset: Dataset, lrs: number[]): KernelArgs {
  const N = lrs.length;
  const weights = new Float64Array(N * dataset.d);
  for (let k = 0; k < N; k++) weights.set(dataset.initialWeights, k * dataset.d);
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
    gradientSums: new Float64Array(N * (dataset.d + 1)),
    trialLosses: new Float64Array(N),
    candidate: new Float64Array(dataset.d),
  };
}

function state(a: KernelArgs) {
  return [a.weights, a.biases, a.trialLosses].map((arr) => Array.from(arr));
}

describe("kernel variants", () => {
  const cases = [
    { name: "lesson (one sample, two features)", dataset: getDataset("lesson"), special: advanceOneSampleTwoFeatures },
    {
      name: "lesson standardised",
      dataset: getDataset("lesson", { standardized: true }),
      special: advanceOneSampleTwoFeatures,
    },
    { name: "housing (three features)", dataset: getDataset("housing"), special: advanceThreeFeatures },
    {
      name: "housing standardised",
      dataset: getDataset("housing", { standardized: true }),
      special: advanceThreeFeatures,
    },
  ];
  for (const { name, dataset, special } of cases) {
    it(`${name}: the unrolled variant equals the generic one bit for bit`, () => {
      const bound = maxStableLearningRate(dataset);
      const lrs = [bound * 0.3, bound * 0.999, bound * 1.01, 1e-7, 1];
      const fast = argsFor(dataset, lrs);
      const plain = argsFor(dataset, lrs);
      for (let step = 0; step < 60; step++) {
        special(fast);
        advanceGeneric(plain);
        expect(state(fast)).toEqual(state(plain));
      }
      // and the learners did move
      expect(fast.weights[0]).not.toBe(dataset.initialWeights[0]);
    });
  }

  it("leaves a learner's parameters alone when its new loss is not finite", () => {
    const lesson = getDataset("lesson");
    const a = argsFor(lesson, [1e300]);
    advanceOneSampleTwoFeatures(a); // step 0: parameters unchanged, gradient sums set
    const before = [Array.from(a.weights), a.biases[0]];
    advanceOneSampleTwoFeatures(a);
    expect(a.trialLosses[0]).toBe(Infinity);
    expect([Array.from(a.weights), a.biases[0]]).toEqual(before);
  });
});
