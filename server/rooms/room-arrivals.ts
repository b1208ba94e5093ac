// Who comes into a live room: a host attaching (with the session's host key, or signed in as its
// instructor or an admin) and students joining or coming back with their resume token. Commands of
// LiveRoom (server/rooms/live-room.ts), run in its queue in the same order as every other: check on
// the model -> store -> apply -> connect and broadcast.
import type { DatasetCopy, HostRoomState, StudentRoomState } from "../../lib/protocol";
import { nicknameKey, type ParticipantRecord, type Result, type RoomModel } from "../../lib/room/room-model";
import { hostState, studentState } from "../../lib/room/room-views";
import type { Instructor } from "../auth/auth-gate";
import { hashToken, newToken, tokenMatches } from "../secrets";
import type { RoomPresence } from "./room-presence";
import type { RoomStores } from "./room-stores";

/** Puts a connection into the room's channel (socket.io rooms) once a join or attach is allowed. */
export type Connect = (participantId?: string) => Promise<void> | void;

export interface JoinRequest {
  nickname: string;
  resumeToken?: string;
}

/**
 * What a host attaches with: the session's host key (as given once to the browser that created
 * it), or the instructor the socket is signed in as (null: none), who must own it or be an admin.
 */
export type HostCredential = { hostToken: string } | { instructor: Pick<Instructor, "id" | "role"> | null };

/**
 * `datasetCopy` is the copy of the dataset `state.settings` names: the room's copy is the shown
 * round's too, since only host:newRound (which goes back to the lobby) replaces it.
 */
export type Joined = {
  participantId: string;
  resumeToken: string;
  state: StudentRoomState;
  datasetCopy: DatasetCopy | null;
};
const fail = (code: "ROOM_NOT_FOUND" | "KICKED" | "NOT_HOST", message: string) =>
  ({ ok: false, code, message }) as const;

/** What the arrival commands use of their room. */
export interface Arrivals {
  model: RoomModel;
  sessions: RoomStores["sessions"];
  presence: RoomPresence;
  isClosed: () => boolean;
  now: () => Date;
  /** Stores every step played so far (a host reloading redraws from the stored history). */
  storeProgress: () => Promise<void>;
  /** A participant's connection opened (+1) or closed (-1): presence, state, leaderboard. */
  connected: (participant: ParticipantRecord, delta: 1 | -1) => void;
}

export async function attachHost(
  room: Arrivals,
  credential: HostCredential,
  connect: Connect,
  reattach: boolean,
): Promise<Result<{ state: HostRoomState; datasetCopy: DatasetCopy | null }>> {
  if (room.isClosed()) return fail("ROOM_NOT_FOUND", "This session has ended.");
  if ("hostToken" in credential) {
    if (!tokenMatches(credential.hostToken, room.model.init.hostTokenHash))
      return fail("NOT_HOST", "That is not the host key of this session.");
  } else if (!hostedBy(room.model, credential.instructor)) {
    return fail("NOT_HOST", "Only this session's instructor (signed in) or its host key can open its console.");
  }
  await connect();
  if (!reattach) room.presence.hostJoined();
  // A host reloading mid-round redraws the chart from the stored history: store every step
  // played so far first, so the history it fetches next has no gap.
  await room.storeProgress();
  return { ok: true, state: hostState(room.model), datasetCopy: room.model.datasetCopy };
}

export async function join(room: Arrivals, request: JoinRequest, connect: Connect): Promise<Result<Joined>> {
  const { model } = room;
  if (room.isClosed() || model.status === "ended") return fail("ROOM_NOT_FOUND", "This session has ended.");
  let token = request.resumeToken;
  let participant = token ? model.participantByResumeToken(hashToken(token)) : undefined;
  if (participant?.kicked) return fail("KICKED", "The instructor removed you from this session.");
  if (!participant) {
    const allowed = model.canJoin(request.nickname);
    if (!allowed.ok) return allowed;
    token = newToken();
    participant = newParticipant(request.nickname, hashToken(token));
    const { id, nickname, nicknameKey, resumeTokenHash } = participant;
    await room.sessions.addParticipant(
      model.init.sessionId,
      { id, nickname, nicknameKey, resumeTokenHash },
      room.now(),
    );
    model.join(participant);
  }
  await connect(participant.id);
  room.connected(participant, 1);
  return {
    ok: true,
    participantId: participant.id,
    resumeToken: token!,
    state: studentState(model, participant),
    datasetCopy: model.datasetCopy,
  };
}

function hostedBy(model: RoomModel, instructor: Pick<Instructor, "id" | "role"> | null): boolean {
  if (!instructor) return false;
  const owner = model.init.ownerId ?? null;
  return instructor.role === "admin" || (owner !== null && owner === instructor.id);
}

function newParticipant(nickname: string, resumeTokenHash: string): ParticipantRecord {
  return {
    id: crypto.randomUUID(),
    nickname,
    nicknameKey: nicknameKey(nickname),
    resumeTokenHash,
    learningRate: null,
    optimizer: "gd",
    momentum: null,
    connections: 0,
    kicked: false,
  };
}
