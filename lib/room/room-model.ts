// The state machine of one live room: who is in it, the settings of the next round, and the
// round being played. Pure and synchronous: no sockets, storage or clock. Every command has a
// check (`canX`, which changes nothing) and an apply (`x`, which checks again and changes the
// model), so the server can go check -> store -> apply -> broadcast (server/rooms/live-room.ts).
//
//   lobby --start--> running <--pause/resume--> paused <--restore-- (a round in play in storage)
//     ^                 |  (every run converged, diverged or at maxSteps)
//     |                 v
//     +--newRound--  finished          any --end--> ended
//
// The round itself (built, stepped, rebuilt from storage) is in ./active-round.ts.
import { hasRoundDataset, type DatasetCopy } from "../datasets/dataset-copy";
import type { ErrorCode, OptimizerId, RosterEntry, RoomStatus, RoundSettings, RunChoice } from "../protocol";
import { newActiveRound, stepActiveRound, type ActiveRound } from "./active-round";
import { playedChoice } from "./round-batch";

export type { ActiveRound } from "./active-round";

export interface ParticipantRecord {
  id: string;
  nickname: string;
  /** Case-folded nickname: uniqueness is case-insensitive. */
  nicknameKey: string;
  resumeTokenHash: string;
  learningRate: number | null;
  /** The optimiser last submitted ("gd" until then) and beta for "momentum" (null otherwise). */
  optimizer: OptimizerId;
  momentum: number | null;
  /** Open sockets of this participant (a phone may briefly have two while reconnecting). */
  connections: number;
  kicked: boolean;
}

export interface RoomInit {
  sessionId: string;
  code: string;
  title: string;
  hostTokenHash: string;
  /** The instructor account the session belongs to (absent or null: nobody, e.g. from before accounts). */
  ownerId?: string | null;
  settings: RoundSettings;
  /** The copy of the instructor's dataset `settings.dataset` names (absent or null: a built-in). */
  datasetCopy?: DatasetCopy | null;
  participants: ParticipantRecord[];
  /** Number of rounds already stored for this session. */
  roundsPlayed: number;
  maxParticipants: number;
}

export type Result<T extends object = object> = ({ ok: true } & T) | { ok: false; code: ErrorCode; message: string };

const fail = (code: ErrorCode, message: string) => ({ ok: false as const, code, message });

export const nicknameKey = (nickname: string) => nickname.normalize("NFKC").toLocaleLowerCase("en-US");

export class RoomModel {
  status: RoomStatus = "lobby";
  locked = false;
  settings: RoundSettings;
  /** The copy of the dataset the next round's settings name (null: a built-in). */
  datasetCopy: DatasetCopy | null;
  roundsPlayed: number;
  round: ActiveRound | null = null;
  readonly participants = new Map<string, ParticipantRecord>();
  private readonly nicknames = new Map<string, string>();
  private readonly byResumeToken = new Map<string, string>();
  /** How many participants not kicked have a connection open (see setConnections). */
  private connected = 0;

  constructor(readonly init: RoomInit) {
    this.settings = { ...init.settings };
    this.datasetCopy = init.datasetCopy ?? null;
    this.roundsPlayed = init.roundsPlayed;
    for (const participant of init.participants) this.add(participant);
  }

  /** A round is running or paused: its roster and learning rates are fixed. */
  get roundInPlay(): boolean {
    return this.status === "running" || this.status === "paused";
  }

  get activeParticipants(): ParticipantRecord[] {
    return [...this.participants.values()].filter((p) => !p.kicked);
  }

  /** Participants not kicked, counted without walking the class (asked at every join). */
  get activeCount(): number {
    return this.nicknames.size;
  }

  /** Participants (not kicked) with at least one connection open. */
  get connectedCount(): number {
    return this.connected;
  }

  /**
   * Sets a participant's open connections; the only way they change, so connectedCount stays
   * right without a walk over the class at every connection (a class of 2,000 reconnecting at once).
   */
  setConnections(participant: ParticipantRecord, connections: number): void {
    const next = participant.kicked ? 0 : Math.max(0, connections);
    this.connected += Number(next > 0) - Number(participant.connections > 0);
    participant.connections = next;
  }

  private add(participant: ParticipantRecord): void {
    if (!participant.kicked && participant.connections > 0) this.connected++;
    this.participants.set(participant.id, participant);
    this.byResumeToken.set(participant.resumeTokenHash, participant.id);
    if (!participant.kicked) this.nicknames.set(participant.nicknameKey, participant.id);
  }

  /** The participant (kicked or not) whose resume token has this hash. */
  participantByResumeToken(tokenHash: string): ParticipantRecord | undefined {
    const id = this.byResumeToken.get(tokenHash);
    return id === undefined ? undefined : this.participants.get(id);
  }

  /** Checks a new participant may join; does not add them (the server stores them first). */
  canJoin(nickname: string): Result {
    if (this.status === "ended") return fail("ROOM_NOT_FOUND", "This session has ended.");
    if (this.locked) return fail("ROOM_LOCKED", "The instructor has locked this session.");
    if (this.activeCount >= this.init.maxParticipants) return fail("ROOM_FULL", "This session is full.");
    if (this.nicknames.has(nicknameKey(nickname)))
      return fail("NICKNAME_TAKEN", "Somebody in this session already has that nickname.");
    return { ok: true };
  }

  join(participant: ParticipantRecord): Result {
    const allowed = this.canJoin(participant.nickname);
    if (!allowed.ok) return allowed;
    this.add(participant);
    return allowed;
  }

  /** `optimizer`: the one the student asks for, checked against what the next round allows. */
  canSubmit(participantId: string, optimizer: OptimizerId = "gd"): Result<{ participant: ParticipantRecord }> {
    const participant = this.participants.get(participantId);
    if (!participant) return fail("NOT_JOINED", "Join the session first.");
    if (participant.kicked) return fail("KICKED", "The instructor removed you from this session.");
    if (this.status === "ended") return fail("INVALID_STATE", "This session has ended.");
    if (this.roundInPlay)
      return fail("ROUND_RUNNING", "The round has started: your learning rate is fixed until the next round.");
    if (!this.settings.optimizers.includes(optimizer))
      return fail(
        "OPTIMIZER_NOT_ALLOWED",
        `This round allows ${this.settings.optimizers.join(", ")}; "${optimizer}" is not one of them.`,
      );
    return { ok: true, participant };
  }

  submit(participantId: string, choice: RunChoice): Result {
    const allowed = this.canSubmit(participantId, choice.optimizer);
    if (allowed.ok) Object.assign(allowed.participant, choice);
    return allowed;
  }

  canKick(participantId: string): Result<{ participant: ParticipantRecord }> {
    const participant = this.participants.get(participantId);
    if (!participant || participant.kicked)
      return fail("INVALID_PAYLOAD", "participantId: no such participant in this room");
    return { ok: true, participant };
  }

  kick(participantId: string): Result<{ participant: ParticipantRecord }> {
    const allowed = this.canKick(participantId);
    if (!allowed.ok) return allowed;
    this.setConnections(allowed.participant, 0);
    allowed.participant.kicked = true;
    this.nicknames.delete(allowed.participant.nicknameKey);
    return allowed;
  }

  setLocked(locked: boolean): Result {
    if (this.status === "ended") return fail("INVALID_STATE", "This session has ended.");
    this.locked = locked;
    return { ok: true };
  }

  canNewRound(): Result {
    if (this.roundInPlay) return fail("ROUND_RUNNING", "Finish or wait for the current round first.");
    if (this.status === "ended") return fail("INVALID_STATE", "This session has ended.");
    return { ok: true };
  }

  /**
   * `datasetCopy` goes with `changes.dataset` (the server looked it up; null for a built-in); without
   * a new dataset the copy held stays. Settings that could not be trained on change nothing.
   */
  newRound(changes: Partial<RoundSettings>, datasetCopy: DatasetCopy | null = null): Result {
    const allowed = this.canNewRound();
    if (!allowed.ok) return allowed;
    const settings = { ...this.settings, ...changes };
    const copy = changes.dataset === undefined ? this.datasetCopy : datasetCopy;
    if (!hasRoundDataset({ ...settings, datasetCopy: copy }))
      return fail("INVALID_DATASET", `No usable copy of dataset ${settings.dataset}.`);
    this.settings = settings;
    this.datasetCopy = copy;
    this.status = "lobby";
    return { ok: true };
  }

  /** Starts the next round with every participant who has a learning rate. */
  start(): Result<{ round: ActiveRound }> {
    if (this.roundInPlay) return fail("ROUND_RUNNING", "A round is already running.");
    if (this.status === "ended") return fail("INVALID_STATE", "This session has ended.");
    const players = this.activeParticipants.filter((p) => p.learningRate !== null);
    if (players.length === 0) return fail("NO_LEARNING_RATES", "Nobody has submitted a learning rate yet.");
    const settings = { ...this.settings };
    const roster: RosterEntry[] = players.map((p, index) => ({
      index,
      participantId: p.id,
      nickname: p.nickname,
      ...playedChoice(
        { learningRate: p.learningRate!, optimizer: p.optimizer, momentum: p.momentum },
        settings.optimizers,
      ),
    }));
    const datasetCopy = this.datasetCopy;
    if (!hasRoundDataset({ ...settings, datasetCopy }))
      return fail("INVALID_DATASET", `No usable copy of dataset ${settings.dataset}.`);
    const round = newActiveRound({ number: this.roundsPlayed + 1, settings, datasetCopy, roster });
    this.round = round;
    this.roundsPlayed = round.number;
    this.status = round.batch.running === 0 ? "finished" : "running";
    return { ok: true, round };
  }

  /**
   * A round in play brought back from storage (restoreActiveRound, after a restart): the room
   * shows it paused at its step, with its settings and copy for the rounds after it (finished if
   * no run was left running). Only a room that has no round in play takes one.
   */
  restore(round: ActiveRound): Result {
    if (this.roundInPlay) return fail("ROUND_RUNNING", "A round is already in play.");
    if (this.status === "ended") return fail("INVALID_STATE", "This session has ended.");
    this.settings = { ...round.settings };
    this.datasetCopy = round.datasetCopy;
    this.round = round;
    this.roundsPlayed = Math.max(this.roundsPlayed, round.number);
    this.status = round.batch.running === 0 ? "finished" : "paused";
    return { ok: true };
  }

  pause(): Result {
    if (this.status !== "running") return fail("INVALID_STATE", "Only a running round can be paused.");
    this.status = "paused";
    return { ok: true };
  }

  resume(): Result {
    if (this.status !== "paused") return fail("INVALID_STATE", "Only a paused round can be resumed.");
    this.status = "running";
    return { ok: true };
  }

  /** One step of every run (a tick while running, or host:step while paused). */
  advance(): Result<{ finished: boolean }> {
    const round = this.round;
    if (!round || (this.status !== "running" && this.status !== "paused"))
      return fail("INVALID_STATE", "There is no round in progress.");
    const finished = stepActiveRound(round);
    if (finished) this.status = "finished";
    return { ok: true, finished };
  }

  end(): Result {
    if (this.status === "ended") return fail("INVALID_STATE", "This session has already ended.");
    this.status = "ended";
    return { ok: true };
  }
}
