import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getDataset } from "../../../lib/gd/datasets";
import { trainOne } from "../../../lib/gd/train-one";
import { notebookStep, printNotebookStep, type NotebookStep } from "../../../lib/gd/notebook";
import { relativeError } from "./load-fixtures";

// Written by tests/reference/notebook_reference.py: numpy's notebook cells and their printout.
interface NotebookFixture {
  runs: {
    dataset: "lesson" | "housing";
    standardized: boolean;
    lr: number;
    steps: {
      step: number;
      /** numpy in lib/gd's order of operations (bit-exact with the core). */
      values: Record<string, string[] | string>;
      printed: Record<string, string>;
      /** Several samples only: the same step with plain numpy (matmul, pairwise mean). */
      plainNumpy?: Record<string, string[]>;
    }[];
  }[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/gd/notebook.json", import.meta.url), "utf8"),
) as NotebookFixture;

/** The cells as the fixture names them, flattened like numpy's arr.ravel(). */
function values(c: NotebookStep): Record<string, number[]> {
  return {
    weight: c.weights,
    bias: [c.bias],
    prediction: c.prediction,
    delta: c.delta,
    gradWeights: c.gradWeights,
    gradBias: [c.gradBias],
    nextWeight: c.nextWeights,
    nextBias: [c.nextBias],
    loss: [c.loss],
    nextLoss: [c.nextLoss],
  };
}

describe("the lesson's printout, for lr = 1 at step 0 -> 1", () => {
  it("is exactly the notebook's six lines", () => {
    const lesson = getDataset("lesson");
    const p = printNotebookStep(lesson, notebookStep(lesson, 1, 0));
    expect([
      `prediction: ${p.prediction}`,
      `loss: ${p.loss}`,
      `delta: ${p.delta}`,
      `weight: ${p.nextWeight}`,
      `bias: ${p.nextBias}`,
      `loss: ${p.nextLoss}`,
    ]).toEqual([
      "prediction: [43.05]",
      "loss: 14871.802500000002",
      "delta: [-243.9]",
      "weight: [[ 6854.09 14146.7 ]]",
      "bias: [243.9]",
      "loss: 1026548766283.6302",
    ]);
    expect(p.features).toBe("[28.1 58. ]");
    expect(p.weight).toBe("[[0.5 0.5]]");
  });
});

describe("notebook cells against numpy", () => {
  expect(fixture.runs.filter((r) => r.dataset === "lesson").map((r) => r.lr)).toEqual(
    expect.arrayContaining([1, 1e-4, 2.4e-4]),
  );
  for (const run of fixture.runs) {
    const name = `${run.dataset}${run.standardized ? " standardised" : ""} lr=${run.lr}`;
    it(`${name}: ${run.steps.length} steps, values bit for bit, printed strings equal`, () => {
      expect(run.steps.length).toBeGreaterThan(0);
      const dataset = getDataset(run.dataset, { standardized: run.standardized });
      for (const { step, values: expected, printed, plainNumpy } of run.steps) {
        const cells = notebookStep(dataset, run.lr, step);
        const actual = values(cells);
        for (const [key, list] of Object.entries(expected)) {
          const numbers = (Array.isArray(list) ? list : [list]).map(Number);
          expect(actual[key], `${key} at step ${step}`).toEqual(numbers);
        }
        const mine = printNotebookStep(dataset, cells);
        for (const [key, text] of Object.entries(printed)) {
          expect(mine[key as keyof typeof mine], `${key} at step ${step}`).toBe(text);
        }
        // Plain numpy (matmul, pairwise sums) agrees to rounding, relative to each array's scale
        // (a mean of deltas that nearly cancel has no relative precision of its own).
        for (const [key, list] of Object.entries(plainNumpy ?? {})) {
          const theirs = list.map(Number);
          const spread = key === "gradBias" ? cells.delta.map(Math.abs) : [];
          const scale = Math.max(...theirs.map(Math.abs), ...spread, Number.MIN_VALUE);
          actual[key]!.forEach((v, i) =>
            expect(Math.abs(v - theirs[i]!) / scale, `${key} at ${step}`).toBeLessThan(1e-9),
          );
        }
      }
    });
  }
  it("covers plain numpy for every multi-sample run", () => {
    for (const run of fixture.runs.filter((r) => r.dataset === "housing"))
      for (const s of run.steps) expect(Object.keys(s.plainNumpy ?? {})).toHaveLength(10);
  });
});

describe("the notebook is the core's own run", () => {
  it("its losses are the run's series, and w_next = w - step exactly, on every dataset", () => {
    for (const [id, standardized, lr] of [
      ["lesson", false, 2.4e-4],
      ["lesson", true, 0.1],
      ["housing", false, 5e-5],
      ["housing", true, 0.5],
    ] as const) {
      const dataset = getDataset(id, { standardized });
      const series = trainOne(dataset, lr, 60).losses;
      for (let k = 0; k < Math.min(series.length - 1, 60); k += 7) {
        const c = notebookStep(dataset, lr, k);
        expect(c.loss).toBe(series[k]);
        expect(c.nextLoss).toBe(series[k + 1]);
        c.weights.forEach((w, j) => expect(c.nextWeights[j]).toBe(w - c.stepWeights[j]!));
        expect(c.nextBias).toBe(c.bias - c.stepBias);
        // The gradient the student reads is the lr-free one; the step is lr times it (up to rounding).
        c.gradWeights.forEach((g, j) => expect(relativeError(lr * g, c.stepWeights[j]!)).toBeLessThan(1e-12));
      }
    }
  });

  it("rejects steps the run did not take", () => {
    const lesson = getDataset("lesson");
    expect(() => notebookStep(lesson, 1, 1)).toThrow(RangeError); // diverged at step 1
    expect(() => notebookStep(lesson, 1e-4, 6)).toThrow(RangeError); // converged at step 6
    expect(notebookStep(lesson, 1e-4, 5).step).toBe(5);
    expect(() => notebookStep(lesson, 1e-4, -1)).toThrow(RangeError);
    expect(() => notebookStep(lesson, 1e-4, 0.5)).toThrow(RangeError);
    expect(() => notebookStep(lesson, NaN, 0)).toThrow(RangeError);
  });

  it("shows the multi-sample shapes", () => {
    const housing = getDataset("housing");
    const p = printNotebookStep(housing, notebookStep(housing, 1e-5, 0));
    expect(p.shapes).toEqual({
      features: "(12, 3)",
      weight: "(1, 3)",
      bias: "(1,)",
      prediction: "(12, 1)",
      delta: "(12, 1)",
      gradWeights: "(1, 3)",
      gradBias: "(1,)",
    });
    expect(p.prediction.split("\n")).toHaveLength(12);
  });
});
