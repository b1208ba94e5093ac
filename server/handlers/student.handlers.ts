// Student commands: join (or resume) a room, submit a learning rate. Parse, call the room, answer;
// what a command does to the room lives in LiveRoom.
import { DEFAULT_MOMENTUM } from "../../lib/protocol";
import { parseLearningRate, schemas } from "../../lib/protocol-schemas";
import {
  failure,
  fromResult,
  parse,
  register,
  type ArenaSocket,
  type CommandLimiter,
  type HandlerContext,
} from "./handler-kit";

export function registerStudentHandlers(socket: ArenaSocket, context: HandlerContext, limiter: CommandLimiter): void {
  register(socket, context, limiter, "student:join", async (payload) => {
    const parsed = parse(schemas.join, payload);
    if ("error" in parsed) return parsed.error;
    if (socket.data.role) return failure("INVALID_STATE", "This connection has already joined a session.");
    const { code, nickname, resumeToken } = parsed.data;
    const room = await context.rooms.get(code);
    if (!room) return failure("ROOM_NOT_FOUND", "No live session has that code. Check it on the projector.");
    const joined = await room.join({ nickname, resumeToken }, { socketId: socket.id });
    return fromResult(joined);
  });

  register(socket, context, limiter, "student:submit", async (payload) => {
    const { role, code, participantId } = socket.data;
    if (role !== "student" || !code || !participantId) return failure("NOT_JOINED", "Join a session first.");
    const parsed = parse(schemas.submit, payload);
    if ("error" in parsed) return parsed.error;
    const learningRate = parseLearningRate(parsed.data.learningRate);
    if (learningRate === null)
      return failure(
        "INVALID_LEARNING_RATE",
        "A learning rate is a number above 0 and at most 1000, like 0.0001 or 1e-4.",
      );
    const room = await context.rooms.get(code);
    if (!room) return failure("ROOM_NOT_FOUND", "This session has ended.");
    const optimizer = parsed.data.optimizer ?? "gd";
    const momentum = optimizer === "momentum" ? (parsed.data.momentum ?? DEFAULT_MOMENTUM) : null;
    const submitted = await room.submit(participantId, { learningRate, optimizer, momentum });
    return fromResult(submitted);
  });
}
