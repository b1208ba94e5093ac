import { describe, expect, it } from "vitest";
import { SeriesStore, storeFromRuns } from "../../../../app/_components/chart/series-store";
import { STATUS } from "../../../../lib/gd";

const { RUNNING, CONVERGED, DIVERGED } = STATUS;

describe("SeriesStore", () => {
  it("appends one step for every run, clamps for the log axis, and ends a stopped run's line", () => {
    const store = new SeriesStore("s:1", ["Ada", "Bo"], { maxStep: 10 });
    let told = 0;
    store.subscribe(() => told++);
    store.push(0, [100, 100], null);
    store.push(1, [1e12, 0], [DIVERGED, RUNNING]);
    store.push(2, [Infinity, 1e-3], [DIVERGED, CONVERGED]);
    store.push(2, [5, 5], null); // a duplicate after a reconnect changes nothing
    store.push(3, [7, 7], [DIVERGED, CONVERGED]);
    expect(store.xs).toEqual([0, 1, 2, 3]);
    expect(store.ys[0]).toEqual([100, 1e12, null, null]);
    expect(store.ys[1]).toEqual([100, 1e-12, 1e-3, null]);
    expect(Array.from(store.lastIndex)).toEqual([1, 2]);
    expect(Array.from(store.divergedAt)).toEqual([1, -1]);
    expect(Array.from(store.lastLoss)).toEqual([1e12, 1e-3]);
    expect(store.axisHint).toEqual({ maxStep: 10 });
    expect(told).toBe(4);
  });

  it("shows a replayed run as running until the step where it stopped", () => {
    const store = new SeriesStore("s:1", ["Ada"]);
    store.push(0, [100], null);
    store.push(1, [50], [RUNNING]);
    store.push(2, [1e12], [DIVERGED]);
    store.setLimit(1);
    expect(store.visibleStatus(0)).toBe(RUNNING);
    store.setLimit(2);
    expect(store.visibleStatus(0)).toBe(DIVERGED);
    store.setLimit(null);
    expect(store.visibleStatus(0)).toBe(DIVERGED);
  });
});

describe("storeFromRuns", () => {
  it("replays stored runs with their final status and spans exactly the steps held", () => {
    const store = storeFromRuns("s:2", [
      { nickname: "Ada", losses: [100, 1e12], status: "diverged", divergedAtStep: 1 },
      { nickname: "Bo", losses: [100, 10, 1], status: "converged", divergedAtStep: null },
    ]);
    expect(store.xs).toEqual([0, 1, 2]);
    expect(store.axisHint).toEqual({ maxStep: 2 });
    expect(Array.from(store.status)).toEqual([DIVERGED, CONVERGED]);
    expect(Array.from(store.lastIndex)).toEqual([1, 2]);
    expect(store.ys[0]).toEqual([100, 1e12, null]);
    expect(Array.from(store.divergedAt)).toEqual([1, -1]);
  });
});
