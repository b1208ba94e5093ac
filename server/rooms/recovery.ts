// After a crash: rounds the dead process left `running` are closed as `interrupted`, keeping every
// step that had been stored. Run outcomes are recomputed by replaying the (deterministic) core for
// the stored number of steps; the stored losses themselves are kept as they were written.
import { roundDataset } from "../../lib/datasets/dataset-copy";
import { stepLearnerBatch } from "../../lib/gd";
import { rankRuns } from "../../lib/room/ranking";
import { createRoundBatch } from "../../lib/room/round-batch";
import { seriesFromChunks, type RoundRepository } from "../db/round-repo";
import { storedRuns } from "./stored-runs";

export async function recoverUnfinishedRounds(rounds: RoundRepository, now: Date): Promise<number> {
  const unfinished = await rounds.findUnfinishedRounds();
  for (const round of unfinished) {
    const series = seriesFromChunks(round.roster.length, round.chunks);
    const stepsStored = Math.max(0, ...series.map((s) => s.length - 1));
    // From the round's own copy of an instructor's dataset, as the live room trained on it.
    const dataset = roundDataset({ ...round.settings, datasetCopy: round.datasetCopy });
    // Each run's own rate and optimiser (lib/room/round-batch.ts, as the live room built it).
    const batch = createRoundBatch(dataset, round.roster, round.settings.maxSteps);
    for (let step = 0; step < stepsStored && batch.running > 0; step++) stepLearnerBatch(batch);
    const order = new Int32Array(round.roster.length);
    const ranks = new Int32Array(round.roster.length);
    rankRuns(batch, order, ranks);
    const runs = storedRuns({ roster: round.roster, batch, ranks }, (run) => series[run]!);
    await rounds.finishRound(round.id, runs, "interrupted", now);
  }
  return unfinished.length;
}
