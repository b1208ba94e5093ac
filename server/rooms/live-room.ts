// One live room in this process, with one lifecycle (like a Colyseus room's onJoin/onLeave): the
// pure RoomModel, a command queue (one change at a time), storage and broadcasts. Every command
// goes the same way: check on the model -> store -> apply -> broadcast, so a storage failure
// leaves the room exactly as it was. Handlers only parse, call and answer.
import type { DatasetCopy, HostRoomState, RoundSettings, RunChoice } from "../../lib/protocol";
import type { ParticipantRecord, Result } from "../../lib/room/room-model";
import { RoomModel } from "../../lib/room/room-model";
import { hostState } from "../../lib/room/room-views";
import type { StoredRoundInPlay } from "../db/round-repo";
import type { Clock } from "./clock";
import { attachHost, join, type Arrivals, type Connect, type HostCredential, type JoinRequest } from "./room-arrivals";
import { datasetForNewRound, type DatasetLookup } from "./dataset-choice";
import { RoomBroadcaster } from "./room-broadcaster";
import { RoomPresence } from "./room-presence";
import type { Membership } from "./room-handle";
import type { RoomChannel } from "./room-channel";
import type { RoomStores } from "./room-stores";
import { RoundPlayer, type RoundFencing, type RoundOnClose } from "./round-player";

export type { Connect, HostCredential, JoinRequest, Joined } from "./room-arrivals";

export interface LiveRoomDeps extends RoomStores, RoundFencing {
  channel: RoomChannel;
  clock: Clock;
  flushIntervalMs: number;
  idleGraceMs: number;
  log: (message: string, error?: unknown) => void;
  /** Called once the room has closed, so the registry can forget it. */
  onClosed: (room: LiveRoom) => void;
  /** The session owner's datasets, for host:newRound (absent: the built-in datasets only). */
  datasets?: DatasetLookup;
}

export class LiveRoom {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly presence: RoomPresence;
  private readonly broadcast: RoomBroadcaster;
  private readonly player: RoundPlayer;
  private readonly arrivals: Arrivals;
  closed = false;

  constructor(
    private readonly model: RoomModel,
    private readonly deps: LiveRoomDeps,
  ) {
    this.broadcast = new RoomBroadcaster(model, deps.channel, deps.clock);
    this.player = new RoundPlayer(model, this.broadcast, { ...deps, enqueue: (task) => this.exec(task) });
    this.presence = new RoomPresence(
      deps.clock,
      deps.idleGraceMs,
      () => model.connectedCount > 0,
      () => void this.closeIdle(),
    );
    this.arrivals = {
      model,
      sessions: deps.sessions,
      presence: this.presence,
      isClosed: () => this.closed,
      now: () => this.now(),
      storeProgress: () => this.player.storeProgress(),
      connected: (participant, delta) => this.connected(participant, delta),
    };
  }

  get code(): string {
    return this.model.init.code;
  }

  get status(): RoomModel["status"] {
    return this.model.status;
  }

  /** Runs `command` after every earlier command of this room has finished. */
  private exec<T>(command: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(command);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every command queued so far has run (tests, shutdown). */
  settled(): Promise<void> {
    return this.exec(() => undefined);
  }

  // --- who is in the room -----------------------------------------------------------------

  /** `reattach`: this connection is already this room's host (attaching again counts once). */
  attachHost = (credential: HostCredential, connect: Connect, { reattach = false } = {}) =>
    this.exec(() => attachHost(this.arrivals, credential, connect, reattach));

  join = (request: JoinRequest, connect: Connect) => this.exec(() => join(this.arrivals, request, connect));

  /** A connection closed: a host's, or a participant's (kicked ones are already out). */
  leave(participantId?: string): Promise<void> {
    return this.exec(() => {
      if (this.closed) return;
      if (participantId === undefined) return this.presence.hostLeft();
      const participant = this.model.participants.get(participantId);
      if (participant && !participant.kicked) this.connected(participant, -1);
    });
  }

  submit(participantId: string, choice: RunChoice): Promise<Result<RunChoice>> {
    return this.exec(async () => {
      const allowed = this.model.canSubmit(participantId, choice.optimizer);
      if (!allowed.ok) return allowed;
      await this.deps.sessions.setRunChoice(participantId, choice);
      this.model.submit(participantId, choice);
      this.broadcast.state();
      return { ok: true, ...choice };
    });
  }

  kick(participantId: string): Promise<Result> {
    return this.exec(async () => {
      const allowed = this.model.canKick(participantId);
      if (!allowed.ok) return allowed;
      await this.deps.sessions.markKicked(participantId, this.now());
      this.model.kick(participantId);
      this.deps.channel.toParticipant(participantId, "room:kicked", {
        message: "The instructor removed you from this session.",
      });
      this.deps.channel.disconnectParticipant(participantId);
      this.broadcast.state();
      this.presence.changed();
      return { ok: true };
    });
  }

  setLocked(locked: boolean): Promise<Result<{ locked: boolean }>> {
    return this.exec(() => {
      const changed = this.model.setLocked(locked);
      if (!changed.ok) return changed;
      this.broadcast.state();
      return { ok: true, locked: this.model.locked };
    });
  }

  // --- rounds ---------------------------------------------------------------------------

  /** The dataset is chosen first (datasetForNewRound); everyone gets a new copy once, ahead of the state naming it. */
  newRound(
    changes: Partial<RoundSettings>,
  ): Promise<Result<{ state: HostRoomState; datasetCopy: DatasetCopy | null }>> {
    return this.exec(async () => {
      const allowed = this.model.canNewRound();
      if (!allowed.ok) return allowed;
      const chosen = await datasetForNewRound(this.deps.datasets, this.model, changes.dataset);
      if (!chosen.ok) return chosen;
      const previous = this.model.datasetCopy;
      const changed = this.model.newRound(changes, chosen.copy);
      if (!changed.ok) return changed;
      if (this.model.datasetCopy && this.model.datasetCopy !== previous)
        this.deps.channel.toEveryone("room:dataset", this.model.datasetCopy);
      this.broadcast.stateNow();
      return { ok: true, state: hostState(this.model), datasetCopy: this.model.datasetCopy };
    });
  }

  start = () => this.exec(() => this.player.start());
  pause = () => this.exec(() => this.player.pause());
  resume = () => this.exec(() => this.player.resume());
  stepOnce = () => this.exec(() => this.player.stepOnce());
  /** The session's round in play as storage has it, for a room just loaded (RoundPlayer.restore). */
  restoreRound = (stored: StoredRoundInPlay, options: { play?: boolean } = {}) =>
    this.exec(() => this.player.restore(stored, options));

  /** host:end — the session ends for good. */
  end(): Promise<Result> {
    return this.exec(async () => {
      if (this.closed) return { ok: false, code: "INVALID_STATE", message: "This session has already ended." } as const;
      await this.close("host");
      return { ok: true };
    });
  }

  /** Process shutdown: every step of a round in play is stored and it stays in play; the session stays open. */
  shutdown(): Promise<void> {
    return this.exec(() => this.close("shutdown"));
  }

  // --- one of several processes (server/cluster/cluster-rooms.ts) -------------------------

  /** A rolling restart: as shutdown, but the room lives on in another process, so nobody is told. */
  handOver = (): Promise<void> => this.exec(() => this.close("handover"));
  /**
   * Another process owns the room now: this copy stops at once, storing nothing. `recovered`: it
   * had warned the host of a Redis outage, now over (the new owner's room plays on).
   */
  abandon = ({ recovered = false } = {}): Promise<void> =>
    this.exec(() => {
      if (recovered) this.deps.channel.toHost("host:warning", CLUSTER_RECOVERED);
      return this.close("abandon");
    });
  /** Who is connected on every process, after a takeover (the old owner's counts died with it). */
  recount = (members: Membership[]): Promise<void> =>
    this.exec(() => {
      this.presence.recount(this.model, members);
      this.broadcast.state();
    });

  /** The lease is lost to a Redis outage: no more steps (another process may own the room soon). */
  suspend(): Promise<boolean> {
    return this.exec(() => {
      const wasRunning = this.model.status === "running";
      if (wasRunning) this.player.pause();
      this.deps.channel.toHost("host:warning", {
        code: "CLUSTER_DEGRADED",
        message: "The servers have lost touch with each other (Redis). The round is paused until they are back.",
      });
      return wasRunning;
    });
  }

  /** The lease is back and nobody took the room meanwhile: carry on as before the outage. */
  regain(wasRunning: boolean): Promise<void> {
    return this.exec(() => {
      this.deps.channel.toHost("host:warning", CLUSTER_RECOVERED);
      if (wasRunning && this.model.status === "paused") this.player.resume();
    });
  }

  // --- internals --------------------------------------------------------------------------

  private now(): Date {
    return new Date(this.deps.clock.now());
  }

  private connected(participant: ParticipantRecord, delta: 1 | -1): void {
    this.model.setConnections(participant, participant.connections + delta);
    this.presence.changed();
    this.broadcast.state();
    const round = this.model.round;
    if (delta === 1 && round && this.model.roundInPlay) this.broadcast.leadersTo(participant.id, round);
  }

  /**
   * Closes this process's copy of the room. `host`/`idle` end the session for good: the end is
   * stored first (a database failure leaves the room open and playing), then a round in play is
   * stored as interrupted. `shutdown` and `handover` store every step of a round in play and leave
   * it in play for the next process to take up (a restart must not end a class's round); only a
   * shutdown tells the clients. `abandon` (another process owns the room now) stores nothing.
   */
  private async close(reason: keyof typeof ROUND_ON_CLOSE): Promise<void> {
    if (this.closed) return;
    const endsSession = reason === "host" || reason === "idle";
    if (endsSession) await this.deps.sessions.endSession(this.model.init.sessionId, this.now());
    this.closed = true;
    this.presence.dispose();
    this.broadcast.cancel();
    await this.player.stop(ROUND_ON_CLOSE[reason]);
    if (endsSession) this.model.end();
    if (endsSession || reason === "shutdown") this.deps.channel.toEveryone("room:ended", { reason });
    if (endsSession) this.broadcast.stateNow();
    this.deps.onClosed(this);
  }

  private closeIdle(): Promise<void> {
    return this.exec(() => this.close("idle")).catch((error) => {
      this.deps.log(`room ${this.code}: could not close after being idle; trying again later`, error);
      this.presence.changed();
    });
  }
}

const CLUSTER_RECOVERED = { code: "CLUSTER_RECOVERED", message: "The servers are back in touch." } as const;

/** What a round in play becomes when the room closes for each reason (RoundPlayer.stop). */
const ROUND_ON_CLOSE = {
  host: "interrupt",
  idle: "interrupt",
  shutdown: "keep",
  handover: "keep",
  abandon: "drop",
} as const satisfies Record<string, RoundOnClose>;
