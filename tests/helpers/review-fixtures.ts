// Stored rounds for the review endpoints' tests, written straight through the repositories (as the
// live server stores them): a big finished round whose runs have every shape a class produces
// (noisy curves, early convergence, blow-ups after a last finite loss, values float32 cannot hold,
// equal results), and a small interrupted round after it, so pages cross a round's end.
import type { CreatedSession, RunHistory } from "../../lib/api-types";
import type { OptimizerId, RoundSettings } from "../../lib/protocol";
import { rankingAtStep, type StoredRunOutcome } from "../../lib/series/ranking-at-step";
import { seededRandom } from "../../lib/seeded-random";
import { RoundRepository, type FinishedRun } from "../../server/db/round-repo";
import { apiJson, type SignedIn } from "./session-fixture";
import type { TestServer } from "./test-server";

/** losses[k] for k < length, and how the run ended. */
function randomRun(random: () => number, steps: number, twin?: StoredRunOutcome): StoredRunOutcome {
  if (twin) return { losses: Float64Array.from(twin.losses), status: twin.status, divergedAtStep: twin.divergedAtStep };
  const pick = random();
  const base = 0.05 + random();
  if (pick < 0.1) {
    // Blows up: grows past float32's range, and the step after its last finite loss is not stored.
    const length = 2 + Math.floor(random() * steps);
    const losses = Float64Array.from({ length }, (_, k) => base * 10 ** ((k * 45) / length) * (1 + random() / 10));
    return { losses, status: "diverged", divergedAtStep: length };
  }
  if (pick < 0.2) {
    const length = 1 + Math.floor(random() * steps);
    return {
      losses: Float64Array.from({ length }, (_, k) => base / (1 + k)),
      status: "converged",
      divergedAtStep: null,
    };
  }
  // Noisy (4 points in every pixel column: the summary's worst case), now and then a tiny loss.
  const losses = Float64Array.from({ length: steps + 1 }, () => base * (0.5 + random()));
  if (pick < 0.25) losses[Math.floor(random() * losses.length)] = 1e-40;
  return { losses, status: "max_steps", divergedAtStep: null };
}

export interface WrittenRound {
  number: number;
  runs: FinishedRun[];
}

/** Stores a finished (or interrupted) round of `runs` random runs of up to `steps` steps. */
async function writeRound(
  server: TestServer,
  sessionId: string,
  number: number,
  {
    runs: count,
    steps,
    status,
    seed,
  }: { runs: number; steps: number; status: "finished" | "interrupted"; seed: number },
): Promise<WrittenRound> {
  const prisma = server.database.prisma;
  const random = seededRandom(seed);
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  await prisma.participant.createMany({
    data: ids.map((id, i) => {
      const nickname = `r${number}-s${i}`;
      return { id, sessionId, nickname, nicknameKey: nickname, resumeTokenHash: "x" };
    }),
  });
  const outcomes: StoredRunOutcome[] = [];
  for (let i = 0; i < count; i++) {
    const twin = i > 0 && random() < 0.05 ? outcomes[Math.floor(random() * i)] : undefined;
    const run = randomRun(random, steps, twin);
    outcomes.push(status === "interrupted" ? { ...run, status: "interrupted", divergedAtStep: null } : run);
  }
  const { ranks } = rankingAtStep(outcomes, steps + 1);
  const optimizers: OptimizerId[] = ["gd", "momentum", "adam"];
  const roster = ids.map((participantId, index) => {
    const optimizer = optimizers[index % 3]!;
    const learningRate = 10 ** (-6 + random() * 4);
    return {
      index,
      participantId,
      nickname: `r${number}-s${index}`,
      learningRate,
      optimizer,
      momentum: optimizer === "momentum" ? 0.9 : null,
    };
  });
  const settings: RoundSettings = {
    dataset: "lesson",
    standardized: false,
    maxSteps: steps,
    stepsPerSecond: 10,
    optimizers,
  };
  const rounds = new RoundRepository(prisma);
  const roundId = crypto.randomUUID();
  await rounds.startRound({ id: roundId, sessionId, number, settings, roster, startedAt: new Date() });
  const runs: FinishedRun[] = roster.map((entry, i) => ({
    participantId: entry.participantId,
    learningRate: entry.learningRate,
    optimizer: entry.optimizer,
    momentum: entry.momentum,
    status: outcomes[i]!.status,
    losses: outcomes[i]!.losses as Float64Array,
    divergedAtStep: outcomes[i]!.divergedAtStep,
    rank: ranks[i]!,
  }));
  await rounds.finishRound(roundId, runs, status, new Date());
  return { number, runs };
}

/** A session of `owner`'s with a big finished round 1 and a small interrupted round 2. */
export async function writeReviewSession(server: TestServer, owner: SignedIn, big: { runs: number; steps: number }) {
  const created = await apiJson<CreatedSession>(server, "/api/sessions", {
    body: { title: "Review" },
    cookie: owner.cookie,
  });
  const id = created.body.id;
  const rounds = [
    await writeRound(server, id, 1, { ...big, status: "finished", seed: 16 }),
    await writeRound(server, id, 2, { runs: 37, steps: 50, status: "interrupted", seed: 17 }),
  ];
  return { id, rounds };
}

/** What lib/series/ranking-at-step.ts reads of a run of the full history. */
export const outcomeOf = (run: RunHistory): StoredRunOutcome => ({
  losses: run.losses,
  status: run.status,
  divergedAtStep: run.divergedAtStep,
});
