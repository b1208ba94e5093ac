// How a finished round's series sit in the database (issue 16): stored out of line without
// PostgreSQL trying to compress them (migration loss_storage_external), every bit read back after
// finishRound, and the space of the round's deleted chunks reclaimed by the VACUUM the embedded
// database needs (it runs no autovacuum). On the embedded database and PostgreSQL.
import { describe, expect, it } from "vitest";
import { HistoryRepository } from "../../../server/db/history-repo";
import { RoundRepository, type FinishedRun } from "../../../server/db/round-repo";
import { SessionRepository } from "../../../server/db/session-repo";
import { databaseForSuite, onBothDatabases } from "../../helpers/postgres";

const RUNS = 3;
const STEPS = 20_000;
const SETTINGS = {
  dataset: "lesson",
  standardized: false,
  maxSteps: STEPS,
  stepsPerSecond: 10,
  optimizers: ["gd"],
} as const;

/** Run r's losses: falling, with many digits, a subnormal, the largest double and -0 among them. */
function seriesOf(run: number): Float64Array {
  const values = Float64Array.from(
    { length: STEPS - run },
    (_, k) => 14871.802500000002 * Math.exp(-k * 1e-4 * (run + 1)) + Math.sin(k) / 3,
  );
  values.set([Number.MIN_VALUE, Number.MAX_VALUE, -0], 5);
  return values;
}

const bytesOf = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);

onBothDatabases((name, target, cleanUp) => {
  describe(name, () => {
    const db = databaseForSuite(target, cleanUp);

    const sizeOf = async (table: string) => {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ size: bigint }>>(
        `SELECT pg_total_relation_size('"${table}"') AS size`,
      );
      return Number(rows[0]!.size);
    };

    it("stores loss series out of line, uncompressed", async () => {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ relname: string; attname: string; attstorage: string }>>(
        `SELECT c.relname::text AS relname, a.attname::text AS attname, a.attstorage::text AS attstorage
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         WHERE (c.relname, a.attname) IN (('Run', 'losses'), ('RoundChunk', 'data')) ORDER BY c.relname`,
      );
      expect(rows.map((row) => [row.relname, row.attname, row.attstorage])).toEqual([
        ["RoundChunk", "data", "e"],
        ["Run", "losses", "e"],
      ]);
    });

    it("stores a round's runs exactly and gives back the space of its chunks", async () => {
      const sessions = new SessionRepository(db.prisma);
      const rounds = new RoundRepository(db.prisma, { vacuumChunks: true });
      const sessionId = crypto.randomUUID();
      await sessions.createSession({
        id: sessionId,
        code: "LOSS16",
        title: "t",
        hostTokenHash: "h",
        settings: SETTINGS,
        createdAt: new Date(),
      });
      const roster = Array.from({ length: RUNS }, (_, index) => ({
        index,
        participantId: crypto.randomUUID(),
        nickname: `s${index}`,
        learningRate: index + 1,
        optimizer: "gd" as const,
        momentum: null,
      }));
      for (const entry of roster)
        await sessions.addParticipant(
          sessionId,
          { id: entry.participantId, nickname: entry.nickname, nicknameKey: entry.nickname, resumeTokenHash: "x" },
          new Date(),
        );
      const roundId = crypto.randomUUID();
      await rounds.startRound({ id: roundId, sessionId, number: 1, settings: SETTINGS, roster, startedAt: new Date() });
      const series = roster.map((entry) => seriesOf(entry.index));
      const empty = await sizeOf("RoundChunk");
      // As the live room writes them: steps x runs, NaN where a run has stopped.
      for (let from = 0; from < STEPS; from += 1000) {
        const matrix = Float64Array.from(
          { length: 1000 * RUNS },
          (_, i) => series[i % RUNS]![from + Math.floor(i / RUNS)] ?? NaN,
        );
        await rounds.appendChunk(roundId, from, from + 1000, matrix);
      }
      const withChunks = await sizeOf("RoundChunk");
      expect(withChunks - empty).toBeGreaterThan(RUNS * STEPS * 8);

      const runs: FinishedRun[] = roster.map((entry) => ({
        ...entry,
        status: "max_steps",
        losses: series[entry.index]!,
        divergedAtStep: null,
        rank: entry.index + 1,
      }));
      await rounds.finishRound(roundId, runs, "finished", new Date());
      // Deleted and vacuumed: what is left of the chunk table is a small part of what they took.
      expect(await db.prisma.roundChunk.count({ where: { roundId } })).toBe(0);
      expect((await sizeOf("RoundChunk")) - empty).toBeLessThan((withChunks - empty) / 10);

      const history = await new HistoryRepository(db.prisma).getSessionHistory(sessionId);
      const stored = history!.rounds[0]!.runs;
      expect(stored.map((run) => run.participantId)).toEqual(roster.map((entry) => entry.participantId));
      for (const [i, run] of stored.entries()) expect(bytesOf(run.losses).equals(bytesOf(series[i]!))).toBe(true);
      expect(Object.is(stored[0]!.losses[7], -0)).toBe(true);
    });
  });
});
