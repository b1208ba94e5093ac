// Fencing tokens (Kleppmann): a live room's owner claims its session with its lease's fence
// (SessionRepository.claimOwnership), and each write of its rounds carries that fence. A fenced
// write first locks the session row if no newer fence has claimed it, in the same transaction (or
// the same statement); a claim waits on that lock, so an older owner's write either lands before
// the new owner claims (and loads the room) or is refused. Without a fence a write runs as it is,
// with no extra statement (one process: nothing to fence).
import { FencedOutError } from "./fenced-out-error";
import type { Prisma, PrismaClient } from "./generated/client";

/** What a write goes through: the client itself, or the fenced transaction. */
export type Writer = Prisma.TransactionClient;

/** The session a write belongs to: named, or as the session of a round. */
export type SessionOf = { sessionId: string } | { roundId: string };

/**
 * Long enough for a large class's finishRound (tens of MB of runs, in batches); a fenced write is a
 * cluster's, on PostgreSQL, where other connections are not held up by it.
 */
const FENCED_TIMEOUT_MS = 120_000;

/** A fence as storage keeps it: lease fences are positive integers. Rejects anything else. */
export function fenceToken(fence: number): bigint {
  if (!Number.isSafeInteger(fence) || fence < 1) throw new Error(`a fence is a positive integer, not ${fence}`);
  return BigInt(fence);
}

/**
 * Runs `write`, fenced when `fence` is given: throws FencedOutError (and writes nothing) when a
 * newer fence has claimed the session; a plain Error when the session (or round) does not exist.
 */
export async function fencedWrite<T>(
  prisma: PrismaClient,
  fence: number | undefined,
  of: SessionOf,
  write: (db: Writer) => Promise<T>,
): Promise<T> {
  if (fence === undefined) return write(prisma);
  const token = fenceToken(fence);
  return prisma.$transaction(
    async (tx) => {
      // FOR NO KEY UPDATE: blocks a claim (an UPDATE of the row) until this transaction ends, but
      // not the inserts that only reference the session (participants joining).
      const rows =
        "sessionId" in of
          ? await tx.$queryRaw<OwnerFenceRow[]>`
              SELECT "ownerFence" FROM "Session" WHERE "id" = ${of.sessionId} FOR NO KEY UPDATE`
          : await tx.$queryRaw<OwnerFenceRow[]>`
              SELECT s."ownerFence" FROM "Session" s JOIN "Round" r ON r."sessionId" = s."id"
              WHERE r."id" = ${of.roundId} FOR NO KEY UPDATE OF s`;
      refuseUnlessOwner(fence, token, of, rows[0]);
      return write(tx);
    },
    { maxWait: 10_000, timeout: FENCED_TIMEOUT_MS },
  );
}

/**
 * A single-statement fenced write (its own guard inside) changed no row: says why, by throwing.
 * Fences only grow, so a refusal for the fence is still visible when this reads.
 */
export async function explainRefusal(prisma: PrismaClient, fence: number, roundId: string): Promise<never> {
  const rows = await prisma.$queryRaw<OwnerFenceRow[]>`
    SELECT s."ownerFence" FROM "Session" s JOIN "Round" r ON r."sessionId" = s."id" WHERE r."id" = ${roundId}`;
  refuseUnlessOwner(fence, fenceToken(fence), { roundId }, rows[0]);
  throw new Error(`fenced write of round ${roundId}: no row written, yet the fence was not refused`);
}

type OwnerFenceRow = { ownerFence: bigint | string | number };

function refuseUnlessOwner(fence: number, token: bigint, of: SessionOf, row: OwnerFenceRow | undefined): void {
  if (!row) throw new Error(`fenced write: no ${"sessionId" in of ? "session" : "round"} with that id`);
  const ownerFence = BigInt(row.ownerFence);
  if (ownerFence > token) throw new FencedOutError(fence, ownerFence);
}
