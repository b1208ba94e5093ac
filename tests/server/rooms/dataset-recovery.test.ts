// Recovery after a crash mid-round on an instructor's dataset: the replay that decides how each run
// ended trains on the round's own stored copy (its rows and its own start), bit for bit as the live
// room did, with no Dataset row at all (a deleted dataset leaves exactly that).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roundDataset } from "../../../lib/datasets";
import { statusName, stepLearnerBatch } from "../../../lib/gd";
import type { RosterEntry, RoundSettings } from "../../../lib/protocol";
import { rankRuns } from "../../../lib/room/ranking";
import { createRoundBatch } from "../../../lib/room/round-batch";
import { openDatabase, type Database } from "../../../server/db/database";
import { HistoryRepository } from "../../../server/db/history-repo";
import { RoundRepository } from "../../../server/db/round-repo";
import { SessionRepository } from "../../../server/db/session-repo";
import { recoverUnfinishedRounds } from "../../../server/rooms/recovery";
import { CUSTOM_ID, customCopy, customRound } from "../../helpers/dataset-fixtures";

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ kind: "embedded", dataDir: null });
});
afterAll(() => db.close());

const SETTINGS: RoundSettings = {
  dataset: CUSTOM_ID,
  standardized: true,
  maxSteps: 1000,
  stepsPerSecond: 10,
  optimizers: ["gd", "momentum", "adam"],
};
const STORED_STEPS = 120;

describe("recovery on an instructor's dataset", () => {
  it("replays the round's own copy to the last stored step, outcomes and ranks as the live room had them", async () => {
    const copy = customCopy(CUSTOM_ID);
    const source = { ...SETTINGS, datasetCopy: copy };
    const sessions = new SessionRepository(db.prisma);
    const rounds = new RoundRepository(db.prisma);
    const sessionId = crypto.randomUUID();
    await sessions.createSession({
      id: sessionId,
      code: "DSR234",
      title: "t",
      hostTokenHash: "h",
      settings: SETTINGS,
      datasetCopy: copy,
      createdAt: new Date(),
    });
    const roster: RosterEntry[] = [];
    const standardized = customRound.variants.find((v) => v.standardized)!;
    for (const [index, run] of standardized.runs.entries()) {
      const participantId = crypto.randomUUID();
      const nickname = `p${index}`;
      await sessions.addParticipant(
        sessionId,
        { id: participantId, nickname, nicknameKey: nickname, resumeTokenHash: "x" },
        new Date(),
      );
      roster.push({
        index,
        participantId,
        nickname,
        learningRate: run.lr,
        optimizer: run.optimizer,
        momentum: run.momentum,
      });
    }

    // The live room's batch when the process died, and what it had flushed (NaN: that run had stopped).
    const live = createRoundBatch(roundDataset(source), roster, SETTINGS.maxSteps);
    const matrix = new Float64Array((STORED_STEPS + 1) * roster.length).fill(Number.NaN);
    for (let step = 0; step <= STORED_STEPS; step++) {
      if (step > 0) stepLearnerBatch(live);
      for (let run = 0; run < roster.length; run++)
        if (live.stepsTaken[run] === live.step) matrix[step * roster.length + run] = live.losses[run]!;
    }
    const roundId = crypto.randomUUID();
    await rounds.startRound({
      id: roundId,
      sessionId,
      number: 1,
      settings: SETTINGS,
      datasetCopy: copy,
      roster,
      startedAt: new Date(),
    });
    await rounds.appendChunk(roundId, 0, STORED_STEPS + 1, matrix);

    expect(await recoverUnfinishedRounds(rounds, new Date())).toBe(1);

    const ranks = new Int32Array(roster.length);
    rankRuns(live, new Int32Array(roster.length), ranks);
    const round = (await new HistoryRepository(db.prisma).getSessionHistory(sessionId))!.rounds[0]!;
    expect([round.status, round.dataset, round.datasetCopy]).toEqual(["interrupted", CUSTOM_ID, copy]);
    const runs = roster.map((entry) => round.runs.find((r) => r.participantId === entry.participantId)!);
    const liveStatus = roster.map((_, run) => (live.status[run] === 0 ? "interrupted" : statusName(live.status[run]!)));
    expect(runs.map((r) => r.status)).toEqual(liveStatus);
    expect(runs.map((r) => r.divergedAtStep)).toEqual(
      roster.map((_, run) => (live.divergedAtStep[run]! >= 0 ? live.divergedAtStep[run] : null)),
    );
    expect(runs.map((r) => r.rank)).toEqual(Array.from(ranks));
    // Every outcome shows up, so a replay on other data (or another start) would be caught.
    expect(new Set(liveStatus)).toEqual(new Set(["converged", "diverged", "interrupted"]));
    // The stored series are the live batch's, bit for bit.
    runs.forEach((run, i) => {
      const expected = Array.from({ length: run.losses.length }, (_, step) => matrix[step * roster.length + i]!);
      expect(Array.from(run.losses)).toEqual(expected);
    });

    // Replayed from the lesson's start (0.5 each, bias 0) instead of the copy's own, the outcomes differ.
    const otherStart = createRoundBatch(
      roundDataset({ ...source, datasetCopy: { ...copy, initialWeights: [0.5, 0.5, 0.5], initialBias: 0 } }),
      roster,
      SETTINGS.maxSteps,
    );
    for (let step = 0; step < STORED_STEPS; step++) stepLearnerBatch(otherStart);
    expect(Array.from(otherStart.stepsTaken)).not.toEqual(Array.from(live.stepsTaken));
  });
});
