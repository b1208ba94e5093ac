// One live room in this process: the pure RoomModel, plus what makes it live — a command queue
// (one change at a time), the ticker, storage while rounds play, and broadcasts.
import type { ParticipantRecord, Result } from "../../lib/room/room-model";
import { RoomModel } from "../../lib/room/room-model";
import { roundResults } from "../../lib/room/room-views";
import type { RoundSettings } from "../../lib/protocol";
import type { RoundRepository } from "../db/round-repo";
import type { SessionRepository } from "../db/session-repo";
import type { Clock } from "./clock";
import { RoomBroadcaster } from "./room-broadcaster";
import type { RoomChannel } from "./room-channel";
import { RoundWriter } from "./round-writer";

export interface LiveRoomDeps {
  channel: RoomChannel;
  sessions: SessionRepository;
  rounds: RoundRepository;
  clock: Clock;
  flushIntervalMs: number;
  idleGraceMs: number;
  log: (message: string, error?: unknown) => void;
  /** Called once the room has closed, so the registry can forget it. */
  onClosed: (room: LiveRoom) => void;
}

export class LiveRoom {
  private queue: Promise<unknown> = Promise.resolve();
  private writer: RoundWriter | null = null;
  private tickTimer: unknown = null;
  private nextTickAt = 0;
  private lastFlushAt = 0;
  private idleTimer: unknown = null;
  private hostConnections = 0;
  closed = false;

  private readonly broadcast: RoomBroadcaster;

  constructor(
    readonly model: RoomModel,
    private readonly deps: LiveRoomDeps,
  ) {
    this.broadcast = new RoomBroadcaster(model, deps.channel, deps.clock);
    this.scheduleIdleCheck();
  }

  get code(): string {
    return this.model.init.code;
  }

  /** Runs `command` after every earlier command of this room has finished. */
  exec<T>(command: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(command);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // --- presence -------------------------------------------------------------------------------

  hostConnected(delta: 1 | -1): void {
    this.hostConnections += delta;
    this.scheduleIdleCheck();
  }

  participantConnected(participant: ParticipantRecord, delta: 1 | -1): void {
    participant.connections = Math.max(0, participant.connections + delta);
    this.scheduleIdleCheck();
    this.broadcast.state();
    const round = this.model.round;
    if (delta === 1 && round && this.model.roundInPlay) this.broadcast.leadersTo(participant.id, round);
  }

  private scheduleIdleCheck(): void {
    const { clock } = this.deps;
    if (this.idleTimer !== null) clock.clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const someone = this.hostConnections > 0 || this.model.activeParticipants.some((p) => p.connections > 0);
    if (someone || this.closed) return;
    this.idleTimer = clock.setTimeout(() => void this.exec(() => this.close("idle")), this.deps.idleGraceMs);
  }

  /** Stores the steps of the round in play that are not stored yet; resolves once stored. */
  async storeProgress(): Promise<void> {
    if (this.writer && this.model.roundInPlay) await this.writer.flush();
  }

  /** After a change made straight on the model (a submission, a lock): tell the clients, soon. */
  stateChanged(): void {
    this.broadcast.state();
  }

  // --- rounds ---------------------------------------------------------------------------------

  async start(): Promise<Result> {
    const started = this.model.start();
    if (!started.ok) return started;
    const { round } = started;
    this.broadcast.roundStarted(round);
    this.writer = new RoundWriter(this.deps.rounds, round, this.deps.clock, this.storageHealth());
    // Not awaited: with the database away the round still starts (the writer keeps its writes in
    // order and retries them), and the class is not kept waiting on a disk either way.
    void this.writer.start(this.model.init.sessionId, new Date(this.deps.clock.now()));
    this.lastFlushAt = this.deps.clock.now();
    this.broadcast.stateNow();
    if (this.model.status === "finished") await this.finishRound();
    else this.startTicking();
    return { ok: true };
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

  private async advance(): Promise<Result> {
    const advanced = this.model.advance();
    if (!advanced.ok) return advanced;
    await this.broadcast.tick(this.model.round!);
    if (advanced.finished) {
      this.stopTicking();
      await this.finishRound();
    } else if (this.deps.clock.now() - this.lastFlushAt >= this.deps.flushIntervalMs) {
      this.lastFlushAt = this.deps.clock.now();
      void this.writer!.flush();
    }
    return { ok: true };
  }

  private async finishRound(): Promise<void> {
    const round = this.model.round!;
    const results = roundResults(round);
    await this.writer!.finish("finished", results, new Date(this.deps.clock.now()));
    await this.broadcast.finished(round, results);
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
      void this.exec(async () => {
        if (this.model.status !== "running") return;
        await this.advance();
        if (this.model.status === "running") this.scheduleTick();
      }).catch((error) => this.deps.log(`room ${this.code}: tick failed`, error));
    }, this.nextTickAt - this.deps.clock.now());
  }

  private stopTicking(): void {
    if (this.tickTimer !== null) this.deps.clock.clearTimeout(this.tickTimer);
    this.tickTimer = null;
  }

  kickOut(participant: ParticipantRecord): void {
    this.model.kick(participant.id);
    this.deps.channel.toParticipant(participant.id, "room:kicked", {
      message: "The instructor removed you from this session.",
    });
    this.deps.channel.disconnectParticipant(participant.id);
    participant.connections = 0;
    this.broadcast.state();
  }

  newRound(changes: Partial<RoundSettings>): Result {
    const changed = this.model.newRound(changes);
    if (changed.ok) this.broadcast.stateNow();
    return changed;
  }

  private storageHealth() {
    return {
      degraded: (error: unknown) => {
        this.deps.log(`room ${this.code}: storage failing, retrying`, error);
        this.deps.channel.toHost("host:warning", {
          code: "STORAGE_DEGRADED",
          message: "The database is not answering. The round goes on; results are saved when it is back.",
        });
      },
      recovered: () =>
        this.deps.channel.toHost("host:warning", { code: "STORAGE_RECOVERED", message: "The database is back." }),
    };
  }

  /**
   * Closes the room: `host`/`idle` end the session for good; `shutdown` only stops this process's
   * copy (the host can carry on after a restart). A round in play is stored as interrupted.
   */
  async close(reason: "host" | "idle" | "shutdown"): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopTicking();
    if (this.idleTimer !== null) this.deps.clock.clearTimeout(this.idleTimer);
    this.broadcast.cancel();
    const round = this.model.round;
    if (round && this.model.roundInPlay)
      await this.writer!.finish("interrupted", roundResults(round), new Date(this.deps.clock.now()));
    if (reason !== "shutdown") {
      this.model.end();
      await this.deps.sessions.endSession(this.model.init.sessionId, new Date(this.deps.clock.now()));
    }
    this.deps.channel.toEveryone("room:ended", { reason });
    if (reason !== "shutdown") this.broadcast.stateNow();
    this.deps.onClosed(this);
  }
}
