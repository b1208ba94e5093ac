import { describe, expect, it } from "vitest";
import { errorFactor, lossAt } from "../../../lib/gd/analysis";
import { getDataset } from "../../../lib/gd/datasets";
import {
  batchPredictions,
  contourEllipse,
  errorSign,
  parabolaLandscape,
  parabolaPoint,
  parabolaPointAt,
  predictionFromLoss,
  projectBatch,
  projectParameters,
  valleyPlane,
} from "../../../lib/gd/landscape";
import { createLearnerBatch, learnerParameters, stepLearnerBatch } from "../../../lib/gd/learners";
import { trainOne } from "../../../lib/gd/train-one";
import { landscapeVariants } from "./landscape-fixture";
import { relativeError } from "./load-fixtures";

const housing = landscapeVariants.filter((v) => v.dataset === "housing");

describe("valley plane against numpy (eigh, lstsq)", () => {
  for (const v of housing) {
    it(`housing ${v.standardized ? "standardised" : "raw"}: eigenvalues, condition number, bound, axes, start`, () => {
      const plane = valleyPlane(getDataset("housing", { standardized: v.standardized }));
      const scale = Number(v.stiffEigenvalue);
      plane.eigenvalues.forEach((x, i) => expect(Math.abs(x - Number(v.eigenvalues[i])) / scale).toBeLessThan(1e-13));
      expect(relativeError(plane.stiff.eigenvalue, Number(v.stiffEigenvalue))).toBeLessThan(1e-12);
      expect(relativeError(plane.flat.eigenvalue, Number(v.flatEigenvalue))).toBeLessThan(1e-10);
      expect(relativeError(plane.conditionNumber, Number(v.conditionNumber))).toBeLessThan(1e-10);
      expect(relativeError(plane.stableBound, Number(v.stableBound))).toBeLessThan(1e-12);
      plane.optimum.forEach((x, i) => expect(relativeError(x, Number(v.optimum![i]))).toBeLessThan(1e-9));
      plane.stiff.vector.forEach((x, i) => expect(Math.abs(x - Number(v.stiffVector![i]))).toBeLessThan(1e-10));
      plane.flat.vector.forEach((x, i) => expect(Math.abs(x - Number(v.flatVector![i]))).toBeLessThan(1e-10));
      expect(relativeError(plane.start.u, Number(v.start!.u))).toBeLessThan(1e-9);
      expect(relativeError(plane.start.v, Number(v.start!.v))).toBeLessThan(1e-9);
      for (const p of v.planeLosses!) {
        const theta = plane.optimum.map(
          (o, j) => o + Number(p.u) * plane.stiff.vector[j]! + Number(p.v) * plane.flat.vector[j]!,
        );
        expect(
          relativeError(lossAt(getDataset("housing", v), theta.slice(0, 3), theta[3]!), Number(p.loss)),
        ).toBeLessThan(1e-9);
      }
    });
  }

  it("shows the narrow valley becoming round: 1.8e5 raw, 3.0 standardised", () => {
    expect(valleyPlane(getDataset("housing")).conditionNumber.toPrecision(2)).toBe("1.8e+5");
    expect(valleyPlane(getDataset("housing", { standardized: true })).conditionNumber.toFixed(1)).toBe("3.0");
    const raw = valleyPlane(getDataset("housing"));
    const e = contourEllipse(raw, raw.initialLoss);
    expect(relativeError(e.v / e.u, Math.sqrt(raw.conditionNumber))).toBeLessThan(1e-12);
  });

  it("grid losses are the data's, and equal the exact quadratic on the plane", () => {
    for (const standardized of [false, true]) {
      const dataset = getDataset("housing", { standardized });
      const plane = valleyPlane(dataset, { gridSize: 21 });
      const { size, u, v, loss } = plane.grid;
      expect(loss.length).toBe(21 * 21);
      expect(relativeError(loss[10 * size + 10]!, plane.optimumLoss)).toBeLessThan(1e-9); // centre = optimum
      for (const [row, col] of [
        [0, 0],
        [3, 17],
        [20, 5],
        [10, 2],
      ] as const) {
        const exact =
          plane.optimumLoss + (plane.stiff.eigenvalue * u[col]! ** 2 + plane.flat.eigenvalue * v[row]! ** 2) / 2;
        expect(relativeError(loss[row * size + col]!, exact)).toBeLessThan(1e-8);
      }
      expect(plane.extent.u).toBe(plane.extent.v); // equal scales by default
      expect(plane.extent.u).toBeGreaterThan(Math.max(Math.abs(plane.start.u), Math.abs(plane.start.v)));
      const fit = valleyPlane(dataset, { aspect: "fit", gridSize: 3 });
      expect(fit.extent).toEqual({ u: 1.25 * Math.abs(fit.start.u), v: 1.25 * Math.abs(fit.start.v) });
    }
  });

  it("stable runs stay inside the box of the start; projectBatch equals projectParameters", () => {
    const dataset = getDataset("housing", { standardized: true });
    const plane = valleyPlane(dataset);
    const lrs = [0.01, 0.1, 0.3, 0.5, 0.62, 0.7];
    const batch = createLearnerBatch(dataset, lrs, { maxSteps: 60 });
    const out = new Float64Array(2 * lrs.length);
    for (let step = 0; step < 40; step++) {
      projectBatch(plane, batch, out);
      lrs.forEach((lr, k) => {
        const { weights, bias } = learnerParameters(batch, k);
        const p = projectParameters(plane, weights, bias);
        expect(out[2 * k]).toBeCloseTo(p.u, 9);
        expect(out[2 * k + 1]).toBeCloseTo(p.v, 9);
        if (lr < plane.stableBound) {
          expect(Math.abs(p.u)).toBeLessThanOrEqual(Math.abs(plane.start.u) * (1 + 1e-9));
          expect(Math.abs(p.v)).toBeLessThanOrEqual(Math.abs(plane.start.v) * (1 + 1e-9));
        }
      });
      stepLearnerBatch(batch);
    }
    // The unstable one left along the stiff axis.
    expect(Math.abs(out[2 * 5]!)).toBeGreaterThan(plane.extent.u);
  });

  it("has no plane for one sample", () => {
    expect(() => valleyPlane(getDataset("lesson"))).toThrow(RangeError);
    expect(() => parabolaLandscape(getDataset("housing"))).toThrow(RangeError);
  });
});

describe("the lesson's parabola", () => {
  const lesson = getDataset("lesson");
  const landscape = parabolaLandscape(lesson);

  it("places every run from its loss and lr alone, as numpy's predictions", () => {
    const paths = landscapeVariants.find((v) => v.dataset === "lesson" && !v.standardized)!.paths!;
    expect(paths.length).toBeGreaterThanOrEqual(5);
    for (const { lr, path } of paths) {
      for (const { step, prediction, loss } of path) {
        const p = predictionFromLoss(landscape, Number(lr), step, Number(loss));
        expect(
          Math.abs(p - Number(prediction)) / Math.max(165, Math.abs(Number(prediction))),
          `lr=${lr} k=${step}`,
        ).toBeLessThan(1e-12);
      }
    }
  });

  it("uses errorFactor's factor, and matches the core's own parameters", () => {
    expect(1 - 2 * 1e-4 * landscape.norm2).toBe(errorFactor(lesson, 1e-4));
    for (const lr of [1e-4, 1.5e-4, 2.4e-4, 3e-4]) {
      const run = trainOne(lesson, lr, 30);
      const batch = createLearnerBatch(lesson, [lr], { maxSteps: 30 });
      run.losses.forEach((loss, k) => {
        const { weights, bias } = learnerParameters(batch, 0);
        const actual = lesson.features[0]! * weights[0]! + lesson.features[1]! * weights[1]! + bias;
        expect(Math.abs(predictionFromLoss(landscape, lr, k, loss) - actual)).toBeLessThan(
          1e-9 * Math.max(1, Math.abs(actual)),
        );
        stepLearnerBatch(batch);
      });
    }
  });

  it("oscillating runs hop sides; exploding ones are marked at the top edge, on their side", () => {
    expect([0, 1, 2, 3].map((k) => errorSign(landscape, 1.5e-4, k))).toEqual([1, -1, 1, -1]);
    expect([0, 1, 2].map((k) => errorSign(landscape, 1e-4, k))).toEqual([1, 1, 1]);
    const boom = parabolaPoint(landscape, 1, 1, 1026548766283.6302);
    expect(boom).toMatchObject({ offTop: true, side: 1, drawLoss: landscape.lossTop });
    expect(boom.drawPrediction).toBe(165 + landscape.halfWidth);
    expect(boom.prediction).toBeCloseTo(1013352.429, 3);
    const start = parabolaPoint(landscape, 1, 0, 14871.802500000002);
    expect(start).toMatchObject({ offTop: false, side: -1, prediction: 43.05, drawLoss: 14871.802500000002 });
  });

  it("draws the parabola L = (y - p)^2 across the start and its mirror image", () => {
    expect(landscape.points).toHaveLength(101);
    expect(landscape.points[50]).toEqual({ prediction: 165, loss: 0 });
    expect(landscape.points[0]!.prediction).toBeLessThan(43.05);
    expect(landscape.points[100]!.prediction).toBeGreaterThan(165 + 121.95);
    for (const p of landscape.points) expect(p.loss).toBeCloseTo((165 - p.prediction) ** 2, 6);
  });
});

describe("momentum and Adam on the landscape (re-run with their own optimiser)", () => {
  const lesson = getDataset("lesson");
  const land = parabolaLandscape(lesson);
  const choices = [
    { optimizer: "gd" as const },
    { optimizer: "momentum" as const, momentum: 0.9 },
    { optimizer: "adam" as const },
  ];
  const rates = [1e-4, 4e-4, 1];

  it("batchPredictions puts every run on the parabola: (y - p)^2 is its loss", () => {
    const batch = createLearnerBatch(lesson, rates, { maxSteps: 200, optimizers: choices });
    const p = new Float64Array(3);
    for (let step = 0; step < 200 && batch.running > 0; step++) {
      batchPredictions(batch, p);
      for (let k = 0; k < 3; k++) {
        const loss = batch.losses[k]!;
        expect(Math.abs((165 - p[k]!) ** 2 - loss), `learner ${k} step ${step}`).toBeLessThan(1e-9 * Math.max(1, loss));
      }
      stepLearnerBatch(batch);
    }
  });

  it("momentum does not keep plain descent's sign pattern, so its side must come from the re-run", () => {
    const batch = createLearnerBatch(lesson, [4e-4], { maxSteps: 50, optimizers: [choices[1]!] });
    const p = new Float64Array(1);
    let disagreements = 0;
    for (let step = 1; step <= 40; step++) {
      stepLearnerBatch(batch);
      batchPredictions(batch, p);
      const point = parabolaPointAt(land, p[0]!, batch.losses[0]!);
      expect(point.side).toBe(Math.sign(p[0]! - 165));
      if (point.side !== parabolaPoint(land, 4e-4, step, batch.losses[0]!).side) disagreements++;
    }
    expect(disagreements).toBeGreaterThan(0);
  });

  it("Adam at lr = 1 stays in the picture; plain descent at lr = 1 leaves it", () => {
    const batch = createLearnerBatch(lesson, [1, 1], { maxSteps: 1000, optimizers: [choices[2]!, choices[0]!] });
    while (batch.running > 0) stepLearnerBatch(batch);
    const p = new Float64Array(2);
    batchPredictions(batch, p);
    expect(parabolaPointAt(land, p[0]!, batch.losses[0]!).offTop).toBe(false);
    expect(parabolaPointAt(land, p[1]!, batch.losses[1]!).offTop).toBe(true);
  });

  it("a mixed batch projects each run where its own solo run is", () => {
    const data = getDataset("housing", { standardized: true });
    const plane = valleyPlane(data, { gridSize: 2 });
    const mixedRates = [0.1, 0.1, 0.1];
    const batch = createLearnerBatch(data, mixedRates, { maxSteps: 60, optimizers: choices });
    while (batch.running > 0) stepLearnerBatch(batch);
    const out = new Float64Array(6);
    projectBatch(plane, batch, out);
    choices.forEach((choice, k) => {
      const solo = trainOne(data, 0.1, 60, choice);
      const at = projectParameters(plane, solo.weights, solo.bias);
      expect(out[2 * k]).toBeCloseTo(at.u, 12);
      expect(out[2 * k + 1]).toBeCloseTo(at.v, 12);
    });
    // and the three paths differ: plain descent's replay would have put all three on one point.
    expect(Math.abs(out[0]! - out[4]!) + Math.abs(out[1]! - out[5]!)).toBeGreaterThan(1e-6);
  });

  it("batchPredictions needs one sample", () => {
    const batch = createLearnerBatch(getDataset("housing"), [1e-5]);
    expect(() => batchPredictions(batch, new Float64Array(1))).toThrow(RangeError);
  });
});
