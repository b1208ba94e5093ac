// Stores a round while it plays: the round row when it starts, a chunk of new losses about once a
// second, and the final runs when it ends. Writes go one at a time, in order; a failed write is
// retried with back-off (the round keeps playing in memory meanwhile) and the room is told when
// storage is in trouble and when it has recovered. A round taken up again after a restart (or by
// another process) goes on in its own row: the writer starts from what is stored and appends only
// the steps after it, in the same chunks (docs/decisions/0003-loss-storage.md). In a cluster every
// write carries the owner's fence; a write storage refuses for it (FencedOutError: a newer owner has
// the room) is no outage: the writer stops for good and says so once.
import type { ActiveRound } from "../../lib/room/room-model";
import { FencedOutError } from "../db/fenced-out-error";
import type { StoredRoundStatus } from "../db/round-repo";
import type { Clock } from "./clock";
import type { RoomStores } from "./room-stores";
import { storedRuns } from "./stored-runs";

export interface StorageHealth {
  degraded(error: unknown): void;
  recovered(): void;
}

/** A round already in storage: its row, and how much of its series the stored chunks hold. */
export interface StoredRoundRow {
  roundId: string;
  /** The longest stored series' length (steps stored + 1; 0 if nothing was flushed yet). */
  storedLength: number;
}

/** The lease fence this process owns the room with, and who to tell once storage refuses it. */
export interface WriterFencing {
  fence: number;
  onFencedOut: (error: FencedOutError) => void;
}

const MAX_BACKOFF_MS = 5_000;

export class RoundWriter {
  readonly roundId: string;
  private flushedSteps: number;
  private chain: Promise<void> = Promise.resolve();
  private refused = false;

  /**
   * `stored`: the round has a row already (do not call start()): later flushes go on after it.
   * `fencing`: every write carries the fence (absent: one process, writes unfenced).
   */
  constructor(
    private readonly repo: RoomStores["rounds"],
    private readonly round: ActiveRound,
    private readonly clock: Clock,
    private readonly health: StorageHealth,
    stored?: StoredRoundRow,
    private readonly fencing?: WriterFencing,
  ) {
    this.roundId = stored?.roundId ?? crypto.randomUUID();
    this.flushedSteps = stored?.storedLength ?? 0;
  }

  /** True once storage has refused a write for this fence: nothing more is written, ever. */
  get fencedOut(): boolean {
    return this.refused;
  }

  /** Stores the round row; resolves once stored (or once storage is back, or fenced out). */
  start(sessionId: string, startedAt: Date): Promise<void> {
    const { number, settings, datasetCopy, roster } = this.round;
    return this.enqueue((fence) =>
      this.repo.startRound({ id: this.roundId, sessionId, number, settings, datasetCopy, roster, startedAt }, fence),
    );
  }

  /** Queues the losses recorded since the last flush. Cheap to call when nothing is new. */
  flush(): Promise<void> {
    const from = this.flushedSteps;
    const to = this.round.series.maxLength();
    if (to <= from) return this.chain;
    this.flushedSteps = to;
    const matrix = this.round.series.matrix(from, to);
    return this.enqueue((fence) => this.repo.appendChunk(this.roundId, from, to, matrix, fence));
  }

  /** Stores every run's whole series and the round's outcome; resolves when it is stored. */
  finish(status: Exclude<StoredRoundStatus, "running">, endedAt: Date): Promise<void> {
    const { series } = this.round;
    // A copy of each series as it is now: the write may wait in the queue behind others.
    const runs = storedRuns(this.round, (run) => series.view(run).slice());
    return this.enqueue((fence) => this.repo.finishRound(this.roundId, runs, status, endedAt, fence));
  }

  private enqueue(write: (fence: number | undefined) => Promise<void>): Promise<void> {
    this.chain = this.chain.then(() => this.withRetry(() => write(this.fencing?.fence)));
    return this.chain;
  }

  private async withRetry(write: () => Promise<void>): Promise<void> {
    let backoff = 100;
    let failed = false;
    for (;;) {
      // Fenced out (by this write's turn, or during its back-off): this and every later write is dropped.
      if (this.refused) return;
      try {
        await write();
        if (failed) this.health.recovered();
        return;
      } catch (error) {
        if (error instanceof FencedOutError) return this.refuse(error);
        if (!failed) this.health.degraded(error);
        failed = true;
        await new Promise<void>((resolve) => this.clock.setTimeout(resolve, backoff));
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  private refuse(error: FencedOutError): void {
    this.refused = true;
    this.fencing?.onFencedOut(error);
  }
}
