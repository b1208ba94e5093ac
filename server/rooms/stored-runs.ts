// The stored record of every run of a round, built in one place for both ways a round ends: by
// the live room (finished, or cut short by its host, idleness or a shutdown) and by recovery after
// a crash (which replays the core to the last stored step).
import { STATUS, statusAt, statusName, type LearnerBatch } from "../../lib/gd";
import type { RosterEntry } from "../../lib/protocol";
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
