// One run's loss series reduced to what a chart of `columns` pixel columns can show (M4: the
// first, smallest, largest and last point of each column, in step order). A line drawn through
// them covers the same pixels as one drawn through every step, so a 10,000-step run costs what
// its width costs, not what its length costs. The choice does not depend on the y-axis: log is
// monotone, so the smallest loss of a column is also the lowest point on a log-scale chart.
//
// Every kept point is an input point (its step and its exact value), so a run's first and last
// loss and its global minimum and maximum are always among them.

export interface ReducedSeries {
  /** Step of each kept point, strictly increasing. */
  steps: Uint32Array;
  /** values[i] = losses[steps[i]], exactly. */
  values: Float64Array;
}

export interface ReduceOptions {
  /**
   * Steps the chart's x-axis spans, [0, span): the round's longest series, so a run that stopped
   * early (diverged) falls into the same columns as the others and gets only the columns it
   * reaches. Default: the run's own length. Must be at least the run's length.
   */
  span?: number;
}

/** A run short enough to draw whole: every step, as it is (a copy). */
function whole(losses: ArrayLike<number>): ReducedSeries {
  const steps = new Uint32Array(losses.length);
  for (let i = 0; i < steps.length; i++) steps[i] = i;
  return { steps, values: Float64Array.from(losses) };
}

function checkArguments(losses: ArrayLike<number>, columns: number, span: number): void {
  if (!Number.isInteger(columns) || columns < 1)
    throw new RangeError(`columns must be a positive integer, got ${columns}`);
  if (!Number.isInteger(span) || span < losses.length)
    throw new RangeError(`span must be an integer of at least the series' length (${losses.length}), got ${span}`);
  if (losses.length > 0xffffffff) throw new RangeError(`a series of ${losses.length} steps is too long`);
  for (let step = 0; step < losses.length; step++) {
    const value = losses[step]!;
    if (value - value !== 0) throw new RangeError(`losses must be finite numbers: step ${step} is ${value}`);
  }
}

/**
 * `losses` (finite values, losses[k] = loss after k updates) reduced for a chart `columns` pixels
 * wide: at most 4 points per column, so at most 4 x columns points. A series with at most 4
 * steps for each column it reaches comes back whole (a copy).
 */
export function reduceSeries(losses: ArrayLike<number>, columns: number, options: ReduceOptions = {}): ReducedSeries {
  const length = losses.length;
  const span = options.span ?? length;
  checkArguments(losses, columns, span);
  // The columns this run reaches on the chart's axis: a run with no more than 4 steps for each
  // draws every step anyway.
  const reached = length > 0 ? Math.floor(((length - 1) * columns) / span) + 1 : 0;
  if (length <= 4 * reached) return whole(losses);

  const steps = new Uint32Array(4 * reached);
  let kept = 0;
  const keep = (step: number) => {
    // Steps arrive in increasing order; the same one twice (first = min, say) is kept once.
    if (kept === 0 || steps[kept - 1]! < step) steps[kept++] = step;
  };
  // Column c holds the steps k with floor(k * columns / span) = c, i.e. ceil(c * span / columns)
  // up to ceil((c + 1) * span / columns) - 1; integer arithmetic, exact below 2^53.
  for (let column = 0; column < reached; column++) {
    const first = Math.ceil((column * span) / columns);
    const end = Math.min(length, Math.ceil(((column + 1) * span) / columns));
    if (end <= first) continue;
    let lowest = first;
    let highest = first;
    for (let step = first + 1; step < end; step++) {
      const value = losses[step]!;
      if (value < losses[lowest]!) lowest = step;
      else if (value > losses[highest]!) highest = step;
    }
    keep(first);
    keep(Math.min(lowest, highest));
    keep(Math.max(lowest, highest));
    keep(end - 1);
  }
  const values = new Float64Array(kept);
  for (let i = 0; i < kept; i++) values[i] = losses[steps[i]!]!;
  return { steps: steps.slice(0, kept), values };
}

/**
 * Every run of a round reduced for one chart: the x-axis spans the longest run, so each run keeps
 * the columns it reaches and they line up across runs.
 */
export function reduceRound(series: readonly ArrayLike<number>[], columns: number): ReducedSeries[] {
  const span = series.reduce((longest, losses) => Math.max(longest, losses.length), 0);
  return series.map((losses) => reduceSeries(losses, columns, { span }));
}
