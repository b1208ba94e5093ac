// How a live room reaches its clients. The socket.io implementation uses one socket.io room per
// role and one per participant, so a participant's phones (or a host's reloads) are addressed by
// identity, never by socket id. With several processes this is where the Redis adapter plugs in.
import type { Server } from "socket.io";
import type { Instructor } from "../auth/auth-gate";
import type { IncomingClientEvents, ServerToClientEvents, StudentTick, YourRun } from "../../lib/protocol";
import { studentTickPacket, webSocketMessageFrame } from "./student-tick-packet";

type Events = ServerToClientEvents;
type Args<E extends keyof Events> = Parameters<Events[E]>;

export interface RoomChannel {
  toHost<E extends keyof Events>(event: E, ...args: Args<E>): void;
  toParticipant<E extends keyof Events>(participantId: string, event: E, ...args: Args<E>): void;
  toStudents<E extends keyof Events>(event: E, ...args: Args<E>): void;
  toEveryone<E extends keyof Events>(event: E, ...args: Args<E>): void;
  /** One step's `room:tick` for the students: returns the sender of each student's own copy. */
  studentTicks(tick: Omit<StudentTick, "you">): (participantId: string, you?: YourRun) => void;
  disconnectParticipant(participantId: string): void;
}

export const hostRoom = (code: string) => `host:${code}`;
export const participantRoom = (code: string, participantId: string) => `p:${code}:${participantId}`;
export const studentsRoom = (code: string) => `students:${code}`;
export const everyoneRoom = (code: string) => `all:${code}`;

export type ArenaServer = Server<IncomingClientEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketData {
  role?: "host" | "student";
  code?: string;
  participantId?: string;
  /** The instructor the handshake's cookie is signed in as, checked once at connection (server/app.ts). */
  instructor?: Instructor | null;
}

/**
 * The part of socket.io's per-connection client used to write an already encoded packet, as
 * socket.io's in-memory adapter does for broadcasts: engine.io sends `wsPreEncodedFrame` as is
 * on a WebSocket and the packet's text on a long-polling transport.
 */
export interface PacketWriter {
  _packet(packet: string, opts: { preEncoded: true; wsPreEncodedFrame: Buffer[] }): void;
}

export function socketChannel(io: ArenaServer, code: string): RoomChannel {
  // Straight to the participant's sockets (usually one): a broadcast operator per student per
  // step is measurable overhead in a class of thousands. The room names are kept, not rebuilt
  // (and re-hashed) for every student at every step.
  const roomNames = new Map<string, string>();
  const socketIdsOf = (participantId: string) => {
    let name = roomNames.get(participantId);
    if (name === undefined) roomNames.set(participantId, (name = participantRoom(code, participantId)));
    return io.sockets.adapter.rooms.get(name);
  };
  return {
    toHost: (event, ...args) => io.to(hostRoom(code)).emit(event, ...args),
    toParticipant: (participantId, event, ...args) => {
      for (const id of socketIdsOf(participantId) ?? []) {
        const socket = io.sockets.sockets.get(id);
        if (socket) (socket.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
      }
    },
    toStudents: (event, ...args) => io.to(studentsRoom(code)).emit(event, ...args),
    toEveryone: (event, ...args) => io.to(everyoneRoom(code)).emit(event, ...args),
    studentTicks: (tick) => {
      const packetFor = studentTickPacket(tick);
      return (participantId, you) => {
        const ids = socketIdsOf(participantId);
        if (ids === undefined) return;
        let packet: string | undefined;
        let frame: Buffer[] | undefined;
        // Pre-encoded, as socket.io's own broadcasts are: the client skips encoding and still
        // drops the packet if the connection is no longer open.
        for (const id of ids) {
          const client = io.sockets.sockets.get(id)?.client as unknown as PacketWriter | undefined;
          if (!client) continue;
          packet ??= packetFor(you);
          client._packet(packet, { preEncoded: true, wsPreEncodedFrame: (frame ??= [webSocketMessageFrame(packet)]) });
        }
      };
    },
    disconnectParticipant: (participantId) => {
      io.in(participantRoom(code, participantId)).disconnectSockets(true);
      roomNames.delete(participantId);
    },
  };
}
