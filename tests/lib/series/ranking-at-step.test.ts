import { describe, expect, it } from "vitest";
import { STATUS, statusName, type DatasetId } from "../../../lib/gd";
import type { OptimizerId, StoredRunStatus } from "../../../lib/protocol";
import { RoomModel, nicknameKey, type ParticipantRecord } from "../../../lib/room/room-model";
import { rankingAtStep, type StoredRunOutcome } from "../../../lib/series/ranking-at-step";
import { seededRandom } from "../../../lib/seeded-random";

interface LiveStep {
  order: number[];
  ranks: number[];
  losses: number[];
  status: number[];
  divergedAtStep: number[];
}

const OPTIMIZERS: OptimizerId[] = ["gd", "momentum", "adam"];

/**
 * Plays a random round on the live room model, keeping what its ranking held after every step,
 * and returns that with the runs as they are stored (server/rooms/stored-runs.ts: a run still
 * running when the round stops is "interrupted").
 */
function playRandomRound(random: () => number) {
  const count = 1 + Math.floor(random() * 30);
  const maxSteps = Math.floor(random() * 300);
  const rates: number[] = [];
  const participants: ParticipantRecord[] = Array.from({ length: count }, (_, i) => {
    const pick = random();
    // Ties (a rate taken twice), blow-ups to Infinity (1e160), and the whole range students use.
    let learningRate = 10 ** (-9 + random() * 8);
    if (pick < 0.15 && rates.length > 0) learningRate = rates[Math.floor(random() * rates.length)]!;
    else if (pick < 0.25) learningRate = 1e160;
    rates.push(learningRate);
    const optimizer = OPTIMIZERS[Math.floor(random() * 3)]!;
    return {
      id: `p${i}`,
      nickname: `P${i}`,
      nicknameKey: nicknameKey(`P${i}`),
      resumeTokenHash: `h${i}`,
      learningRate,
      optimizer,
      momentum: optimizer === "momentum" ? 0.5 + random() * 0.49 : null,
      connections: 1,
      kicked: false,
    };
  });
  const dataset: DatasetId = random() < 0.7 ? "lesson" : "housing";
  const model = new RoomModel({
    sessionId: "s",
    code: "ABC234",
    title: "t",
    hostTokenHash: "h",
    settings: { dataset, standardized: random() < 0.5, maxSteps, stepsPerSecond: 10, optimizers: OPTIMIZERS },
    participants,
    roundsPlayed: 0,
    maxParticipants: 100,
  });
  if (!model.start().ok) throw new Error("the round did not start");
  const round = model.round!;
  const { batch } = round;
  const interruptAt = random() < 0.3 ? Math.floor(random() * (maxSteps + 1)) : Infinity;
  const live: LiveStep[] = [];
  const snapshot = () =>
    live.push({
      order: Array.from(round.order),
      ranks: Array.from(round.ranks),
      losses: Array.from(batch.losses),
      status: Array.from(batch.status),
      divergedAtStep: Array.from(batch.divergedAtStep),
    });
  snapshot();
  while (model.status === "running" && batch.step < interruptAt) {
    model.advance();
    snapshot();
  }
  const runs: StoredRunOutcome[] = participants.map((_, run) => {
    const code = batch.status[run]!;
    const status: StoredRunStatus = code === STATUS.RUNNING ? "interrupted" : statusName(code);
    const divergedAt = batch.divergedAtStep[run]!;
    return { losses: round.series.view(run).slice(), status, divergedAtStep: divergedAt >= 0 ? divergedAt : null };
  });
  return { live, runs };
}

const asLive = (ranking: ReturnType<typeof rankingAtStep>): LiveStep => ({
  order: Array.from(ranking.order),
  ranks: Array.from(ranking.ranks),
  losses: Array.from(ranking.losses),
  status: Array.from(ranking.status),
  divergedAtStep: Array.from(ranking.divergedAtStep),
});

describe("rankingAtStep", () => {
  it("equals the live round's ranking at every step of random rounds, from the stored data alone", () => {
    const random = seededRandom(16);
    let blewUp = 0;
    let interrupted = 0;
    for (let trial = 0; trial < 60; trial++) {
      const { live, runs } = playRandomRound(random);
      blewUp += runs.filter((r) => r.divergedAtStep !== null && r.divergedAtStep === r.losses.length).length;
      interrupted += runs.filter((r) => r.status === "interrupted").length;
      for (let step = 0; step < live.length; step++) expect(asLive(rankingAtStep(runs, step))).toEqual(live[step]);
      // Past the end, the ranking stays the final one (the one stored with the runs).
      expect(asLive(rankingAtStep(runs, live.length + 5))).toEqual(live.at(-1));
    }
    // The rounds did exercise the awkward cases: a step that recorded no loss, and cut-short rounds.
    expect(blewUp).toBeGreaterThan(0);
    expect(interrupted).toBeGreaterThan(0);
  });

  it("ranks a run that blew up to Infinity as running until the step it blew up at", () => {
    const runs: StoredRunOutcome[] = [
      { losses: [10, 5, 4, 3], status: "max_steps", divergedAtStep: null },
      { losses: [10, 1], status: "diverged", divergedAtStep: 2 }, // step 2 overflowed: no loss stored
    ];
    expect(Array.from(rankingAtStep(runs, 1).ranks)).toEqual([2, 1]);
    expect(Array.from(rankingAtStep(runs, 1).status)).toEqual([STATUS.RUNNING, STATUS.RUNNING]);
    const atBlowUp = rankingAtStep(runs, 2);
    expect(Array.from(atBlowUp.ranks)).toEqual([1, 2]);
    expect(Array.from(atBlowUp.status)).toEqual([STATUS.RUNNING, STATUS.DIVERGED]);
    expect(Array.from(atBlowUp.divergedAtStep)).toEqual([-1, 2]);
    expect(Array.from(rankingAtStep(runs, 3).status)).toEqual([STATUS.MAX_STEPS, STATUS.DIVERGED]);
  });

  it("refuses a step that is not a step, and a run with no losses", () => {
    const run: StoredRunOutcome = { losses: [1], status: "converged", divergedAtStep: null };
    expect(() => rankingAtStep([run], -1)).toThrow(/non-negative integer/);
    expect(() => rankingAtStep([run], 1.5)).toThrow(/non-negative integer/);
    expect(() => rankingAtStep([{ ...run, losses: [] }], 0)).toThrow(/run 0 has no losses/);
  });
});
