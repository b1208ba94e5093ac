import { describe, expect, it } from "vitest";
import {
  choiceKind,
  countKinds,
  errorAfterSteps,
  formatCondition,
  formatError,
  formatFactorShort,
  formatRate4,
  rateKind,
  thinIndices,
} from "../../../../app/_components/lesson/lesson-figures";
import { errorFactor, explainRate, getDataset, maxStableLearningRate, valleyPlane } from "../../../../lib/gd";

const lesson = getDataset("lesson", { standardized: false });
const bound = maxStableLearningRate(lesson);

describe("the figures the lesson views print", () => {
  it("writes lr = 1's factor and the lesson's bound as the issue does", () => {
    expect(formatFactorShort(explainRate(lesson, 1).factor)).toBe("\u22128308");
    expect(formatRate4(bound)).toBe("2.407e-4");
    expect(formatRate4(explainRate(lesson, 1).oneStepBest!)).toBe("1.203e-4");
  });

  it("keeps three digits for small factors and e-notation for huge ones", () => {
    expect(formatFactorShort(errorFactor(lesson, 1e-4)!)).toBe("0.169");
    expect(formatFactorShort(-0.6616)).toBe("\u22120.662");
    expect(formatFactorShort(1)).toBe("1");
    // The housing data's flattest direction at lr = 2e-4: it shrinks, slowly, and must not read "1".
    expect(formatFactorShort(0.9999648)).toBe("0.99996");
    expect(formatFactorShort(-1.0000004)).toBe("\u22121.0000004");
    expect(formatFactorShort(-2.5e7)).toBe("\u22122.50e+7");
  });

  it("writes the housing data's condition numbers like the issue (1.8e5 raw, 3.0 standardised)", () => {
    expect(formatCondition(valleyPlane(getDataset("housing", { standardized: false })).conditionNumber)).toBe("1.8e5");
    expect(formatCondition(valleyPlane(getDataset("housing", { standardized: true })).conditionNumber)).toBe("3.0");
    expect(formatCondition(425.2)).toBe("425");
  });

  it("signs errors with a real minus and switches to e-notation for big ones", () => {
    expect(formatError(121.95)).toBe("121.95");
    expect(formatError(-1013198.4)).toBe("\u22121.013e+6");
    expect(formatError(0)).toBe("0");
  });
});

describe("how a rate behaves against the bound", () => {
  it("classifies by the stiffest factor 1 − 2·lr/bound", () => {
    expect(rateKind(1e-4, bound)).toBe("converging"); // f = 0.169
    expect(rateKind(2e-4, bound)).toBe("oscillating"); // f = −0.66
    expect(rateKind(1, bound)).toBe("exploding"); // f = −8308
    expect(rateKind(bound, bound)).toBe("exploding"); // f = −1: never settles
    expect(rateKind(bound / 2, bound)).toBe("converging"); // f = 0: one step
  });

  it("agrees with lib/gd's own error factor on the lesson data", () => {
    for (const lr of [1e-6, 1e-4, 1.5e-4, 2.3e-4, 2.5e-4, 1e-2, 1]) {
      const f = errorFactor(lesson, lr)!;
      let expected = "converging";
      if (f < 0) expected = "oscillating";
      if (Math.abs(f) >= 1) expected = "exploding";
      expect(rateKind(lr, bound), `lr=${lr}`).toBe(expected);
    }
  });

  it("counts a class", () => {
    expect(countKinds([1e-4, 2e-4, 1, 0.5, 1e-5], bound)).toEqual({ converging: 2, oscillating: 1, exploding: 2 });
    expect(countKinds([], bound)).toEqual({ converging: 0, oscillating: 0, exploding: 0 });
  });
});

describe("the error's first steps", () => {
  it("multiplies by the factor each step (the lesson: 121.95, then × −8308.22)", () => {
    const errors = errorAfterSteps(121.95, -8308.22, 2);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe(121.95);
    expect(errors[1]).toBeCloseTo(-1013187.4, 1);
    expect(errors[2]).toBeCloseTo(121.95 * 8308.22 ** 2, -2);
  });
});

describe("thinning a long path", () => {
  it("keeps every step of a short path and both ends of a long one", () => {
    expect(thinIndices(3, 10)).toEqual([0, 1, 2, 3]);
    const thin = thinIndices(9999, 300);
    expect(thin.length).toBeLessThanOrEqual(300);
    expect(thin[0]).toBe(0);
    expect(thin[thin.length - 1]).toBe(9999);
    expect(thinIndices(-1, 10)).toEqual([]);
  });
});

describe("choiceKind: a run's kind against its own optimiser's bound", () => {
  it("is rateKind for plain descent and for momentum with β = 0", () => {
    for (const lr of [1e-5, 1.5e-4, 2.3e-4, 3e-4, 1]) {
      expect(choiceKind({ optimizer: "gd", momentum: null }, lr, bound)).toBe(rateKind(lr, bound));
      expect(choiceKind({ optimizer: "momentum", momentum: 0 }, lr, bound)).toBe(rateKind(lr, bound));
    }
  });

  it("momentum β = 0.9 is stable up to 1.9 × plain descent's bound, and overshoots early", () => {
    const momentum = { optimizer: "momentum" as const, momentum: 0.9 };
    expect(choiceKind(momentum, 1.85 * bound, bound)).toBe("oscillating");
    expect(choiceKind(momentum, 1.95 * bound, bound)).toBe("exploding");
    // lr·λmax = 2·lr/bound below (1 − √0.9)² ≈ 0.00263: no overshoot.
    expect(choiceKind(momentum, 0.001 * bound, bound)).toBe("converging");
    expect(choiceKind(momentum, 0.1 * bound, bound)).toBe("oscillating");
  });

  it("Adam has no rate bound: lr = 1 is not 'exploding' unless its run did", () => {
    const adam = { optimizer: "adam" as const, momentum: null };
    expect(choiceKind(adam, 1, bound)).toBe("converging");
    expect(choiceKind(adam, 1, bound, true)).toBe("exploding");
  });

  it("counts a mixed class by each run's own optimiser", () => {
    const choices = [
      { optimizer: "gd" as const, momentum: null },
      { optimizer: "momentum" as const, momentum: 0.9 },
      { optimizer: "adam" as const, momentum: null },
    ];
    expect(countKinds([1, 1.85 * bound, 1], bound, choices)).toEqual({ converging: 1, oscillating: 1, exploding: 1 });
    expect(countKinds([1, 1, 1], bound)).toEqual({ converging: 0, oscillating: 0, exploding: 3 });
  });
});
