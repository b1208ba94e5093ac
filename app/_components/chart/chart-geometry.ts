// Where the loss chart puts things: steps 0..xMax across, whole decades of loss on a log scale up
// the side. The axes are fixed for a round (x from the round's step budget, y from its initial loss
// up to the divergence limit and down to the optimum) and only ever grow, so a new step adds one
// segment to each curve and a full redraw is rare (chart-renderer.ts). Pure: no canvas here.

/** What is known about a round before its data: its step budget and the losses it can reach. */
export interface AxisHint {
  maxStep?: number;
  lossLow?: number;
  lossHigh?: number;
}

/** x spans steps 0..xMax; y spans 10^loDecade..10^hiDecade. */
export interface ChartRange {
  xMax: number;
  loDecade: number;
  hiDecade: number;
}

/** The plotting area inside the canvas, in device pixels. */
export interface PlotRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Everything a drawing depends on: when two geometries differ, the old pixels are no use. */
export interface ChartGeometry {
  range: ChartRange;
  cssWidth: number;
  cssHeight: number;
  dpr: number;
}

/** Smallest and largest loss seen so far (the store's values are already clamped for a log axis). */
export interface LossExtent {
  min: number;
  max: number;
}

/** Without a step budget the x axis doubles from here as the steps come (a rebuild each time). */
export const FALLBACK_X_MAX = 16;

/** Room for the decade labels on the left and the step labels and axis name below, in CSS pixels. */
export const MARGIN = { left: 64, right: 14, top: 12, bottom: 52 } as const;

export function plotRect(geometry: Omit<ChartGeometry, "range">): PlotRect {
  const { cssWidth, cssHeight, dpr } = geometry;
  return {
    left: MARGIN.left * dpr,
    top: MARGIN.top * dpr,
    width: Math.max(1, cssWidth - MARGIN.left - MARGIN.right) * dpr,
    height: Math.max(1, cssHeight - MARGIN.top - MARGIN.bottom) * dpr,
  };
}

/**
 * The range that holds the hint, the data seen and the previous range (it never shrinks, so a
 * round's axes change only when a loss leaves them: a few times a round at most, a decade at a time).
 */
export function fitRange(
  previous: ChartRange | null,
  hint: AxisHint,
  extent: LossExtent,
  lastStep: number,
): ChartRange {
  const low = Math.min(extent.min, hint.lossLow ?? Infinity);
  const high = Math.max(extent.max, hint.lossHigh ?? -Infinity);
  let loDecade = low > 0 && Number.isFinite(low) ? Math.floor(Math.log10(low)) : NaN;
  let hiDecade = high > 0 && Number.isFinite(high) ? Math.ceil(Math.log10(high)) : NaN;
  if (previous) {
    loDecade = Number.isNaN(loDecade) ? previous.loDecade : Math.min(loDecade, previous.loDecade);
    hiDecade = Number.isNaN(hiDecade) ? previous.hiDecade : Math.max(hiDecade, previous.hiDecade);
  }
  if (Number.isNaN(loDecade)) loDecade = Number.isNaN(hiDecade) ? 0 : hiDecade - 1;
  if (Number.isNaN(hiDecade) || hiDecade <= loDecade) hiDecade = loDecade + 1;
  let xMax = Math.max(1, previous?.xMax ?? hint.maxStep ?? FALLBACK_X_MAX);
  while (xMax < lastStep) xMax *= 2;
  return { xMax, loDecade, hiDecade };
}

export function sameGeometry(a: ChartGeometry, b: ChartGeometry): boolean {
  return (
    a.cssWidth === b.cssWidth &&
    a.cssHeight === b.cssHeight &&
    a.dpr === b.dpr &&
    a.range.xMax === b.range.xMax &&
    a.range.loDecade === b.range.loDecade &&
    a.range.hiDecade === b.range.hiDecade
  );
}

/** Step and loss to device pixels (y grows downwards, larger losses higher up). */
export interface ChartMapping {
  x(step: number): number;
  y(loss: number): number;
}

export function chartMapping(range: ChartRange, plot: PlotRect): ChartMapping {
  const perStep = plot.width / range.xMax;
  const perDecade = plot.height / (range.hiDecade - range.loDecade);
  const bottom = plot.top + plot.height;
  return {
    x: (step) => plot.left + step * perStep,
    y: (loss) => bottom - (Math.log10(loss) - range.loDecade) * perDecade,
  };
}

/** Decade exponents to label, thinned to about eight whatever the span (1e-12..1e300). */
export function decadeTicks(range: ChartRange): number[] {
  const step = Math.max(1, Math.ceil((range.hiDecade - range.loDecade) / 8));
  const ticks: number[] = [];
  for (let e = range.loDecade; e <= range.hiDecade; e += step) ticks.push(e);
  return ticks;
}

const STEP_INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000] as const;

/** Whole-number steps at least `minGap` CSS pixels apart (no 0.5 ticks on short rounds). */
export function stepTicks(range: ChartRange, plotCssWidth: number, minGap = 60): number[] {
  const perStep = plotCssWidth / range.xMax;
  const increment = STEP_INCREMENTS.find((inc) => inc * perStep >= minGap) ?? STEP_INCREMENTS.at(-1)!;
  const ticks: number[] = [];
  for (let s = 0; s <= range.xMax; s += increment) ticks.push(s);
  return ticks;
}
