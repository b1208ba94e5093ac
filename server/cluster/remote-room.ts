// A room owned by another process, as a handle: every command is forwarded to the owner over
// socket.io's server-side events with acknowledgements, and answered with the owner's own ack and
// error codes. The owner side (`serveForwardedCommands`) runs it on its room like a local command.
import type { Result } from "../../lib/room/room-model";
import type { RoomHandle } from "../rooms/room-handle";
import type { ArenaServer } from "../rooms/room-channel";
import { FORWARDED_COMMANDS, type CommandAnswer, type CommandRequest, type ForwardedCommand } from "./inter-server";

/** Runs a command on the room's owner, wherever it is; resolves with what the owner answered. */
export type Forward = (request: CommandRequest) => Promise<unknown>;

export class RemoteRoom implements RoomHandle {
  constructor(
    readonly code: string,
    private readonly forward: Forward,
  ) {}

  private call<T>(command: ForwardedCommand, ...args: unknown[]): Promise<T> {
    // msgpack has no undefined: a missing argument travels as null and is turned back on arrival.
    return this.forward({ code: this.code, command, args: args.map((arg) => arg ?? null) }) as Promise<T>;
  }

  attachHost: RoomHandle["attachHost"] = (...args) => this.call("attachHost", ...args);
  join: RoomHandle["join"] = (...args) => this.call("join", ...args);
  leave: RoomHandle["leave"] = (...args) => this.call("leave", ...args);
  submit: RoomHandle["submit"] = (...args) => this.call("submit", ...args);
  kick: RoomHandle["kick"] = (...args) => this.call("kick", ...args);
  setLocked: RoomHandle["setLocked"] = (...args) => this.call("setLocked", ...args);
  newRound: RoomHandle["newRound"] = (...args) => this.call("newRound", ...args);
  start: RoomHandle["start"] = () => this.call("start");
  pause: RoomHandle["pause"] = () => this.call("pause");
  resume: RoomHandle["resume"] = () => this.call("resume");
  stepOnce: RoomHandle["stepOnce"] = () => this.call("stepOnce");
  end: RoomHandle["end"] = () => this.call("end");
}

/** Runs `request` on `room` (this process owns it): the owner's half of forwarding. */
export function runForwarded(room: RoomHandle, request: CommandRequest): Promise<unknown> {
  if (!(FORWARDED_COMMANDS as readonly string[]).includes(request.command))
    return Promise.reject(new Error(`unknown forwarded command ${String(request.command)}`));
  const args = request.args.map((arg) => arg ?? undefined);
  return (room[request.command] as (...a: unknown[]) => Promise<unknown>)(...args);
}

/** Asks every other process; the owner answers, the others say null. null: nobody owns the room. */
export async function askOwner(io: ArenaServer, request: CommandRequest): Promise<CommandAnswer | null> {
  let answers: unknown[];
  try {
    answers = await io.serverSideEmitWithAck("room:command", request);
  } catch (error) {
    // A process that did not answer in time (it died, it is stopping): the owner's answer may
    // still be among those that came.
    answers = (error as { responses?: unknown[] }).responses ?? [];
  }
  return (answers.find((answer) => answer !== null && answer !== undefined) as CommandAnswer | undefined) ?? null;
}

/** Serves the commands other processes forward to rooms this process owns. */
export function serveForwardedCommands(
  io: ArenaServer,
  ownedRoom: (code: string) => RoomHandle | null,
  log: (message: string, error?: unknown) => void,
): void {
  io.on("room:command", (request, reply) => {
    const room = ownedRoom(request.code);
    if (!room) return reply(null);
    runForwarded(room, request).then(
      (result) => reply({ result }),
      (error: unknown) => {
        log(`forwarded ${request.command} for room ${request.code} failed`, error);
        reply({ thrown: "INTERNAL" });
      },
    );
  });
}

export const roomMoving = (): Result => ({
  ok: false,
  code: "ROOM_MOVING",
  message: "This session is moving to another server. Try again in a moment.",
});
