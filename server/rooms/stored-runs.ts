// The stored record of every run of a round, built in one place for every way a round ends: by
// the live room (finished, or cut short by its host or idleness, restored rounds included) and at
// start-up for a round no room will take up again (replayed to its last stored step first).
import { STATUS, statusAt, statusName, type LearnerBatch } from "../../lib/gd";
import type { RosterEntry } from "../../lib/protocol";
import { rankRuns } from "../../lib/room/ranking";
import type { FinishedRun } from "../db/round-repo";

export interface RankedRuns {
  roster: readonly RosterEntry[];
  batch: Pick<LearnerBatch, "status" | "divergedAtStep">;
  /** 1-based rank of each run (lib/room/ranking). */
  ranks: Int32Array;
}

/** A run still running when its round stopped is stored as "interrupted". */
export function storedRuns(round: RankedRuns, lossesOf: (run: number) => Float64Array): FinishedRun[] {
  return round.roster.map((entry, run) => {
    const status = statusAt(round.batch.status, run);
    const divergedAt = round.batch.divergedAtStep[run]!;
    return {
      participantId: entry.participantId,
      learningRate: entry.learningRate,
      optimizer: entry.optimizer,
      momentum: entry.momentum,
      status: status === STATUS.RUNNING ? "interrupted" : statusName(status),
      losses: lossesOf(run),
      divergedAtStep: divergedAt >= 0 ? divergedAt : null,
      rank: round.ranks[run]!,
    };
  });
}

/**
 * A round whose stored losses a replay does not reproduce (restoreActiveRound refused it): the
 * losses are kept as stored, every run is "interrupted" (how it would have ended is unknown) and
 * ranked by its last stored loss.
 */
export function unreplayableRuns(roster: readonly RosterEntry[], series: readonly Float64Array[]): FinishedRun[] {
  const runs = roster.length;
  const stopped = { status: new Uint8Array(runs), divergedAtStep: new Int32Array(runs).fill(-1) };
  // A run with nothing stored ranks last (MAX_VALUE, not Infinity: equal keys must compare as 0).
  const losses = Float64Array.from({ length: runs }, (_, run) => series[run]?.at(-1) ?? Number.MAX_VALUE);
  const ranks = new Int32Array(runs);
  rankRuns({ ...stopped, losses }, new Int32Array(runs), ranks);
  return storedRuns({ roster, batch: stopped, ranks }, (run) => series[run] ?? new Float64Array(0));
}
