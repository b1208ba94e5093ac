"use client";
// The lesson's answer on a phone, live while the round runs and after it: why the run did what it
// did, its path on the landscape, and the notebook with its own numbers. The run is re-run here
// (lib/gd is deterministic, so these are the server's numbers; ~20 µs per 1,000 lesson steps), so
// nothing but the learning rate and the round's settings is needed. Loaded after joining.
import { useId, useMemo } from "react";
import {
  createLearnerBatch,
  getDataset,
  learnerParameters,
  parabolaLandscape,
  projectParameters,
  stepLearnerBatch,
  valleyPlane,
} from "../../../lib/gd";
import type { RoundSettings } from "../../../lib/protocol";
import { useI18n } from "../i18n-provider";
import { NotebookCard } from "./notebook-card";
import { OwnLandscape, type OwnLandscapeData } from "./own-landscape";
import { WhyCard } from "./why-card";

/** The whole run: its losses per step and, for several samples, its point on the valley plane per step. */
function rerun(settings: Pick<RoundSettings, "dataset" | "standardized" | "maxSteps">, lr: number) {
  const dataset = getDataset(settings.dataset, { standardized: settings.standardized });
  const batch = createLearnerBatch(dataset, [lr], { maxSteps: settings.maxSteps });
  const losses = [batch.losses[0]!];
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
  }
  const landscape: OwnLandscapeData = plane
    ? { kind: "valley", plane, path }
    : { kind: "parabola", land: parabolaLandscape(dataset), lr, losses };
  return { steps: losses.length - 1, landscape };
}

export default function StudentLesson(props: {
  settings: RoundSettings;
  lr: number;
  /** Steps the round has played so far (Infinity once it is over). */
  played: number;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const { settings, lr } = props;
  // The settings object is replaced on every room:state; only these fields change the run.
  const { dataset, standardized, maxSteps } = settings;
  const run = useMemo(() => rerun({ dataset, standardized, maxSteps }, lr), [dataset, standardized, maxSteps, lr]);
  const steps = Math.max(0, Math.min(run.steps, props.played));
  return (
    <div className="space-y-4" data-testid="student-lesson">
      <WhyCard settings={settings} lr={lr} steps={steps} />
      <section aria-labelledby={headingId} className="space-y-2 rounded-xl border border-slate-700 bg-slate-900 p-4">
        <h2 id={headingId} className="text-lg font-bold">
          {t("landscape.own")}
        </h2>
        <OwnLandscape landscape={run.landscape} shown={steps} />
      </section>
      <NotebookCard settings={settings} lr={lr} steps={steps} />
    </div>
  );
}
