// A round restored from what storage holds (roster, settings, the stored series) is the round the
// live room had at that step, field for field, and plays on exactly as the uninterrupted one:
// over random rounds mixing plain descent, momentum and Adam, with runs that converge, diverge
// (finite or overflowing) and run out of steps.
import { describe, expect, it } from "vitest";
import { getDataset, maxStableLearningRate, STATUS, type OptimizerId } from "../../../lib/gd";
import type { RoundSettings } from "../../../lib/protocol";
import { restoreActiveRound, type ActiveRound } from "../../../lib/room/active-round";
import { RoomModel, nicknameKey, type ParticipantRecord } from "../../../lib/room/room-model";
import { seededRandom } from "../../../lib/seeded-random";

const OPTIMIZERS: OptimizerId[] = ["gd", "momentum", "adam"];

function randomRoom(random: () => number) {
  const dataset = random() < 0.5 ? "lesson" : "housing";
  const standardized = dataset === "housing" && random() < 0.5;
  const settings: RoundSettings = {
    dataset,
    standardized,
    maxSteps: 30 + Math.floor(random() * 170),
    stepsPerSecond: 10,
    optimizers: OPTIMIZERS,
  };
  const bound = maxStableLearningRate(getDataset(dataset));
  const runs = 3 + Math.floor(random() * 10);
  const participants: ParticipantRecord[] = Array.from({ length: runs }, (_, i) => {
    const optimizer = OPTIMIZERS[Math.floor(random() * 3)]!;
    // Around the stable bound (both sides), plus one run far past it that overflows at once.
    const scale = i === 0 ? 1e6 : Math.pow(10, random() * 2.5 - 2);
    const learningRate = optimizer === "adam" ? Math.pow(10, random() * 3 - 2.5) : bound * scale;
    const momentum = optimizer === "momentum" ? [0.5, 0.9, 0.99][Math.floor(random() * 3)]! : null;
    const nickname = `P${i}`;
    return {
      id: `p${i}`,
      nickname,
      nicknameKey: nicknameKey(nickname),
      resumeTokenHash: `h${i}`,
      learningRate,
      optimizer,
      momentum,
      connections: 1,
      kicked: false,
    };
  });
  return () =>
    new RoomModel({
      sessionId: "s",
      code: "ABC234",
      title: "t",
      hostTokenHash: "h",
      settings,
      participants: participants.map((p) => ({ ...p })),
      roundsPlayed: 0,
      maxParticipants: 20,
    });
}

/** Every field of a round that later steps, ticks, ranks or stored runs read. */
function snapshot(round: ActiveRound) {
  const { batch } = round;
  return {
    number: round.number,
    settings: round.settings,
    roster: round.roster,
    step: batch.step,
    running: batch.running,
    losses: Array.from(batch.losses),
    status: Array.from(batch.status),
    stepsTaken: Array.from(batch.stepsTaken),
    divergedAtStep: Array.from(batch.divergedAtStep),
    weights: Array.from(batch.weights),
    biases: Array.from(batch.biases),
    order: Array.from(round.order),
    ranks: Array.from(round.ranks),
    previousStatus: Array.from(round.previousStatus),
    series: round.roster.map((_, run) => Array.from(round.series.view(run))),
  };
}

const storedOf = (round: ActiveRound) => ({
  number: round.number,
  settings: round.settings,
  datasetCopy: round.datasetCopy,
  roster: round.roster,
  series: round.roster.map((_, run) => round.series.view(run).slice()),
});

describe("restoring a round in play", () => {
  it("equals the live round at the same step and plays on identically, over random rounds", () => {
    const random = seededRandom(20261201);
    const seen = { statuses: new Set<number>(), optimizers: new Set<string>(), pausedAt: [] as number[], stopped: 0 };
    for (let trial = 0; trial < 40; trial++) {
      const newRoom = randomRoom(random);
      const live = newRoom();
      expect(live.start().ok).toBe(true);
      const stopAt = Math.floor(random() * live.round!.settings.maxSteps);
      while (live.status === "running" && live.round!.batch.step < stopAt) live.advance();
      if (live.status !== "running") continue;

      const restored = restoreActiveRound(storedOf(live.round!));
      if (!restored.ok) throw new Error(restored.message);
      expect(snapshot(restored.round)).toEqual(snapshot(live.round!));
      const room = newRoom();
      expect(room.restore(restored.round)).toEqual({ ok: true });
      expect([room.status, room.roundsPlayed, room.round!.batch.step]).toEqual(["paused", 1, stopAt]);
      seen.pausedAt.push(stopAt);
      if (restored.round.batch.status.some((code) => code !== STATUS.RUNNING)) seen.stopped++;

      // One step while paused, then resumed to the end: the same round as the one never stopped.
      expect(room.advance().ok).toBe(true);
      expect(room.resume().ok).toBe(true);
      while (room.status === "running") room.advance();
      while (live.status === "running") live.advance();
      expect(room.status).toBe("finished");
      expect(snapshot(room.round!)).toEqual(snapshot(live.round!));
      for (const code of live.round!.batch.status) seen.statuses.add(code);
      for (const entry of live.round!.roster) seen.optimizers.add(entry.optimizer);
    }
    // The random rounds did cover what they are meant to.
    expect(seen.statuses).toEqual(new Set([STATUS.CONVERGED, STATUS.DIVERGED, STATUS.MAX_STEPS]));
    expect(seen.optimizers).toEqual(new Set(OPTIMIZERS));
    expect(seen.pausedAt.length).toBeGreaterThan(20);
    expect(seen.stopped).toBeGreaterThan(10); // restored with some runs already over
  });

  it("restores a round nothing was stored of yet at step 0, and one with no run left as finished", () => {
    const newRoom = randomRoom(seededRandom(7));
    const live = newRoom();
    live.start();
    const atStart = restoreActiveRound({
      ...storedOf(live.round!),
      series: live.round!.roster.map(() => new Float64Array(0)),
    });
    expect(atStart.ok && snapshot(atStart.round)).toEqual(snapshot(live.round!));
    while (live.status === "running") live.advance();
    const done = restoreActiveRound(storedOf(live.round!));
    expect(done.ok && snapshot(done.round)).toEqual(snapshot(live.round!));
    const room = newRoom();
    expect(done.ok && room.restore(done.round)).toEqual({ ok: true });
    expect(room.status).toBe("finished");
  });

  it("refuses storage a replay does not reproduce, and a room already playing a round", () => {
    const newRoom = randomRoom(seededRandom(11));
    const live = newRoom();
    live.start();
    for (let step = 0; step < 5; step++) live.advance();
    const stored = storedOf(live.round!);
    const tampered = stored.series.map((s) => s.slice());
    tampered[1]![3] = tampered[1]![3]! * (1 + Number.EPSILON);
    expect(restoreActiveRound({ ...stored, series: tampered })).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(restoreActiveRound({ ...stored, series: stored.series.slice(1) })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
    });
    const tooLong = stored.series.map(() => new Float64Array(stored.settings.maxSteps + 2));
    expect(restoreActiveRound({ ...stored, series: tooLong })).toMatchObject({ ok: false, code: "INVALID_STATE" });
    const missingCopy = {
      ...stored,
      settings: { ...stored.settings, dataset: "5b0c8a7e-2f4d-4e61-9c3a-7d8e9f0a1b2c" },
    };
    expect(restoreActiveRound(missingCopy)).toMatchObject({ ok: false, code: "INVALID_DATASET" });

    const restored = restoreActiveRound(stored);
    expect(restored.ok && live.restore(restored.round)).toMatchObject({ ok: false, code: "ROUND_RUNNING" });
    expect(live.round!.batch.step).toBe(5);
  });
});
