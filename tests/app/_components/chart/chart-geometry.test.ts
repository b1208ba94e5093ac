import { describe, expect, it } from "vitest";
import {
  FALLBACK_X_MAX,
  MARGIN,
  chartMapping,
  decadeTicks,
  fitRange,
  plotRect,
  sameGeometry,
  stepTicks,
} from "../../../../app/_components/chart/chart-geometry";

const none = { min: Infinity, max: -Infinity };

describe("fitRange", () => {
  it("takes whole decades around the hint and the data, and the round's step budget for x", () => {
    expect(fitRange(null, { maxStep: 600, lossLow: 1.49e-6, lossHigh: 1.49e10 }, none, 0)).toEqual({
      xMax: 600,
      loDecade: -6,
      hiDecade: 11,
    });
    expect(fitRange(null, { maxStep: 600, lossLow: 1.49e-6, lossHigh: 1.49e10 }, { min: 3e-9, max: 2e13 }, 5)).toEqual({
      xMax: 600,
      loDecade: -9,
      hiDecade: 14,
    });
  });

  it("never shrinks, so a round's axes change only when a loss leaves them", () => {
    const wide = { xMax: 600, loDecade: -9, hiDecade: 14 };
    expect(fitRange(wide, { maxStep: 600, lossLow: 1e-6, lossHigh: 1e10 }, { min: 1, max: 10 }, 7)).toEqual(wide);
    expect(fitRange(wide, {}, { min: 1e-12, max: 1e300 }, 7)).toEqual({ xMax: 600, loDecade: -12, hiDecade: 300 });
  });

  it("without a hint, spans the data, and doubles x as steps come past it", () => {
    expect(fitRange(null, {}, { min: 14871.8, max: 14871.8 }, 0)).toEqual({
      xMax: FALLBACK_X_MAX,
      loDecade: 4,
      hiDecade: 5,
    });
    const grown = fitRange({ xMax: 16, loDecade: 4, hiDecade: 5 }, {}, { min: 20, max: 14871.8 }, 40);
    expect(grown).toEqual({ xMax: 64, loDecade: 1, hiDecade: 5 });
  });

  it("gives a usable range with no data at all, or a round of zero steps", () => {
    expect(fitRange(null, {}, none, -1)).toEqual({ xMax: FALLBACK_X_MAX, loDecade: 0, hiDecade: 1 });
    expect(fitRange(null, { maxStep: 0 }, { min: 1, max: 1 }, 0)).toEqual({ xMax: 1, loDecade: 0, hiDecade: 1 });
  });
});

describe("chartMapping", () => {
  const range = { xMax: 600, loDecade: -6, hiDecade: 10 };
  const plot = plotRect({ cssWidth: 600, cssHeight: 420, dpr: 2 });

  it("lays the plot inside the margins, in device pixels", () => {
    expect(plot).toEqual({
      left: MARGIN.left * 2,
      top: MARGIN.top * 2,
      width: (600 - MARGIN.left - MARGIN.right) * 2,
      height: (420 - MARGIN.top - MARGIN.bottom) * 2,
    });
  });

  it("maps steps linearly and losses by their logarithm, larger losses higher up", () => {
    const map = chartMapping(range, plot);
    expect(map.x(0)).toBe(plot.left);
    expect(map.x(600)).toBeCloseTo(plot.left + plot.width, 9);
    expect(map.x(150)).toBeCloseTo(plot.left + plot.width / 4, 9);
    expect(map.y(1e10)).toBeCloseTo(plot.top, 9);
    expect(map.y(1e-6)).toBeCloseTo(plot.top + plot.height, 9);
    expect(map.y(100)).toBeCloseTo(plot.top + plot.height / 2, 9);
    expect(map.y(14871.8)).toBeCloseTo(plot.top + ((10 - Math.log10(14871.8)) / 16) * plot.height, 9);
  });
});

describe("ticks", () => {
  it("labels every decade of a short span and thins a long one to about eight", () => {
    expect(decadeTicks({ xMax: 1, loDecade: -2, hiDecade: 4 })).toEqual([-2, -1, 0, 1, 2, 3, 4]);
    const long = decadeTicks({ xMax: 1, loDecade: -12, hiDecade: 300 });
    expect(long.length).toBeLessThanOrEqual(9);
    expect(long[0]).toBe(-12);
    expect(long[1]! - long[0]!).toBe(39);
  });

  it("puts whole steps at least 60 px apart", () => {
    expect(stepTicks({ xMax: 3, loDecade: 0, hiDecade: 1 }, 600)).toEqual([0, 1, 2, 3]);
    expect(stepTicks({ xMax: 600, loDecade: 0, hiDecade: 1 }, 400)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    expect(stepTicks({ xMax: 600, loDecade: 0, hiDecade: 1 }, 1200)).toEqual(
      Array.from({ length: 13 }, (_, i) => i * 50),
    );
  });
});

describe("sameGeometry", () => {
  it("tells a new size, pixel ratio or range apart", () => {
    const a = { range: { xMax: 600, loDecade: -6, hiDecade: 11 }, cssWidth: 600, cssHeight: 420, dpr: 1 };
    expect(sameGeometry(a, { ...a, range: { ...a.range } })).toBe(true);
    expect(sameGeometry(a, { ...a, cssWidth: 601 })).toBe(false);
    expect(sameGeometry(a, { ...a, dpr: 2 })).toBe(false);
    expect(sameGeometry(a, { ...a, range: { ...a.range, hiDecade: 12 } })).toBe(false);
  });
});
