import { describe, expect, it } from "vitest";
import {
  SLOTS,
  indexAtStep,
  mergeReducedSeries,
  storeFromSummary,
} from "../../../../app/_components/chart/review-store";
import { STATUS } from "../../../../lib/gd";
import { reduceSeries, type ReducedSeries } from "../../../../lib/series/reduce-series";
import { decodeSummarySeries, encodeSummarySeries, summaryColumns } from "../../../../lib/series/summary-series";

const series = (length: number, loss: (k: number) => number) => Float64Array.from({ length }, (_, k) => loss(k));
const reduced = (steps: number[], values: number[]): ReducedSeries => ({
  steps: Uint32Array.from(steps),
  values: Float64Array.from(values),
});

/** Each of the run's reduced points: where it sits on the axis (its step or, in a crowded column, near it) and its value there. */
function pointsOnAxis(axis: { xs: number[]; ys: number[][] }, run: number, points: ReducedSeries) {
  const found: { x: number; y: number }[] = [];
  let from = 0;
  for (const value of points.values) {
    while (from < axis.ys[run]!.length && axis.ys[run]![from] !== value) from++;
    found.push({ x: axis.xs[from]!, y: axis.ys[run]![from]! });
    from++;
  }
  return found;
}

describe("mergeReducedSeries", () => {
  it("puts descending runs of 10,000 steps on ~2 steps a column, every kept point at its own step", () => {
    const span = 10_000;
    const columns = summaryColumns(1000, span);
    const runs = [0.999, 0.9995, 0.9999].map((f) =>
      reduceSeries(
        series(span, (k) => 100 * f ** k),
        columns,
        { span },
      ),
    );
    const axis = mergeReducedSeries(runs, columns, span);
    expect(columns).toBe(131);
    expect(axis.xs.length).toBe(2 * columns);
    expect(axis.xs[0]).toBe(0);
    expect(axis.xs.at(-1)).toBe(span - 1);
    runs.forEach((run, i) => {
      expect(axis.ys[i]!.length).toBe(axis.xs.length);
      expect(axis.lastIndex[i]).toBe(axis.xs.length - 1);
      for (let j = 0; j < run.steps.length; j++)
        expect(axis.ys[i]![axis.xs.indexOf(run.steps[j]!)]).toBe(run.values[j]);
    });
  });

  it("gives a run without a point at an axis step the value on its line there (log scale), and ends a short run at its last point", () => {
    const axis = mergeReducedSeries(
      [reduced([0, 10], [100, 1]), reduced([0, 5, 10], [50, 40, 30]), reduced([0, 3], [7, 1e6])],
      1000,
      11,
    );
    expect(axis.xs).toEqual([0, 3, 5, 10]);
    // Straight on a log axis: log10 goes from 2 to 0 over 10 steps, so 2 - 0.6 at 3 and 1 at 5.
    expect(axis.ys[0]![1]).toBeCloseTo(10 ** 1.4, 10);
    expect(axis.ys[0]![2]).toBeCloseTo(10, 10);
    expect(axis.ys[1]).toEqual([50, expect.closeTo(50 * (40 / 50) ** (3 / 5), 10), 40, 30]);
    expect(axis.ys[2]).toEqual([7, 1e6]);
    expect(Array.from(axis.lastIndex)).toEqual([3, 3, 1]);
  });

  it("keeps at most SLOTS steps in a crowded column, and every run's points, values and order", () => {
    // 200 oscillating runs, each with its own period: their lowest and highest steps differ column by column.
    const span = 5000;
    const columns = 50;
    const runs = Array.from({ length: 200 }, (_, r) =>
      reduceSeries(
        series(span - r, (k) => (1 + 0.5 * Math.sin(k / (3 + r / 7))) * 100 * 0.9995 ** k),
        columns,
        { span },
      ),
    );
    const axis = mergeReducedSeries(runs, columns, span);
    expect(axis.xs.length).toBeLessThanOrEqual(SLOTS * columns);
    expect(axis.xs.length).toBeGreaterThan(2 * columns);
    for (let k = 1; k < axis.xs.length; k++) expect(axis.xs[k]).toBeGreaterThan(axis.xs[k - 1]!);
    runs.forEach((run, i) => {
      const found = pointsOnAxis(axis, i, run);
      expect(found.map((p) => p.y)).toEqual(Array.from(run.values));
      // At most a column sideways (one column is span / columns = 100 steps here).
      found.forEach((p, j) => expect(Math.abs(p.x - run.steps[j]!)).toBeLessThan(span / columns));
      expect(Math.max(...axis.ys[i]!)).toBe(Math.max(...run.values));
      expect(Math.min(...axis.ys[i]!)).toBe(Math.min(...run.values));
      expect(axis.xs[axis.lastIndex[i]!]).toBe(found.at(-1)!.x);
    });
  });

  it("refuses a bad column count or a point past the span, building nothing", () => {
    expect(() => mergeReducedSeries([], 0, 10)).toThrow(/columns/);
    expect(() => mergeReducedSeries([reduced([0, 12], [1, 2])], 10, 10)).toThrow(/past the span 10/);
  });
});

describe("indexAtStep", () => {
  it("finds the last axis step at or before a step", () => {
    const xs = [0, 4, 9, 15];
    expect([0, 3, 4, 8, 9, 14, 15, 99].map((s) => indexAtStep(xs, s))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(indexAtStep(xs, -1)).toBe(-1);
    expect(indexAtStep([], 5)).toBe(-1);
  });
});

describe("storeFromSummary", () => {
  it("makes a complete store from summary runs: statuses, blow-ups, optimisers and the replay limit", () => {
    const span = 300;
    const decoded = (losses: Float64Array) => decodeSummarySeries(encodeSummarySeries(losses, 1000, span));
    const ada = series(2, (k) => (k === 0 ? 100 : 1e12));
    const bo = series(span, (k) => 100 * 0.98 ** k);
    const store = storeFromSummary(
      "s:1",
      [
        {
          nickname: "Ada",
          status: "diverged",
          divergedAtStep: 2,
          finalLoss: null,
          optimizer: "gd",
          reduced: decoded(ada),
        },
        {
          nickname: "Bo",
          status: "converged",
          divergedAtStep: null,
          finalLoss: bo[span - 1]!,
          optimizer: "adam",
          reduced: decoded(bo),
        },
      ],
      1000,
      span,
    );
    expect(store.xs.length).toBe(span);
    expect(store.axisHint).toEqual({ maxStep: span - 1 });
    expect(Array.from(store.status)).toEqual([STATUS.DIVERGED, STATUS.CONVERGED]);
    expect(Array.from(store.lastIndex)).toEqual([1, span - 1]);
    expect(Array.from(store.divergedAt)).toEqual([2, -1]);
    expect(Array.from(store.stoppedAt)).toEqual([1, span - 1]);
    expect(store.lastLoss[0]).toBeCloseTo(1e12, -6); // float32 on the wire, ~7 digits
    expect(store.lastLoss[1]).toBe(bo[span - 1]);
    expect(store.mixed).toBe(true);
    expect(store.ys[0]).toEqual([100, expect.closeTo(1e12, -6)]);
    store.setLimit(0);
    expect([store.visibleStatus(0), store.visibleStatus(1)]).toEqual([STATUS.RUNNING, STATUS.RUNNING]);
    store.setLimit(indexAtStep(store.xs, 1));
    expect(store.visibleStatus(0)).toBe(STATUS.DIVERGED);
  });
});
