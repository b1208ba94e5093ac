// The ends of finished runs, shape as well as colour: a × where a run diverged, a ○ where it
// converged; and one dot per run at step 0, before there is any line. Strokes are batched by a few
// dozen marks (one path of a thousand circles rasterises ~2× slower in software Chromium).
import { STATUS } from "../../../lib/gd";
import type { ChartMapping } from "./chart-geometry";
import type { CurveSource } from "./curve-painter";
import { CONVERGED_COLOR, CURVE_COLORS, DIVERGED_COLOR, curveColor } from "./palette";

const MARKS_PER_PATH = 24;

/** The mark run i gets when steps from+1..to are drawn (its status, if final and its end is there), or null. */
export function markerAt(source: CurveSource, run: number, from: number, to: number): number | null {
  const at = source.lastIndex[run]!;
  if (at <= from || at > to) return null;
  const status = source.visibleStatus(run);
  return status === STATUS.DIVERGED || status === STATUS.CONVERGED ? status : null;
}

/**
 * × and ○ at the ends of the runs first..last-1 (all by default) whose last point is in
 * from+1..to and whose status is final there. A mark where the same mark already is (within a
 * pixel; `drawn` holds those of the canvas) is left out: hundreds of runs blow up at the same
 * step and loss, and piled-up strokes are slow to rasterise. Returns how many were drawn.
 */
export function paintMarkers(
  ctx: CanvasRenderingContext2D,
  source: CurveSource,
  from: number,
  to: number,
  map: ChartMapping,
  dpr: number,
  drawn: Set<number>,
  first = 0,
  last = source.runs,
): number {
  const size = 7 * dpr;
  let count = 0;
  for (const status of [STATUS.DIVERGED, STATUS.CONVERGED]) {
    let inPath = 0;
    const stroke = () => {
      ctx.setLineDash([]);
      ctx.lineWidth = 2.5 * dpr;
      ctx.strokeStyle = status === STATUS.DIVERGED ? DIVERGED_COLOR : CONVERGED_COLOR;
      ctx.stroke();
      ctx.beginPath();
      inPath = 0;
    };
    ctx.beginPath();
    for (let i = first; i < last; i++) {
      if (markerAt(source, i, from, to) !== status) continue;
      const at = source.lastIndex[i]!;
      const y = source.ys[i]![at];
      if (y === null || y === undefined) continue;
      const px = map.x(source.xs[at]!);
      const py = map.y(y);
      const key = (Math.round(px) * 65_536 + Math.round(py)) * 8 + status;
      if (drawn.has(key)) continue;
      drawn.add(key);
      if (status === STATUS.DIVERGED) {
        ctx.moveTo(px - size, py - size);
        ctx.lineTo(px + size, py + size);
        ctx.moveTo(px + size, py - size);
        ctx.lineTo(px - size, py + size);
      } else {
        ctx.moveTo(px + size * 0.8, py);
        ctx.arc(px, py, size * 0.8, 0, 2 * Math.PI);
      }
      count++;
      if (++inPath >= MARKS_PER_PATH) stroke();
    }
    if (inPath > 0) stroke();
  }
  return count;
}

/** A chart at step 0 (a replay's start) has no line to draw yet: one dot per run, a fill per colour. */
export function paintDots(ctx: CanvasRenderingContext2D, source: CurveSource, map: ChartMapping, dpr: number): void {
  const colors = [...CURVE_COLORS, DIVERGED_COLOR];
  for (let c = 0; c < colors.length; c++) {
    let any = false;
    ctx.beginPath();
    for (let i = 0; i < source.runs; i++) {
      const y = source.ys[i]![0];
      const color = source.visibleStatus(i) === STATUS.DIVERGED ? DIVERGED_COLOR : curveColor(i);
      if (y === null || y === undefined || color !== colors[c]) continue;
      const px = map.x(source.xs[0]!);
      const py = map.y(y);
      ctx.moveTo(px + 4 * dpr, py);
      ctx.arc(px, py, 4 * dpr, 0, 2 * Math.PI);
      any = true;
    }
    if (!any) continue;
    ctx.fillStyle = colors[c]!;
    ctx.fill();
  }
}
