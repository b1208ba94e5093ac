// Student commands: join (or resume) a room, submit a learning rate.
import { parseLearningRate, schemas } from "../../lib/protocol-schemas";
import { nicknameKey, type ParticipantRecord } from "../../lib/room/room-model";
import { studentState } from "../../lib/room/room-views";
import { everyoneRoom, participantRoom, studentsRoom } from "../rooms/room-channel";
import { hashToken, newToken } from "../secrets";
import {
  failure,
  type CommandLimiter,
  fromResult,
  parse,
  register,
  type ArenaSocket,
  type HandlerContext,
} from "./handler-kit";

export function registerStudentHandlers(socket: ArenaSocket, context: HandlerContext, limiter: CommandLimiter): void {
  register(socket, context, limiter, "student:join", async (payload) => {
    const parsed = parse(schemas.join, payload);
    if ("error" in parsed) return parsed.error;
    if (socket.data.role) return failure("INVALID_STATE", "This connection has already joined a session.");
    const { code, nickname, resumeToken } = parsed.data;
    const room = await context.registry.get(code);
    if (!room) return failure("ROOM_NOT_FOUND", "No live session has that code. Check it on the projector.");

    return room.exec(async () => {
      if (room.closed || room.model.status === "ended") return failure("ROOM_NOT_FOUND", "This session has ended.");
      let participant: ParticipantRecord | undefined;
      let token = resumeToken;
      if (token) {
        const tokenHash = hashToken(token);
        participant = [...room.model.participants.values()].find((p) => p.resumeTokenHash === tokenHash);
        if (participant?.kicked) return failure("KICKED", "The instructor removed you from this session.");
      }
      if (!participant) {
        const allowed = room.model.canJoin(nickname);
        if (!allowed.ok) return fromResult(allowed);
        token = newToken();
        const record: ParticipantRecord = {
          id: crypto.randomUUID(),
          nickname,
          nicknameKey: nicknameKey(nickname),
          resumeTokenHash: hashToken(token),
          learningRate: null,
          connections: 0,
          kicked: false,
        };
        const { connections: _c, kicked: _k, learningRate: _l, ...stored } = record;
        await context.sessions.addParticipant(room.model.init.sessionId, stored, new Date(context.clock.now()));
        room.model.join(record);
        participant = record;
      }
      socket.data.role = "student";
      socket.data.code = room.code;
      socket.data.participantId = participant.id;
      await socket.join([participantRoom(room.code, participant.id), studentsRoom(room.code), everyoneRoom(room.code)]);
      room.participantConnected(participant, 1);
      return {
        ok: true,
        participantId: participant.id,
        resumeToken: token!,
        state: studentState(room.model, participant),
      };
    });
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
    const room = await context.registry.get(code);
    if (!room) return failure("ROOM_NOT_FOUND", "This session has ended.");
    return room.exec(async () => {
      const participant = room.model.participants.get(participantId);
      const previous = participant?.learningRate ?? null;
      const submitted = room.model.submit(participantId, learningRate);
      if (!submitted.ok) return fromResult(submitted);
      try {
        await context.sessions.setLearningRate(participantId, learningRate);
      } catch (error) {
        participant!.learningRate = previous; // not stored: not changed
        throw error;
      }
      room.stateChanged();
      return { ok: true, learningRate };
    });
  });
}
