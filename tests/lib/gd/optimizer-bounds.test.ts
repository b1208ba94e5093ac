import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { maxStableLearningRate } from "../../../lib/gd/analysis";
import { getDataset, type DatasetId } from "../../../lib/gd/datasets";
import { adamFirstStep, momentumDirection, momentumStableBound } from "../../../lib/gd/optimizer-bounds";
import { trainOne } from "../../../lib/gd/train-one";
import { relativeError } from "./load-fixtures";

interface BoundsFixture {
  variants: {
    dataset: DatasetId;
    standardized: boolean;
    lambdaMax: number;
    momentumBounds: { beta: number; bound: number }[];
    adamFirstStep: Record<string, { adam: number[]; gd: number[] }>;
  }[];
  directions: { a: number; beta: number; radius: number }[];
}

const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../fixtures/gd/optimizer-bounds.json", import.meta.url)), "utf8"),
) as BoundsFixture;

describe("momentum's stable bound against numpy (tests/reference/optimizer_bounds_reference.py)", () => {
  for (const v of fixture.variants) {
    const dataset = getDataset(v.dataset, { standardized: v.standardized });
    for (const { beta, bound } of v.momentumBounds) {
      it(`${v.dataset} ${v.standardized ? "standardised" : "raw"}, beta ${beta}: lr < ${bound.toPrecision(4)}`, () => {
        expect(relativeError(momentumStableBound(dataset, beta), bound)).toBeLessThan(1e-12);
      });
    }
  }

  it("is plain descent's bound at beta 0 and (1 + beta) times it otherwise", () => {
    const lesson = getDataset("lesson");
    expect(momentumStableBound(lesson, 0)).toBe(maxStableLearningRate(lesson));
    expect(momentumStableBound(lesson, 0.9) / maxStableLearningRate(lesson)).toBeCloseTo(1.9, 12);
  });

  it("separates runs that the batch sees converge from those it sees diverge", () => {
    const lesson = getDataset("lesson");
    const bound = momentumStableBound(lesson, 0.9);
    const inside = trainOne(lesson, 0.97 * bound, 2000, { optimizer: "momentum", momentum: 0.9 });
    const outside = trainOne(lesson, 1.03 * bound, 2000, { optimizer: "momentum", momentum: 0.9 });
    expect(inside.status).toBe("converged");
    expect(outside.status).toBe("diverged");
    // Plain descent at the same (inside) rate is beyond its own bound.
    expect(trainOne(lesson, 0.97 * bound, 2000).status).toBe("diverged");
  });

  it("rejects beta outside [0, 1)", () => {
    const lesson = getDataset("lesson");
    expect(() => momentumStableBound(lesson, 1)).toThrow(RangeError);
    expect(() => momentumStableBound(lesson, -0.1)).toThrow(RangeError);
    expect(() => momentumStableBound(lesson, Number.NaN)).toThrow(RangeError);
  });
});

describe("momentumDirection", () => {
  it("has numpy's spectral radius of the heavy ball's iteration matrix", () => {
    for (const { a, beta, radius } of fixture.directions) {
      expect(Math.abs(momentumDirection(a, 1, beta).radius - radius), `a ${a} beta ${beta}`).toBeLessThan(1e-12);
    }
  });

  it("names the regimes: monotone, spiral, hopping, unstable", () => {
    // beta 0.9: complex roots for (1 - sqrt .9)^2 = 0.00263 < a < (1 + sqrt .9)^2 = 3.797.
    expect(momentumDirection(0.001, 1, 0.9).regime).toBe("monotone");
    expect(momentumDirection(1, 1, 0.9).regime).toBe("spiral");
    expect(momentumDirection(3.79, 1, 0.9).regime).toBe("spiral");
    expect(momentumDirection(3.79, 1, 0.9).radius).toBeCloseTo(Math.sqrt(0.9), 12);
    expect(momentumDirection(3.799, 1, 0.9).regime).toBe("hopping");
    expect(momentumDirection(3.8, 1, 0.9).regime).toBe("unstable");
    // beta 0 is plain descent: overshoots (hops) exactly when f = 1 - a < 0.
    expect(momentumDirection(0.9, 1, 0).regime).toBe("monotone");
    expect(momentumDirection(1.5, 1, 0).regime).toBe("hopping");
    expect(momentumDirection(1.5, 1, 0).radius).toBeCloseTo(0.5, 14);
    expect(momentumDirection(2, 1, 0).regime).toBe("unstable");
  });
});

describe("adamFirstStep against numpy", () => {
  for (const v of fixture.variants) {
    const dataset = getDataset(v.dataset, { standardized: v.standardized });
    for (const [lr, expected] of Object.entries(v.adamFirstStep)) {
      it(`${v.dataset} ${v.standardized ? "standardised" : "raw"}, lr ${lr}`, () => {
        const step = adamFirstStep(dataset, Number(lr));
        step.adam.forEach((s, j) => expect(relativeError(s, expected.adam[j]!)).toBeLessThan(1e-12));
        step.gd.forEach((s, j) => expect(relativeError(s, expected.gd[j]!)).toBeLessThan(1e-12));
        expect(step.adamMax).toBeLessThanOrEqual(Number(lr));
      });
    }
  }

  it("the lesson at lr = 1: Adam moves each parameter by ~1, plain descent the bias by 243.9 and w by 243.9·x", () => {
    const step = adamFirstStep(getDataset("lesson"), 1);
    step.adam.forEach((s) => expect(s).toBeCloseTo(1, 9));
    expect(step.gd[2]).toBeCloseTo(243.9, 9);
    expect(step.gd[0]).toBeCloseTo(243.9 * 28.1, 6);
    expect(step.gdMax).toBeCloseTo(243.9 * 58, 6);
  });

  it("matches the batch's own first Adam step", () => {
    const lesson = getDataset("lesson");
    const run = trainOne(lesson, 1, 1, { optimizer: "adam" });
    expect(Math.abs(run.weights[0]! - 0.5)).toBeCloseTo(adamFirstStep(lesson, 1).adam[0]!, 9);
    expect(() => adamFirstStep(lesson, 0)).toThrow(RangeError);
  });
});
