// Stores a round while it plays: the round row when it starts, a chunk of new losses about once a
// second, and the final runs when it ends. Writes go one at a time, in order; a failed write is
// retried with back-off (the round keeps playing in memory meanwhile) and the room is told when
// storage is in trouble and when it has recovered.
import type { ActiveRound } from "../../lib/room/room-model";
import type { RoundResult } from "../../lib/protocol";
import type { FinishedRun, RoundRepository, StoredRoundStatus } from "../db/round-repo";
import type { Clock } from "./clock";

export interface StorageHealth {
  degraded(error: unknown): void;
  recovered(): void;
}

const MAX_BACKOFF_MS = 5_000;

export class RoundWriter {
  readonly roundId = crypto.randomUUID();
  private flushedSteps = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: RoundRepository,
    private readonly round: ActiveRound,
    private readonly clock: Clock,
    private readonly health: StorageHealth,
  ) {}

  /** Stores the round row; resolves once stored (or once storage is back). */
  start(sessionId: string, startedAt: Date): Promise<void> {
    const { number, settings, roster } = this.round;
    return this.enqueue(() =>
      this.repo.startRound({ id: this.roundId, sessionId, number, settings, roster, startedAt }),
    );
  }

  /** Queues the losses recorded since the last flush. Cheap to call when nothing is new. */
  flush(): Promise<void> {
    const from = this.flushedSteps;
    const to = this.round.series.maxLength();
    if (to <= from) return this.chain;
    this.flushedSteps = to;
    const matrix = this.round.series.matrix(from, to);
    return this.enqueue(() => this.repo.appendChunk(this.roundId, from, to, matrix));
  }

  /** Stores every run's whole series and the round's outcome; resolves when it is stored. */
  finish(status: StoredRoundStatus, results: RoundResult[], endedAt: Date): Promise<void> {
    const { series, roster } = this.round;
    const runIndex = new Map(roster.map((entry) => [entry.participantId, entry.index]));
    const runs: FinishedRun[] = results.map((result) => {
      const index = runIndex.get(result.participantId)!;
      const stillRunning = status === "interrupted" && this.round.batch.status[index] === 0;
      return {
        participantId: result.participantId,
        learningRate: result.learningRate,
        status: stillRunning ? "interrupted" : result.status,
        losses: series.view(index).slice(),
        divergedAtStep: result.divergedAtStep,
        rank: result.rank,
      };
    });
    return this.enqueue(() => this.repo.finishRound(this.roundId, runs, status, endedAt));
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(() => this.withRetry(write));
    return this.chain;
  }

  private async withRetry(write: () => Promise<void>): Promise<void> {
    let backoff = 100;
    let failed = false;
    for (;;) {
      try {
        await write();
        if (failed) this.health.recovered();
        return;
      } catch (error) {
        if (!failed) this.health.degraded(error);
        failed = true;
        await new Promise<void>((resolve) => this.clock.setTimeout(resolve, backoff));
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }
}
