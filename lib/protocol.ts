// The live protocol between the server and every client (instructor console, student phones, bots).
// One file, imported by both sides; docs/protocol.md describes the same contract in prose.
// Command payload types are the zod schemas' input types (lib/protocol-schemas.ts), so they cannot
// drift from what the server accepts; the server itself still receives `unknown` and parses it.

import type { z } from "zod";
import type { OptimizerId } from "./gd/optimizers";
import type { FinalStatusName, StatusCode, StatusName } from "./gd/outcome";
import type { DatasetCopy } from "./datasets/dataset-copy";
import type { schemas } from "./protocol-schemas";

export { DATASET_CHOICES, type DatasetChoice } from "./input-rules";
/** A round's own copy of an instructor's dataset (lib/datasets/dataset-copy.ts). */
export type { DatasetCopy } from "./datasets/dataset-copy";
/** The optimisers and their defaults are defined once, in lib/gd/optimizers.ts. */
export { DEFAULT_MOMENTUM, OPTIMIZER_IDS, type OptimizerId } from "./gd/optimizers";

export const ERROR_CODES = [
  "INVALID_PAYLOAD", // the payload does not match the event's schema
  "ROOM_NOT_FOUND", // no live session with that code, or the session has ended
  "NICKNAME_TAKEN", // another participant of the room has that nickname (case-insensitive)
  "ROOM_LOCKED", // the host locked the room: no new participants
  "ROOM_FULL", // the room has reached its participant cap
  "INVALID_LEARNING_RATE", // not a finite number with 0 < lr <= 1000
  "NOT_HOST", // a host command from a socket that is not attached as this room's host
  "NOT_JOINED", // a student command from a socket that has not joined a room
  "ROUND_RUNNING", // the command is not allowed while a round is running or paused
  "INVALID_STATE", // the command does not apply to the room's current status
  "NO_LEARNING_RATES", // start with no student having submitted a learning rate
  "KICKED", // this participant was removed by the host
  "RATE_LIMITED", // too many commands (or sockets, sessions, checks) in a short time
  "ORIGIN_NOT_ALLOWED", // POST /api/connection-check: a socket from this page's Origin would be refused
  "SERVER_BUSY", // this server holds as many live sessions as it may; try again later
  "ROOM_MOVING", // the session is moving to another server process (a restart or failover); try again
  "SIGNED_OUT", // HTTP: the call needs a signed-in instructor (or a signed-in admin)
  "SETUP_REFUSED", // POST /api/setup: the set-up token is wrong or was used
  "SETUP_DONE", // POST /api/setup: an account exists, the server is set up
  "INVITATION_INVALID", // the invitation does not exist, was used, expired, or invitations are off
  "SIGNUP_CLOSED", // sign-up (or making invitations) is not allowed by this server's SIGNUP
  "OPTIMIZER_NOT_ALLOWED", // student:submit with an optimizer the instructor did not allow this round
  // An instructor's dataset (CSV, initial weights) is not usable (the message names row and column), or
  // settings name a dataset id the session's instructor has not got.
  "INVALID_DATASET",
  "INTERNAL", // something failed on the server; nothing was changed
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ProtocolError };
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;

export type RoomStatus = "lobby" | "running" | "paused" | "finished" | "ended";
/** Run statuses by name; the names and their codes are defined once, in lib/gd/outcome.ts. */
export type RunStatus = StatusName;
export type FinalRunStatus = FinalStatusName;
/** A stored run: "running" while its round plays, "interrupted" when the round was cut short. */
export type StoredRunStatus = RunStatus | "interrupted";

export interface RoundSettings {
  /** A built-in DatasetChoice, or the id of the instructor's own dataset whose copy the room holds. */
  dataset: string;
  standardized: boolean;
  maxSteps: number;
  stepsPerSecond: number;
  /** What students may use this round (host:newRound), in OPTIMIZER_IDS order; ["gd"] by default. */
  optimizers: readonly OptimizerId[];
}

/**
 * A student's choice for a round: the rate, the optimiser, and `momentum` = beta for "momentum"
 * (null for the others). The same three fields in rosters, results, history and the CSV.
 */
export interface RunChoice {
  learningRate: number;
  optimizer: OptimizerId;
  momentum: number | null;
}

export interface ParticipantView {
  id: string;
  nickname: string;
  learningRate: number | null;
  /** The last optimiser submitted ("gd" until then) and its beta. */
  optimizer: OptimizerId;
  momentum: number | null;
  connected: boolean;
}

/** One run of the current round; `index` is its position in every host tick's arrays. */
export interface RosterEntry extends RunChoice {
  index: number;
  participantId: string;
  nickname: string;
}

interface RoomStateBase {
  code: string;
  title: string;
  status: RoomStatus;
  locked: boolean;
  /** Number of the current (or last) round, 0 before the first round. */
  round: number;
  step: number;
  settings: RoundSettings;
  participantCount: number;
}

/** What the host sees: everybody, and the run order of the current round. */
export interface HostRoomState extends RoomStateBase {
  view: "host";
  sessionId: string;
  participants: ParticipantView[];
  roster: RosterEntry[];
}

/** What a student sees: the room and themselves, never the whole class (phones, 2,000 of them). */
export interface StudentRoomState extends RoomStateBase {
  view: "student";
  you: ParticipantView;
}

export type RoomState = HostRoomState | StudentRoomState;

/**
 * Sent to the host after every step. `losses` (float64, little-endian) and `statuses` (one byte:
 * 0 running, 1 converged, 2 diverged, 3 max_steps) are indexed by `RosterEntry.index`; binary so a
 * class of 2,000 costs 18 kB a tick rather than ten times that in JSON.
 */
export interface HostTick {
  view: "host";
  round: number;
  step: number;
  /** Server clock (ms since epoch) when the tick was emitted. */
  sentAt: number;
  losses: ArrayBuffer;
  statuses: ArrayBuffer;
}

export interface LeaderboardEntry {
  rank: number;
  nickname: string;
  loss: number;
  status: RunStatus;
}

/** A run's status on the wire: its code in STATUS (0 running, 1 converged, 2 diverged, 3 max_steps). */
export type RunStatusCode = StatusCode;

/**
 * Sent after every step to each student: the top of the leaderboard as [rank, loss, status]
 * triples, and `you`, the student's own run (absent without a run in this round). One frame per
 * student per step: a frame is a system call on the server, the cost that dominates a big class.
 * Nicknames come separately in `room:leaders`, only when they change, so a tick stays ~250 bytes
 * whatever the class size and the nicknames' length.
 */
export interface StudentTick {
  view: "student";
  round: number;
  step: number;
  /** Server clock (ms since epoch) when the tick was emitted. */
  sentAt: number;
  runs: number;
  top: Array<[rank: number, loss: number, status: RunStatusCode]>;
  you?: YourRun;
}

/** A student's own run after a step: [loss, status, rank, divergedAtStep (-1 until it diverges)]. */
export type YourRun = [loss: number, status: RunStatusCode, rank: number, divergedAtStep: number];

/** `room:leaders`: nicknames of `StudentTick.top`, in the same order; sent when they change. */
export interface Leaders {
  round: number;
  nicknames: string[];
}

export interface RoundResult extends RunChoice {
  rank: number;
  participantId: string;
  nickname: string;
  /** Final in `room:finished`; "running" only for a run of a round read back while it plays. */
  status: RunStatus;
  finalLoss: number | null;
  divergedAtStep: number | null;
  steps: number;
}

export interface RoundFinished {
  round: number;
  settings: RoundSettings;
  /** Every run for the host; the top ten and the student's own for a student. */
  results: RoundResult[];
  runs: number;
}

export interface ServerToClientEvents {
  "room:state": (state: RoomState) => void;
  "room:tick": (tick: HostTick | StudentTick) => void;
  "room:leaders": (leaders: Leaders) => void;
  "room:finished": (finished: RoundFinished) => void;
  /**
   * The copy of an instructor's dataset the next round trains on: to everyone once, when host:newRound
   * (or the session) chose it, ahead of the room:state naming it; never with ticks or states.
   */
  "room:dataset": (copy: DatasetCopy) => void;
  "room:kicked": (notice: { message: string }) => void;
  "room:ended": (notice: { reason: "host" | "idle" | "shutdown" }) => void;
  "host:warning": (warning: { code: HostWarningCode; message: string }) => void;
}

/**
 * A warning stays on the host's screen until its "recovered" counterpart: storage failing (the round
 * plays on in memory), or the processes of a several-process service out of touch through Redis (the
 * round is paused until they are back: docs/scaling.md).
 */
export type HostWarningCode = "STORAGE_DEGRADED" | "STORAGE_RECOVERED" | "CLUSTER_DEGRADED" | "CLUSTER_RECOVERED";

type Input<K extends keyof typeof schemas> = z.input<(typeof schemas)[K]>;
type NoPayload = Input<"empty">;
type NoReply = object;

/** Every command a client sends: what it carries, and what a successful ack adds to `{ ok: true }`. */
export interface CommandSpec {
  // datasetCopy: the copy of the dataset state.settings names (null for a built-in), once per connection.
  "host:attach": { payload: Input<"hostAttach">; reply: { state: HostRoomState; datasetCopy: DatasetCopy | null } };
  "host:start": { payload: NoPayload; reply: NoReply };
  "host:pause": { payload: NoPayload; reply: NoReply };
  "host:resume": { payload: NoPayload; reply: NoReply };
  "host:step": { payload: NoPayload; reply: NoReply };
  "host:newRound": { payload: Input<"newRound">; reply: { state: HostRoomState; datasetCopy: DatasetCopy | null } };
  "host:lock": { payload: Input<"lock">; reply: { locked: boolean } };
  "host:kick": { payload: Input<"kick">; reply: NoReply };
  "host:end": { payload: NoPayload; reply: NoReply };
  "student:join": {
    payload: Input<"join">;
    reply: { participantId: string; resumeToken: string; state: StudentRoomState; datasetCopy: DatasetCopy | null };
  };
  // The schema takes any value on purpose (a bad one is INVALID_LEARNING_RATE, not INVALID_PAYLOAD);
  // a well-behaved client sends a number or the text the student typed.
  // optimizer defaults to "gd", momentum (beta, "momentum" only) to DEFAULT_MOMENTUM; the reply is what was kept.
  "student:submit": { payload: Input<"submit"> & { learningRate: number | string }; reply: RunChoice };
}
export type CommandName = keyof CommandSpec;
export type CommandPayload<E extends CommandName> = CommandSpec[E]["payload"];
export type CommandReply<E extends CommandName> = CommandSpec[E]["reply"];

/** The client's view: typed payloads and acks (`Socket<ServerToClientEvents, ClientToServerEvents>`). */
export type ClientToServerEvents = {
  [E in CommandName]: (payload: CommandPayload<E>, ack: AckCallback<CommandReply<E>>) => void;
};

/** The server's view of the same commands: payloads are `unknown` until a schema has parsed them. */
export type IncomingClientEvents = {
  [E in CommandName]: (payload: unknown, ack: AckCallback<CommandReply<E>>) => void;
};
