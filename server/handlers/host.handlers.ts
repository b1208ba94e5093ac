// Instructor commands. Only a socket that attached with the session's host secret may use them.
import { schemas } from "../../lib/protocol-schemas";
import { hostState } from "../../lib/room/room-views";
import type { Ack } from "../../lib/protocol";
import { hostRoom, everyoneRoom } from "../rooms/room-channel";
import type { LiveRoom } from "../rooms/live-room";
import { tokenMatches } from "../secrets";
import {
  failure,
  type CommandLimiter,
  fromResult,
  parse,
  register,
  type ArenaSocket,
  type HandlerContext,
} from "./handler-kit";

export function registerHostHandlers(socket: ArenaSocket, context: HandlerContext, limiter: CommandLimiter): void {
  const on = (event: Parameters<typeof register>[3], handler: (payload: unknown) => Promise<Ack> | Ack) =>
    register(socket, context, limiter, event, handler);

  /** Runs `command` on the room this socket hosts, one command at a time. */
  const asHost = (command: (room: LiveRoom, payload: unknown) => Promise<Ack> | Ack) => async (payload: unknown) => {
    const code = socket.data.role === "host" ? socket.data.code : undefined;
    const room = code ? await context.registry.get(code) : null;
    if (!room) return failure("NOT_HOST", "Only the instructor of this session can do that.");
    return room.exec(() => command(room, payload));
  };

  /** For commands without arguments: an empty object (or nothing) is the only valid payload. */
  const noArgs = (command: (room: LiveRoom) => Promise<Ack> | Ack) =>
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
    if (!tokenMatches(parsed.data.hostToken, room.model.init.hostTokenHash))
      return failure("NOT_HOST", "That is not the host key of this session.");
    return room.exec(async () => {
      if (room.closed) return failure("ROOM_NOT_FOUND", "This session has ended.");
      if (socket.data.role !== "host") room.hostConnected(1);
      socket.data.role = "host";
      socket.data.code = room.code;
      void socket.join([hostRoom(room.code), everyoneRoom(room.code)]);
      // A host reloading mid-round redraws the chart from the stored history: store every step
      // played so far first, so the history it fetches next has no gap.
      await room.storeProgress();
      return { ok: true, state: hostState(room.model) };
    });
  });

  on(
    "host:start",
    noArgs(async (room) => fromResult(await room.start())),
  );
  on(
    "host:pause",
    noArgs((room) => fromResult(room.pause())),
  );
  on(
    "host:resume",
    noArgs((room) => fromResult(room.resume())),
  );
  on(
    "host:step",
    noArgs(async (room) => fromResult(await room.stepOnce())),
  );
  on(
    "host:end",
    noArgs(async (room) => {
      if (room.closed) return failure("INVALID_STATE", "This session has already ended.");
      await room.close("host");
      return { ok: true };
    }),
  );

  on(
    "host:newRound",
    asHost((room, payload) => {
      const parsed = parse(schemas.newRound, payload ?? {});
      if ("error" in parsed) return parsed.error;
      return fromResult(room.newRound(parsed.data), { state: hostState(room.model) });
    }),
  );

  on(
    "host:lock",
    asHost((room, payload) => {
      const parsed = parse(schemas.lock, payload);
      if ("error" in parsed) return parsed.error;
      const locked = room.model.setLocked(parsed.data.locked);
      if (locked.ok) room.stateChanged();
      return fromResult(locked, { locked: room.model.locked });
    }),
  );

  on(
    "host:kick",
    asHost(async (room, payload) => {
      const parsed = parse(schemas.kick, payload);
      if ("error" in parsed) return parsed.error;
      const target = room.model.participants.get(parsed.data.participantId);
      if (!target || target.kicked)
        return failure("INVALID_PAYLOAD", "participantId: no such participant in this room");
      // Stored first, so a database failure leaves the room as it was.
      await context.sessions.markKicked(target.id, new Date(context.clock.now()));
      room.kickOut(target);
      return { ok: true };
    }),
  );
}
