import { describe, expect, it } from "vitest";
import { gcOverlap } from "../../../scripts/bench/gc-overlap";

describe("gcOverlap", () => {
  it("counts a step as hit when a collection overlaps its span, at either end or inside", () => {
    const steps: [number, number, number][] = [
      [1, 100, 120], // a collection starting inside
      [2, 200, 225], // one ending inside (started before the first arrival)
      [3, 300, 320], // one just after it: not a hit
      [4, 400, 430], // one covering it whole
      [5, 500, 510], // none near
    ];
    const collections: [number, number, boolean][] = [
      [110, 5, true],
      [195, 10, true],
      [320, 3, true],
      [390, 50, false],
    ];
    expect(gcOverlap(steps, collections)).toEqual({ withCollection: [20, 25, 30], withoutCollection: [20, 10] });
  });

  it("puts every step on the quiet side when nothing was collected", () => {
    expect(gcOverlap([[1, 0, 28]], [])).toEqual({ withCollection: [], withoutCollection: [28] });
  });
});
