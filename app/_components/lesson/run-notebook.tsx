"use client";
// A stored round's runs, one at a time: pick a run and see its notebook and its "why" card, the
// same views as on the student's phone (re-computed from its learning rate, not stored). The
// run's full stored series is read when it is chosen (GET .../rounds/:n/runs/:participantId),
// not with the page: the page's summary has every run's series reduced, this one run's whole.
import { useId, useState } from "react";
import type { RoundSummary, RunSeriesRange } from "../../../lib/api-types";
import { formatLoss, formatRate } from "../../_lib/format";
import { fetchRunSeries } from "../history/review-fetch";
import { useLatestAnswer } from "../history/use-latest-answer";
import { useI18n } from "../i18n-provider";
import { NotebookCard } from "./notebook-card";
import { WhyCard } from "./why-card";

export function RunNotebook(props: {
  round: RoundSummary;
  where: { id: string; share: string; round: number };
  context?: string;
}) {
  const { round, where, context } = props;
  const { t } = useI18n();
  const selectId = useId();
  const [index, setIndex] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const run = round.runs[index] ?? round.runs[0];
  const participantId = run?.participantId ?? "";
  const series = useLatestAnswer<RunSeriesRange>(
    `${where.id}:${where.round}:${participantId}:${attempt}`,
    (signal) => fetchRunSeries(where, participantId, signal),
    0,
  );
  if (!run) return null;
  // The answer shown is this run's (a slower answer for the run chosen before is never shown).
  const loaded = !series.loading && !series.failed && series.value?.participantId === run.participantId;
  const losses = loaded ? series.value!.losses : null;
  const steps = losses ? Math.max(0, losses.length - 1) : 0;
  return (
    <div className="space-y-3" data-testid="run-notebook">
      <label htmlFor={selectId} className="block font-medium">
        {t("notebook.pick")}
      </label>
      <select
        id={selectId}
        value={index}
        onChange={(e) => setIndex(Number(e.target.value))}
        className="min-h-11 w-full rounded-md border border-slate-500 bg-slate-900 px-2"
        data-testid="run-notebook-select"
      >
        {round.runs.map((r, i) => (
          <option key={r.participantId} value={i}>
            {`${r.nickname} (lr ${formatRate(r.learningRate)})`}
          </option>
        ))}
      </select>
      {series.failed ? (
        <div role="alert" className="rounded-md border border-oi-vermillion p-2 text-orange-200">
          {t("history.seriesFailed")}{" "}
          <button type="button" className="min-h-11 underline" onClick={() => setAttempt((n) => n + 1)}>
            {t("common.retry")}
          </button>
        </div>
      ) : (
        <p role="status" className="text-sm text-slate-300" data-testid="run-series">
          {losses
            ? t("history.seriesStored", { count: losses.length, loss: formatLoss(losses.at(-1) ?? NaN) })
            : t("history.seriesLoading")}
        </p>
      )}
      {losses && (
        <div className="grid gap-4 xl:grid-cols-2">
          {/* Keyed by run: the step slider starts again at step 0 for another run. */}
          <NotebookCard
            key={`nb-${index}`}
            settings={round}
            lr={run.learningRate}
            choice={run}
            steps={steps}
            context={context}
            heading={t("notebook.headingRun", { name: run.nickname, lr: formatRate(run.learningRate) })}
          />
          <WhyCard
            settings={round}
            lr={run.learningRate}
            choice={run}
            steps={steps}
            heading={t("why.headingRun")}
            context={context}
          />
        </div>
      )}
    </div>
  );
}
