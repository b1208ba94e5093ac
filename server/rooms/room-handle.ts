// What socket handlers hold of a room: its commands, with the calling connection named by socket
// id rather than held, so a command can run on the process that owns the room (this one, or
// another: server/cluster/remote-room.ts) and still put that connection into the room's channel.
import type { DatasetCopy, HostRoomState, RoundSettings, RunChoice } from "../../lib/protocol";
import type { Result } from "../../lib/room/room-model";
import type { HostCredential, JoinRequest, Joined, LiveRoom } from "./live-room";
import { everyoneRoom, hostRoom, participantRoom, studentsRoom, type ArenaServer } from "./room-channel";
import type { RoomRegistry } from "./room-registry";

export interface Caller {
  socketId: string;
}

export type HostAttached = { state: HostRoomState; datasetCopy: DatasetCopy | null };

export interface RoomHandle {
  readonly code: string;
  attachHost(credential: HostCredential, caller: Caller, options: { reattach: boolean }): Promise<Result<HostAttached>>;
  join(request: JoinRequest, caller: Caller): Promise<Result<Joined>>;
  /** A connection closed: a host's (no participant), or a participant's. */
  leave(participantId?: string): Promise<void>;
  submit(participantId: string, choice: RunChoice): Promise<Result<RunChoice>>;
  kick(participantId: string): Promise<Result>;
  setLocked(locked: boolean): Promise<Result<{ locked: boolean }>>;
  newRound(changes: Partial<RoundSettings>): Promise<Result<HostAttached>>;
  start(): Promise<Result>;
  pause(): Promise<Result>;
  resume(): Promise<Result>;
  stepOnce(): Promise<Result>;
  end(): Promise<Result>;
}

/** The rooms as handlers see them, wherever each one lives. */
export interface Rooms {
  /** The room with this code, loaded (and, with several processes, owned) on first use; null: none. */
  get(code: string): Promise<RoomHandle | null>;
  /** The room if it is live now, never loading it: for a connection that has closed. */
  present(code: string): Promise<RoomHandle | null>;
}

/** What a connection is, once a room has let it in: host, or a participant. */
export interface Membership {
  role: "host" | "student";
  code: string;
  participantId?: string;
}

/** Puts a connection into a room's channel, on whichever process holds it. */
export type ConnectSocket = (socketId: string, membership: Membership) => void;

/** The socket.io rooms a member of room `code` listens to. */
export function channelRoomsOf({ role, code, participantId }: Membership): string[] {
  if (role === "host") return [hostRoom(code), everyoneRoom(code)];
  return [participantRoom(code, participantId!), studentsRoom(code), everyoneRoom(code)];
}

/** Connects a socket of this process (if it is here): its membership, then its rooms. */
export function connectLocalSocket(io: ArenaServer): ConnectSocket {
  return (socketId, membership) => {
    const socket = io.sockets.sockets.get(socketId);
    if (!socket) return;
    socket.data = { instructor: socket.data.instructor, ...membership };
    void socket.join(channelRoomsOf(membership));
  };
}

/** A room of this process as a handle: its commands, connecting callers through `connect`. */
export function localHandle(room: LiveRoom, connect: ConnectSocket): RoomHandle {
  const code = room.code;
  return {
    code,
    attachHost: (credential, caller, options) =>
      room.attachHost(credential, () => connect(caller.socketId, { role: "host", code }), options),
    join: (request, caller) =>
      room.join(request, (participantId) => connect(caller.socketId, { role: "student", code, participantId })),
    leave: (participantId) => room.leave(participantId),
    submit: (participantId, choice) => room.submit(participantId, choice),
    kick: (participantId) => room.kick(participantId),
    setLocked: (locked) => room.setLocked(locked),
    newRound: (changes) => room.newRound(changes),
    start: () => room.start(),
    pause: () => room.pause(),
    resume: () => room.resume(),
    stepOnce: () => room.stepOnce(),
    end: () => room.end(),
  };
}

/** One process's rooms: every room a handler reaches is in this process's registry. */
export class LocalRooms implements Rooms {
  constructor(
    private readonly registry: Pick<RoomRegistry, "get" | "live">,
    private readonly connect: ConnectSocket,
  ) {}

  async get(code: string): Promise<RoomHandle | null> {
    const room = await this.registry.get(code);
    return room && localHandle(room, this.connect);
  }

  present(code: string): Promise<RoomHandle | null> {
    const room = this.registry.live(code);
    return Promise.resolve(room ? localHandle(room, this.connect) : null);
  }
}
