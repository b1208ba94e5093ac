import { describe, expect, it } from "vitest";
import {
  errorFactor,
  gradientAt,
  hessian,
  leastSquaresFit,
  lossAt,
  maxStableLearningRate,
  oneStepOptimalLearningRate,
  optimumLoss,
  predictions,
  symmetricEigenvalues,
} from "../../../lib/gd/analysis";
import { getDataset, type Dataset } from "../../../lib/gd/datasets";
import { solveLinearSystem } from "../../../lib/gd/linear-algebra";
import { trainOne } from "../../../lib/gd/train-one";
import { VARIANTS, lessonPrinted, relativeError, seriesFixture } from "./load-fixtures";

const X_NORM2_PLUS_1 = 28.1 * 28.1 + 58.0 * 58.0 + 1; // 4154.61

function custom(rows: number[][], labels: number[], w0: number[], b0: number): Dataset {
  return {
    id: "housing",
    n: rows.length,
    d: w0.length,
    features: Float64Array.from(rows.flat()),
    labels: Float64Array.from(labels),
    initialWeights: Float64Array.from(w0),
    initialBias: b0,
    featureNames: w0.map((_, j) => `f${j}`),
    standardized: false,
  };
}

describe("lesson arithmetic", () => {
  it("reproduces the notebook's prediction, loss and delta bit for bit", () => {
    const printed = lessonPrinted();
    const lesson = getDataset("lesson");
    expect(predictions(lesson, lesson.initialWeights, lesson.initialBias)[0]).toBe(printed.prediction);
    expect(lossAt(lesson, lesson.initialWeights, lesson.initialBias)).toBe(printed.loss);
    const g = gradientAt(lesson, lesson.initialWeights, lesson.initialBias);
    expect(g[2]).toBe(printed.delta);
    expect(printed).toMatchObject({
      prediction: 43.05,
      loss: 14871.802500000002,
      delta: -243.9,
      newLoss: 1026548766283.6302,
    });
  });
});

describe("Hessian and eigenvalues", () => {
  it("is 2 a a^T for the one-sample lesson", () => {
    const a = [28.1, 58.0, 1];
    expect(hessian(getDataset("lesson"))).toEqual(a.map((ai) => a.map((aj) => 2 * (ai * aj))));
  });

  it("finds eigenvalues of known symmetric matrices", () => {
    expect(
      symmetricEigenvalues([
        [2, 1],
        [1, 2],
      ]).map((v) => +v.toFixed(12)),
    ).toEqual([1, 3]);
    expect(
      symmetricEigenvalues([
        [5, 0, 0],
        [0, -1, 0],
        [0, 0, 2],
      ]),
    ).toEqual([-1, 2, 5]);
    // A = Q diag(1, 4, 9) Q^T for a fixed rotation Q.
    const c = Math.cos(0.7),
      s = Math.sin(0.7);
    const q = [
      [c, -s, 0],
      [s, c, 0],
      [0, 0, 1],
    ].map((row) => row.map((v) => v));
    const r = [
      [1, 0, 0],
      [0, Math.cos(1.1), -Math.sin(1.1)],
      [0, Math.sin(1.1), Math.cos(1.1)],
    ];
    const Q = q.map((row) => r[0]!.map((_, j) => row.reduce((acc, v, k) => acc + v * r[k]![j]!, 0)));
    const D = [1, 4, 9];
    const A = Q.map((rowI) => Q.map((rowJ) => rowI.reduce((acc, v, k) => acc + v * D[k]! * rowJ[k]!, 0)));
    symmetricEigenvalues(A).forEach((v, i) => expect(Math.abs(v - D[i]!)).toBeLessThan(1e-13));
  });

  it("matches numpy's eigvalsh on every dataset", () => {
    for (const v of VARIANTS) {
      const expected = seriesFixture(v.dataset, v.standardized).hessianEigenvalues;
      const actual = symmetricEigenvalues(hessian(getDataset(v.dataset, v)));
      const scale = Math.max(...expected.map(Math.abs));
      actual.forEach((x, i) => expect(Math.abs(x - expected[i]!) / scale).toBeLessThan(1e-13));
    }
  });
});

describe("learning-rate bounds", () => {
  it("maxStableLearningRate matches numpy to 1e-12", () => {
    for (const v of VARIANTS) {
      const expected = seriesFixture(v.dataset, v.standardized).maxStableLearningRate;
      expect(relativeError(maxStableLearningRate(getDataset(v.dataset, v)), expected)).toBeLessThan(1e-12);
    }
  });

  it("equals 1 / (|x|^2 + 1) for the lesson", () => {
    const bound = maxStableLearningRate(getDataset("lesson"));
    expect(relativeError(bound, 1 / X_NORM2_PLUS_1)).toBeLessThan(1e-12);
    expect(relativeError(bound, 1 / 4154.61)).toBeLessThan(1e-12);
    expect(relativeError(maxStableLearningRate(getDataset("lesson", { standardized: true })), 1 / 3)).toBeLessThan(
      1e-12,
    );
  });

  it("oneStepOptimalLearningRate matches numpy and solves the lesson in one step", () => {
    for (const v of VARIANTS) {
      const expected = seriesFixture(v.dataset, v.standardized).oneStepOptimalLearningRate;
      expect(relativeError(oneStepOptimalLearningRate(getDataset(v.dataset, v))!, expected)).toBeLessThan(1e-12);
    }
    const lesson = getDataset("lesson");
    const lr = oneStepOptimalLearningRate(lesson)!;
    expect(relativeError(lr, 1 / (2 * X_NORM2_PLUS_1))).toBeLessThan(1e-12);
    expect(lr).toBeCloseTo(1.20348e-4, 9);
    const run = trainOne(lesson, lr, 10);
    expect(run.losses[1]!).toBeLessThan(1e-20 * run.losses[0]!);
    // On housing it beats slightly smaller and larger rates after one step.
    const housing = getDataset("housing", { standardized: true });
    const best = oneStepOptimalLearningRate(housing)!;
    const after = (rate: number) => trainOne(housing, rate, 1).losses[1]!;
    expect(after(best)).toBeLessThan(after(best * 0.99));
    expect(after(best)).toBeLessThan(after(best * 1.01));
  });

  it("oneStepOptimalLearningRate is null when the start is already optimal", () => {
    const ds = custom(
      [
        [1, 2],
        [3, 1],
        [0, 5],
      ],
      [1 + 4 + 1, 3 + 2 + 1, 0 + 10 + 1],
      [1, 2],
      1,
    );
    expect(gradientAt(ds, ds.initialWeights, ds.initialBias)).toEqual([0, 0, 0]);
    expect(oneStepOptimalLearningRate(ds)).toBeNull();
  });

  it("errorFactor is 1 - 2 lr (|x|^2 + 1) and predicts the lesson's error ratio", () => {
    const lesson = getDataset("lesson");
    expect(relativeError(errorFactor(lesson, 1)!, 1 - 2 * X_NORM2_PLUS_1)).toBeLessThan(1e-14);
    expect(Math.round(errorFactor(lesson, 1)!)).toBe(-8308);
    for (const lr of [1e-5, 1e-4, 2e-4]) {
      const { losses } = trainOne(lesson, lr, 3);
      const ratio = Math.sqrt(losses[1]! / losses[0]!);
      expect(relativeError(ratio, Math.abs(errorFactor(lesson, lr)!))).toBeLessThan(1e-10);
    }
    expect(errorFactor(getDataset("housing"), 1e-5)).toBeNull();
  });
});

describe("least squares optimum", () => {
  it("matches numpy's lstsq", () => {
    for (const v of VARIANTS) {
      const expected = seriesFixture(v.dataset, v.standardized).optimumLoss;
      const actual = optimumLoss(getDataset(v.dataset, v));
      if (expected === 0) expect(actual).toBe(0);
      else expect(relativeError(actual, expected)).toBeLessThan(1e-10);
    }
  });

  it("is a minimum: nudging the fit in any direction raises the loss", () => {
    const housing = getDataset("housing");
    const fit = leastSquaresFit(housing);
    const params = [...fit.weights, fit.bias];
    for (let j = 0; j < params.length; j++) {
      for (const h of [1e-3, -1e-3]) {
        const p = [...params];
        p[j]! += h;
        expect(lossAt(housing, p.slice(0, 3), p[3]!)).toBeGreaterThan(fit.loss);
      }
    }
  });

  it("is 0 when an exact fit exists, and handles singular designs", () => {
    expect(optimumLoss(getDataset("lesson"))).toBe(0);
    // Two samples, two features: rows independent, exact fit.
    expect(
      optimumLoss(
        custom(
          [
            [1, 2],
            [2, 1],
          ],
          [3, -1],
          [0, 0],
          0,
        ),
      ),
    ).toBe(0);
    // Duplicate feature column (singular A^T A) with noise: same optimum as the single column.
    const rows = [[1], [2], [3], [4]];
    const y = [1.1, 1.9, 3.2, 3.8];
    const single = optimumLoss(custom(rows, y, [0], 0));
    const doubled = optimumLoss(
      custom(
        rows.map((r) => [r[0]!, r[0]!]),
        y,
        [0, 0],
        0,
      ),
    );
    expect(single).toBeGreaterThan(0);
    expect(relativeError(doubled, single)).toBeLessThan(1e-10);
    // Hand-computed simple regression: y = 1.1,1.9,3.2,3.8 on x = 1..4: slope 0.94, intercept 0.15.
    const residuals = y.map((yi, i) => yi - (0.94 * (i + 1) + 0.15));
    expect(relativeError(single, residuals.reduce((s, e) => s + e * e, 0) / 4)).toBeLessThan(1e-10);
  });

  it("solveLinearSystem solves a pivoting-requiring system", () => {
    const { x, rank } = solveLinearSystem(
      [
        [0, 2, 1],
        [1, 1, 0],
        [3, 0, 1],
      ],
      [7, 3, 6],
    );
    expect(rank).toBe(3);
    [1, 2, 3].forEach((v, i) => expect(Math.abs(x[i]! - v)).toBeLessThan(1e-14));
  });
});
