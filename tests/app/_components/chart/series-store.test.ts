import { describe, expect, it } from "vitest";
import { SeriesStore } from "../../../../app/_components/chart/series-store";
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

// A class of four as the server would tick it: Ada descends, Bo blows up at step 53, Cy converges
// at step 20 (below the log axis' floor for a few steps before), Di has no loss for steps 48..52.
// A stopped run's later ticks repeat its last loss and status, as the server's do.
const NAMES = ["Ada", "Bo", "Cy", "Di"];
const OPTIMIZERS = ["gd", "adam", "gd", "momentum"] as const;

function classTick(step: number): { losses: number[]; statuses: number[] } {
  const bo = step < 53 ? 100 * 1.5 ** step : Infinity;
  const cy = step < 20 ? 10 ** -step : 0;
  const di = step >= 48 && step <= 52 ? Number.NaN : 5 + step / 100;
  return {
    losses: [100 * 0.9 ** step, bo, cy, di],
    statuses: [RUNNING, step < 53 ? RUNNING : DIVERGED, step < 20 ? RUNNING : CONVERGED, RUNNING],
  };
}

function fed(steps: Iterable<number>, store = new SeriesStore("s:3", NAMES, { maxStep: 60 }, OPTIMIZERS)) {
  for (const step of steps) {
    const { losses, statuses } = classTick(step);
    store.push(step, losses, step === 0 ? null : statuses);
  }
  return store;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Everything a chart, leaderboard or landscape reads of a store. */
function buffers(store: SeriesStore) {
  return {
    key: store.key,
    labels: store.labels,
    axisHint: store.axisHint,
    xs: [...store.xs],
    ys: store.ys.map((y) => [...y]),
    status: Array.from(store.status),
    lastLoss: Array.from(store.lastLoss),
    lastIndex: Array.from(store.lastIndex),
    divergedAt: Array.from(store.divergedAt),
    stoppedAt: Array.from(store.stoppedAt),
    optimizers: Array.from(store.optimizers),
    mixed: store.mixed,
    limit: store.limit,
  };
}

describe("SeriesStore after a takeover replays steps", () => {
  const straight = buffers(fed(range(0, 60)));

  it("draws a step seen twice once: 1..57 then 50..60 gives the buffers of 1..60", () => {
    const store = fed(range(0, 57));
    let told = 0;
    store.subscribe(() => told++);
    fed(range(50, 60), store);
    expect(buffers(store)).toEqual(straight);
    expect(told).toBe(3); // 58, 59 and 60 only
  });

  it("rewound to step k holds exactly what steps 0..k gave, each run as it stood then", () => {
    const full = fed(range(0, 57));
    // Before and after Cy converged (and while its loss was under the axis' floor), Di's gap, Bo's blow-up.
    for (const k of [0, 15, 19, 20, 47, 50, 52, 53, 56, 57])
      expect(buffers(full.rewoundTo(k))).toEqual(buffers(fed(range(0, k))));
    expect(full.rewoundTo(15).lastLoss[2]).toBe(1e-15); // the raw loss, not the axis' 1e-12
    expect(full.rewoundTo(50).lastIndex[3]).toBe(47);
  });

  it("played on after the rewind gives the buffers of a round never cut", () => {
    const full = fed(range(0, 57));
    const before = buffers(full);
    const cut = full.rewoundTo(50);
    let told = 0;
    cut.subscribe(() => told++);
    fed(range(51, 60), cut);
    expect(buffers(cut)).toEqual(straight);
    expect(told).toBe(10);
    expect(buffers(full)).toEqual(before); // the store drawn until then is left as it was
  });

  it("keeps only the steps it holds up to k when it missed some (a page loaded mid-round)", () => {
    const late = fed([0, ...range(55, 57)]);
    const cut = late.rewoundTo(50);
    expect(cut.xs).toEqual([0]);
    expect(cut.lastStep).toBe(0);
    expect(Array.from(cut.status)).toEqual([RUNNING, RUNNING, RUNNING, RUNNING]);
    expect(Array.from(cut.lastIndex)).toEqual([0, 0, 0, 0]);
    expect(late.rewoundTo(56).xs).toEqual([0, 55, 56]);
  });

  it("refuses a step that is not one", () => {
    const store = fed(range(0, 10));
    const before = buffers(store);
    for (const bad of [-1, 2.5, Number.NaN]) expect(() => store.rewoundTo(bad)).toThrow(RangeError);
    expect(buffers(store)).toEqual(before);
  });
});
