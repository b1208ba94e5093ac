// One round of the session summary (GET /api/sessions/:id/summary): its head, its results and each
// run's series reduced for a chart within the round's budget (lib/series/summary-series.ts), as
// JSON text ready to send and to keep. Made run by run from the stored series, giving the event
// loop back every few milliseconds: the first summary of a 1,000 x 10,000 round decodes ~80 MB of
// losses, and no live room on this process may wait for that.
import type { RoundSummary, RunSummary } from "../../lib/api-types";
import { encodeSummarySeries, summaryColumns } from "../../lib/series/summary-series";
import type { StoredRunHistory } from "../db/history-repo";
import type { ReviewRound } from "../db/review-repo";

/** Work done between two yields at most, roughly (one run takes well under a millisecond). */
const SLICE_MS = 8;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function runSummary(run: StoredRunHistory, columns: number, span: number): RunSummary {
  const { losses, ...results } = run;
  return {
    rank: results.rank,
    participantId: results.participantId,
    nickname: results.nickname,
    learningRate: results.learningRate,
    optimizer: results.optimizer,
    momentum: results.momentum,
    status: results.status,
    divergedAtStep: results.divergedAtStep,
    finalLoss: results.finalLoss,
    seriesLength: losses.length,
    series: encodeSummarySeries(losses, columns, span),
  };
}

/** The round's summary as JSON text (a RoundSummary). */
export async function roundSummaryJson(round: ReviewRound, runs: AsyncIterable<StoredRunHistory>): Promise<string> {
  let { span, lastStep } = round;
  let source: AsyncIterable<StoredRunHistory> | Iterable<StoredRunHistory> = runs;
  if (round.inPlay) {
    // Read whole from its chunks anyway, and it may have played on since its extent was read.
    const all: StoredRunHistory[] = [];
    for await (const run of runs) all.push(run);
    span = all.reduce((longest, run) => Math.max(longest, run.losses.length), span);
    lastStep = span - 1;
    source = all;
  }
  const columns = summaryColumns(round.runCount, span);
  const texts: string[] = [];
  let sliceStart = performance.now();
  for await (const run of source) {
    texts.push(JSON.stringify(runSummary(run, columns, span)));
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  const head: Omit<RoundSummary, "runs"> = { ...round.head, span, lastStep, columns };
  return `${JSON.stringify(head).slice(0, -1)},"runs":[${texts.join(",")}]}`;
}
