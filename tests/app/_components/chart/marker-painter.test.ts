import { describe, expect, it } from "vitest";
import { markerAt, paintDots, paintMarkers } from "../../../../app/_components/chart/marker-painter";
import { CONVERGED_COLOR, CURVE_COLORS, DIVERGED_COLOR } from "../../../../app/_components/chart/palette";
import { SeriesStore } from "../../../../app/_components/chart/series-store";
import { STATUS } from "../../../../lib/gd";
import { recordingContext } from "./recording-context";

const { RUNNING, CONVERGED, DIVERGED } = STATUS;
const map = { x: (step: number) => step * 10, y: (loss: number) => Math.log10(loss) };

function finishedClass(): SeriesStore {
  const store = new SeriesStore("s:1", ["Ada", "Bo", "Cy"]);
  store.push(0, [1, 1, 1], null);
  store.push(1, [1e9, 0.1, 0.5], [DIVERGED, RUNNING, RUNNING]);
  store.push(2, [1e9, 0.01, 0.25], [DIVERGED, CONVERGED, RUNNING]);
  return store;
}

describe("paintMarkers", () => {
  it("puts a × at a diverged run's last point and a ○ at a converged one's, once", () => {
    const store = finishedClass();
    const { ctx, strokes } = recordingContext();
    expect(paintMarkers(ctx, store, -1, 2, map, 1, new Set())).toBe(2);
    expect(strokes).toHaveLength(2);
    const [cross, circle] = strokes;
    expect(cross!.color).toBe(DIVERGED_COLOR);
    expect(cross!.segments).toEqual([
      [3, 2, 17, 16],
      [17, 2, 3, 16],
    ]);
    expect(circle!.color).toBe(CONVERGED_COLOR);
    expect(circle!.arcs).toEqual([[20, -2, 7 * 0.8]]);
    // Already drawn up to step 2: nothing new to mark.
    const again = recordingContext();
    expect(paintMarkers(again.ctx, store, 2, 2, map, 1, new Set())).toBe(0);
    expect(again.strokes).toEqual([]);
  });

  it("draws one mark where many runs end on the same pixel, and none twice on a canvas", () => {
    const store = new SeriesStore(
      "s:1",
      Array.from({ length: 500 }, (_, i) => `s${i}`),
    );
    store.push(0, new Float64Array(500).fill(1), null);
    store.push(1, new Float64Array(500).fill(1e9), new Array<number>(500).fill(DIVERGED));
    const drawn = new Set<number>();
    const { ctx, strokes } = recordingContext();
    expect(paintMarkers(ctx, store, -1, 1, map, 1, drawn, 0, 250)).toBe(1);
    expect(paintMarkers(ctx, store, -1, 1, map, 1, drawn, 250, 500)).toBe(0);
    expect(strokes).toHaveLength(1);
  });

  it("marks only the runs whose end is in the steps drawn and final there", () => {
    const store = finishedClass();
    expect([0, 1, 2].map((i) => markerAt(store, i, -1, 2))).toEqual([DIVERGED, CONVERGED, null]);
    expect([0, 1, 2].map((i) => markerAt(store, i, 1, 2))).toEqual([null, CONVERGED, null]);
    store.setLimit(1);
    expect([0, 1, 2].map((i) => markerAt(store, i, -1, 1))).toEqual([DIVERGED, null, null]);
  });
});

describe("paintDots", () => {
  it("shows one dot per run when there is no line yet, one fill per colour", () => {
    const store = new SeriesStore(
      "s:1",
      Array.from({ length: 9 }, (_, i) => `s${i}`),
    );
    store.push(0, new Float64Array(9).fill(1), null);
    const { ctx, strokes } = recordingContext();
    paintDots(ctx, store, map, 1);
    expect(strokes).toHaveLength(7);
    expect(strokes.every((s) => s.kind === "fill")).toBe(true);
    expect(strokes.map((s) => s.color)).toEqual([...CURVE_COLORS]);
    expect(strokes.map((s) => s.arcs.length)).toEqual([2, 2, 1, 1, 1, 1, 1]);
  });
});
