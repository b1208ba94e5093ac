// When the loss chart draws what. Each animation frame adds the new steps' segments to the canvas on
// show (a few strokes for the whole class); a full redraw (resize, axes grown, replay step moved, a
// diverged run to restyle, a reload's backlog) is built on a fresh canvas a slice at a time, within
// a time budget per frame (chart-rebuild.ts), then swapped in. So no frame blocks for long.
import { fitRange, sameGeometry, type AxisHint, type ChartGeometry } from "./chart-geometry";
import type { ChartRange, LossExtent } from "./chart-geometry";
import { makeLayer, Rebuild, type Layer, type Surface } from "./chart-rebuild";
import { paintSteps, withClip, type CurveSource } from "./curve-painter";
import { paintMarkers } from "./marker-painter";

export type { Surface } from "./chart-rebuild";

/** What the renderer reads of a SeriesStore. */
export interface ChartSource extends CurveSource {
  readonly limit: number | null;
  readonly axisHint: AxisHint;
}

export interface RendererHost {
  /** A blank canvas for the geometry, or null when the browser gives no 2D context. */
  create(geometry: ChartGeometry): Surface | null;
  /** Puts a finished canvas on the page in place of the one shown. */
  show(surface: Surface): void;
  now(): number;
}

/** Time a frame may spend on the chart: most of a 60 Hz frame stays for the landscape and the page. */
export const FRAME_BUDGET_MS = 6;
/**
 * A chart whose data is all there before anything is shown (a stored round's review) may take this
 * long a frame for its first redraw: there is no animation to keep smooth yet, and each frame's own
 * cost (style, paint) is paid ~5x less often, so the chart shows sooner. Under the 50 ms at which a
 * browser reports a long task, so input is still answered promptly.
 */
export const FIRST_DRAW_BUDGET_MS = 40;
/** A diverged run is overdrawn dashed at once; the full restyle waits at least this long after the last. */
export const RESTYLE_INTERVAL_MS = 2000;
/** Finishing a rebuild (the steps that came meanwhile, the swap) waits a frame unless this much is left. */
const FINISH_RESERVE_MS = 3;
/** More new segments than this in one frame (a reload's backlog) are drawn as a sliced full redraw. */
export const INCREMENT_LIMIT = 40_000;

export function visibleEnd(source: Pick<ChartSource, "xs" | "limit">): number {
  const last = source.xs.length - 1;
  return source.limit === null ? last : Math.min(source.limit, last);
}

export class ChartRenderer {
  private size: Omit<ChartGeometry, "range"> | null = null;
  private range: ChartRange | null = null;
  private readonly extent: LossExtent = { min: Infinity, max: -Infinity };
  private scanned = 0;
  private readonly everyRun: Int32Array;
  private visible: Layer | null = null;
  private job: Rebuild | null = null;
  private restylePending = false;
  private lastSwapAt = -Infinity;
  /** Full redraws finished so far (for tests and the page's data attribute). */
  rebuilds = 0;

  /** `firstBudgetMs`: a frame's budget until the first canvas is shown (default FRAME_BUDGET_MS). */
  constructor(
    private readonly source: ChartSource,
    private readonly host: RendererHost,
    private readonly stepLabel: string,
    private readonly firstBudgetMs = FRAME_BUDGET_MS,
  ) {
    this.everyRun = Int32Array.from({ length: source.runs }, (_, i) => i);
  }

  resize(cssWidth: number, cssHeight: number, dpr: number): void {
    this.size = { cssWidth: Math.max(1, Math.round(cssWidth)), cssHeight: Math.max(1, Math.round(cssHeight)), dpr };
  }

  /** One frame's work. Returns when to come back: 0 = next frame, n = in n ms, null = nothing to do. */
  frame(): number | null {
    if (!this.size) return null;
    const start = this.host.now();
    this.scanExtent();
    this.range = fitRange(this.range, this.source.axisHint, this.extent, this.source.xs.at(-1) ?? 0);
    const wanted: ChartGeometry = { range: this.range, ...this.size };
    const end = visibleEnd(this.source);
    if (this.job && !sameGeometry(this.job.layer.geometry, wanted)) this.job = null;
    if (this.visible && this.canIncrement(this.visible, end)) this.paintNewSteps(this.visible, end);
    if (!this.job && this.needsRebuild(wanted, end, start)) this.startRebuild(wanted, end);
    if (this.job) this.advance(this.job, start + (this.visible ? FRAME_BUDGET_MS : this.firstBudgetMs));
    if (this.job) return 0;
    if (this.restylePending) return Math.max(0, this.lastSwapAt + RESTYLE_INTERVAL_MS - this.host.now());
    return null;
  }

  /** Only new losses can widen the range: each step is looked at once. */
  private scanExtent(): void {
    const { xs, ys, runs } = this.source;
    for (let k = this.scanned; k < xs.length; k++)
      for (let i = 0; i < runs; i++) {
        const y = ys[i]![k];
        if (y === null || y === undefined) continue;
        if (y < this.extent.min) this.extent.min = y;
        if (y > this.extent.max) this.extent.max = y;
      }
    this.scanned = xs.length;
  }

  private canIncrement(layer: Layer, end: number): boolean {
    return (
      layer.limit === this.source.limit &&
      layer.end >= 1 &&
      end > layer.end &&
      (end - layer.end) * this.source.runs <= INCREMENT_LIMIT
    );
  }

  private needsRebuild(wanted: ChartGeometry, end: number, now: number): boolean {
    const visible = this.visible;
    if (!visible || !sameGeometry(visible.geometry, wanted) || visible.limit !== this.source.limit) return true;
    if (visible.end !== end) return true; // dots to replace by lines, or a backlog too big for one frame
    return this.restylePending && now - this.lastSwapAt >= RESTYLE_INTERVAL_MS;
  }

  private startRebuild(geometry: ChartGeometry, end: number): void {
    const surface = this.host.create(geometry);
    if (!surface) return;
    this.job = new Rebuild(
      this.source,
      makeLayer(surface, geometry, this.source.runs, end, this.source.limit),
      this.stepLabel,
    );
    // The new canvas draws every run in its status as of now.
    this.restylePending = false;
  }

  private advance(job: Rebuild, deadline: number): void {
    const now = () => this.host.now();
    if (!job.paint(deadline, now) || now() > deadline - FINISH_RESERVE_MS) return;
    const { layer } = job;
    // Steps that came in while it was built (a frame's worth or two) are added before it is shown.
    const end = visibleEnd(this.source);
    if (this.canIncrement(layer, end)) this.paintNewSteps(layer, end);
    layer.surface.flush();
    this.host.show(layer.surface);
    this.visible = layer;
    this.job = null;
    this.rebuilds++;
    this.lastSwapAt = now();
  }

  private paintNewSteps(layer: Layer, end: number): void {
    const { surface, plot, map, geometry } = layer;
    const restyled = withClip(surface.ctx, plot, () =>
      paintSteps(surface.ctx, this.source, this.everyRun, end, layer.tails, map, geometry.dpr),
    );
    paintMarkers(surface.ctx, this.source, layer.end, end, map, geometry.dpr, layer.marks);
    layer.end = end;
    if (restyled > 0) this.restylePending = true;
  }
}
