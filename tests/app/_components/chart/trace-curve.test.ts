import { describe, expect, it } from "vitest";
import { SeriesStore } from "../../../../app/_components/chart/series-store";
import { traceCurve } from "../../../../app/_components/chart/trace-curve";
import { recordingContext } from "./recording-context";

/** 0.4 px a step across, 10^e at y = 10e: steps are under a pixel, decades are not. */
const map = { x: (step: number) => step * 0.4, y: (loss: number) => 10 * Math.log10(loss) };

function curve(losses: number[]): SeriesStore {
  const store = new SeriesStore("s:1", ["Ada"]);
  losses.forEach((loss, k) => store.push(k, [loss], null));
  return store;
}

function trace(store: SeriesStore, from: number, to: number, toEnd: boolean) {
  const { ctx, calls } = recordingContext();
  const path: string[] = [];
  const record = ctx as unknown as Record<string, unknown>;
  record.moveTo = (x: number, y: number) => path.push(`M${x.toFixed(1)},${y.toFixed(1)}`);
  record.lineTo = (x: number, y: number) => path.push(`L${x.toFixed(1)},${y.toFixed(1)}`);
  const drawn = traceCurve(ctx, store, 0, from, to, map, toEnd);
  return { path, drawn, calls };
}

describe("traceCurve", () => {
  it("skips points under a pixel from the last one drawn, and still ends on the last point", () => {
    const flat = curve([1, 1, 1, 1, 1, 1]);
    expect(trace(flat, 0, 5, true)).toMatchObject({ path: ["M0.0,0.0", "L1.2,0.0", "L2.0,0.0"], drawn: 5 });
  });

  it("keeps every point that moves a pixel or more", () => {
    const steep = curve([1, 10, 100, 1000]);
    expect(trace(steep, 0, 3, true).path).toEqual(["M0.0,0.0", "L0.4,10.0", "L0.8,20.0", "L1.2,30.0"]);
  });

  it("leaves a near last point for a later call unless told to end there", () => {
    const flat = curve([1, 1, 1, 1, 1]);
    const open = trace(flat, 0, 2, false);
    expect(open.path).toEqual(["M0.0,0.0"]);
    expect(open.drawn).toBe(0);
    // The next call starts from the last point drawn: a pixel on by step 3.
    expect(trace(flat, 0, 4, false)).toMatchObject({ path: ["M0.0,0.0", "L1.2,0.0"], drawn: 3 });
    expect(trace(flat, 3, 4, false)).toMatchObject({ path: ["M1.2,0.0"], drawn: 3 });
    expect(trace(flat, 3, 4, true)).toMatchObject({ path: ["M1.2,0.0", "L1.6,0.0"], drawn: 4 });
  });

  it("breaks the line at a missing loss, ending the part before it on its last point", () => {
    const gappy = curve([1, 1, NaN, 1, 1000]);
    expect(trace(gappy, 0, 4, true).path).toEqual(["M0.0,0.0", "L0.4,0.0", "M1.2,0.0", "L1.6,30.0"]);
  });

  it("draws nothing for a range with no points", () => {
    const store = curve([1, NaN, NaN]);
    expect(trace(store, 1, 2, true)).toMatchObject({ path: [], drawn: 0 });
  });
});
