"use client";
// The lesson's answer on a phone, live while the round runs and after it: why the run did what it
// did, its path on the landscape, and the notebook with its own numbers. The run is re-run here
// (lib/gd is deterministic, so these are the server's numbers; ~20 µs per 1,000 lesson steps), so
// nothing but the learning rate and the round's settings is needed (with, for an instructor's own
// dataset, the round's copy of it, sent once per round). Loaded after joining.
import { useId, useMemo } from "react";
import {
  batchPredictions,
  createLearnerBatch,
  learnerParameters,
  parabolaLandscape,
  projectParameters,
  stepLearnerBatch,
  valleyPlane,
} from "../../../lib/gd";
import { hasRoundDataset, roundDataset, type DatasetSource } from "../../../lib/datasets/dataset-copy";
import type { OptimizerChoice } from "../../../lib/gd";
import type { RoundSettings } from "../../../lib/protocol";
import { useI18n } from "../i18n-provider";
import { NotebookCard } from "./notebook-card";
import type { RunOptimizer } from "./lesson-figures";
import { OwnLandscape, type OwnLandscapeData } from "./own-landscape";
import { WhyCard } from "./why-card";

/**
 * The whole run with its own optimiser: its losses per step and its place per step (one sample:
 * the prediction, several: the point on the valley plane).
 */
function rerun(settings: Pick<RoundSettings, "maxSteps"> & DatasetSource, lr: number, choice: RunOptimizer) {
  const dataset = roundDataset(settings);
  const optimizer: OptimizerChoice =
    choice.optimizer === "momentum" && choice.momentum !== null
      ? { optimizer: "momentum", momentum: choice.momentum }
      : { optimizer: choice.optimizer };
  const batch = createLearnerBatch(dataset, [lr], { maxSteps: settings.maxSteps, optimizers: [optimizer] });
  const losses = [batch.losses[0]!];
  const predicted = new Float64Array(1);
  const predictionNow = () => (batchPredictions(batch, predicted), predicted[0]!);
  const predictionsPerStep = dataset.n === 1 ? [predictionNow()] : [];
  const plane = dataset.n === 1 ? null : valleyPlane(dataset, { gridSize: 2 });
  const at = () => {
    const { weights, bias } = learnerParameters(batch, 0);
    return projectParameters(plane!, weights, bias);
  };
  const path = plane ? [at()] : [];
  while (batch.running > 0) {
    stepLearnerBatch(batch);
    if (batch.stepsTaken[0] !== batch.step) break; // blew up to a non-finite loss: nothing more to show
    losses.push(batch.losses[0]!);
    if (plane) path.push(at());
    else predictionsPerStep.push(predictionNow());
  }
  const landscape: OwnLandscapeData = plane
    ? { kind: "valley", plane, path }
    : { kind: "parabola", land: parabolaLandscape(dataset), predictions: predictionsPerStep, losses };
  return { steps: losses.length - 1, landscape };
}

export default function StudentLesson(props: {
  /** The round's settings and, for an instructor's dataset, the round's copy of it. */
  settings: RoundSettings & Pick<DatasetSource, "datasetCopy">;
  lr: number;
  /** The run's optimiser (absent: plain descent). */
  choice?: RunOptimizer;
  /** Steps the round has played so far (Infinity once it is over). */
  played: number;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const { settings, lr } = props;
  // The settings object is replaced on every room:state; only these fields change the run.
  const { dataset, standardized, maxSteps, datasetCopy } = settings;
  const optimizer = props.choice?.optimizer ?? "gd";
  const momentum = optimizer === "momentum" ? (props.choice?.momentum ?? null) : null;
  // Nothing to show until the copy of an instructor's dataset has come (once per round).
  const run = useMemo(() => {
    const source = { dataset, standardized, maxSteps, datasetCopy };
    return hasRoundDataset(source) ? rerun(source, lr, { optimizer, momentum }) : null;
  }, [dataset, standardized, maxSteps, datasetCopy, lr, optimizer, momentum]);
  if (!run) return null;
  const steps = Math.max(0, Math.min(run.steps, props.played));
  return (
    <div className="space-y-4" data-testid="student-lesson">
      <WhyCard settings={settings} lr={lr} choice={{ optimizer, momentum }} steps={steps} />
      <section aria-labelledby={headingId} className="space-y-2 rounded-xl border border-slate-700 bg-slate-900 p-4">
        <h2 id={headingId} className="text-lg font-bold">
          {t("landscape.own")}
        </h2>
        <OwnLandscape landscape={run.landscape} shown={steps} />
      </section>
      <NotebookCard settings={settings} lr={lr} choice={{ optimizer, momentum }} steps={steps} />
    </div>
  );
}
