// Rounds, their runs and the loss chunks written while a round plays.
//
// While a round runs, its losses go to RoundChunk rows (one row per flush for the whole room, a
// steps x runs float64 matrix), so a crash loses at most one flush interval. When the round ends
// the chunks are folded into one Run row per student (the whole series in one blob) and deleted,
// in one transaction. A round whose process stopped (crash or restart) keeps its chunks until a
// room takes it up again and goes on appending (server/rooms/round-writer.ts). The writes of a round
// in play take an optional fence: given, storage refuses them once a newer owner has claimed the
// session (server/db/fencing.ts, FencedOutError).
import type { RosterEntry, RoundSettings, RunChoice, StoredRunStatus } from "../../lib/protocol";
import type { DatasetCopy } from "../../lib/datasets/dataset-copy";
import type { StoredRoundProgress } from "../../lib/room/active-round";
import { explainRefusal, fencedWrite, fenceToken, type Writer } from "./fencing";
import type { PrismaClient } from "./generated/client";
import { decodeLosses, encodeLosses } from "./loss-codec";
import { datasetCopyFromRow, datasetCopyToRow, rosterFromRow, rosterToRow, settingsFromRow } from "./row-mappers";

/**
 * Runs per insert when a round is stored: 20 runs of 1,000 steps are ~210 kB of series. The
 * embedded database has its own thread (decision 0006), but encoding and copying the batch to it
 * happen on the server's, so small batches keep each piece of that work short.
 */
const RUN_BATCH = 20;

export type { StoredRunStatus };
export type StoredRoundStatus = "running" | "finished" | "interrupted";

export interface NewRound {
  id: string;
  sessionId: string;
  number: number;
  settings: RoundSettings;
  /** The round's own copy of the instructor's dataset it trains on (absent or null: a built-in). */
  datasetCopy?: DatasetCopy | null;
  roster: RosterEntry[];
  startedAt: Date;
}

export interface FinishedRun extends RunChoice {
  participantId: string;
  status: StoredRunStatus;
  losses: Float64Array;
  divergedAtStep: number | null;
  rank: number;
}

export interface ChunkedRound {
  id: string;
  roster: RosterEntry[];
  settings: RoundSettings;
  datasetCopy: DatasetCopy | null;
  chunks: Array<{ fromStep: number; toStep: number; data: string }>;
}

/** A round left `running` in storage, with each run's losses folded out of its chunks. */
export interface StoredRoundInPlay extends StoredRoundProgress {
  id: string;
}

type RoundRowWithChunks = Parameters<typeof settingsFromRow>[0] & {
  id: string;
  number: number;
  roster: unknown;
  datasetCopy: unknown;
  chunks: ChunkedRound["chunks"];
};

/** The row of a round still `running` (with its chunks, by fromStep), as a live room takes it up. */
export function roundInPlayFromRow(row: RoundRowWithChunks): StoredRoundInPlay {
  const roster = rosterFromRow(row.roster);
  return {
    id: row.id,
    number: row.number,
    settings: settingsFromRow(row),
    datasetCopy: datasetCopyFromRow(row.datasetCopy),
    roster,
    series: seriesFromChunks(roster.length, row.chunks),
  };
}

export interface RoundRepositoryOptions {
  /**
   * VACUUM the chunk table once a round's chunks are deleted. The embedded database (PGlite, one
   * process) runs no autovacuum: without it every round's chunks, as big as its runs, stay on disk
   * as dead rows for good. PostgreSQL's autovacuum does it there.
   */
  vacuumChunks?: boolean;
}

export class RoundRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: RoundRepositoryOptions = {},
  ) {}

  async startRound(round: NewRound, fence?: number): Promise<void> {
    const { settings, roster, datasetCopy, ...rest } = round;
    await fencedWrite(this.prisma, fence, { sessionId: round.sessionId }, (db) =>
      db.round.create({
        data: {
          ...rest,
          ...settings,
          optimizers: [...settings.optimizers],
          datasetCopy: datasetCopyToRow(datasetCopy),
          roster: rosterToRow(roster),
          status: "running",
        },
      }),
    );
  }

  /**
   * Stores losses of steps [fromStep, toStep) for all runs (steps x runs, NaN = no value). Fenced,
   * it stays one statement (a flush a second per room): the session lock is taken in its own CTE.
   */
  async appendChunk(
    roundId: string,
    fromStep: number,
    toStep: number,
    matrix: Float64Array,
    fence?: number,
  ): Promise<void> {
    const data = encodeLosses(matrix);
    // One raw statement, fenced or not: as a Prisma upsert, a 2,000-student chunk of 10 steps
    // (~210 kB of text) allocated 1.4 MB on the server's thread and took 9.5 ms on the embedded
    // database, 5.8 on PostgreSQL; raw, 0.9 MB and 6.6 / 2.5 ms (scripts/bench/chunk-write.ts).
    // It is written once a second while a class plays.
    if (fence === undefined) {
      await this.prisma.$executeRaw`
        INSERT INTO "RoundChunk" ("roundId", "fromStep", "toStep", "data")
        VALUES (${roundId}::text, ${fromStep}::int4, ${toStep}::int4, ${data}::text)
        ON CONFLICT ("roundId", "fromStep") DO UPDATE SET "toStep" = EXCLUDED."toStep", "data" = EXCLUDED."data"`;
      return;
    }
    const written = await this.prisma.$executeRaw`
      WITH "owner" AS (
        SELECT s."id" FROM "Session" s JOIN "Round" r ON r."sessionId" = s."id"
        WHERE r."id" = ${roundId} AND s."ownerFence" <= ${fenceToken(fence)}::int8 FOR NO KEY UPDATE OF s
      )
      INSERT INTO "RoundChunk" ("roundId", "fromStep", "toStep", "data")
      SELECT ${roundId}::text, ${fromStep}::int4, ${toStep}::int4, ${data}::text FROM "owner"
      ON CONFLICT ("roundId", "fromStep") DO UPDATE SET "toStep" = EXCLUDED."toStep", "data" = EXCLUDED."data"`;
    if (written === 0) await explainRefusal(this.prisma, fence, roundId);
  }

  /**
   * Stores every run's whole series and the round's outcome. Runs go in small batches with a
   * yield between them, so encoding them never holds up the event loop for long. Safe to repeat:
   * a crash halfway leaves the round `running` with its chunks, and whoever takes it up writes the
   * runs again. Fenced, it is all one transaction: a stale owner's runs never mix with the new one's.
   */
  async finishRound(roundId: string, runs: FinishedRun[], status: StoredRoundStatus, endedAt: Date, fence?: number) {
    await fencedWrite(this.prisma, fence, { roundId }, async (db) => {
      await this.storeRuns(db, roundId, runs);
      const closeRound = [
        db.round.update({ where: { id: roundId }, data: { status, endedAt } }),
        db.roundChunk.deleteMany({ where: { roundId } }),
      ];
      // Already one transaction when fenced; otherwise these two make one of their own.
      if (fence === undefined) await this.prisma.$transaction(closeRound);
      else for (const statement of closeRound) await statement;
    });
    // Outside the transaction (VACUUM cannot run in one). The round is stored whatever happens
    // here: a failed VACUUM only leaves dead rows for the next round's to reclaim.
    if (this.options.vacuumChunks) await this.prisma.$executeRawUnsafe(`VACUUM "RoundChunk"`).catch(() => {});
  }

  private async storeRuns(db: Writer, roundId: string, runs: FinishedRun[]): Promise<void> {
    await db.run.deleteMany({ where: { roundId } });
    for (let start = 0; start < runs.length; start += RUN_BATCH) {
      await db.run.createMany({
        data: runs.slice(start, start + RUN_BATCH).map((run) => ({
          id: crypto.randomUUID(),
          roundId,
          participantId: run.participantId,
          learningRate: run.learningRate,
          optimizer: run.optimizer,
          momentum: run.momentum,
          status: run.status,
          losses: encodeLosses(run.losses),
          stepCount: Math.max(0, run.losses.length - 1),
          divergedAtStep: run.divergedAtStep,
          rank: run.rank,
          finalLoss: run.losses.length > 0 ? run.losses[run.losses.length - 1]! : null,
        })),
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Rounds left `running` that no live room will take up again: their session has ended (the
   * process died while closing it) or has a later round. Start-up stores them as interrupted; a
   * live session's latest round in play comes back with its room instead (SessionRepository.loadLiveRoom).
   */
  async findOrphanedRounds(): Promise<StoredRoundInPlay[]> {
    const running = await this.prisma.round.findMany({
      where: { status: "running" },
      select: { id: true, number: true, session: { select: { endedAt: true, _count: { select: { rounds: true } } } } },
    });
    const orphaned = running
      .filter((round) => round.session.endedAt !== null || round.number < round.session._count.rounds)
      .map((round) => round.id);
    if (orphaned.length === 0) return [];
    const rows = await this.prisma.round.findMany({
      where: { id: { in: orphaned } },
      include: { chunks: { orderBy: { fromStep: "asc" } } },
    });
    return rows.map(roundInPlayFromRow);
  }
}

/** Rebuilds each run's series from a round's chunks (runs in roster order). */
export function seriesFromChunks(runCount: number, chunks: ChunkedRound["chunks"]): Float64Array[] {
  const collected: number[][] = Array.from({ length: runCount }, () => []);
  const ended = new Uint8Array(runCount);
  for (const chunk of chunks) {
    const matrix = decodeLosses(chunk.data);
    const steps = chunk.toStep - chunk.fromStep;
    for (let step = 0; step < steps; step++) {
      for (let run = 0; run < runCount; run++) {
        const value = matrix[step * runCount + run]!;
        if (Number.isNaN(value)) ended[run] = 1;
        else if (!ended[run]) collected[run]!.push(value);
      }
    }
  }
  return collected.map((values) => Float64Array.from(values));
}
