// A stored round's chart from the session summary (GET /api/sessions/:id/summary): every run's
// series reduced for `columns` pixel columns (lib/series/reduce-series.ts), put on the one step
// axis a SeriesStore shares between its runs.
//
// The shared axis is the union of the steps the runs' points use, column by column. For runs that
// only descend (or only rise) in a column, its first and last step are the same for every run, so
// the union is ~2 steps a column. A column where the runs' points sit at more than SLOTS different
// steps (oscillating runs keep their own lowest and highest step) gets SLOTS steps instead: the
// column's first and last, and two between; each run's points there keep their values and order
// and move to the nearest of those steps, at most a column sideways, which is the reduction's own
// resolution. So the axis has at most SLOTS × columns steps, and the store runs × that many values,
// never runs × span (1,000 runs of 10,000 steps: 131 columns, at most 524 steps, typically 262).
//
// A run with no point of its own at some step of the axis gets the value on its line there
// (interpolated on the log scale the chart draws, so the line looks the same): no gaps, no stairs.
import { STATUS, isStatusName, statusCode, type OptimizerId } from "../../../lib/gd";
import type { ReducedSeries } from "../../../lib/series/reduce-series";
import { clampForLog } from "../../_lib/format";
import { SeriesStore } from "./series-store";

/** Points a run keeps per column at most (M4: first, lowest, highest, last). */
export const SLOTS = 4;

export interface MergedAxis {
  /** Steps of the shared axis, strictly increasing. */
  xs: number[];
  /** Per run: a value at every axis index from 0 to its last point (clamped for the log axis). */
  ys: number[][];
  /** Per run: the axis index of its last point (-1: no points). */
  lastIndex: Int32Array;
}

const columnOf = (step: number, columns: number, span: number) =>
  Math.min(columns - 1, Math.floor((step * columns) / span));

/** The axis steps of each column: its distinct steps, or SLOTS of them when it has more. */
function axisSteps(runs: readonly ReducedSeries[], columns: number, span: number): number[] {
  let total = 0;
  for (const run of runs) total += run.steps.length;
  const all = new Uint32Array(total);
  let filled = 0;
  for (const run of runs) {
    all.set(run.steps, filled);
    filled += run.steps.length;
  }
  all.sort();
  const xs: number[] = [];
  let column: number[] = [];
  const flush = () => {
    if (column.length <= SLOTS) xs.push(...column);
    else {
      // First and last exact (every run that crosses the column has them); two between, spread evenly.
      const inner = column.slice(1, -1);
      const a = Math.floor((inner.length - 1) / 3);
      const b = Math.max(Math.ceil((2 * (inner.length - 1)) / 3), a + 1);
      xs.push(column[0]!, inner[a]!, inner[b]!, column.at(-1)!);
    }
    column = [];
  };
  for (let i = 0; i < all.length; i++) {
    const step = all[i]!;
    if (i > 0 && step === all[i - 1]) continue;
    if (column.length > 0 && columnOf(step, columns, span) !== columnOf(column[0]!, columns, span)) flush();
    column.push(step);
  }
  if (column.length > 0) flush();
  return xs;
}

/** Index in xs of the last step ≤ `step` (-1 when none). */
export function indexAtStep(xs: readonly number[], step: number): number {
  let lo = 0;
  let hi = xs.length; // answer in [lo - 1, hi - 1]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Axis indices of one run's points: exact where the axis has its step, else the nearest free slot of its column. */
function pointIndices(run: ReducedSeries, xs: readonly number[]): Int32Array {
  const n = run.steps.length;
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const step = run.steps[j]!;
    let i = indexAtStep(xs, step);
    if (i < 0) i = 0;
    else if (xs[i] !== step && i + 1 < xs.length && xs[i + 1]! - step < step - xs[i]!) i++;
    // Order kept: after the previous point, and leaving room for the run's points still to come.
    const previous = j > 0 ? out[j - 1]! : -1;
    out[j] = Math.min(xs.length - 1, Math.max(i, previous + 1));
  }
  for (let j = n - 2; j >= 0; j--) if (out[j]! >= out[j + 1]!) out[j] = out[j + 1]! - 1;
  return out;
}

/** The value between two points at axis step x: straight on a log scale (linear where a value is 0). */
function between(x0: number, y0: number, x1: number, y1: number, x: number): number {
  const t = (x - x0) / (x1 - x0);
  if (y0 > 0 && y1 > 0) return Math.exp(Math.log(y0) + t * (Math.log(y1) - Math.log(y0)));
  return y0 + t * (y1 - y0);
}

/** Reduced runs of one round on a shared axis (see the file's comment). Bad input throws and builds nothing. */
export function mergeReducedSeries(runs: readonly ReducedSeries[], columns: number, span: number): MergedAxis {
  if (!Number.isInteger(columns) || columns < 1)
    throw new RangeError(`columns must be a positive integer, got ${columns}`);
  if (!Number.isInteger(span) || span < 0) throw new RangeError(`span must be a whole number, got ${span}`);
  for (const run of runs)
    if (run.steps.length > 0 && run.steps[run.steps.length - 1]! >= Math.max(span, 1))
      throw new RangeError(`a run has a point at step ${run.steps[run.steps.length - 1]}, past the span ${span}`);
  const xs = axisSteps(runs, columns, Math.max(span, 1));
  const lastIndex = new Int32Array(runs.length).fill(-1);
  const ys = runs.map((run, r) => {
    const at = pointIndices(run, xs);
    // A plain loop: Array.from with a mapping callback costs several times more (1,000 runs at page load).
    const values = new Float64Array(run.values.length);
    for (let j = 0; j < values.length; j++) values[j] = clampForLog(run.values[j]!) ?? NaN;
    const y: number[] = [];
    for (let j = 0; j < at.length; j++) {
      const index = at[j]!;
      // Before its first point (every run starts at step 0, so only in a malformed series): its first value.
      while (y.length < index)
        y.push(j === 0 ? values[0]! : between(xs[at[j - 1]!]!, values[j - 1]!, xs[index]!, values[j]!, xs[y.length]!));
      y.push(values[j]!);
    }
    lastIndex[r] = y.length - 1;
    return y;
  });
  return { xs, ys, lastIndex };
}

/** A summary run decoded: what the chart needs of it. */
export interface ChartRun {
  nickname: string;
  status: string;
  divergedAtStep: number | null;
  finalLoss: number | null;
  optimizer?: OptimizerId;
  reduced: ReducedSeries;
}

/** A stored round's runs as a complete store: final statuses, the x axis spanning the round's `span` steps. */
export function storeFromSummary(key: string, runs: readonly ChartRun[], columns: number, span: number): SeriesStore {
  const merged = mergeReducedSeries(
    runs.map((run) => run.reduced),
    columns,
    span,
  );
  const store = new SeriesStore(
    key,
    runs.map((run) => run.nickname),
    { maxStep: Math.max(1, span) - 1 },
    runs.map((run) => run.optimizer ?? "gd"),
  );
  store.xs.push(...merged.xs);
  runs.forEach((run, i) => {
    // The merged array itself, not a copy: nothing else holds it.
    store.ys[i] = merged.ys[i]!;
    const last = merged.lastIndex[i]!;
    store.lastIndex[i] = last;
    // An interrupted run has no final status: it is drawn as one that stopped while running.
    store.status[i] = isStatusName(run.status) ? statusCode(run.status) : STATUS.RUNNING;
    if (store.status[i] !== STATUS.RUNNING) store.stoppedAt[i] = last;
    if (run.divergedAtStep !== null) store.divergedAt[i] = run.divergedAtStep;
    store.lastLoss[i] = run.finalLoss ?? run.reduced.values[run.reduced.values.length - 1] ?? NaN;
  });
  return store;
}
