import { describe, expect, it } from "vitest";
import { getDataset } from "../../../lib/gd/datasets";
import { explainRate, roundDown2 } from "../../../lib/gd/explain-rate";
import { trainOne } from "../../../lib/gd/train-one";
import { landscapeVariants } from "./landscape-fixture";
import { relativeError } from "./load-fixtures";

const NUMPY_LIMIT = 20_000; // how far the reference script follows each run

describe("explainRate against numpy", () => {
  for (const v of landscapeVariants) {
    it(`${v.dataset}${v.standardized ? " standardised" : ""}: factor, bound, and where the run stops`, () => {
      const dataset = getDataset(v.dataset, { standardized: v.standardized });
      for (const rate of v.rates) {
        const lr = Number(rate.lr);
        const e = explainRate(dataset, lr);
        // Absolute below 1: at half the bound the factor is 0 up to rounding.
        const expected = Number(rate.factor);
        expect(Math.abs(e.factor - expected) / Math.max(1, Math.abs(expected)), `lr=${lr}`).toBeLessThan(1e-12);
        expect(relativeError(e.stableBound, Number(v.stableBound))).toBeLessThan(1e-12);
        // The closed form predicts the stop of numpy's own step-by-step run, to the step.
        if (rate.stop) expect(e.stop, `lr=${lr}`).toEqual(rate.stop);
        else expect(e.stop === null || e.stop.step > NUMPY_LIMIT, `lr=${lr}`).toBe(true);
      }
    });
  }
});

describe("the lesson's answer", () => {
  const lesson = getDataset("lesson");

  it("lr = 1: factor -8308 per step, diverged at step 1, bound 2.407e-4, try 1.2e-4", () => {
    const e = explainRate(lesson, 1, { maxSteps: 100 });
    expect(Math.round(e.factor)).toBe(-8308);
    expect(e.behaviour).toBe("oscillates-growing");
    expect(e.verdict).toBe("diverges");
    expect(e.stop).toEqual({ status: "diverged", step: 1 });
    expect(e.stableBound.toPrecision(4)).toBe("0.0002407");
    expect(e.boundRatio).toBeGreaterThan(4000);
    expect(relativeError(e.oneStepBest!, 1 / (2 * 4154.61))).toBeLessThan(1e-12);
    expect(e.fastestRate).toBeCloseTo(e.oneStepBest!, 15);
    expect(e.suggestion).toBe(1.2e-4);
    expect(e.suggestionStop).toEqual({ status: "converged", step: 2 });
    expect(e.stepsToShrink1000x).toBeNull();
    expect(e.standardizingHelps).toBe(false);
    expect(e.conditionNumber).toBe(1);
  });

  it("gives each kind of rate its verdict", () => {
    const verdict = (lr: number) => explainRate(lesson, lr, { maxSteps: 100 }).verdict;
    expect(verdict(1e-4)).toBe("good"); // f = 0.17: shrinks, converged at step 6
    expect(verdict(1.2e-4)).toBe("best"); // the suggestion itself
    expect(verdict(1.5e-4)).toBe("oscillates"); // f = -0.25
    expect(verdict(2.4e-4)).toBe("too-slow"); // f = -0.994: 1786 steps
    expect(verdict(1e-6)).toBe("too-slow");
    expect(verdict(3e-4)).toBe("diverges");
    expect(explainRate(lesson, 2.4e-4, { maxSteps: 2000 }).verdict).toBe("oscillates");
    expect(explainRate(lesson, 1e-4).stepsToShrink1000x).toBe(4); // 0.169^4 < 1e-3 < 0.169^3
  });

  it("predicts the stop of the core's own run", () => {
    for (const lr of [1e-5, 1e-4, 1.5e-4, 2.3e-4, 2.41e-4, 3e-4, 1e-3]) {
      const run = trainOne(lesson, lr, 5000);
      const e = explainRate(lesson, lr);
      expect(e.stop, `lr=${lr}`).toEqual({ status: run.status, step: run.losses.length - 1 });
    }
  });

  it("rejects rates that are not positive and finite", () => {
    for (const lr of [0, -1e-4, NaN, Infinity]) expect(() => explainRate(lesson, lr)).toThrow(RangeError);
  });
});

describe("several samples", () => {
  it("raw housing: too slow at any rate, standardising helps; condition number 1.8e5", () => {
    const raw = getDataset("housing");
    for (const lr of [1e-5, 5e-5, 5.6e-5]) {
      const e = explainRate(raw, lr, { maxSteps: 1000 });
      expect(e.verdict).toBe("too-slow");
      expect(e.standardizingHelps).toBe(true);
      expect(e.flatFactor).toBeGreaterThan(0.99999);
    }
    const e = explainRate(raw, 5e-5);
    expect(e.conditionNumber.toPrecision(2)).toBe("1.8e+5");
    expect(e.suggestion).toBe(5.6e-5); // 0.9 x the bound 6.29e-5, rounded down
    expect(e.suggestion).toBeLessThan(e.stableBound);
    expect(explainRate(raw, 6.5e-5).verdict).toBe("diverges");
  });

  it("standardised housing: round valley, the suggestion converges fastest", () => {
    const scaled = getDataset("housing", { standardized: true });
    const e = explainRate(scaled, 0.1, { maxSteps: 100 });
    expect(e.conditionNumber.toFixed(1)).toBe("3.0");
    expect(e.verdict).toBe("good");
    expect(e.suggestion).toBe(0.47);
    expect(explainRate(scaled, 0.47).verdict).toBe("best");
    expect(explainRate(scaled, 0.5).verdict).toBe("oscillates");
    expect(explainRate(scaled, 0.7).verdict).toBe("diverges");
    expect(e.standardizingHelps).toBe(false);
  });

  it("roundDown2 rounds down to two significant digits, in decimal", () => {
    expect(roundDown2(1.2034823966629833e-4)).toBe(1.2e-4);
    expect(roundDown2(5.662679110213631e-5)).toBe(5.6e-5);
    expect(roundDown2(0.476)).toBe(0.47);
    expect(roundDown2(1.2)).toBe(1.2);
    expect(roundDown2(0.9999999)).toBe(0.99);
  });
});
