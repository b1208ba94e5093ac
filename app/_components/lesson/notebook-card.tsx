"use client";
// The lesson's notebook cells (forward, mse_loss, gradient, backward, the loss again) for one step
// of one run, with the lesson's formulas beside the values. The values are re-computed here with
// lib/gd (deterministic, so they are the server's numbers) and printed as Python and numpy print
// them, so lr = 1 at step 0 reads exactly like the lesson: prediction: [43.05] … loss: 1026548766283.6302.
// A momentum or Adam run is re-run with its own optimiser and shows its state cells (notebook-cells.ts).
import { useId, useMemo, useState } from "react";
import { roundDataset, type DatasetSource } from "../../../lib/datasets/dataset-copy";
import { notebookStep, printNotebookStep } from "../../../lib/gd";
import { useI18n } from "../i18n-provider";
import type { RunOptimizer } from "./lesson-figures";
import { notebookCells, notebookInputs } from "./notebook-cells";

// Wrapped rather than scrolled: a wide numpy array must neither widen a phone's page nor need a
// scrollable box (which keyboard users would have to reach). The text itself stays numpy's.
const PRE = "whitespace-pre-wrap [overflow-wrap:anywhere] rounded bg-slate-950 p-2 font-mono";

export function NotebookCard(props: {
  /** The round's settings and, for an instructor's dataset, the round's copy of it. */
  settings: DatasetSource;
  lr: number;
  /** The run's optimiser (absent: plain descent). */
  choice?: RunOptimizer;
  /** Updates the run has taken so far: the slider offers the steps k → k + 1 for k < steps. */
  steps: number;
  heading?: string;
  /** Id of a heading naming the round, for a page with several rounds (landmark names must differ). */
  context?: string;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const sliderId = useId();
  const { settings, lr, steps } = props;
  const { dataset: datasetId, standardized, datasetCopy } = settings;
  const dataset = useMemo(
    () => roundDataset({ dataset: datasetId, standardized, datasetCopy }),
    [datasetId, standardized, datasetCopy],
  );
  const optimizer = props.choice?.optimizer ?? "gd";
  const beta = optimizer === "momentum" ? (props.choice?.momentum ?? undefined) : undefined;
  const [chosen, setChosen] = useState(0);
  const last = Math.max(0, steps - 1);
  const step = Math.min(chosen, last);
  const cells = useMemo(() => {
    if (steps < 1) return null;
    try {
      const choice = beta === undefined ? { optimizer } : { optimizer, momentum: beta };
      const values = notebookStep(dataset, lr, step, choice);
      return { values, printed: printNotebookStep(dataset, values) };
    } catch {
      return null; // a run that stopped earlier than the caller thought: nothing to show for this step
    }
  }, [dataset, lr, step, steps, optimizer, beta]);

  const single = dataset.n === 1;
  const list = cells ? notebookCells(cells.printed, cells.values, t) : [];

  return (
    <section
      aria-labelledby={props.context ? `${headingId} ${props.context}` : headingId}
      className="space-y-3 rounded-xl border border-slate-700 bg-slate-900 p-4"
      data-testid="notebook"
    >
      <h2 id={headingId} className="text-lg font-bold">
        {props.heading ?? t("notebook.heading")}
      </h2>
      <p className="text-sm text-slate-300">{t("notebook.intro")}</p>
      {steps < 1 ? (
        <p className="text-slate-300">{t("notebook.waiting")}</p>
      ) : (
        <>
          <label htmlFor={sliderId} className="block font-medium" data-testid="notebook-step">
            {t("notebook.step", { step, next: step + 1 })}
          </label>
          <input
            id={sliderId}
            type="range"
            min={0}
            max={last}
            value={step}
            disabled={last === 0}
            aria-label={t("notebook.slider")}
            aria-valuetext={t("notebook.step", { step, next: step + 1 })}
            onChange={(e) => setChosen(Number(e.target.value))}
            className="h-11 w-full accent-amber-400 disabled:opacity-50"
            data-testid="notebook-slider"
          />
          {cells && (
            <div className="space-y-1 text-sm">
              <p className="text-slate-400">{t("notebook.inputs", { step })}</p>
              <pre className={`${PRE} text-slate-300`}>{notebookInputs(cells.printed, lr, single).join("\n")}</pre>
            </div>
          )}
          <ol className="space-y-3">
            {list.map((cell) => (
              <li key={cell.title} className="rounded-lg border border-slate-700 p-2">
                <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <h3 className="font-semibold text-slate-200">{cell.title}</h3>
                  <span className="font-mono text-sm text-amber-200">{cell.formula}</span>
                </div>
                {cell.lines.map((line) => (
                  <div key={line.text} className="mt-1">
                    <pre
                      className={`${PRE} text-sm text-slate-50`}
                      data-testid={line.out ? "notebook-line" : undefined}
                    >
                      {line.text}
                    </pre>
                    {line.shape && <p className="font-mono text-xs text-slate-400">{line.shape}</p>}
                  </div>
                ))}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
