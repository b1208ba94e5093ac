import { describe, expect, it } from "vitest";
import type { ChartGeometry } from "../../../../app/_components/chart/chart-geometry";
import {
  ChartRenderer,
  FIRST_DRAW_BUDGET_MS,
  FRAME_BUDGET_MS,
  INCREMENT_LIMIT,
  RESTYLE_INTERVAL_MS,
  type RendererHost,
} from "../../../../app/_components/chart/chart-renderer";
import { CURVE_COLORS, DIVERGED_COLOR } from "../../../../app/_components/chart/palette";
import { SeriesStore } from "../../../../app/_components/chart/series-store";
import { STATUS } from "../../../../lib/gd";
import { curveSegments, recordingContext, type Recording } from "./recording-context";

const { RUNNING, DIVERGED } = STATUS;

/** A page stand-in: canvases that record, a clock that drawing advances (`cost` ms per call). */
function fakePage(cost: Partial<Record<string, number>> = {}) {
  let clock = 0;
  const canvases: { rec: Recording; geometry: ChartGeometry }[] = [];
  const shown: number[] = [];
  const host: RendererHost = {
    create(geometry) {
      const rec = recordingContext((op) => (clock += cost[op] ?? 0));
      canvases.push({ rec, geometry });
      return { canvas: canvases.length - 1, ctx: rec.ctx, flush: () => void (clock += cost.flush ?? 0) };
    },
    show: (surface) => void shown.push(surface.canvas as number),
    now: () => clock,
  };
  return { host, canvases, shown, wait: (ms: number) => (clock += ms), now: () => clock };
}

function liveClass(runs: number, steps: number): SeriesStore {
  const store = new SeriesStore(
    "s:1",
    Array.from({ length: runs }, (_, i) => `s${i}`),
    {
      maxStep: 600,
      lossLow: 1e-6,
      lossHigh: 1e10,
    },
  );
  for (let k = 0; k <= steps; k++) store.push(k, new Float64Array(runs).fill(1e4 * 0.99 ** k), null);
  return store;
}

const next = (store: SeriesStore, losses?: number[], statuses?: number[]) =>
  store.push(
    store.lastStep + 1,
    losses ?? new Float64Array(store.runs).fill(1e4 * 0.99 ** (store.lastStep + 1)),
    statuses ?? null,
  );

/** Wide enough for two pixels a step, so that no point is skipped as under a pixel (trace-curve.ts). */
function renderer(store: SeriesStore, page: ReturnType<typeof fakePage>) {
  const chart = new ChartRenderer(store, page.host, "Step");
  chart.resize(1400, 420, 1);
  return chart;
}

/** Frames until there is nothing left to do; returns what each frame cost on the fake clock. */
function settle(chart: ChartRenderer, page: ReturnType<typeof fakePage>): number[] {
  const costs: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const start = page.now();
    const again = chart.frame();
    costs.push(page.now() - start);
    if (again !== 0) return costs;
  }
  throw new Error("the chart never settled");
}

describe("ChartRenderer", () => {
  it("starts with axes and a dot per run, then lines, then only each step's new segments", () => {
    const store = liveClass(3, 0);
    const page = fakePage();
    const chart = renderer(store, page);
    expect(chart.frame()).toBeNull();
    expect(page.shown).toEqual([0]);
    const first = page.canvases[0]!;
    expect(first.rec.texts).toContain("1e4");
    expect(first.rec.texts).toContain("Step");
    expect(first.rec.strokes.filter((s) => s.kind === "fill")).toHaveLength(3);
    expect(first.geometry.range).toEqual({ xMax: 600, loDecade: -6, hiDecade: 10 });

    next(store);
    chart.frame();
    expect(page.shown).toEqual([0, 1]); // dots replaced by lines: a (cheap) full redraw
    expect(curveSegments(page.canvases[1]!.rec.strokes)).toBe(3);
    next(store);
    next(store);
    chart.frame();
    expect(page.canvases).toHaveLength(2);
    expect(curveSegments(page.canvases[1]!.rec.strokes)).toBe(3 + 3 * 2);
  });

  it("slices a full redraw of 2,000 long curves across frames within the budget, and swaps once", () => {
    const store = liveClass(2000, 300);
    const page = fakePage({ lineTo: 0.0002, flush: 0.1 });
    const chart = renderer(store, page);
    const costs: number[] = [];
    for (let i = 0; i < 500 && page.shown.length === 0; i++) {
      if (i % 3 === 1) next(store); // the round goes on meanwhile
      const start = page.now();
      chart.frame();
      costs.push(page.now() - start);
    }
    expect(page.shown).toEqual([0]);
    expect(costs.length).toBeGreaterThan(10); // 600,000 segments at 0.2 µs: ~120 ms of drawing
    expect(Math.max(...costs)).toBeLessThanOrEqual(FRAME_BUDGET_MS + 0.5);
    // Every curve, in full, plus the steps that came while it was built.
    expect(curveSegments(page.canvases[0]!.rec.strokes)).toBe(2000 * store.lastStep);
  });

  it("draws a complete store's first canvas in longer slices, and later redraws within the frame budget", () => {
    const store = liveClass(2000, 300);
    const page = fakePage({ lineTo: 0.0002, flush: 0.1 });
    const chart = new ChartRenderer(store, page.host, "Step", FIRST_DRAW_BUDGET_MS);
    chart.resize(1400, 420, 1);
    const costsUntil = (shown: number) => {
      const costs: number[] = [];
      for (let i = 0; i < 500 && page.shown.length < shown; i++) {
        const start = page.now();
        chart.frame();
        costs.push(page.now() - start);
      }
      return costs;
    };
    const first = costsUntil(1);
    expect(page.shown).toEqual([0]);
    // ~120 ms of drawing in a few long slices (with 6 ms ones it takes more than 10 frames, above).
    expect(first.length).toBeGreaterThan(1);
    expect(first.length).toBeLessThanOrEqual(5);
    expect(Math.max(...first)).toBeGreaterThan(FRAME_BUDGET_MS + 0.5);
    expect(Math.max(...first)).toBeLessThanOrEqual(FIRST_DRAW_BUDGET_MS + 0.5);
    expect(curveSegments(page.canvases[0]!.rec.strokes)).toBe(2000 * store.lastStep);
    // A resize with a canvas on show: the page is live again, so the usual budget.
    chart.resize(1600, 420, 1);
    const later = costsUntil(2);
    expect(page.shown).toEqual([0, 1]);
    expect(later.length).toBeGreaterThan(10);
    expect(Math.max(...later)).toBeLessThanOrEqual(FRAME_BUDGET_MS + 0.5);
  });

  it("keeps adding steps to the canvas shown while a resize is redrawn, then shows the new one", () => {
    const store = liveClass(2000, 100);
    const page = fakePage({ lineTo: 0.0002 });
    const chart = renderer(store, page);
    settle(chart, page);
    const old = page.canvases.at(-1)!.rec;
    const before = curveSegments(old.strokes);
    chart.resize(1600, 420, 1);
    chart.frame();
    next(store);
    chart.frame();
    expect(curveSegments(old.strokes)).toBe(before + 2000);
    settle(chart, page);
    const latest = page.canvases.at(-1)!;
    expect(latest.geometry.cssWidth).toBe(1600);
    expect(page.shown.at(-1)).toBe(page.canvases.length - 1);
    expect(curveSegments(latest.rec.strokes)).toBe(2000 * 101);
  });

  it("grows the axes when a loss leaves them, on a new canvas", () => {
    const store = liveClass(2, 3);
    const page = fakePage();
    const chart = renderer(store, page);
    settle(chart, page);
    next(store, [1e20, 1], [DIVERGED, RUNNING]);
    settle(chart, page);
    expect(page.canvases.at(-1)!.geometry.range).toEqual({ xMax: 600, loDecade: -6, hiDecade: 20 });
  });

  it("turns a run that diverges vermillion at once, and dashes its whole curve in a later full redraw", () => {
    const store = liveClass(2, 3);
    const page = fakePage();
    const chart = renderer(store, page);
    settle(chart, page);
    const shown = page.canvases.length;
    page.wait(100);
    next(store, [5e9, 1], [DIVERGED, RUNNING]);
    const wait = chart.frame();
    expect(page.canvases).toHaveLength(shown); // no full redraw yet
    // The whole curve, steps 0..4, in vermillion over its old colour (solid until the restyle).
    const overdrawn = page.canvases.at(-1)!.rec.strokes.find((s) => s.color === DIVERGED_COLOR && s.lineWidth === 1.5);
    expect(overdrawn?.dash).toEqual([]);
    expect(overdrawn?.segments).toHaveLength(4);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(RESTYLE_INTERVAL_MS);
    page.wait(wait!);
    settle(chart, page);
    const restyled = page.canvases.at(-1)!.rec.strokes;
    expect(page.canvases.length).toBe(shown + 1);
    expect(restyled.filter((s) => s.color === CURVE_COLORS[0]).flatMap((s) => s.segments)).toEqual([]);
    expect(restyled.find((s) => s.color === DIVERGED_COLOR && s.dash.length)?.segments).toHaveLength(4);
  });

  it("redraws a reload's backlog in slices rather than in one frame", () => {
    const store = liveClass(2000, 1);
    const page = fakePage({ lineTo: 0.0002 });
    const chart = renderer(store, page);
    settle(chart, page);
    const shownCanvas = page.canvases.at(-1)!.rec;
    const before = curveSegments(shownCanvas.strokes);
    const steps = Math.ceil(INCREMENT_LIMIT / 2000) + 1;
    for (let k = 0; k < steps; k++) next(store);
    chart.frame();
    expect(curveSegments(shownCanvas.strokes)).toBe(before);
    settle(chart, page);
    expect(curveSegments(page.canvases.at(-1)!.rec.strokes)).toBe(2000 * (1 + steps));
  });

  it("redraws the replayed prefix when the limit moves: dots at step 0, the whole round at the end", () => {
    const store = liveClass(2, 5);
    const page = fakePage();
    const chart = renderer(store, page);
    settle(chart, page);
    store.setLimit(0);
    settle(chart, page);
    const start = page.canvases.at(-1)!.rec.strokes;
    expect(curveSegments(start)).toBe(0);
    expect(start.filter((s) => s.kind === "fill")).toHaveLength(2);
    store.setLimit(2);
    settle(chart, page);
    expect(curveSegments(page.canvases.at(-1)!.rec.strokes)).toBe(4);
    expect(page.canvases.at(-1)!.geometry.range.xMax).toBe(600);
  });

  it("draws nothing and asks for no frames when the browser gives no 2D context", () => {
    const store = liveClass(2, 5);
    const chart = new ChartRenderer(store, { create: () => null, show: () => {}, now: () => 0 }, "Step");
    expect(chart.frame()).toBeNull();
    chart.resize(600, 420, 1);
    expect(chart.frame()).toBeNull();
  });
});
