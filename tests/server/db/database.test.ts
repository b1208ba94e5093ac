// The same storage tests against the embedded database and a real PostgreSQL server.
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type DatabaseTarget } from "../../../server/db/database";
import { HistoryRepository } from "../../../server/db/history-repo";
import { RoundRepository, seriesFromChunks } from "../../../server/db/round-repo";
import { SessionRepository } from "../../../server/db/session-repo";
import { createEmptyDatabase, postgresProblem } from "../../helpers/postgres";

const SETTINGS = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 1000,
  stepsPerSecond: 5,
  optimizers: ["gd", "momentum", "adam"],
} as const;

/** 1,000 awkward float64 values: subnormals, huge, negative zero's neighbours, many digits. */
function awkwardSeries(): Float64Array {
  const values = new Float64Array(1000);
  for (let i = 0; i < values.length; i++) values[i] = Math.pow(10, (i % 617) - 308) * (1 + i / 7) * Math.PI;
  values[0] = 14871.802500000002;
  values[1] = 1026548766283.6302;
  values[2] = Number.MIN_VALUE;
  values[3] = Number.MAX_VALUE;
  values[4] = 0;
  return values;
}

function storageSuite(
  name: string,
  target: () => DatabaseTarget | Promise<DatabaseTarget>,
  cleanup: () => Promise<void>,
) {
  describe(name, () => {
    let db: Database;
    beforeAll(async () => {
      db = await openDatabase(await target());
    });
    afterAll(async () => {
      await db?.close();
      await cleanup();
    });

    it("applies the migrations to an empty database, and only once", async () => {
      expect(db.appliedMigrations.length).toBeGreaterThan(0);
      // Reopen (the embedded database allows one process at a time, so close first).
      await db.close();
      db = await openDatabase(db.target);
      expect(db.appliedMigrations).toEqual([]);
    });

    it("round-trips a session with participants, a round and its runs", async () => {
      const sessions = new SessionRepository(db.prisma);
      const rounds = new RoundRepository(db.prisma);
      const sessionId = crypto.randomUUID();
      await sessions.createSession({
        id: sessionId,
        code: "ABC234",
        title: "标题 🚀",
        hostTokenHash: "h".repeat(64),
        settings: SETTINGS,
        createdAt: new Date("2026-11-23T10:00:00Z"),
      });
      const ids = [crypto.randomUUID(), crypto.randomUUID()];
      await sessions.addParticipant(
        sessionId,
        { id: ids[0]!, nickname: "Ada", nicknameKey: "ada", resumeTokenHash: "a".repeat(64) },
        new Date(),
      );
      await sessions.addParticipant(
        sessionId,
        { id: ids[1]!, nickname: "李雷", nicknameKey: "李雷", resumeTokenHash: "b".repeat(64) },
        new Date(),
      );
      await sessions.setRunChoice(ids[0]!, { learningRate: 1, optimizer: "adam", momentum: null });
      await sessions.setRunChoice(ids[1]!, { learningRate: 1e-4, optimizer: "momentum", momentum: 0.5 });

      const roundId = crypto.randomUUID();
      const roster = [
        { index: 0, participantId: ids[0]!, nickname: "Ada", learningRate: 1, optimizer: "adam", momentum: null },
        {
          index: 1,
          participantId: ids[1]!,
          nickname: "李雷",
          learningRate: 1e-4,
          optimizer: "momentum",
          momentum: 0.5,
        },
      ] as const;
      await rounds.startRound({
        id: roundId,
        sessionId,
        number: 1,
        settings: SETTINGS,
        roster: [...roster],
        startedAt: new Date(),
      });
      const series = awkwardSeries();
      await rounds.finishRound(
        roundId,
        [
          {
            participantId: ids[0]!,
            learningRate: 1,
            optimizer: "adam",
            momentum: null,
            status: "diverged",
            losses: series.slice(0, 2),
            divergedAtStep: 1,
            rank: 2,
          },
          {
            participantId: ids[1]!,
            learningRate: 1e-4,
            optimizer: "momentum",
            momentum: 0.5,
            status: "max_steps",
            losses: series,
            divergedAtStep: null,
            rank: 1,
          },
        ],
        "finished",
        new Date(),
      );

      const room = await sessions.loadLiveRoom("ABC234");
      expect(room?.participants.map((p) => [p.nickname, p.learningRate, p.optimizer, p.momentum])).toEqual([
        ["Ada", 1, "adam", null],
        ["李雷", 1e-4, "momentum", 0.5],
      ]);
      expect(room?.settings.optimizers).toEqual(["gd", "momentum", "adam"]);
      expect(room?.roundsPlayed).toBe(1);

      const history = await new HistoryRepository(db.prisma).getSessionHistory(sessionId);
      expect(history?.title).toBe("标题 🚀");
      const runs = history!.rounds[0]!.runs;
      expect(runs.map((r) => r.nickname)).toEqual(["李雷", "Ada"]);
      expect(Array.from(runs[0]!.losses)).toEqual(Array.from(series)); // exact, all 1,000 values
      expect(Array.from(runs[1]!.losses)).toEqual([14871.802500000002, 1026548766283.6302]);
      expect(runs[1]!.divergedAtStep).toBe(1);
      expect(runs.map((r) => [r.optimizer, r.momentum])).toEqual([
        ["momentum", 0.5],
        ["adam", null],
      ]);
      expect(history!.rounds[0]!.optimizers).toEqual(["gd", "momentum", "adam"]);

      const list = await sessions.listSessions({ all: true }, 10);
      expect(list.sessions[0]).toMatchObject({ id: sessionId, participantCount: 2, roundCount: 1 });
    });

    it("keeps chunks of a round in play and folds them back into series", async () => {
      const sessions = new SessionRepository(db.prisma);
      const rounds = new RoundRepository(db.prisma);
      const sessionId = crypto.randomUUID();
      await sessions.createSession({
        id: sessionId,
        code: "XYZ789",
        title: "t",
        hostTokenHash: "h",
        settings: SETTINGS,
        createdAt: new Date(),
      });
      const participantId = crypto.randomUUID();
      await sessions.addParticipant(
        sessionId,
        { id: participantId, nickname: "A", nicknameKey: "a", resumeTokenHash: "x" },
        new Date(),
      );
      const roundId = crypto.randomUUID();
      const roster = [
        { index: 0, participantId, nickname: "A", learningRate: 1, optimizer: "gd" as const, momentum: null },
        { index: 1, participantId, nickname: "A", learningRate: 2, optimizer: "momentum" as const, momentum: 0.9 },
      ];
      await rounds.startRound({ id: roundId, sessionId, number: 1, settings: SETTINGS, roster, startedAt: new Date() });
      // steps x runs; run 1 stops after step 1 (NaN marks "no value").
      await rounds.appendChunk(roundId, 0, 2, Float64Array.from([10, 20, 9, 30]));
      await rounds.appendChunk(roundId, 2, 4, Float64Array.from([8, Number.NaN, 7, Number.NaN]));
      // The live session comes back with its round in play, series folded out of the chunks.
      const unfinished = (await sessions.loadLiveRoom("XYZ789"))!.roundInPlay!;
      expect([unfinished.id, unfinished.number, unfinished.settings]).toEqual([roundId, 1, SETTINGS]);
      expect(unfinished.series.map((s) => Array.from(s))).toEqual([
        [10, 9, 8, 7],
        [20, 30],
      ]);
      expect(unfinished.roster.map((r) => [r.optimizer, r.momentum])).toEqual([
        ["gd", null],
        ["momentum", 0.9],
      ]);
      expect(await sessions.codesWithRoundInPlay()).toContain("XYZ789");
      expect(seriesFromChunks(2, []).map((s) => s.length)).toEqual([0, 0]);
      // Not an orphan while its session is live and it is the latest round; once the session
      // ended (a process died closing it), it is, with the same series.
      expect((await rounds.findOrphanedRounds()).map((r) => r.id)).not.toContain(roundId);
      await sessions.endSession(sessionId, new Date());
      expect(await sessions.codesWithRoundInPlay()).not.toContain("XYZ789");
      const orphan = (await rounds.findOrphanedRounds()).find((r) => r.id === roundId);
      expect(orphan?.series.map((s) => Array.from(s))).toEqual([
        [10, 9, 8, 7],
        [20, 30],
      ]);
    });

    it("brings back only a live session's latest round in play; an older round left running is an orphan", async () => {
      const sessions = new SessionRepository(db.prisma);
      const rounds = new RoundRepository(db.prisma);
      const sessionId = crypto.randomUUID();
      await sessions.createSession({
        id: sessionId,
        code: "ORF234",
        title: "t",
        hostTokenHash: "h",
        settings: SETTINGS,
        createdAt: new Date(),
      });
      const [older, latest] = [crypto.randomUUID(), crypto.randomUUID()];
      for (const [number, id] of [older, latest].entries())
        await rounds.startRound({
          id,
          sessionId,
          number: number + 1,
          settings: SETTINGS,
          roster: [],
          startedAt: new Date(),
        });
      const room = await sessions.loadLiveRoom("ORF234");
      expect([room?.roundsPlayed, room?.roundInPlay?.id]).toEqual([2, latest]);
      const orphans = (await rounds.findOrphanedRounds()).map((r) => r.id);
      expect(orphans).toContain(older);
      expect(orphans).not.toContain(latest);
      await rounds.finishRound(latest, [], "finished", new Date());
      expect((await sessions.loadLiveRoom("ORF234"))?.roundInPlay).toBeNull();
    });
  });
}

const dataDir = path.join(os.tmpdir(), `arena-db-test-${process.pid}-${Date.now()}`);
storageSuite(
  "embedded PGlite (data folder)",
  () => ({ kind: "embedded", dataDir }),
  () => rm(dataDir, { recursive: true, force: true }),
);

const runPostgres = postgresProblem === null;
let dropPostgres = async () => {};
(runPostgres ? storageSuite : describe.skip)(
  "PostgreSQL server",
  async () => {
    const created = await createEmptyDatabase();
    dropPostgres = created.drop;
    return { kind: "postgres", url: created.url };
  },
  async () => dropPostgres(),
);
