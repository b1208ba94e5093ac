// What the processes of one service tell each other, through the socket.io Redis streams adapter's
// server-side events (Redis pub/sub: ephemeral and in order per sender). Only our own processes
// publish here (Redis is not reachable by clients), so payloads are trusted as typed.
import type { Membership } from "../rooms/room-handle";
import type { ServerToClientEvents } from "../../lib/protocol";
import type { RoomChannel } from "../rooms/room-channel";

/** A RoomChannel call made by a room's owner, delivered by every other process to its own sockets. */
export type ChannelCall =
  | { method: "toHost" | "toStudents" | "toEveryone"; args: [event: keyof ServerToClientEvents, ...payload: unknown[]] }
  | { method: "toParticipant"; args: [participantId: string, event: keyof ServerToClientEvents, ...payload: unknown[]] }
  | { [M in NewsMethod]: { method: M; args: Parameters<RoomChannel[M]> } }[NewsMethod]
  | { method: "connect"; args: [socketId: string, membership: Membership] };

type NewsMethod = "studentStates" | "tick" | "finished" | "disconnectParticipant";

/** The room commands a process forwards to the room's owner (server/rooms/room-handle.ts). */
export const FORWARDED_COMMANDS = [
  "attachHost",
  "join",
  "leave",
  "submit",
  "kick",
  "setLocked",
  "newRound",
  "start",
  "pause",
  "resume",
  "stepOnce",
  "end",
] as const;
export type ForwardedCommand = (typeof FORWARDED_COMMANDS)[number];

export interface CommandRequest {
  code: string;
  command: ForwardedCommand;
  args: unknown[];
}

/** The owner's answer (`result`, or `thrown`: it failed, nothing was changed); null: not the owner. */
export type CommandAnswer = { result: unknown } | { thrown: string };

export interface InterServerEvents {
  "room:news": (code: string, call: ChannelCall) => void;
  "room:command": (request: CommandRequest, reply: (answer: CommandAnswer | null) => void) => void;
  /** A process stopping has stored and released these rooms: take them now, not at the next sweep. */
  "room:released": (codes: string[]) => void;
}
