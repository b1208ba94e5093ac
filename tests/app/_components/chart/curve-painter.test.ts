import { describe, expect, it } from "vitest";
import {
  CHART_BACKGROUND,
  DIVERGED_GROUP,
  LAYERS,
  PATH_SEGMENTS,
  curveGroup,
  drawingOrder,
  paintCurves,
  paintSteps,
} from "../../../../app/_components/chart/curve-painter";
import { CURVE_COLORS, DIVERGED_COLOR } from "../../../../app/_components/chart/palette";
import { SeriesStore } from "../../../../app/_components/chart/series-store";
import { STATUS } from "../../../../lib/gd";
import { recordingContext, segmentCount } from "./recording-context";

const { RUNNING, CONVERGED, DIVERGED } = STATUS;
/** Step k at x = 10k, loss 10^e at y = e: segments are easy to read. */
const map = { x: (step: number) => step * 10, y: (loss: number) => Math.log10(loss) };
const every = (store: SeriesStore) => Int32Array.from({ length: store.runs }, (_, i) => i);
const tailsAt = (store: SeriesStore, at: number) => new Int32Array(store.runs).fill(at);

function classOf(runs: number, steps: number): SeriesStore {
  const store = new SeriesStore(
    "s:1",
    Array.from({ length: runs }, (_, i) => `s${i}`),
  );
  for (let k = 0; k <= steps; k++) store.push(k, new Float64Array(runs).fill(10 ** -k), null);
  return store;
}

describe("paintSteps", () => {
  it("adds only the new segment of each curve, a few strokes per colour however many runs", () => {
    const store = classOf(2000, 5);
    const { ctx, strokes } = recordingContext();
    const tails = tailsAt(store, 4);
    expect(paintSteps(ctx, store, every(store), 5, tails, map, 1)).toBe(0);
    expect(segmentCount(strokes)).toBe(2000);
    // 2000 one-segment curves (two points each in the path) in paths of up to PATH_SEGMENTS.
    expect(strokes.length).toBeLessThanOrEqual(CURVE_COLORS.length * Math.ceil(2000 / 7 / (PATH_SEGMENTS / 2)));
    for (const stroke of strokes) for (const s of stroke.segments) expect(s).toEqual([40, -4, 50, -5]);
    expect(new Set(strokes.map((s) => s.color))).toEqual(new Set(CURVE_COLORS));
    expect(strokes.every((s) => s.dash.length === 0)).toBe(true);
    expect(Array.from(new Set(tails))).toEqual([5]);
  });

  it("draws several steps at once as one polyline, and nothing for runs that had stopped", () => {
    const store = new SeriesStore("s:1", ["Ada", "Bo"]);
    store.push(0, [1, 1], null);
    store.push(1, [0.1, 0.1], [CONVERGED, RUNNING]);
    store.push(2, [0.1, 0.01], [CONVERGED, RUNNING]);
    store.push(3, [0.1, 0.001], [CONVERGED, RUNNING]);
    const { ctx, strokes } = recordingContext();
    paintSteps(ctx, store, every(store), 3, tailsAt(store, 1), map, 1);
    expect(strokes).toHaveLength(1);
    expect(strokes[0]!.color).toBe(CURVE_COLORS[1]);
    expect(strokes[0]!.segments).toEqual([
      [10, -1, 20, -2],
      [20, -2, 30, -3],
    ]);
  });

  it("leaves a step under a pixel for later, but draws a stopped run to its very end", () => {
    const store = new SeriesStore("s:1", ["Ada", "Bo"]);
    const px = { x: (step: number) => step * 0.5, y: () => 0 };
    store.push(0, [1, 1], null);
    store.push(1, [1, 1], [RUNNING, CONVERGED]);
    const tails = tailsAt(store, 0);
    const first = recordingContext();
    paintSteps(first.ctx, store, every(store), 1, tails, px, 1);
    const drawn = (r: typeof first) => r.strokes.filter((s) => s.segments.length).map((s) => [s.color, s.segments]);
    expect(drawn(first)).toEqual([[CURVE_COLORS[1], [[0, 0, 0.5, 0]]]]);
    expect(Array.from(tails)).toEqual([0, 1]);
    store.push(2, [1, 1], [RUNNING, CONVERGED]);
    const second = recordingContext();
    paintSteps(second.ctx, store, every(store), 2, tails, px, 1);
    expect(drawn(second)).toEqual([[CURVE_COLORS[0], [[0, 0, 1, 0]]]]);
    expect(Array.from(tails)).toEqual([2, 1]);
  });

  it("draws a run that diverged in the new steps again from the start in vermillion (solid: cheap)", () => {
    const store = new SeriesStore("s:1", ["Ada", "Bo"]);
    store.push(0, [1, 1], null);
    store.push(1, [10, 0.1], [RUNNING, RUNNING]);
    store.push(2, [1e9, 0.01], [DIVERGED, RUNNING]);
    const { ctx, strokes } = recordingContext();
    expect(paintSteps(ctx, store, every(store), 2, tailsAt(store, 1), map, 2)).toBe(1);
    const diverged = strokes.find((s) => s.color === DIVERGED_COLOR)!;
    expect(diverged.dash).toEqual([]);
    expect(diverged.lineWidth).toBe(3);
    expect(diverged.segments).toEqual([
      [0, 0, 10, 1],
      [10, 1, 20, 9],
    ]);
    expect(strokes.find((s) => s.color === CURVE_COLORS[1])!.segments).toEqual([[10, -1, 20, -2]]);
  });
});

describe("paintCurves", () => {
  it("gives each optimiser its own solid line: gd thin, momentum thick, Adam hollow", () => {
    const store = new SeriesStore("s:1", ["Ada", "Bo", "Cy", "Di"], {}, ["gd", "momentum", "adam", "adam"]);
    expect(store.mixed).toBe(true);
    store.push(0, [1, 1, 1, 1], null);
    store.push(1, [0.1, 0.1, 0.1, 1e9], [RUNNING, RUNNING, RUNNING, DIVERGED]);
    const { ctx, strokes } = recordingContext();
    paintCurves(ctx, store, drawingOrder(store), 1, tailsAt(store, -1), map, 2);
    const style = (color: unknown) =>
      strokes.filter((s) => s.color === color).map((s) => [s.lineWidth, s.dash, s.segments.length]);
    expect(style(CURVE_COLORS[0])).toEqual([[3, [], 1]]);
    expect(style(CURVE_COLORS[1])).toEqual([[6, [], 1]]);
    // Adam: its colour wide, then the background down the middle (the same path, stroked twice).
    expect(style(CURVE_COLORS[2])).toEqual([[7, [], 1]]);
    expect(style(CHART_BACKGROUND)).toEqual([[3, [], 1]]);
    // A diverged Adam run keeps the dash and its width, without a second (dashed) stroke.
    expect(style(DIVERGED_COLOR)).toEqual([[7, [16, 10], 1]]);
  });

  it("a plain-descent round is stroked as before: one thin stroke per colour", () => {
    const store = new SeriesStore("s:1", ["Ada", "Bo"]);
    expect(store.mixed).toBe(false);
    store.push(0, [1, 1], null);
    store.push(1, [0.1, 0.2], [RUNNING, RUNNING]);
    const { ctx, strokes } = recordingContext();
    paintCurves(ctx, store, drawingOrder(store), 1, tailsAt(store, -1), map, 1);
    expect(strokes.map((s) => s.lineWidth)).toEqual([1.5, 1.5]);
  });

  it("draws whole curves with a gap where a loss is missing, diverged ones dashed", () => {
    const store = new SeriesStore("s:1", ["Ada", "Bo"]);
    store.push(0, [1, 1], null);
    store.push(1, [NaN, 10], [RUNNING, RUNNING]);
    store.push(2, [0.01, 1e9], [RUNNING, DIVERGED]);
    store.push(3, [0.001, 5], [RUNNING, DIVERGED]);
    const { ctx, strokes } = recordingContext();
    const tails = tailsAt(store, -1);
    paintCurves(ctx, store, drawingOrder(store), 3, tails, map, 1);
    const ada = strokes.find((s) => s.color === CURVE_COLORS[0])!;
    expect(ada.moves).toBe(2);
    expect(ada.segments).toEqual([[20, -2, 30, -3]]);
    const bo = strokes.find((s) => s.color === DIVERGED_COLOR)!;
    expect(bo.segments).toHaveLength(2);
    expect(bo.dash).toEqual([8, 5]);
    expect(Array.from(tails)).toEqual([3, 2]);
  });

  it("draws a replayed prefix in the status seen at its end", () => {
    const store = new SeriesStore("s:1", ["Ada", "Bo"]);
    store.push(0, [1, 1], null);
    store.push(1, [0.1, 10], [RUNNING, RUNNING]);
    store.push(2, [0.01, 1e9], [RUNNING, DIVERGED]);
    store.setLimit(1);
    const { ctx, strokes } = recordingContext();
    paintCurves(ctx, store, drawingOrder(store), 1, tailsAt(store, -1), map, 1);
    // At step 1 Bo has not blown up yet: solid, in his own colour, one segment.
    expect(strokes.map((s) => [s.color, s.dash, s.segments.length])).toEqual([
      [CURVE_COLORS[0], [], 1],
      [CURVE_COLORS[1], [], 1],
    ]);
  });

  it("orders runs by layer, the palest colours under the others and the diverged on top", () => {
    const store = new SeriesStore(
      "s:1",
      Array.from({ length: 9 }, (_, i) => `s${i}`),
    );
    store.push(0, new Float64Array(9).fill(1), null);
    store.push(1, new Float64Array(9).fill(1e9), [DIVERGED, ...Array<number>(8).fill(RUNNING)]);
    expect(LAYERS[0]).toBe(6);
    expect(LAYERS.at(-1)).toBe(DIVERGED_GROUP);
    expect(Array.from(drawingOrder(store))).toEqual([6, 5, 3, 7, 1, 8, 2, 4, 0]);
    expect(curveGroup(0, DIVERGED)).toBe(DIVERGED_GROUP);
    expect(curveGroup(8, CONVERGED)).toBe(1);
  });
});
