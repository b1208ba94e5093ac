// A round in play on an instructor's dataset, taken up again after a crash: the replay that
// rebuilds it trains on the round's own stored copy (its rows and its own start), bit for bit as
// the live room did, with no Dataset row at all (a deleted dataset leaves exactly that), and the
// round then plays on to the very outcomes, ranks and losses of the round that never stopped.
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
import { RoomRegistry } from "../../../server/rooms/room-registry";
import { CUSTOM_ID, customCopy, customRound } from "../../helpers/dataset-fixtures";
import { ManualClock } from "../../helpers/manual-clock";
import { RecordingChannel } from "../../helpers/recording-channel";

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

describe("restoring a round on an instructor's dataset", () => {
  it("replays the round's own copy to the last stored step, then plays on as the live room would have", async () => {
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
    const series: number[][] = roster.map(() => []);
    for (let step = 0; step === 0 || live.running > 0; step++) {
      if (step > 0) stepLearnerBatch(live);
      for (let run = 0; run < roster.length; run++) {
        if (live.stepsTaken[run] !== live.step) continue;
        series[run]!.push(live.losses[run]!);
        if (step <= STORED_STEPS) matrix[step * roster.length + run] = live.losses[run]!;
      }
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

    const registry = new RoomRegistry({
      source: sessions,
      channelFor: () => new RecordingChannel(),
      sessions,
      rounds,
      clock: new ManualClock(),
      log: () => {},
      flushIntervalMs: 1_000,
      idleGraceMs: 600_000,
      maxParticipants: 100,
      maxRooms: 5,
    });
    expect(await registry.restoreUnfinished()).toBe(1);
    const room = registry.live("DSR234")!;
    const attached = await room.attachHost({ instructor: { id: "an-admin", role: "admin" } }, () => {});
    expect(attached.ok && [attached.state.status, attached.state.step, attached.datasetCopy]).toEqual([
      "paused",
      STORED_STEPS,
      copy,
    ]);
    while (room.status === "paused") expect(await room.stepOnce()).toEqual({ ok: true });
    expect(room.status).toBe("finished");
    await registry.shutdown();

    const ranks = new Int32Array(roster.length);
    rankRuns(live, new Int32Array(roster.length), ranks);
    const round = (await new HistoryRepository(db.prisma).getSessionHistory(sessionId))!.rounds[0]!;
    expect([round.status, round.dataset, round.datasetCopy]).toEqual(["finished", CUSTOM_ID, copy]);
    const runs = roster.map((entry) => round.runs.find((r) => r.participantId === entry.participantId)!);
    const liveStatus = roster.map((_, run) => statusName(live.status[run]!));
    expect(runs.map((r) => r.status)).toEqual(liveStatus);
    expect(runs.map((r) => r.divergedAtStep)).toEqual(
      roster.map((_, run) => (live.divergedAtStep[run]! >= 0 ? live.divergedAtStep[run] : null)),
    );
    expect(runs.map((r) => r.rank)).toEqual(Array.from(ranks));
    // Outcomes of both kinds were still to come when the round stopped, so a replay that went
    // wrong (other data, another start) would show.
    expect(new Set(liveStatus)).toEqual(new Set(["converged", "diverged", "max_steps"]));
    // The stored series are the live batch's, bit for bit, before and after the restart.
    expect(runs.map((run) => Array.from(run.losses))).toEqual(series);
    expect(Math.max(...series.map((s) => s.length))).toBeGreaterThan(STORED_STEPS + 1);

    // Replayed from the lesson's start (0.5 each, bias 0) instead of the copy's own, the outcomes differ.
    const otherStart = createRoundBatch(
      roundDataset({ ...source, datasetCopy: { ...copy, initialWeights: [0.5, 0.5, 0.5], initialBias: 0 } }),
      roster,
      SETTINGS.maxSteps,
    );
    while (stepLearnerBatch(otherStart) > 0);
    expect(Array.from(otherStart.stepsTaken)).not.toEqual(Array.from(live.stepsTaken));
  });
});
