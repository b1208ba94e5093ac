import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getDataset } from "../../../lib/gd/datasets";
import { notebookStep, printNotebookStep, type NotebookStep } from "../../../lib/gd/notebook";
import type { OptimizerChoice } from "../../../lib/gd/optimizers";
import { trainOne } from "../../../lib/gd/train-one";

// Written by tests/reference/notebook_optimizer_reference.py: numpy's momentum and Adam cells.
type Printed = Record<string, string | { weight: string; bias: string }>;
interface Fixture {
  runs: {
    dataset: "lesson" | "housing";
    standardized: boolean;
    optimizer: "momentum" | "adam";
    lr: number;
    momentum: number | null;
    steps: { step: number; values: Record<string, string[] | string>; printed: Printed }[];
  }[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/gd/notebook-optimizers.json", import.meta.url), "utf8"),
) as Fixture;

function choiceOf(run: Fixture["runs"][number]): OptimizerChoice {
  return run.optimizer === "momentum" ? { optimizer: "momentum", momentum: run.momentum! } : { optimizer: "adam" };
}

/** The cells under the fixture's names; state vectors in theta order (w..., b). */
function values(c: NotebookStep): Record<string, number[]> {
  const state: Record<string, number[]> = {};
  if (c.optimizer.optimizer !== "gd")
    for (const [key, v] of Object.entries(c.optimizer)) if (Array.isArray(v)) state[key] = v as number[];
  return {
    weight: c.weights,
    bias: [c.bias],
    gradWeights: c.gradWeights,
    gradBias: [c.gradBias],
    nextWeight: c.nextWeights,
    nextBias: [c.nextBias],
    loss: [c.loss],
    nextLoss: [c.nextLoss],
    ...state,
  };
}

describe("momentum and Adam notebook cells against numpy", () => {
  it("covers both optimisers on both datasets", () => {
    const kinds = new Set(fixture.runs.map((r) => `${r.dataset} ${r.optimizer}`));
    expect(kinds).toEqual(new Set(["lesson momentum", "lesson adam", "housing momentum", "housing adam"]));
  });
  for (const run of fixture.runs) {
    const name = `${run.dataset}${run.standardized ? " standardised" : ""} ${run.optimizer} lr=${run.lr}`;
    it(`${name}: ${run.steps.length} steps, values bit for bit, printed strings equal`, () => {
      expect(run.steps.length).toBeGreaterThan(3);
      const dataset = getDataset(run.dataset, { standardized: run.standardized });
      for (const { step, values: expected, printed } of run.steps) {
        const cells = notebookStep(dataset, run.lr, step, choiceOf(run));
        expect(cells.optimizer.optimizer).toBe(run.optimizer);
        const actual = values(cells);
        for (const [key, list] of Object.entries(expected)) {
          const numbers = (Array.isArray(list) ? list : [list]).map(Number);
          expect(actual[key], `${key} at step ${step}`).toEqual(numbers);
        }
        const mine = printNotebookStep(dataset, cells);
        const flat: Record<string, unknown> = { ...mine, ...mine.optimizer };
        for (const [key, text] of Object.entries(printed)) expect(flat[key], `${key} at step ${step}`).toEqual(text);
      }
    });
  }
});

describe("the notebook re-runs the run's own optimiser", () => {
  const lesson = getDataset("lesson");

  it("Adam at lr = 1 moves each parameter by about lr, not plain descent's 6854", () => {
    const p = printNotebookStep(lesson, notebookStep(lesson, 1, 0, { optimizer: "adam" }));
    expect([p.nextWeight, p.nextBias, p.nextLoss]).toEqual(["[[1.5 1.5]]", "[1.]", "1214.5225000085754"]);
    expect(p.optimizer).toMatchObject({ optimizer: "adam", t: "1", beta1: "0.9", beta2: "0.999", epsilon: "1e-08" });
    const gd = printNotebookStep(lesson, notebookStep(lesson, 1, 0));
    expect(gd.nextWeight).toBe("[[ 6854.09 14146.7 ]]");
    expect(gd.optimizer).toEqual({ optimizer: "gd" });
  });

  it("its losses are the run's series and w_next = w - step exactly", () => {
    const runs: [string, boolean, number, OptimizerChoice][] = [
      ["lesson", false, 1e-4, { optimizer: "momentum", momentum: 0.9 }],
      ["lesson", false, 0.5, { optimizer: "adam" }],
      ["housing", false, 1e-5, { optimizer: "momentum", momentum: 0.5 }],
      ["housing", true, 0.05, { optimizer: "adam" }],
    ];
    for (const [id, standardized, lr, choice] of runs) {
      const dataset = getDataset(id as "lesson" | "housing", { standardized });
      const series = trainOne(dataset, lr, 60, choice).losses;
      expect(series.length).toBeGreaterThan(8);
      for (let k = 0; k < Math.min(series.length - 1, 60); k += 4) {
        const c = notebookStep(dataset, lr, k, choice);
        expect(c.loss).toBe(series[k]);
        expect(c.nextLoss).toBe(series[k + 1]);
        c.weights.forEach((w, j) => expect(c.nextWeights[j]).toBe(w - c.stepWeights[j]!));
        expect(c.nextBias).toBe(c.bias - c.stepBias);
        const g = [...c.gradWeights, c.gradBias];
        const state = c.optimizer;
        if (state.optimizer === "momentum")
          state.nextVelocity.forEach((v, j) => expect(v).toBe(state.beta * state.velocity[j]! + g[j]!));
        else if (state.optimizer === "adam") {
          expect(state.t).toBe(k + 1);
          // 1 - 0.9 is 0.09999999999999998 in doubles, as in numpy's (1 - b1) * g.
          state.nextFirstMoment.forEach((m, j) => expect(m).toBe(0.9 * state.firstMoment[j]! + (1 - 0.9) * g[j]!));
        } else throw new Error("expected a stateful optimiser");
      }
    }
  });

  it("continues the velocity from the previous step", () => {
    const choice = { optimizer: "momentum", momentum: 0.9 } as const;
    const a = notebookStep(lesson, 1e-4, 2, choice);
    const b = notebookStep(lesson, 1e-4, 3, choice);
    if (a.optimizer.optimizer !== "momentum" || b.optimizer.optimizer !== "momentum") throw new Error("momentum");
    expect(b.optimizer.velocity).toEqual(a.optimizer.nextVelocity);
    expect(b.weights).toEqual(a.nextWeights);
  });

  it("rejects a bad optimiser and steps the run did not take", () => {
    expect(() => notebookStep(lesson, 1e-4, 0, { optimizer: "momentum", momentum: 1 })).toThrow(RangeError);
    expect(() => notebookStep(lesson, 1e-4, 0, { optimizer: "nesterov" as "gd" })).toThrow(RangeError);
    const stop = trainOne(lesson, 1e-4, 200, { optimizer: "momentum", momentum: 0.9 }).losses.length - 1;
    expect(notebookStep(lesson, 1e-4, stop - 1, { optimizer: "momentum", momentum: 0.9 }).step).toBe(stop - 1);
    expect(() => notebookStep(lesson, 1e-4, stop, { optimizer: "momentum", momentum: 0.9 })).toThrow(RangeError);
  });
});
