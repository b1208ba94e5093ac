// One live room in this process: the pure RoomModel, plus what makes it live — a command queue
// (one change at a time), the ticker, storage while rounds play, and broadcasts.
import type { ParticipantRecord, Result } from "../../lib/room/room-model";
import { RoomModel } from "../../lib/room/room-model";
import {
  finishedFor, hostState, hostTick, leaderboard, roundResults, studentState, studentTick, yourRun,
} from "../../lib/room/room-views";
import type { RosterEntry, RoundSettings } from "../../lib/protocol";
import type { RoundRepository } from "../db/round-repo";
import type { SessionRepository } from "../db/session-repo";
import type { Clock } from "./clock";
import { STUDENT_BUCKETS, studentBucket, type RoomChannel } from "./room-channel";
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

// Joins and submissions change the state many times a second while a class arrives: coalesce.
// The host sees arrivals within 200 ms; students (who only see the count) once a second.
const HOST_STATE_THROTTLE_MS = 200;
const STUDENT_STATE_THROTTLE_MS = 1_000;

export class LiveRoom {
  private queue: Promise<unknown> = Promise.resolve();
  private writer: RoundWriter | null = null;
  /** The current round's runs grouped by their students' broadcast bucket. */
  private rosterByBucket: RosterEntry[][] = [];
  private tickTimer: unknown = null;
  private nextTickAt = 0;
  private lastFlushAt = 0;
  private idleTimer: unknown = null;
  private studentStateTimer: unknown = null;
  private hostStateTimer: unknown = null;
  /** Round and nicknames of the last `room:leaders`, to send it only when it changes. */
  private lastLeaders = "";
  private hostConnections = 0;
  closed = false;

  constructor(
    readonly model: RoomModel,
    private readonly deps: LiveRoomDeps,
  ) {
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
    this.broadcastState();
    const round = this.model.round;
    if (delta === 1 && round && (this.model.status === "running" || this.model.status === "paused"))
      this.deps.channel.toParticipant(participant.id, "room:leaders", { round: round.number, nicknames: leaderboard(round).nicknames });
  }

  private scheduleIdleCheck(): void {
    const { clock } = this.deps;
    if (this.idleTimer !== null) clock.clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const someone = this.hostConnections > 0 || this.model.activeParticipants.some((p) => p.connections > 0);
    if (someone || this.closed) return;
    this.idleTimer = clock.setTimeout(() => void this.exec(() => this.close("idle")), this.deps.idleGraceMs);
  }

  // --- broadcasts -----------------------------------------------------------------------------

  /** Coalesced: many joins in a burst cost one state message per recipient, not one each. */
  broadcastState(): void {
    const { clock } = this.deps;
    this.hostStateTimer ??= clock.setTimeout(() => {
      this.hostStateTimer = null;
      this.deps.channel.toHost("room:state", hostState(this.model));
    }, HOST_STATE_THROTTLE_MS);
    this.studentStateTimer ??= clock.setTimeout(() => {
      this.studentStateTimer = null;
      this.sendStudentStates();
    }, STUDENT_STATE_THROTTLE_MS);
  }

  /** Status changes reach everybody now, ahead of the ticks that follow them. */
  private broadcastStateNow(): void {
    for (const timer of [this.hostStateTimer, this.studentStateTimer]) if (timer !== null) this.deps.clock.clearTimeout(timer);
    this.hostStateTimer = this.studentStateTimer = null;
    this.deps.channel.toHost("room:state", hostState(this.model));
    this.sendStudentStates();
  }

  private sendStudentStates(): void {
    for (const participant of this.model.activeParticipants) {
      if (participant.connections > 0)
        this.deps.channel.toParticipant(participant.id, "room:state", studentState(this.model, participant));
    }
  }

  /**
   * One step's news: every loss to the host (binary), then bucket by bucket the shared leaderboard
   * (one broadcast per bucket) and each student's own run, yielding between buckets so other
   * rooms' timers and commands are not held up by a big class.
   */
  private async emitTick(): Promise<void> {
    const round = this.model.round!;
    const now = this.deps.clock.now();
    const { channel } = this.deps;
    channel.toHost("room:tick", hostTick(round, now));
    const { top, nicknames } = leaderboard(round);
    const leadersKey = `${round.number}\n${nicknames.join("\n")}`;
    if (leadersKey !== this.lastLeaders) {
      this.lastLeaders = leadersKey;
      channel.toStudents("all", "room:leaders", { round: round.number, nicknames });
    }
    const tick = studentTick(round, top, now);
    for (const [bucket, entries] of this.rosterByBucket.entries()) {
      channel.toStudents(bucket, "room:tick", tick);
      for (const entry of entries) {
        const participant = this.model.participants.get(entry.participantId);
        if (participant && participant.connections > 0 && !participant.kicked)
          channel.toParticipant(entry.participantId, "room:you", yourRun(round, entry.index));
      }
      if (entries.length > 100) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // --- rounds ---------------------------------------------------------------------------------

  async start(): Promise<Result> {
    const started = this.model.start();
    if (!started.ok) return started;
    const { round } = started;
    this.rosterByBucket = Array.from({ length: STUDENT_BUCKETS }, () => []);
    for (const entry of round.roster) this.rosterByBucket[studentBucket(entry.participantId)]!.push(entry);
    this.writer = new RoundWriter(this.deps.rounds, round, this.deps.clock, this.storageHealth());
    await this.writer.start(this.model.init.sessionId, new Date(this.deps.clock.now()));
    this.lastFlushAt = this.deps.clock.now();
    this.broadcastStateNow();
    if (this.model.status === "finished") await this.finishRound();
    else this.startTicking();
    return { ok: true };
  }

  pause(): Result {
    const paused = this.model.pause();
    if (paused.ok) {
      this.stopTicking();
      this.broadcastStateNow();
    }
    return paused;
  }

  resume(): Result {
    const resumed = this.model.resume();
    if (resumed.ok) {
      this.broadcastStateNow();
      this.startTicking();
    }
    return resumed;
  }

  /** host:step — one step while paused. */
  async stepOnce(): Promise<Result> {
    if (this.model.status !== "paused") return { ok: false, code: "INVALID_STATE", message: "Pause the round to step it." };
    return this.advance();
  }

  private async advance(): Promise<Result> {
    const advanced = this.model.advance();
    if (!advanced.ok) return advanced;
    await this.emitTick();
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
    this.deps.channel.toHost("room:finished", finishedFor(round, results));
    const byParticipant = new Map(results.map((result) => [result.participantId, result]));
    for (const [i, entry] of round.roster.entries()) {
      const own = byParticipant.get(entry.participantId) ?? null;
      this.deps.channel.toParticipant(entry.participantId, "room:finished", finishedFor(round, results, own));
      if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve)); // big classes: let others run
    }
    this.broadcastStateNow();
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
    this.deps.channel.toParticipant(participant.id, "room:kicked", { message: "The instructor removed you from this session." });
    this.deps.channel.disconnectParticipant(participant.id);
    participant.connections = 0;
    this.broadcastState();
  }

  newRound(changes: Partial<RoundSettings>): Result {
    const changed = this.model.newRound(changes);
    if (changed.ok) this.broadcastStateNow();
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
    for (const timer of [this.idleTimer, this.studentStateTimer, this.hostStateTimer]) if (timer !== null) this.deps.clock.clearTimeout(timer);
    const round = this.model.round;
    if (round && (this.model.status === "running" || this.model.status === "paused"))
      await this.writer!.finish("interrupted", roundResults(round), new Date(this.deps.clock.now()));
    if (reason !== "shutdown") {
      this.model.end();
      await this.deps.sessions.endSession(this.model.init.sessionId, new Date(this.deps.clock.now()));
    }
    this.deps.channel.toEveryone("room:ended", { reason });
    if (reason !== "shutdown") this.broadcastStateNow();
    this.deps.onClosed(this);
  }
}
