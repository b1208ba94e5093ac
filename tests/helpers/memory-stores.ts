// In-memory stand-ins for the repositories a live room writes to (server/rooms/room-stores.ts),
// recording every write in order, and able to fail the next writes of a kind on demand: the
// tests of the room lifecycle are about the room, not about a database. Round writes carrying a
// fence below `ownerFence` are refused with FencedOutError, as storage refuses them (server/db/fencing.ts).
import type { NewRound, FinishedRun, StoredRoundStatus } from "../../server/db/round-repo";
import type { RunChoice } from "../../lib/protocol";
import type { NewParticipant } from "../../server/db/session-repo";
import type { RoomStores } from "../../server/rooms/room-stores";
import { FencedOutError } from "../../server/db/fenced-out-error";

export type Write =
  | { kind: "addParticipant"; participant: NewParticipant }
  | { kind: "setRunChoice"; participantId: string; choice: RunChoice }
  | { kind: "markKicked"; participantId: string }
  | { kind: "endSession"; sessionId: string }
  | { kind: "startRound"; round: NewRound }
  | { kind: "appendChunk"; roundId: string; fromStep: number; toStep: number; matrix: Float64Array }
  | { kind: "finishRound"; roundId: string; runs: FinishedRun[]; status: StoredRoundStatus };

export type WriteKind = Write["kind"];

export class MemoryStores implements RoomStores {
  readonly writes: Write[] = [];
  /** Every write tried, failed ones included. */
  readonly attempts: WriteKind[] = [];
  /** The fence each attempt carried (undefined: none), in the order of `attempts`. */
  readonly fences: (number | undefined)[] = [];
  /** The newest fence claimed, as Session.ownerFence: a round write with a lower one is refused. */
  ownerFence = 0;
  private failures = new Map<WriteKind, number>();

  /** The next `times` writes of `kind` throw, as a database that is away would. */
  failNext(kind: WriteKind, times = 1): void {
    this.failures.set(kind, times);
  }

  /** Writes of `kind` throw until `recover()` (a database that stays away). */
  failAlways(kind: WriteKind): void {
    this.failures.set(kind, Infinity);
  }

  recover(): void {
    this.failures.clear();
  }

  of<K extends WriteKind>(kind: K): Extract<Write, { kind: K }>[] {
    return this.writes.filter((write): write is Extract<Write, { kind: K }> => write.kind === kind);
  }

  private async record(write: Write, fence?: number): Promise<void> {
    this.attempts.push(write.kind);
    this.fences.push(fence);
    await Promise.resolve(); // a real store answers later, never synchronously
    const left = this.failures.get(write.kind) ?? 0;
    if (left > 0) {
      this.failures.set(write.kind, left - 1);
      throw new Error(`${write.kind}: the database is away`);
    }
    if (fence !== undefined && fence < this.ownerFence) throw new FencedOutError(fence, BigInt(this.ownerFence));
    this.writes.push(write);
  }

  readonly sessions: RoomStores["sessions"] = {
    addParticipant: (_sessionId, participant) => this.record({ kind: "addParticipant", participant }),
    setRunChoice: (participantId, choice) => this.record({ kind: "setRunChoice", participantId, choice }),
    markKicked: (participantId) => this.record({ kind: "markKicked", participantId }),
    endSession: (sessionId) => this.record({ kind: "endSession", sessionId }),
  };

  readonly rounds: RoomStores["rounds"] = {
    startRound: (round, fence) => this.record({ kind: "startRound", round }, fence),
    appendChunk: (roundId, fromStep, toStep, matrix, fence) =>
      this.record({ kind: "appendChunk", roundId, fromStep, toStep, matrix }, fence),
    finishRound: (roundId, runs, status, _endedAt, fence) =>
      this.record({ kind: "finishRound", roundId, runs, status }, fence),
  };
}
