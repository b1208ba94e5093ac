// Columnar loss curves: one shared x array (steps) and one y array per run, appended in place tick
// by tick (no per-tick copies of hundreds of arrays). Listeners are told after each change; the
// chart draws what is new once per animation frame.
import { STATUS, optimizerCode, type OptimizerId } from "../../../lib/gd";
import { clampForLog } from "../../_lib/format";
import type { AxisHint } from "./chart-geometry";

export class SeriesStore {
  readonly xs: number[] = [];
  readonly ys: (number | null)[][];
  /** Status code per run (lib/gd STATUS). */
  readonly status: Uint8Array;
  /** Last raw loss per run, for ranking and labels. */
  readonly lastLoss: Float64Array;
  /** Index into xs of each run's last drawn point (where a diverged marker goes). */
  readonly lastIndex: Int32Array;
  readonly divergedAt: Int32Array;
  /** Index into xs where each run stopped (its status stopped being running); -1 while it runs. */
  readonly stoppedAt: Int32Array;
  /** Each run's optimiser (lib/gd OPTIMIZER code: 0 plain descent), drawn as its line's style. */
  readonly optimizers: Uint8Array;
  /** More than one optimiser among the runs: the chart then shows its legend. */
  readonly mixed: boolean;
  /** History replay shows steps 0..limit only; null = everything. */
  limit: number | null = null;
  private listeners = new Set<() => void>();
  /** Losses the log axis clamped (at index * runs + run), rare: so a rewind restores lastLoss exactly. */
  private unclamped = new Map<number, number>();

  constructor(
    /** Changes whenever the set of runs changes (a new round): the chart is rebuilt then. */
    readonly key: string,
    readonly labels: string[],
    /** The round's step budget and loss range, when known before the data (see axis-hint.ts). */
    readonly axisHint: AxisHint = {},
    /** One per label, in the same order (absent: every run is plain descent). */
    private readonly optimizerIds?: readonly OptimizerId[],
  ) {
    const count = labels.length;
    this.optimizers = Uint8Array.from({ length: count }, (_, i) => optimizerCode(optimizerIds?.[i] ?? "gd"));
    this.mixed = this.optimizers.some((code) => code !== this.optimizers[0]);
    this.ys = labels.map(() => []);
    this.status = new Uint8Array(count);
    this.lastLoss = new Float64Array(count);
    this.lastIndex = new Int32Array(count).fill(-1);
    this.divergedAt = new Int32Array(count).fill(-1);
    this.stoppedAt = new Int32Array(count).fill(-1);
  }

  get runs(): number {
    return this.labels.length;
  }

  get lastStep(): number {
    return this.xs.length ? this.xs[this.xs.length - 1]! : -1;
  }

  /** Appends one step. Runs that had already stopped get a gap (null), so their line ends. */
  push(step: number, losses: ArrayLike<number>, statuses: ArrayLike<number> | null): void {
    if (step <= this.lastStep) return; // duplicate after a reconnect
    this.xs.push(step);
    const at = this.xs.length - 1;
    for (let i = 0; i < this.runs; i++) {
      const stopped = at > 0 && this.status[i] !== STATUS.RUNNING;
      const loss = losses[i] ?? NaN;
      const y = stopped ? null : clampForLog(loss);
      this.ys[i]!.push(y);
      if (stopped) continue;
      if (y !== null) this.lastIndex[i] = at;
      if (!Number.isNaN(loss)) this.lastLoss[i] = loss;
      if (y !== null && y !== loss) this.unclamped.set(at * this.runs + i, loss);
      const next = statuses ? (statuses[i] ?? STATUS.RUNNING) : STATUS.RUNNING;
      if (next === STATUS.DIVERGED && this.divergedAt[i]! < 0) this.divergedAt[i] = step;
      if (next !== STATUS.RUNNING && this.stoppedAt[i]! < 0) this.stoppedAt[i] = at;
      this.status[i] = next;
    }
    this.notify();
  }

  /**
   * A new store holding this one's steps up to `step` only, each run as it stood then: what a client
   * shows after a room taken over by another process stopped at an earlier step (app/_lib/tick-order.ts).
   * The same steps pushed again after it give the same store as if they had never been cut.
   */
  rewoundTo(step: number): SeriesStore {
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`not a step: ${String(step)}`);
    const copy = new SeriesStore(this.key, this.labels, this.axisHint, this.optimizerIds);
    let end = this.xs.length - 1;
    while (end >= 0 && this.xs[end]! > step) end--;
    copy.xs.push(...this.xs.slice(0, end + 1));
    copy.limit = this.limit;
    for (let i = 0; i < this.runs; i++) {
      copy.ys[i]!.push(...this.ys[i]!.slice(0, end + 1));
      const stopped = this.stoppedAt[i]!;
      if (stopped >= 0 && stopped <= end) {
        // Stopped by then: nothing of it changed after that step.
        copy.status[i] = this.status[i]!;
        copy.stoppedAt[i] = stopped;
        copy.divergedAt[i] = this.divergedAt[i]!;
        copy.lastIndex[i] = this.lastIndex[i]!;
        copy.lastLoss[i] = this.lastLoss[i]!;
        continue;
      }
      let last = end; // still running then: its newest point up to `step`
      while (last >= 0 && copy.ys[i]![last] === null) last--;
      copy.lastIndex[i] = last;
      if (last >= 0) copy.lastLoss[i] = this.unclamped.get(last * this.runs + i) ?? copy.ys[i]![last]!;
    }
    for (const [at, loss] of this.unclamped) if (at < (end + 1) * this.runs) copy.unclamped.set(at, loss);
    return copy;
  }

  /** Status as seen at the visible end (a replay before the blow-up shows the run as running;
   *  at the step where it stopped, its final status and marker already show). */
  visibleStatus(i: number): number {
    if (this.limit !== null && this.lastIndex[i]! > this.limit) return STATUS.RUNNING;
    return this.status[i]!;
  }

  setLimit(limit: number | null): void {
    this.limit = limit;
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
