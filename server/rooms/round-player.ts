// Plays the rounds of one live room: starts them (or takes up one in play from storage), ticks
// them on the room's clock, pauses, steps, and stores them while they play (through a
// RoundWriter) and when they end. It runs inside the room's command queue: every method is called
// from a command or from a tick the queue runs.
import { restoreActiveRound } from "../../lib/room/active-round";
import type { ActiveRound, Result } from "../../lib/room/room-model";
import type { RoomModel } from "../../lib/room/room-model";
import { roundResults } from "../../lib/room/room-views";
import type { StoredRoundInPlay } from "../db/round-repo";
import type { Clock } from "./clock";
import type { RoomBroadcaster } from "./room-broadcaster";
import type { RoomChannel } from "./room-channel";
import type { RoomStores } from "./room-stores";
import { RoundWriter, type StorageHealth, type StoredRoundRow } from "./round-writer";
import { unreplayableRuns } from "./stored-runs";

/** What becomes of a round in play when its room closes. */
export type RoundOnClose = "interrupt" | "keep" | "drop";

/** One of several processes: the room's lease fence, which every write of its rounds carries. */
export interface RoundFencing {
  /** Absent: one process, writes unfenced. */
  fence?: number;
  /** Storage refused a write for `fence` (a newer owner has the room): this copy must stop. */
  onFencedOut?: () => void;
}

export interface RoundPlayerDeps extends RoundFencing {
  rounds: RoomStores["rounds"];
  channel: RoomChannel;
  clock: Clock;
  flushIntervalMs: number;
  log: (message: string, error?: unknown) => void;
  /** Runs `task` in the room's command queue (ticks take their turn like commands). */
  enqueue: (task: () => Promise<void>) => Promise<void>;
}

export class RoundPlayer {
  private writer: RoundWriter | null = null;
  private tickTimer: unknown = null;
  private nextTickAt = 0;
  private lastFlushAt = 0;
  /** Set once the room closes: a tick already queued must not play on. */
  private stopped = false;

  constructor(
    private readonly model: RoomModel,
    private readonly broadcast: RoomBroadcaster,
    private readonly deps: RoundPlayerDeps,
  ) {}

  async start(): Promise<Result> {
    const started = this.model.start();
    if (!started.ok) return started;
    const { round } = started;
    this.writer = this.newWriter(round);
    // The one command that applies before its write is stored: the round row is queued (the
    // writer keeps its writes in order and retries them), not awaited, so with the database away
    // the round still starts and the class is not kept waiting on a disk either way.
    void this.writer.start(this.model.init.sessionId, new Date(this.deps.clock.now()));
    this.lastFlushAt = this.deps.clock.now();
    this.broadcast.stateNow();
    if (this.model.status === "finished") await this.finish();
    else this.startTicking();
    return { ok: true };
  }

  /**
   * Takes up a round that storage has in play (the room was just loaded, after a restart or from
   * a process that died): rebuilt by replaying the core, it stands paused at its last stored step
   * until the host resumes it, or plays at once with `play`. Storage goes on in the same row. A
   * round whose replay does not match what is stored is closed as interrupted, and the room stays
   * in the lobby.
   */
  async restore(stored: StoredRoundInPlay, { play = false } = {}): Promise<void> {
    const code = this.model.init.code;
    const restored = restoreActiveRound(stored);
    if (!restored.ok) {
      this.deps.log(`room ${code}: round ${stored.number} cannot go on (${restored.message}); stored as interrupted`);
      const runs = unreplayableRuns(stored.roster, stored.series);
      const at = new Date(this.deps.clock.now());
      await this.deps.rounds.finishRound(stored.id, runs, "interrupted", at, this.deps.fence);
      return;
    }
    // Only a room just loaded (no round in play yet) takes one up; storage is left as it is otherwise.
    const adopted = this.model.restore(restored.round);
    if (!adopted.ok) return this.deps.log(`room ${code}: round ${stored.number} not restored: ${adopted.message}`);
    const storedLength = Math.max(0, ...stored.series.map((losses) => losses.length));
    this.writer = this.newWriter(restored.round, { roundId: stored.id, storedLength });
    this.lastFlushAt = this.deps.clock.now();
    // Every run had ended, but the process died before storing the round as finished.
    if (this.model.status === "finished") await this.finish();
    else if (play) this.resume();
  }

  pause(): Result {
    const paused = this.model.pause();
    if (paused.ok) {
      this.stopTicking();
      this.broadcast.stateNow();
    }
    return paused;
  }

  resume(): Result {
    const resumed = this.model.resume();
    if (resumed.ok) {
      this.broadcast.stateNow();
      this.startTicking();
    }
    return resumed;
  }

  /** host:step — one step while paused. */
  async stepOnce(): Promise<Result> {
    if (this.model.status !== "paused")
      return { ok: false, code: "INVALID_STATE", message: "Pause the round to step it." };
    return this.advance();
  }

  /** Stores the steps of the round in play that are not stored yet; resolves once stored. */
  async storeProgress(): Promise<void> {
    if (this.writer && this.model.roundInPlay) await this.writer.flush();
  }

  /**
   * The room is closing: a round in play stops here. "interrupt" stores it as interrupted (the
   * session is over); "keep" stores every step played and leaves it in play in storage, so the
   * next process takes it up again, paused (a restart must not end a class's round); "drop" only
   * stops (another process owns the round now and stores it).
   */
  async stop(onClose: RoundOnClose): Promise<void> {
    this.stopped = true;
    this.stopTicking();
    if (!this.writer || !this.model.roundInPlay || onClose === "drop") return;
    if (onClose === "keep") await this.writer.flush();
    else await this.writer.finish("interrupted", new Date(this.deps.clock.now()));
  }

  private async advance(): Promise<Result> {
    const advanced = this.model.advance();
    if (!advanced.ok) return advanced;
    await this.broadcast.tick(this.model.round!);
    if (advanced.finished) {
      this.stopTicking();
      await this.finish();
    } else if (this.deps.clock.now() - this.lastFlushAt >= this.deps.flushIntervalMs) {
      this.lastFlushAt = this.deps.clock.now();
      void this.writer!.flush();
    }
    return { ok: true };
  }

  /** Stored first, then announced: a client told "finished" can fetch the whole round at once. */
  private async finish(): Promise<void> {
    const round = this.model.round!;
    await this.writer!.finish("finished", new Date(this.deps.clock.now()));
    // Not stored after all: the round belongs to a newer owner, which announces it.
    if (this.writer!.fencedOut) return;
    await this.broadcast.finished(round, roundResults(round));
  }

  /** The round's writer; fenced when the room is a cluster's (every write carries the lease fence). */
  private newWriter(round: ActiveRound, stored?: StoredRoundRow): RoundWriter {
    const { rounds, clock, fence } = this.deps;
    const fencing = fence === undefined ? undefined : { fence, onFencedOut: (e: Error) => this.fencedOut(e) };
    return new RoundWriter(rounds, round, clock, this.storageHealth(), stored, fencing);
  }

  /**
   * Storage refused a write for this room's fence: another process owns the room now. No more
   * steps here, at once (the room's own stop waits its turn in the queue), and the room is told.
   */
  private fencedOut(error: Error): void {
    this.deps.log(`room ${this.model.init.code}: ${error.message} This copy stops.`);
    this.stopped = true;
    this.stopTicking();
    this.deps.onFencedOut?.();
  }

  /** The host hears once when storage starts failing and once when it is back. */
  private storageHealth(): StorageHealth {
    const { channel, log } = this.deps;
    return {
      degraded: (error) => {
        log(`room ${this.model.init.code}: storage failing, retrying`, error);
        channel.toHost("host:warning", {
          code: "STORAGE_DEGRADED",
          message: "The database is not answering. The round goes on; results are saved when it is back.",
        });
      },
      recovered: () => channel.toHost("host:warning", { code: "STORAGE_RECOVERED", message: "The database is back." }),
    };
  }

  private startTicking(): void {
    this.stopTicking();
    this.nextTickAt = this.deps.clock.now();
    this.scheduleTick();
  }

  private scheduleTick(): void {
    const interval = 1000 / this.model.round!.settings.stepsPerSecond;
    // Aim at a fixed grid so timer lateness does not add up over a long round.
    this.nextTickAt = Math.max(this.nextTickAt + interval, this.deps.clock.now());
    this.tickTimer = this.deps.clock.setTimeout(() => {
      this.tickTimer = null;
      this.deps
        .enqueue(async () => {
          if (this.stopped || this.model.status !== "running") return;
          await this.advance();
          if (this.model.status === "running") this.scheduleTick();
        })
        .catch((error) => this.deps.log(`room ${this.model.init.code}: tick failed`, error));
    }, this.nextTickAt - this.deps.clock.now());
  }

  private stopTicking(): void {
    if (this.tickTimer !== null) this.deps.clock.clearTimeout(this.tickTimer);
    this.tickTimer = null;
  }
}
