// Instructor commands. Only a socket that attached with the session's host secret may use them.
// Parse, call the room, answer; what a command does to the room lives in LiveRoom.
import { schemas } from "../../lib/protocol-schemas";
import type { Ack } from "../../lib/protocol";
import type { LiveRoom } from "../rooms/live-room";
import { hostRoom, everyoneRoom } from "../rooms/room-channel";
import {
  failure,
  fromResult,
  parse,
  register,
  type ArenaSocket,
  type CommandLimiter,
  type HandlerContext,
} from "./handler-kit";

type Command = (room: LiveRoom, payload: unknown) => Promise<Ack> | Ack;

export function registerHostHandlers(socket: ArenaSocket, context: HandlerContext, limiter: CommandLimiter): void {
  const on = (event: Parameters<typeof register>[3], handler: (payload: unknown) => Promise<Ack> | Ack) =>
    register(socket, context, limiter, event, handler);

  /** Runs `command` on the room this socket hosts. */
  const asHost = (command: Command) => async (payload: unknown) => {
    const code = socket.data.role === "host" ? socket.data.code : undefined;
    const room = code ? await context.registry.get(code) : null;
    if (!room) return failure("NOT_HOST", "Only the instructor of this session can do that.");
    return command(room, payload);
  };

  /** For commands without arguments: an empty object (or nothing) is the only valid payload. */
  const noArgs = (command: (room: LiveRoom) => Promise<Ack>) =>
    asHost((room, payload) => {
      const parsed = parse(schemas.empty, payload);
      return "error" in parsed ? parsed.error : command(room);
    });

  on("host:attach", async (payload) => {
    const parsed = parse(schemas.hostAttach, payload);
    if ("error" in parsed) return parsed.error;
    if (socket.data.role === "student")
      return failure("INVALID_STATE", "This connection already belongs to a student.");
    const room = await context.registry.get(parsed.data.code);
    if (!room) return failure("ROOM_NOT_FOUND", "No live session has that code.");
    const reattach = socket.data.role === "host" && socket.data.code === room.code;
    const attached = await room.attachHost(
      parsed.data.hostToken,
      async () => {
        socket.data = { role: "host", code: room.code };
        await socket.join([hostRoom(room.code), everyoneRoom(room.code)]);
      },
      { reattach },
    );
    return fromResult(attached);
  });

  on(
    "host:start",
    noArgs(async (room) => fromResult(await room.start())),
  );
  on(
    "host:pause",
    noArgs(async (room) => fromResult(await room.pause())),
  );
  on(
    "host:resume",
    noArgs(async (room) => fromResult(await room.resume())),
  );
  on(
    "host:step",
    noArgs(async (room) => fromResult(await room.stepOnce())),
  );
  on(
    "host:end",
    noArgs(async (room) => fromResult(await room.end())),
  );

  on(
    "host:newRound",
    asHost(async (room, payload) => {
      const parsed = parse(schemas.newRound, payload ?? {});
      return "error" in parsed ? parsed.error : fromResult(await room.newRound(parsed.data));
    }),
  );

  on(
    "host:lock",
    asHost(async (room, payload) => {
      const parsed = parse(schemas.lock, payload);
      return "error" in parsed ? parsed.error : fromResult(await room.setLocked(parsed.data.locked));
    }),
  );

  on(
    "host:kick",
    asHost(async (room, payload) => {
      const parsed = parse(schemas.kick, payload);
      return "error" in parsed ? parsed.error : fromResult(await room.kick(parsed.data.participantId));
    }),
  );
}
