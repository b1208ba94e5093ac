// The round the review benchmark reads back (issue 16): S students x N steps on the lesson, every
// run to the last step, trained by the real core and stored through the real repositories (so the
// stored form is today's: one Run row per student, losses as float64 base64, server/db/loss-codec).
// Rates are drawn (seeded) where each optimiser is still descending after 10,000 steps, so the
// curves have the shapes of real runs: smooth gd decays, momentum and Adam wobbling.
import { STATUS, getDataset, statusName, stepLearnerBatch } from "../../lib/gd";
import type { OptimizerId, RosterEntry, RoundSettings } from "../../lib/protocol";
import { rankRuns } from "../../lib/room/ranking";
import { createRoundBatch } from "../../lib/room/round-batch";
import { SeriesRecorder } from "../../lib/room/series";
import { seededRandom } from "../../lib/seeded-random";
import type { Database } from "../../server/db/database";
import { RoundRepository, type FinishedRun } from "../../server/db/round-repo";
import { SessionRepository } from "../../server/db/session-repo";
import { withStallMeter } from "./stall-meter";

export interface ReviewRound {
  settings: RoundSettings;
  roster: RosterEntry[];
  runs: FinishedRun[];
  /** Losses stored in all (sum of every run's series length). */
  lossCount: number;
}

/** log10 of the rate range per optimiser in which a lesson run is still running at step 10,000. */
const RATE_RANGES: Record<OptimizerId, [number, number]> = { gd: [-9, -7], momentum: [-10, -8.3], adam: [-7, -3.7] };

/** 70% plain descent, 20% momentum, 10% Adam. */
function optimizerFor(pick: number): OptimizerId {
  if (pick < 0.7) return "gd";
  return pick < 0.9 ? "momentum" : "adam";
}

export function makeReviewRound(students: number, steps: number, seed = 16): ReviewRound {
  const random = seededRandom(seed);
  const settings: RoundSettings = {
    dataset: "lesson",
    standardized: false,
    maxSteps: steps,
    stepsPerSecond: 10,
    optimizers: ["gd", "momentum", "adam"],
  };
  const roster: RosterEntry[] = Array.from({ length: students }, (_, index) => {
    const optimizer = optimizerFor(random());
    const [low, high] = RATE_RANGES[optimizer];
    return {
      index,
      participantId: crypto.randomUUID(),
      nickname: `student-${index + 1}`,
      learningRate: 10 ** (low + random() * (high - low)),
      optimizer,
      momentum: optimizer === "momentum" ? 0.9 : null,
    };
  });
  // As the live room plays it (lib/room/room-model.ts): record each step's finite losses.
  const batch = createRoundBatch(getDataset("lesson"), roster, steps);
  const series = new SeriesRecorder(students, steps + 1);
  for (let run = 0; run < students; run++) series.append(run, batch.losses[run]!);
  while (batch.running > 0) {
    const before = Uint8Array.from(batch.status);
    stepLearnerBatch(batch);
    for (let run = 0; run < students; run++)
      if (before[run] === STATUS.RUNNING && batch.stepsTaken[run] === batch.step)
        series.append(run, batch.losses[run]!);
  }
  const order = new Int32Array(students);
  const ranks = new Int32Array(students);
  rankRuns(batch, order, ranks);
  const runs: FinishedRun[] = roster.map((entry, run) => ({
    participantId: entry.participantId,
    learningRate: entry.learningRate,
    optimizer: entry.optimizer,
    momentum: entry.momentum,
    status: statusName(batch.status[run]!),
    losses: series.view(run).slice(),
    divergedAtStep: batch.divergedAtStep[run]! >= 0 ? batch.divergedAtStep[run]! : null,
    rank: ranks[run]!,
  }));
  return { settings, roster, runs, lossCount: runs.reduce((sum, run) => sum + run.losses.length, 0) };
}

/**
 * Stores `round` as session `sessionId`'s first round, finished, with nobody owning the session:
 * the first instructor to sign up on the server then owns it (and is its admin).
 */
export async function writeReviewRound(db: Database, sessionId: string, round: ReviewRound) {
  const sessions = new SessionRepository(db.prisma);
  const rounds = new RoundRepository(db.prisma, { vacuumChunks: db.target.kind === "embedded" });
  await sessions.createSession({
    id: sessionId,
    code: "REVIEW",
    title: "review bench",
    hostTokenHash: "x",
    settings: round.settings,
    createdAt: new Date(),
  });
  await db.prisma.participant.createMany({
    data: round.roster.map((entry) => ({
      id: entry.participantId,
      sessionId,
      nickname: entry.nickname,
      nicknameKey: entry.nickname,
      resumeTokenHash: "x",
    })),
  });
  const roundId = crypto.randomUUID();
  const { settings, roster } = round;
  await rounds.startRound({ id: roundId, sessionId, number: 1, settings, roster, startedAt: new Date() });
  // What the live server does when a round ends: the whole round in one finishRound.
  return withStallMeter(() => rounds.finishRound(roundId, round.runs, "finished", new Date()));
}
