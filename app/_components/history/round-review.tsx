"use client";
// A stored round: chart of all runs with a step slider to replay it, results, explanation. All
// from the session's summary (every run's series reduced for the chart, and its results); the
// ranking at the replay step and a run's full series are read when shown (replay-ranking.tsx,
// run-notebook.tsx).
//
// The chart comes first: the landscape, results, explanation and notebook mount once the chart's
// first canvas is on the page (or after REST_FALLBACK_MS, should it never draw). Mounted with it,
// their rendering, layout and the landscape's re-run of the class held the chart back by seconds
// on a slow laptop (1,000 runs, CPU slowed 4x: first chart 5.6 -> 2.0 s, scripts/bench-review.ts).
import { useCallback, useEffect, useMemo, useState } from "react";
import type { RoundSummary } from "../../../lib/api-types";
import { hasRoundDataset } from "../../../lib/datasets/dataset-copy";
import { decodeSummarySeries } from "../../../lib/series/summary-series";
import { datasetLabel } from "../../_lib/dataset-label";
import { LazyLossChart } from "../chart/lazy-loss-chart";
import { indexAtStep, storeFromSummary } from "../chart/review-store";
import { Explanation } from "../explain/explanation";
import { useI18n } from "../i18n-provider";
import { LazyClassLandscape, LazyRunNotebook } from "../lesson/lazy-class-landscape";
import { ResultsTable } from "../results-table";
import { resultsFromRuns } from "../host/round-history";
import { ReplayRanking } from "./replay-ranking";

/** Results rows shown before "show all": a class's top, and a page that lays out quickly. */
const RESULTS_SHOWN = 50;
/** A chart that cannot draw (no 2D canvas) does not keep the rest of the round away for longer. */
const REST_FALLBACK_MS = 5000;

export function RoundReview({ sessionId, share, round }: { sessionId: string; share: string; round: RoundSummary }) {
  const { t } = useI18n();
  const where = useMemo(() => ({ id: sessionId, share, round: round.number }), [sessionId, share, round.number]);
  const store = useMemo(
    () =>
      storeFromSummary(
        `${sessionId}:${round.number}`,
        round.runs.map((run) => ({ ...run, reduced: decodeSummarySeries(run.series) })),
        round.columns,
        round.span,
      ),
    [sessionId, round],
  );
  const maxStep = Math.max(0, round.lastStep);
  const [step, setStep] = useState(maxStep);
  const results = useMemo(() => resultsFromRuns(round.runs), [round]);
  const rates = useMemo(() => round.runs.map((r) => r.learningRate), [round]);
  // The round's own copy of an instructor's dataset (what it trained on), whatever became of the
  // dataset since; a copy this version cannot read leaves the curves and results, not the lesson.
  const trainable = useMemo(() => hasRoundDataset(round), [round]);
  // The rest of the round is due once the chart has drawn (or after REST_FALLBACK_MS anyway).
  const [restDue, setRestDue] = useState(false);
  const showRest = useCallback(() => setRestDue(true), []);
  // A round in play with no step stored yet has no chart to wait for.
  const restShown = restDue || store.xs.length === 0;
  useEffect(() => {
    const timer = setTimeout(showRest, REST_FALLBACK_MS);
    return () => clearTimeout(timer);
  }, [showRest]);

  return (
    <section aria-labelledby={`round-${round.number}`} className="space-y-4 rounded-xl border border-slate-700 p-4">
      <h2 id={`round-${round.number}`} className="text-2xl font-bold">
        {t("common.round", { n: round.number })}{" "}
        <span className="text-base font-normal text-slate-300">
          {datasetLabel(t, round)} · {t(round.standardized ? "features.standardized" : "features.raw")} ·{" "}
          {round.maxSteps} / {round.stepsPerSecond}
        </span>
      </h2>
      {round.runs.length > 0 && (
        <>
          <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
            <div className="min-w-0 space-y-2">
              <div className="rounded-xl bg-slate-900 p-2">
                <LazyLossChart
                  store={store}
                  label={t("host.chartLabel")}
                  stepLabel={t("common.step")}
                  height={360}
                  onFirstFrame={showRest}
                  complete
                />
              </div>
              <label className="block">
                <span className="mb-1 block font-medium" data-testid="replay-step">
                  {t("history.replay", { step, max: maxStep })}
                </span>
                <input
                  type="range"
                  min={0}
                  max={maxStep}
                  value={step}
                  aria-label={t("history.replayLabel")}
                  aria-valuetext={t("history.replay", { step, max: maxStep })}
                  onChange={(e) => {
                    const next = Number(e.target.value);
                    setStep(next);
                    // The store's limit is an index of its axis: the last of its steps up to this one.
                    store.setLimit(next >= maxStep ? null : Math.max(0, indexAtStep(store.xs, next)));
                  }}
                  className="h-11 w-full accent-amber-400"
                  data-testid="replay-slider"
                />
              </label>
            </div>
            {/* A round in play with no step stored yet has no ranking to ask for. */}
            {round.lastStep >= 0 && (
              <ReplayRanking where={where} runs={round.runs} step={step} context={`round-${round.number}`} />
            )}
          </div>
          {/* Follows the replay slider through the store's limit, like the chart. It reads each run's
              loss at the replay step from the chart's reduced series (a value on the run's drawn line,
              at the chart's step nearest below the slider's), which the page already holds: a point on
              a canvas needs no more precision, and the exact ranking (every run's loss at step k) would
              be a request per slider move of a whole class's results. */}
          {!restShown && <div className="h-96 w-full animate-pulse rounded-xl bg-slate-800" aria-hidden="true" />}
          {restShown && trainable && (
            <LazyClassLandscape
              store={store}
              rates={rates}
              choices={round.runs}
              settings={round}
              context={`round-${round.number}`}
            />
          )}
          {restShown && (
            <div className="grid gap-4 xl:grid-cols-2">
              <ResultsTable results={results} caption={t("host.results")} limit={RESULTS_SHOWN} />
              {trainable && (
                <Explanation settings={round} rates={rates} choices={round.runs} context={`round-${round.number}`} />
              )}
            </div>
          )}
          {restShown && trainable && <LazyRunNotebook round={round} where={where} context={`round-${round.number}`} />}
        </>
      )}
    </section>
  );
}
