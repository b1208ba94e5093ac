import { describe, expect, it } from "vitest";
import { lossAxisHint } from "../../../../app/_components/chart/axis-hint";
import { DIVERGENCE_FACTOR } from "../../../../lib/gd";

describe("lossAxisHint", () => {
  it("spans the lesson from under the convergence test (its optimum is 0) to the divergence limit", () => {
    const hint = lossAxisHint({ dataset: "lesson", standardized: false, maxSteps: 600 });
    expect(hint.maxStep).toBe(600);
    // Initial loss 14871.8025 (the classroom e2e's step 0): converged within 1e-9 of it, diverged past 1e6 times it.
    expect(hint.lossHigh).toBeCloseTo(DIVERGENCE_FACTOR * 14871.8025, 0);
    expect(hint.lossLow).toBeCloseTo(14871.8025e-10, 12);
  });

  it("starts at the optimum when the data cannot be fitted exactly", () => {
    const hint = lossAxisHint({ dataset: "housing", standardized: true, maxSteps: 50 });
    expect(hint.maxStep).toBe(50);
    expect(hint.lossLow).toBeCloseTo(42.3443165, 6);
    expect(hint.lossHigh).toBeCloseTo(153550.015 * DIVERGENCE_FACTOR, -3);
  });
});
