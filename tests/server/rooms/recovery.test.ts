// A round no room will take up again (its session ended while the process died) is closed at
// start-up as interrupted, replaying the core for the stored steps to decide how each run ended.
// With optimisers it must replay each run's own one: Adam at lr = 1 is still running where plain
// descent at the same rate blew up at step 1, and momentum converges where descent would not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDataset, maxStableLearningRate, statusName, stepLearnerBatch, trainOne } from "../../../lib/gd";
import type { RosterEntry, RoundSettings } from "../../../lib/protocol";
import { rankRuns } from "../../../lib/room/ranking";
import { createRoundBatch } from "../../../lib/room/round-batch";
import { openDatabase, type Database } from "../../../server/db/database";
import { HistoryRepository } from "../../../server/db/history-repo";
import { RoundRepository } from "../../../server/db/round-repo";
import { SessionRepository } from "../../../server/db/session-repo";
import { interruptOrphanedRounds } from "../../../server/rooms/recovery";

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ kind: "embedded", dataDir: null });
});
afterAll(() => db.close());

const SETTINGS: RoundSettings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 1000,
  stepsPerSecond: 10,
  optimizers: ["gd", "momentum", "adam"],
};
const STORED_STEPS = 100;

describe("closing orphaned rounds, with optimisers", () => {
  it("replays every run's own optimiser, bit for bit, to the last stored step", async () => {
    const lesson = getDataset("lesson");
    const bound = maxStableLearningRate(lesson);
    const choices = [
      { learningRate: 1, optimizer: "adam", momentum: null },
      { learningRate: 1, optimizer: "gd", momentum: null },
      { learningRate: bound * 0.05, optimizer: "momentum", momentum: 0.9 },
      { learningRate: bound * 1.5 * 1.02, optimizer: "momentum", momentum: 0.5 },
    ] as const;
    const sessions = new SessionRepository(db.prisma);
    const rounds = new RoundRepository(db.prisma);
    const sessionId = crypto.randomUUID();
    await sessions.createSession({
      id: sessionId,
      code: "REC234",
      title: "t",
      hostTokenHash: "h",
      settings: SETTINGS,
      createdAt: new Date(),
    });
    const roster: RosterEntry[] = [];
    for (const [index, choice] of choices.entries()) {
      const participantId = crypto.randomUUID();
      const nickname = `p${index}`;
      await sessions.addParticipant(
        sessionId,
        { id: participantId, nickname, nicknameKey: nickname, resumeTokenHash: "x" },
        new Date(),
      );
      roster.push({ index, participantId, nickname, ...choice });
    }

    // What the live room had when the process died: STORED_STEPS steps, flushed in two chunks
    // (steps x runs, NaN = that run had stopped).
    const live = createRoundBatch(lesson, roster, SETTINGS.maxSteps);
    const matrix = new Float64Array((STORED_STEPS + 1) * roster.length).fill(Number.NaN);
    for (let step = 0; step <= STORED_STEPS; step++) {
      if (step > 0) stepLearnerBatch(live);
      for (let run = 0; run < roster.length; run++)
        if (live.stepsTaken[run] === live.step) matrix[step * roster.length + run] = live.losses[run]!;
    }
    const roundId = crypto.randomUUID();
    await rounds.startRound({ id: roundId, sessionId, number: 1, settings: SETTINGS, roster, startedAt: new Date() });
    const split = 50 * roster.length;
    await rounds.appendChunk(roundId, 0, 50, matrix.slice(0, split));
    await rounds.appendChunk(roundId, 50, STORED_STEPS + 1, matrix.slice(split));

    // Its session is live: the round comes back with its room (round-restore tests), not here.
    expect(await interruptOrphanedRounds(rounds, new Date())).toBe(0);
    await sessions.endSession(sessionId, new Date());
    expect(await interruptOrphanedRounds(rounds, new Date())).toBe(1);
    expect(await interruptOrphanedRounds(rounds, new Date())).toBe(0);

    const ranks = new Int32Array(roster.length);
    rankRuns(live, new Int32Array(roster.length), ranks);
    const history = await new HistoryRepository(db.prisma).getSessionHistory(sessionId);
    const round = history!.rounds[0]!;
    expect(round.status).toBe("interrupted");
    const runs = roster.map((entry) => round.runs.find((r) => r.participantId === entry.participantId)!);
    expect(runs.map((r) => [r.optimizer, r.momentum, r.status, r.divergedAtStep])).toEqual([
      ["adam", null, "interrupted", null],
      ["gd", null, "diverged", 1],
      ["momentum", 0.9, "converged", null],
      ["momentum", 0.5, "diverged", live.divergedAtStep[3]],
    ]);
    // The replay's outcomes and ranks are the live batch's exactly.
    expect(runs.map((r) => r.status)).toEqual(
      roster.map((_, run) => (live.status[run] === 0 ? "interrupted" : statusName(live.status[run]!))),
    );
    expect(runs.map((r) => r.rank)).toEqual(Array.from(ranks));
    // The stored series are the core's, bit for bit.
    roster.forEach((entry, run) => {
      const alone = trainOne(lesson, entry.learningRate, SETTINGS.maxSteps, {
        optimizer: entry.optimizer,
        ...(entry.momentum === null ? {} : { momentum: entry.momentum }),
      }).losses;
      expect(Array.from(runs[run]!.losses)).toEqual(alone.slice(0, runs[run]!.losses.length));
    });
    expect(runs[0]!.losses).toHaveLength(STORED_STEPS + 1);
    // With plain descent for everyone, Adam's run would have "diverged" at step 1: the test can tell.
    expect(trainOne(lesson, 1, STORED_STEPS).status).toBe("diverged");
  });
});
