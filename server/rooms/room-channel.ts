// How a live room reaches its clients. A room speaks to roles and participants (socket.io rooms
// named below), never to socket ids, so a participant's phones (or a host's reloads) are addressed by
// identity. Per-student messages are sent as news about the whole room (`studentStates`, `tick`,
// `finished`): each process makes its own students' copies (server/rooms/local-delivery.ts), so with
// several processes the news travels once per process (server/cluster/cluster-channel.ts).
import type { Server, Socket } from "socket.io";
import type { Instructor } from "../auth/auth-gate";
import type { HostRoomState, IncomingClientEvents, RoundFinished, ServerToClientEvents } from "../../lib/protocol";
import type { TickNews } from "../../lib/room/student-news";
import type { InterServerEvents } from "../cluster/inter-server";

type Events = ServerToClientEvents;
type Args<E extends keyof Events> = Parameters<Events[E]>;

export interface RoomChannel {
  toHost<E extends keyof Events>(event: E, ...args: Args<E>): void;
  toParticipant<E extends keyof Events>(participantId: string, event: E, ...args: Args<E>): void;
  toStudents<E extends keyof Events>(event: E, ...args: Args<E>): void;
  toEveryone<E extends keyof Events>(event: E, ...args: Args<E>): void;
  /** Every connected student's own `room:state`, made from the host's view of the room. */
  studentStates(state: HostRoomState): void;
  /** One step: the host's `room:tick`, and each student's own (their run, from the news's table). */
  tick(news: TickNews): Promise<void>;
  /** A round's results: all of them to the host, the top ten and their own to each student in it. */
  finished(results: RoundFinished): Promise<void>;
  disconnectParticipant(participantId: string): void;
}

export const hostRoom = (code: string) => `host:${code}`;
export const participantRoom = (code: string, participantId: string) => `p:${code}:${participantId}`;
export const studentsRoom = (code: string) => `students:${code}`;
export const everyoneRoom = (code: string) => `all:${code}`;

export type ArenaServer = Server<IncomingClientEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ArenaSocket = Socket<IncomingClientEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketData {
  role?: "host" | "student";
  code?: string;
  participantId?: string;
  /** The instructor the handshake's cookie is signed in as, checked once at connection (server/app.ts). */
  instructor?: Instructor | null;
}
