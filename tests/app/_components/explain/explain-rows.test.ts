import { describe, expect, it } from "vitest";
import { explainRows } from "../../../../app/_components/explain/explain-rows";
import { errorFactor, getDataset, maxStableLearningRate } from "../../../../lib/gd";

const lesson = getDataset("lesson");
const bound = maxStableLearningRate(lesson);
const factor = (lr: number) => errorFactor(lesson, lr)!;
const lambda = 2 / bound;

describe("explainRows", () => {
  it("a plain-descent class: one row per rate, by the factor 1 − 2·lr·(|x|² + 1)", () => {
    const rows = explainRows([1, 1e-4, 1], undefined, factor, lambda);
    expect(rows.map((r) => [r.lr, r.meaning])).toEqual([
      [1e-4, "shrinks"],
      [1, "grows"],
    ]);
    expect(rows[1]!.factor).toBeCloseTo(-8308.22, 6);
  });

  it("a mixed class: momentum by its roots' size, Adam without a factor, gd lr = 1 still explodes", () => {
    const choices = [
      { optimizer: "gd" as const, momentum: null },
      { optimizer: "momentum" as const, momentum: 0.9 },
      { optimizer: "momentum" as const, momentum: 0.9 },
      { optimizer: "adam" as const, momentum: null },
    ];
    const rows = explainRows([1, 4e-4, 5e-4, 1], choices, factor, lambda);
    expect(rows.map((r) => [r.optimizer, r.lr, r.meaning])).toEqual([
      ["gd", 1, "grows"],
      ["momentum", 4e-4, "spirals"],
      ["momentum", 5e-4, "grows"],
      ["adam", 1, "adam"],
    ]);
    // In the spiral the error's size is multiplied by √β each step.
    expect(rows[1]!.factor).toBeCloseTo(Math.sqrt(0.9), 12);
    expect(rows[2]!.factor).toBeGreaterThan(1);
    expect(rows[3]!.factor).toBeNull();
  });

  it("the same rate with two optimisers is two rows; more than `max` keeps both ends", () => {
    const rates = Array.from({ length: 20 }, (_, i) => Number((1e-6 * (i + 1)).toPrecision(3)));
    const rows = explainRows(rates, undefined, factor, lambda, 4);
    expect(rows.map((r) => r.lr)).toEqual([1e-6, 2e-6, 1.9e-5, 2e-5]);
    const both = explainRows(
      [1e-4, 1e-4],
      [
        { optimizer: "gd", momentum: null },
        { optimizer: "adam", momentum: null },
      ],
      factor,
      lambda,
    );
    expect(both).toHaveLength(2);
  });
});
