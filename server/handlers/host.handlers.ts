// Instructor commands. Only a socket that attached with the session's host secret may use them.
// Parse, call the room, answer; what a command does to the room lives in RoomHandle.
import type { z } from "zod";
import { schemas } from "../../lib/protocol-schemas";
import type { Ack } from "../../lib/protocol";
import type { Result } from "../../lib/room/room-model";
import type { RoomHandle } from "../rooms/room-handle";
import {
  failure,
  fromResult,
  parse,
  register,
  type ArenaSocket,
  type CommandLimiter,
  type HandlerContext,
} from "./handler-kit";

type Command = (room: RoomHandle, payload: unknown) => Promise<Ack> | Ack;

export function registerHostHandlers(socket: ArenaSocket, context: HandlerContext, limiter: CommandLimiter): void {
  const on = (event: Parameters<typeof register>[3], handler: (payload: unknown) => Promise<Ack> | Ack) =>
    register(socket, context, limiter, event, handler);

  /** Runs `command` on the room this socket hosts. */
  const asHost = (command: Command) => async (payload: unknown) => {
    const code = socket.data.role === "host" ? socket.data.code : undefined;
    const room = code ? await context.rooms.get(code) : null;
    if (!room) return failure("NOT_HOST", "Only the instructor of this session can do that.");
    return command(room, payload);
  };

  /** A command with arguments: parsed by `schema`, run on the room this socket hosts, answered. */
  const withArgs = <S extends z.ZodType>(
    schema: S,
    command: (room: RoomHandle, args: z.output<S>) => Promise<Result>,
  ) =>
    asHost(async (room, payload) => {
      const parsed = parse(schema, payload);
      return "error" in parsed ? parsed.error : fromResult(await command(room, parsed.data));
    });

  /** A command without arguments: an empty object (or nothing) is the only valid payload. */
  const noArgs = (command: (room: RoomHandle) => Promise<Result>) => withArgs(schemas.empty, (room) => command(room));

  on("host:attach", async (payload) => {
    const parsed = parse(schemas.hostAttach, payload);
    if ("error" in parsed) return parsed.error;
    if (socket.data.role === "student")
      return failure("INVALID_STATE", "This connection already belongs to a student.");
    const room = await context.rooms.get(parsed.data.code);
    if (!room) return failure("ROOM_NOT_FOUND", "No live session has that code.");
    const reattach = socket.data.role === "host" && socket.data.code === room.code;
    const { hostToken } = parsed.data;
    const attached = await room.attachHost(
      hostToken ? { hostToken } : { instructor: socket.data.instructor ?? null },
      { socketId: socket.id },
      { reattach },
    );
    return fromResult(attached);
  });

  const commands: Array<[Parameters<typeof on>[0], (payload: unknown) => Promise<Ack>]> = [
    ["host:start", noArgs((room) => room.start())],
    ["host:pause", noArgs((room) => room.pause())],
    ["host:resume", noArgs((room) => room.resume())],
    ["host:step", noArgs((room) => room.stepOnce())],
    ["host:end", noArgs((room) => room.end())],
    // No payload at all means "no changes", as an empty object does.
    ["host:newRound", withArgs(schemas.newRound.optional(), (room, settings) => room.newRound(settings ?? {}))],
    ["host:lock", withArgs(schemas.lock, (room, { locked }) => room.setLocked(locked))],
    ["host:kick", withArgs(schemas.kick, (room, { participantId }) => room.kick(participantId))],
  ];
  for (const [event, handler] of commands) on(event, handler);
}
