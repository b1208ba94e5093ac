import { describe, expect, it } from "vitest";
import {
  CONVERGENCE_TOLERANCE,
  DIVERGENCE_FACTOR,
  STATUS,
  STATUS_NAMES,
  classifyLoss,
  outcomeThresholds,
  statusCode,
  statusName,
} from "../../../lib/gd/outcome";

describe("outcome rules", () => {
  it("numbers and names the statuses", () => {
    expect(STATUS).toEqual({ RUNNING: 0, CONVERGED: 1, DIVERGED: 2, MAX_STEPS: 3 });
    expect(STATUS_NAMES).toEqual(["running", "converged", "diverged", "max_steps"]);
    for (const name of STATUS_NAMES) expect(statusName(statusCode(name))).toBe(name);
    expect(statusName(STATUS.MAX_STEPS)).toBe("max_steps");
    expect(() => statusName(7)).toThrow(RangeError);
  });

  it("uses the documented constants", () => {
    expect(CONVERGENCE_TOLERANCE).toBe(1e-9);
    expect(DIVERGENCE_FACTOR).toBe(1e6);
  });

  it("classifies relative to the initial and optimum losses", () => {
    const t = outcomeThresholds(1000, 10);
    expect(classifyLoss(500, t)).toBe(STATUS.RUNNING);
    expect(classifyLoss(10 + 500e-9, t)).toBe(STATUS.CONVERGED);
    expect(classifyLoss(10 + 2000e-9, t)).toBe(STATUS.RUNNING);
    expect(classifyLoss(10, t)).toBe(STATUS.CONVERGED);
    expect(classifyLoss(1000 * 1e6, t)).toBe(STATUS.RUNNING);
    expect(classifyLoss(1000 * 1e6 * 1.0001, t)).toBe(STATUS.DIVERGED);
    expect(classifyLoss(Infinity, t)).toBe(STATUS.DIVERGED);
    expect(classifyLoss(NaN, t)).toBe(STATUS.DIVERGED);
  });

  it("floors the scales at 1 so tiny initial losses still have sane thresholds", () => {
    const t = outcomeThresholds(1e-3, 0);
    expect(t.convergenceSlack).toBe(1e-9);
    expect(t.divergenceLimit).toBe(1e6);
    expect(classifyLoss(5e5, t)).toBe(STATUS.RUNNING);
  });

  it("puts lr = 1 on the lesson over the divergence limit at step 1", () => {
    const t = outcomeThresholds(14871.802500000002, 0);
    expect(classifyLoss(1026548766283.6302, t)).toBe(STATUS.DIVERGED);
  });
});
