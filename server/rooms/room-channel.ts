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
  /** To the students of one bucket (see studentBucket), or of all buckets. */
  toStudents<E extends keyof Events>(bucket: number | "all", event: E, ...args: Args<E>): void;
  toEveryone<E extends keyof Events>(event: E, ...args: Args<E>): void;
  disconnectParticipant(participantId: string): void;
}

export const hostRoom = (code: string) => `host:${code}`;
export const participantRoom = (code: string, participantId: string) => `p:${code}:${participantId}`;
export const studentsRoom = (code: string, bucket: number) => `students:${code}:${bucket}`;

/**
 * Students are spread over a few socket.io rooms so a tick can go out bucket by bucket, yielding
 * to the event loop in between: one broadcast to 2,000 sockets is ~40 ms of uninterrupted work.
 */
export const STUDENT_BUCKETS = 8;

export function studentBucket(participantId: string): number {
  let hash = 0;
  for (let i = 0; i < participantId.length; i++) hash = (hash * 31 + participantId.charCodeAt(i)) >>> 0;
  return hash % STUDENT_BUCKETS;
}
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
    toParticipant: (participantId, event, ...args) =>
      io.to(participantRoom(code, participantId)).emit(event, ...args),
    toStudents: (bucket, event, ...args) => {
      const rooms = bucket === "all" ? Array.from({ length: STUDENT_BUCKETS }, (_, b) => studentsRoom(code, b)) : studentsRoom(code, bucket);
      io.to(rooms).emit(event, ...args);
    },
    toEveryone: (event, ...args) => io.to(everyoneRoom(code)).emit(event, ...args),
    disconnectParticipant: (participantId) => {
      io.in(participantRoom(code, participantId)).disconnectSockets(true);
    },
  };
}
