// What a live room needs from storage, and no more: the repositories in server/db implement these,
// and unit tests hand a room an in-memory store (tests/helpers/memory-stores.ts) that can fail on
// demand.
import type { RoundRepository } from "../db/round-repo";
import type { SessionRepository } from "../db/session-repo";

export interface RoomStores {
  sessions: Pick<SessionRepository, "addParticipant" | "setRunChoice" | "markKicked" | "endSession">;
  rounds: Pick<RoundRepository, "startRound" | "appendChunk" | "finishRound">;
}

/** What the registry needs to bring a live session back into memory (and to claim it first, in a cluster). */
export type LiveRoomSource = Pick<
  SessionRepository,
  "loadLiveRoom" | "codesWithRoundInPlay" | "claimOwnership" | "hasLiveSession"
>;
