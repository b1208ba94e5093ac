// Canvas strokes of the loss curves, a few per call however many runs: curves are grouped by colour
// and a group's curves share a path of up to PATH_SEGMENTS segments (Chromium's software rasteriser
// strokes 2,000 curves as one path ~2.5× slower than in paths of a few, and a stroke per curve is
// a call each). Diverged runs are dashed in vermillion (markers: marker-painter.ts). The optimiser
// is the line's weight, all solid (a dash costs ~15× a solid segment): plain descent thin,
// momentum thick, Adam a hollow (cased) line; a group's runs are stroked one optimiser at a time.
import { STATUS } from "../../../lib/gd";
import { CURVE_COLORS, DIVERGED_COLOR, curveColor } from "./palette";
import type { ChartMapping, PlotRect } from "./chart-geometry";
import { traceCurve, type CurveSource } from "./trace-curve";

export type { CurveSource } from "./trace-curve";

/** Colour groups 0..6 follow the run's index; the last one is every diverged run, dashed. */
export const DIVERGED_GROUP = CURVE_COLORS.length;
/** Groups bottom to top: the palest colours under the others, the diverged on top. */
export const LAYERS: readonly number[] = [6, 5, 3, 0, 1, 2, 4, DIVERGED_GROUP];
export const PATH_SEGMENTS = 300;
/** A dashed segment costs about fifteen solid ones to rasterise (measured in software Chromium). */
export const DASHED_COST = 15;

export function curveGroup(run: number, status: number): number {
  return status === STATUS.DIVERGED ? DIVERGED_GROUP : run % CURVE_COLORS.length;
}

/** Line per OPTIMIZER code (CSS pixels); `inner`: a stroke in the background's colour down the middle. */
export const OPTIMIZER_LINES: readonly { width: number; inner?: number }[] = [
  { width: 1.5 },
  { width: 3 },
  { width: 3.5, inner: 1.5 },
];
/** The chart's card (bg-slate-900): Adam's hollow line is cut out in it. */
export const CHART_BACKGROUND = "#0f172a";

function strokeGroup(ctx: CanvasRenderingContext2D, group: number, dpr: number, dashed: boolean, optimizer = 0): void {
  const line = OPTIMIZER_LINES[optimizer] ?? OPTIMIZER_LINES[0]!;
  const diverged = group === DIVERGED_GROUP;
  ctx.strokeStyle = diverged ? DIVERGED_COLOR : curveColor(group);
  ctx.setLineDash(diverged && dashed ? [8 * dpr, 5 * dpr] : []);
  ctx.lineWidth = line.width * dpr;
  ctx.stroke();
  // Dashed runs are not cut out: a second dashed stroke would double the costliest kind.
  if (!line.inner || (diverged && dashed)) return;
  ctx.strokeStyle = CHART_BACKGROUND;
  ctx.lineWidth = line.inner * dpr;
  ctx.stroke();
}

/** The OPTIMIZER codes among the runs, each once (just [0] for a plain-descent round). */
function optimizersOf(source: CurveSource): number[] {
  const codes = source.optimizers;
  if (!codes) return [0];
  const seen = [false, false, false];
  for (let i = 0; i < codes.length; i++) seen[codes[i]!] = true;
  return [0, 1, 2].filter((code) => seen[code]);
}

/**
 * Runs in drawing order: by colour group in LAYERS order, as paintSteps layers each step's
 * segments, so that a full redraw and the steps added to it afterwards look the same.
 */
export function drawingOrder(source: CurveSource): Int32Array {
  const order = Int32Array.from({ length: source.runs }, (_, i) => i);
  const layer = (i: number) => LAYERS.indexOf(curveGroup(i, source.visibleStatus(i)));
  return order.sort((a, b) => layer(a) - layer(b) || a - b);
}

/**
 * Traces runs group by group, stroking a group's path when it is long enough and at the end.
 * `span(i)` gives the indices of run i to trace and whether to its very end, or null to leave it
 * out; `tails[i]` gets the index of the last point drawn.
 */
function paintGroups(
  ctx: CanvasRenderingContext2D,
  source: CurveSource,
  runs: ArrayLike<number>,
  span: (run: number, status: number) => [from: number, to: number, toEnd: boolean] | null,
  tails: Int32Array,
  style: { map: ChartMapping; dpr: number; dashed: boolean },
): void {
  const codes = source.optimizers;
  const present = optimizersOf(source);
  for (const group of LAYERS)
    for (const optimizer of present) {
      let inPath = 0;
      ctx.beginPath();
      for (let at = 0; at < runs.length; at++) {
        const i = runs[at]!;
        if (codes && present.length > 1 && codes[i] !== optimizer) continue;
        const status = source.visibleStatus(i);
        if (curveGroup(i, status) !== group) continue;
        const range = span(i, status);
        if (!range) continue;
        const [from, to, toEnd] = range;
        const drawn = traceCurve(ctx, source, i, from, to, style.map, toEnd);
        if (drawn >= from) tails[i] = drawn;
        inPath += 1 + drawn - from;
        if (inPath < PATH_SEGMENTS) continue;
        strokeGroup(ctx, group, style.dpr, style.dashed, optimizer);
        inPath = 0;
        ctx.beginPath();
      }
      if (inPath > 0) strokeGroup(ctx, group, style.dpr, style.dashed, optimizer);
    }
}

/** Whole curves of the runs given, up to index `end`, in the status style seen at `end`. */
export function paintCurves(
  ctx: CanvasRenderingContext2D,
  source: CurveSource,
  runs: ArrayLike<number>,
  end: number,
  tails: Int32Array,
  map: ChartMapping,
  dpr: number,
): void {
  const span = (i: number): [number, number, boolean] => [0, Math.min(end, source.lastIndex[i]!), true];
  paintGroups(ctx, source, runs, span, tails, { map, dpr, dashed: true });
}

/**
 * What steps up to `to` add to curves drawn up to `tails` (by paintCurves or an earlier call): the
 * new segments in colour (a point under a pixel from the last waits, unless the run has stopped),
 * and for a run that diverged meanwhile its whole curve again in vermillion, over the old colour.
 * Solid: hundreds of runs can blow up in the same few steps, and dashes cost fifteen times as much;
 * the next full redraw dashes them. Returns how many runs were restyled so.
 */
export function paintSteps(
  ctx: CanvasRenderingContext2D,
  source: CurveSource,
  allRuns: ArrayLike<number>,
  to: number,
  tails: Int32Array,
  map: ChartMapping,
  dpr: number,
): number {
  let restyled = 0;
  const span = (i: number, status: number): [number, number, boolean] | null => {
    const lastIndex = source.lastIndex[i]!;
    const from = tails[i]!;
    if (lastIndex <= from) return null;
    // A run that has stopped is drawn to its very end (its marker goes there).
    const stopped = status !== STATUS.RUNNING || lastIndex < to;
    if (status === STATUS.DIVERGED) {
      restyled++;
      return [0, lastIndex, true];
    }
    return [Math.max(0, from), Math.min(to, lastIndex), stopped];
  };
  paintGroups(ctx, source, allRuns, span, tails, { map, dpr, dashed: false });
  return restyled;
}

/** Curves stay inside the plotting area (a loss beyond the axes waits there for the next full redraw). */
export function withClip<T>(ctx: CanvasRenderingContext2D, plot: PlotRect, draw: () => T): T {
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  try {
    return draw();
  } finally {
    ctx.restore();
  }
}
