// Loss history of every run of a round: one growable float64 array per run. losses[k] is the loss
// after k updates; only finite values are ever stored (a run that blew up to Infinity/NaN simply
// ends, and its divergedAtStep tells where).

export class SeriesRecorder {
  private readonly series: Float64Array[];
  private readonly lengths: Int32Array;

  constructor(runs: number, initialCapacity = 128) {
    this.series = Array.from({ length: runs }, () => new Float64Array(initialCapacity));
    this.lengths = new Int32Array(runs);
  }

  get runs(): number {
    return this.series.length;
  }

  length(run: number): number {
    return this.lengths[run] ?? 0;
  }

  append(run: number, loss: number): void {
    let buffer = this.series[run]!;
    const used = this.lengths[run]!;
    if (used === buffer.length) {
      // Doubling keeps appends amortised O(1) without a copy every step.
      const grown = new Float64Array(buffer.length * 2);
      grown.set(buffer);
      this.series[run] = buffer = grown;
    }
    buffer[used] = loss;
    this.lengths[run] = used + 1;
  }

  /** A view (no copy) of run's recorded losses. */
  view(run: number): Float64Array {
    return this.series[run]!.subarray(0, this.lengths[run]);
  }

  last(run: number): number | undefined {
    const used = this.lengths[run]!;
    return used > 0 ? this.series[run]![used - 1] : undefined;
  }

  /** The longest series, i.e. the number of steps recorded so far plus one. */
  maxLength(): number {
    let max = 0;
    for (const used of this.lengths) if (used > max) max = used;
    return max;
  }

  /**
   * Losses of steps [fromStep, toStep) for every run as a steps x runs matrix, NaN where a run has
   * no value (it had already stopped). NaN never is a recorded loss, so it is a safe marker.
   */
  matrix(fromStep: number, toStep: number): Float64Array {
    const runs = this.series.length;
    const out = new Float64Array(Math.max(0, toStep - fromStep) * runs).fill(Number.NaN);
    for (let run = 0; run < runs; run++) {
      const buffer = this.series[run]!;
      const end = Math.min(toStep, this.lengths[run]!);
      for (let step = fromStep; step < end; step++) out[(step - fromStep) * runs + run] = buffer[step]!;
    }
    return out;
  }
}
