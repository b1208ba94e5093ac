// Rooms for unit tests of the room code: a RoomModel of the lesson with students who have already
// chosen their learning rates (one per entry of `rates`; null = not yet).
import type { RoundSettings } from "../../lib/protocol";
import { RoomModel, nicknameKey, type ParticipantRecord } from "../../lib/room/room-model";

export const LESSON: RoundSettings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 50,
  stepsPerSecond: 10,
  optimizers: ["gd"],
};

export function student(index: number, learningRate: number | null, nickname = `P${index}`): ParticipantRecord {
  return {
    id: `p${index}`,
    nickname,
    nicknameKey: nicknameKey(nickname),
    resumeTokenHash: `h${index}`,
    learningRate,
    optimizer: "gd",
    momentum: null,
    connections: 1,
    kicked: false,
  };
}

export function lessonRoom(rates: Array<number | null>, settings: Partial<RoundSettings> = {}, nicknames?: string[]) {
  return new RoomModel({
    sessionId: "s",
    code: "ABC234",
    title: "t",
    hostTokenHash: "h",
    settings: { ...LESSON, ...settings },
    participants: rates.map((rate, i) => student(i, rate, nicknames?.[i])),
    roundsPlayed: 0,
    maxParticipants: 10,
  });
}
