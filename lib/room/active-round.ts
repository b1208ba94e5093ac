// One round while it is played: its roster, the learner batch, the recorded series and the
// leaderboard. Built when a round starts, stepped once per tick, and rebuilt from storage when a
// process takes up a round in play (after a crash or a restart). The core is deterministic, so
// replaying the stored number of steps gives back the very round the live room had, and from
// there it plays on bit for bit as if nothing had happened.
import { hasRoundDataset, roundDataset, type DatasetCopy } from "../datasets/dataset-copy";
import { STATUS, stepLearnerBatch, type LearnerBatch } from "../gd";
import type { RosterEntry, RoundSettings } from "../protocol";
import { rankRuns } from "./ranking";
import type { Result } from "./room-model";
import { createRoundBatch } from "./round-batch";
import { SeriesRecorder } from "./series";

export interface ActiveRound {
  number: number;
  settings: RoundSettings;
  /** What it trains on when settings.dataset is an instructor's dataset (null: a built-in). */
  datasetCopy: DatasetCopy | null;
  roster: RosterEntry[];
  batch: LearnerBatch;
  series: SeriesRecorder;
  /** Run indices best first, and each run's 1-based rank, refreshed after every step. */
  order: Int32Array;
  ranks: Int32Array;
  /** Statuses before the last step: tells which runs moved in it. */
  previousStatus: Uint8Array;
}

/** What a round is made of when it starts (and what storage keeps of it). */
export interface RoundPlan {
  number: number;
  settings: RoundSettings;
  datasetCopy: DatasetCopy | null;
  roster: RosterEntry[];
}

/** A round as storage holds it while it plays: the plan and the losses stored so far. */
export interface StoredRoundProgress extends RoundPlan {
  /** Each run's stored losses in roster order (losses[k] after k updates; empty: none stored). */
  series: readonly Float64Array[];
}

/** The round at step 0. The caller has checked its dataset is usable (hasRoundDataset). */
export function newActiveRound(plan: RoundPlan): ActiveRound {
  const { roster, settings } = plan;
  const dataset = roundDataset({ ...settings, datasetCopy: plan.datasetCopy });
  const batch = createRoundBatch(dataset, roster, settings.maxSteps);
  const series = new SeriesRecorder(roster.length, Math.min(settings.maxSteps + 1, 1024));
  for (let run = 0; run < roster.length; run++) series.append(run, batch.losses[run]!);
  const round: ActiveRound = {
    ...plan,
    batch,
    series,
    order: new Int32Array(roster.length),
    ranks: new Int32Array(roster.length),
    previousStatus: new Uint8Array(roster.length),
  };
  rankRuns(batch, round.order, round.ranks);
  return round;
}

/** One step of every run still running; true once none is left running. */
export function stepActiveRound(round: ActiveRound): boolean {
  const { batch, series, previousStatus } = round;
  previousStatus.set(batch.status);
  stepLearnerBatch(batch);
  for (let run = 0; run < previousStatus.length; run++) {
    if (previousStatus[run] !== STATUS.RUNNING) continue;
    // A run whose loss overflowed to Infinity/NaN stops without recording that step.
    if (batch.stepsTaken[run] === batch.step) series.append(run, batch.losses[run]!);
  }
  rankRuns(batch, round.order, round.ranks);
  return batch.running === 0;
}

const refuse = (code: "INVALID_STATE" | "INVALID_DATASET", message: string) => ({ ok: false as const, code, message });

/**
 * The round as it was at its last stored step: played again from step 0 the way the live room
 * played it (same batch, same steps), then checked against every stored loss. Storage that does
 * not match the replay (another version of the core, a damaged row) is refused rather than
 * continued, since what followed would not be that round any more.
 */
export function restoreActiveRound(stored: StoredRoundProgress): Result<{ round: ActiveRound }> {
  const { roster, settings, series: storedSeries } = stored;
  if (storedSeries.length !== roster.length)
    return refuse(
      "INVALID_STATE",
      `stored losses for ${storedSeries.length} runs, but the roster has ${roster.length}`,
    );
  if (!hasRoundDataset({ ...settings, datasetCopy: stored.datasetCopy }))
    return refuse("INVALID_DATASET", `No usable copy of dataset ${settings.dataset}.`);
  let longest = 0;
  for (const losses of storedSeries) longest = Math.max(longest, losses.length);
  const steps = Math.max(0, longest - 1);
  if (steps > settings.maxSteps)
    return refuse("INVALID_STATE", `${steps} steps stored for a round of at most ${settings.maxSteps}`);
  const round = newActiveRound(stored);
  for (let step = 0; step < steps && round.batch.running > 0; step++) stepActiveRound(round);
  // Nothing stored yet (the process died before its first flush): the round is at step 0.
  if (longest === 0) return { ok: true, round };
  for (let run = 0; run < roster.length; run++) {
    const replayed = round.series.view(run);
    const losses = storedSeries[run]!;
    const differs = losses.length !== replayed.length || losses.some((loss, step) => loss !== replayed[step]);
    if (differs) return refuse("INVALID_STATE", `the stored losses of run ${run} do not match a replay of the round`);
  }
  return { ok: true, round };
}
