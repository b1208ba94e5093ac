// One run's loss curve as canvas path commands. Points less than a device pixel from the last one
// drawn are skipped (600 steps across 500 pixels need no more segments than pixels), the same way
// in a full redraw and step by step, so both look alike: segments drawn one by one with their ends
// overlapping would come out denser than a polyline.
import type { ChartMapping } from "./chart-geometry";

export interface CurveSource {
  readonly runs: number;
  readonly xs: readonly number[];
  readonly ys: readonly (readonly (number | null)[])[];
  /** Index of each run's last point (its curve is empty after it). */
  readonly lastIndex: ArrayLike<number>;
  /** Each run's OPTIMIZER code (its line style); absent: all plain descent. */
  readonly optimizers?: ArrayLike<number>;
  visibleStatus(run: number): number;
}

/**
 * Adds run `run` over indices from..to (to included) to the current path, from..to starting at
 * the last point drawn before (a step-by-step caller passes that index). Nulls are gaps. With
 * `toEnd`, the last point is drawn even if near; else it waits for a later call. Returns the index
 * of the last point drawn (from - 1 when none).
 */
export function traceCurve(
  ctx: CanvasRenderingContext2D,
  source: CurveSource,
  run: number,
  from: number,
  to: number,
  map: ChartMapping,
  toEnd: boolean,
): number {
  const ys = source.ys[run]!;
  let drawn = from - 1;
  let pen = false;
  let drawnX = 0;
  let drawnY = 0;
  let skipped = -1;
  let skippedX = 0;
  let skippedY = 0;
  // One index past the end counts as a gap when the end must be drawn: the point skipped last is drawn there.
  for (let k = Math.max(0, from); k <= to + (toEnd ? 1 : 0); k++) {
    const y = k <= to ? ys[k] : null;
    if (y === null || y === undefined) {
      if (skipped >= 0) {
        ctx.lineTo(skippedX, skippedY);
        drawn = skipped;
      }
      pen = false;
      skipped = -1;
      continue;
    }
    const px = map.x(source.xs[k]!);
    const py = map.y(y);
    if (pen && Math.abs(px - drawnX) < 1 && Math.abs(py - drawnY) < 1) {
      [skipped, skippedX, skippedY] = [k, px, py];
      continue;
    }
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    [drawn, drawnX, drawnY, pen, skipped] = [k, px, py, true, -1];
  }
  return drawn;
}
