// The replay slider's ranking at step k (GET /api/sessions/:id/rounds/:n/ranking), exact: made by
// lib/series/ranking-at-step.ts from the stored full series, never from the summary's reduced
// ones. Reading a big round's series is the expensive part (~0.5 s for 1,000 x 10,000), ranking
// them at one step is not (~1 ms), so what is kept between requests is a window of steps of every
// run's series: the whole round when it fits the cache's budget, else the steps around k, read
// again when the slider leaves them. Each run's last loss and outcome are kept whole, so any step
// at or past a run's end needs no window at all.
import type { RankingEntry } from "../../lib/api-types";
import { statusName } from "../../lib/gd";
import type { StoredRunStatus } from "../../lib/protocol";
import { rankingAtStep, type StoredRunOutcome } from "../../lib/series/ranking-at-step";
import type { StoredRunHistory } from "../db/history-repo";
import type { ReviewRound } from "../db/review-repo";
import type { Sized } from "./review-cache";

interface ReplayRun {
  length: number;
  status: StoredRunStatus;
  divergedAtStep: number | null;
  /** losses[length - 1]: what the run shows from its last step on. */
  last: number;
  /** losses[from .. min(to, length) - 1]. */
  window: Float64Array;
}

/** Steps [from, to) of every run of a round, and each run's end. */
export interface ReplayWindow {
  from: number;
  to: number;
  /** The round's longest series: from step span - 1 on, every run shows its last loss. */
  span: number;
  runs: ReplayRun[];
}

const RUN_OVERHEAD_BYTES = 96;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Whether `window` answers `step` without reading the series again. */
export function windowHolds(window: ReplayWindow, step: number): boolean {
  return (step >= window.from && step < window.to) || step >= window.span - 1;
}

/**
 * The steps to read for `step`: the whole axis if `maxBytes` holds it for every run, else as many
 * steps as it holds, a quarter of them before `step` (the slider mostly plays forward).
 */
export function windowAround(round: ReviewRound, step: number, maxBytes: number): { from: number; to: number } {
  const span = Math.max(round.span, 1);
  const perStep = 8 * Math.max(round.runCount, 1);
  const width = Math.min(span, Math.max(1, Math.floor((maxBytes - RUN_OVERHEAD_BYTES * round.runCount) / perStep)));
  const from = Math.max(0, Math.min(step - Math.floor(width / 4), span - width));
  return { from, to: from + width };
}

/** Reads steps [from, to) of every run (one run's full series in memory at a time). */
export async function loadReplayWindow(
  runs: AsyncIterable<StoredRunHistory>,
  span: number,
  { from, to }: { from: number; to: number },
): Promise<Sized<ReplayWindow>> {
  const kept: ReplayRun[] = [];
  let bytes = 0;
  for await (const run of runs) {
    const { losses } = run;
    const window = losses.slice(Math.min(from, losses.length), Math.min(to, losses.length));
    kept.push({
      length: losses.length,
      status: run.status,
      divergedAtStep: run.divergedAtStep,
      last: losses.length > 0 ? losses[losses.length - 1]! : NaN,
      window,
    });
    bytes += window.byteLength + RUN_OVERHEAD_BYTES;
    if (kept.length % 50 === 0) await nextTurn();
  }
  const longest = kept.reduce((most, run) => Math.max(most, run.length), span);
  return { value: { from, to, span: longest, runs: kept }, bytes };
}

/**
 * What rankingAtStep reads of a run at `step`: losses[min(step, length - 1)] and the length. Only
 * that one index is present; the window holds it (windowHolds was checked).
 */
function outcomeAt(run: ReplayRun, step: number, from: number): StoredRunOutcome {
  const at = Math.min(step, run.length - 1);
  const value = at === run.length - 1 ? run.last : run.window[at - from];
  if (value === undefined) throw new RangeError(`step ${step} is outside the replay window from ${from}`);
  const losses: ArrayLike<number> = { length: run.length, [at]: value };
  return { losses, status: run.status, divergedAtStep: run.divergedAtStep };
}

/** The ranking after `step` updates, best first, `limit` entries at most. */
export function rankingFromWindow(window: ReplayWindow, step: number, limit: number): RankingEntry[] {
  if (!windowHolds(window, step)) throw new RangeError(`step ${step} is outside the replay window`);
  const ranking = rankingAtStep(
    window.runs.map((run) => outcomeAt(run, step, window.from)),
    step,
  );
  return Array.from(ranking.order.subarray(0, limit), (run) => ({
    run,
    rank: ranking.ranks[run]!,
    loss: ranking.losses[run]!,
    status: statusName(ranking.status[run]!),
    divergedAtStep: ranking.divergedAtStep[run]! >= 0 ? ranking.divergedAtStep[run]! : null,
  }));
}
