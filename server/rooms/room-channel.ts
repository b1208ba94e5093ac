// How a live room reaches its clients. The socket.io implementation uses one socket.io room per
// role and one per participant, so a participant's phones (or a host's reloads) are addressed by
// identity, never by socket id. With several processes this is where the Redis adapter plugs in.
import type { Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol";

type Events = ServerToClientEvents;
type Args<E extends keyof Events> = Parameters<Events[E]>;

export interface RoomChannel {
  toHost<E extends keyof Events>(event: E, ...args: Args<E>): void;
  toParticipant<E extends keyof Events>(participantId: string, event: E, ...args: Args<E>): void;
  toStudents<E extends keyof Events>(event: E, ...args: Args<E>): void;
  toEveryone<E extends keyof Events>(event: E, ...args: Args<E>): void;
  disconnectParticipant(participantId: string): void;
}

export const hostRoom = (code: string) => `host:${code}`;
export const participantRoom = (code: string, participantId: string) => `p:${code}:${participantId}`;
export const studentsRoom = (code: string) => `students:${code}`;
export const everyoneRoom = (code: string) => `all:${code}`;

export type ArenaServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketData {
  role?: "host" | "student";
  code?: string;
  participantId?: string;
}

export function socketChannel(io: ArenaServer, code: string): RoomChannel {
  return {
    toHost: (event, ...args) => io.to(hostRoom(code)).emit(event, ...args),
    // Straight to the participant's sockets (usually one): a broadcast operator per student per
    // step is measurable overhead in a class of thousands.
    toParticipant: (participantId, event, ...args) => {
      const ids = io.sockets.adapter.rooms.get(participantRoom(code, participantId));
      if (!ids) return;
      for (const id of ids) (io.sockets.sockets.get(id) as { emit(e: string, ...a: unknown[]): boolean } | undefined)?.emit(event, ...args);
    },
    toStudents: (event, ...args) => io.to(studentsRoom(code)).emit(event, ...args),
    toEveryone: (event, ...args) => io.to(everyoneRoom(code)).emit(event, ...args),
    disconnectParticipant: (participantId) => {
      io.in(participantRoom(code, participantId)).disconnectSockets(true);
    },
  };
}
