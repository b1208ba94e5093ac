// A full redraw of the loss chart on a canvas off the page, a slice at a time: every curve (in
// drawing order), then every end marker. Each slice takes as much work as its time allows, by the
// cost per unit of work measured on the slices before, and makes the canvas rasterise before the
// time is read again, so the cost of drawing lands in the frame that asked for it.
import { STATUS } from "../../../lib/gd";
import { chartMapping, plotRect, type ChartGeometry, type ChartMapping, type PlotRect } from "./chart-geometry";
import { paintAxes } from "./axes-painter";
import { DASHED_COST, drawingOrder, paintCurves, withClip, type CurveSource } from "./curve-painter";
import { markerAt, paintDots, paintMarkers } from "./marker-painter";

export interface Surface {
  readonly canvas: unknown;
  readonly ctx: CanvasRenderingContext2D;
  /** Makes the canvas rasterise what it was given, so that cost falls in the slice that caused it. */
  flush(): void;
}

/** A canvas and what it shows: the steps up to `end` (-1: none; 0: a dot per run) at a replay limit. */
export interface Layer {
  surface: Surface;
  geometry: ChartGeometry;
  plot: PlotRect;
  map: ChartMapping;
  end: number;
  limit: number | null;
  /** Index of the last point drawn of each run (see paintSteps). */
  tails: Int32Array;
  /** Where marks are already drawn on this canvas (see paintMarkers). */
  marks: Set<number>;
}

export function makeLayer(
  surface: Surface,
  geometry: ChartGeometry,
  runs: number,
  end: number,
  limit: number | null,
): Layer {
  const plot = plotRect(geometry);
  const map = chartMapping(geometry.range, plot);
  return { surface, geometry, plot, map, end, limit, tails: new Int32Array(runs).fill(-1), marks: new Set() };
}

/**
 * Work is counted in units, a curve's point (a dashed one DASHED_COST) plus RUN_UNITS for each curve,
 * or a marker, and timed apart for curves and markers: a marker costs tens of points, and markers
 * pile up (every converged run ends on the same loss). The first slice of each takes FIRST_UNITS.
 */
const RUN_UNITS = 10;
const FIRST_UNITS = [3000, 100] as const;
/** Slices smaller than this say little about the cost per unit. */
const MEASURABLE_UNITS = 50;
/** A cheaper slice lowers the estimate only this fast: a slice that costs more than planned overruns the frame. */
const ESTIMATE_DECAY = 0.8;

export class Rebuild {
  private readonly order: Int32Array;
  /** 0..runs-1: curves, in drawing order; runs..2·runs-1: markers. */
  private cursor = 0;
  private readonly msPerUnit = [NaN, NaN];

  constructor(
    private readonly source: CurveSource,
    readonly layer: Layer,
    stepLabel: string,
  ) {
    paintAxes(layer.surface.ctx, layer.geometry, stepLabel);
    this.order = drawingOrder(source);
  }

  /** Paints until the deadline (one slice at least, so it always ends); true once all is drawn. */
  paint(deadline: number, now: () => number): boolean {
    const { runs } = this.source;
    for (let first = true; this.cursor < 2 * runs; first = false) {
      const t0 = now();
      if (!first && t0 >= deadline) return false;
      const markers = this.cursor >= runs;
      const phase = markers ? 1 : 0;
      const perUnit = this.msPerUnit[phase]!;
      const affordable = Number.isNaN(perUnit) ? FIRST_UNITS[phase] : (deadline - t0) / perUnit;
      const stop = markers ? 2 * runs : runs;
      const from = this.cursor;
      let to = from;
      let planned = 0;
      while (to < stop && (to === from || planned < affordable)) planned += this.units(to++, markers);
      this.paintRange(from, to, markers);
      this.layer.surface.flush();
      const measured = (now() - t0) / planned;
      if (planned >= MEASURABLE_UNITS)
        this.msPerUnit[phase] = Number.isNaN(perUnit) ? measured : Math.max(measured, perUnit * ESTIMATE_DECAY);
      this.cursor = to;
    }
    return true;
  }

  private units(at: number, markers: boolean): number {
    const { end } = this.layer;
    if (markers) return markerAt(this.source, at - this.source.runs, -1, end) === null ? 0 : 1;
    const run = this.order[at]!;
    const points = Math.min(end, this.source.lastIndex[run]!) + 1;
    return RUN_UNITS + points * (this.source.visibleStatus(run) === STATUS.DIVERGED ? DASHED_COST : 1);
  }

  private paintRange(from: number, to: number, markers: boolean): void {
    const { surface, geometry, plot, map, end } = this.layer;
    const { ctx } = surface;
    const { runs } = this.source;
    if (!markers) {
      const slice = this.order.subarray(from, to);
      withClip(ctx, plot, () => paintCurves(ctx, this.source, slice, end, this.layer.tails, map, geometry.dpr));
    } else if (end === 0) {
      if (from === runs) paintDots(ctx, this.source, map, geometry.dpr);
    } else paintMarkers(ctx, this.source, -1, end, map, geometry.dpr, this.layer.marks, from - runs, to - runs);
  }
}
