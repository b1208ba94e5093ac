"use client";
// A stored round's runs, one at a time: pick a run and see its notebook and its "why" card, the
// same views as on the student's phone (re-computed from its learning rate, not stored).
import { useId, useState } from "react";
import type { RoundRecord } from "../host/round-history";
import { formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { NotebookCard } from "./notebook-card";
import { WhyCard } from "./why-card";

export function RunNotebook({ round, context }: { round: RoundRecord; context?: string }) {
  const { t } = useI18n();
  const selectId = useId();
  const [index, setIndex] = useState(0);
  const run = round.runs[index] ?? round.runs[0];
  if (!run) return null;
  const steps = Math.max(0, run.losses.length - 1);
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
    </div>
  );
}
