import { describe, expect, it } from "vitest";
import { logAxis } from "../../../../app/_components/explain/log-axis";

describe("logAxis", () => {
  it("spans whole decades with one to spare each side, ignores non-positive values, maps onto the pixels", () => {
    const { x, decades } = logAxis([2.4e-4, 1, 0, -3], 20, 320);
    expect(decades).toEqual([-5, -4, -3, -2, -1, 0, 1]);
    expect(x(1e-5)).toBe(20);
    expect(x(10)).toBe(320);
    expect(x(1e-2)).toBeCloseTo(170, 10);
  });
});
