"use client";
// After a round: the lesson's answer to "why did the loss explode?", computed from the round's
// dataset with lib/gd (no server round-trip): the per-step error factor of each class rate, the
// largest stable rate with the class plotted against it, and what standardising changes.
import { useId } from "react";
import { roundDataset, type DatasetSource } from "../../../lib/datasets/dataset-copy";
import {
  adamFirstStep,
  errorFactor,
  maxStableLearningRate,
  momentumStableBound,
  oneStepOptimalLearningRate,
  type OptimizerId,
} from "../../../lib/gd";
import { formatFactor, formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { OptimizerLabel } from "../optimizer-label";
import { explainRows, type ExplainRow } from "./explain-rows";
import { RateStrip } from "./rate-strip";

const MAX_ROWS = 12;
const sig = (v: number) => formatRate(Number(v.toPrecision(4)));

/** Plain descent's signed factor; momentum's root size |z|; nothing for Adam. */
function factorText(row: ExplainRow): string {
  if (row.factor === null) return "—";
  return row.optimizer === "momentum" ? `|z| ${formatFactor(row.factor)}` : formatFactor(row.factor);
}

export function Explanation({
  settings,
  rates,
  choices,
  context,
}: {
  /** The round's settings and, for an instructor's dataset, the round's copy of it. */
  settings: DatasetSource;
  rates: number[];
  /** Each run's optimiser, in the order of `rates` (absent: all plain descent). */
  choices?: readonly { optimizer: OptimizerId; momentum: number | null }[];
  /** Id of a heading naming the round, for a page with several explanations (landmark names must differ). */
  context?: string;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const dataset = roundDataset(settings);
  const bound = maxStableLearningRate(dataset);
  const best = oneStepOptimalLearningRate(dataset);
  const single = dataset.n === 1;
  // Along the stiffest direction the factor is 1 - lr * lambda_max = 1 - 2 lr / bound; for one
  // sample that is exactly errorFactor's 1 - 2 lr (|x|^2 + 1).
  const factor = (lr: number) => errorFactor(dataset, lr) ?? 1 - (2 * lr) / bound;
  const shown = explainRows(rates, choices, factor, 2 / bound, MAX_ROWS);
  const mixed = shown.some((row) => row.optimizer !== "gd");
  const betas = [...new Set(shown.flatMap((row) => (row.momentum === null ? [] : [row.momentum])))];
  const adamRate = shown.find((row) => row.optimizer === "adam")?.lr;
  const rawData = roundDataset(settings, { standardized: false });
  const raw = maxStableLearningRate(rawData);
  // This data's own example of a big raw value (58 in the lesson): its largest feature in size.
  const big = rawData.features.reduce((most, x) => Math.max(most, Math.abs(x)), 0);
  const std = maxStableLearningRate(roundDataset(settings, { standardized: true }));

  return (
    <section
      aria-labelledby={context ? `${headingId} ${context}` : headingId}
      className="space-y-4 rounded-xl border border-slate-700 bg-slate-900 p-4"
      data-testid="explanation"
    >
      <h2 id={headingId} className="text-2xl font-bold">
        {t("explain.heading")}
      </h2>
      <p className="text-lg">
        {single
          ? t("explain.factorIntro", { norm: sig(1 / bound) })
          : t("explain.factorIntroMulti", { lambda: sig(2 / bound) })}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left">
          <thead className="text-slate-300">
            <tr>
              {mixed && (
                <th scope="col" className="py-1 pr-4">
                  {t("explain.optimizerCol")}
                </th>
              )}
              <th scope="col" className="py-1 pr-4">
                {t("common.learningRate")}
              </th>
              <th scope="col" className="py-1 pr-4">
                {t("explain.factorCol")}
              </th>
              <th scope="col" className="py-1">
                {t("explain.verdictCol")}
              </th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {shown.map((row) => {
              const grows = row.meaning === "grows";
              const size = row.factor === null ? "" : formatFactor(Math.abs(row.factor));
              const meaning = t(`explain.${row.meaning}`, { factor: size });
              return (
                <tr key={row.key} className="border-t border-slate-700" data-optimizer={row.optimizer}>
                  {mixed && (
                    <td className="py-1 pr-4 font-sans">
                      <OptimizerLabel optimizer={row.optimizer} momentum={row.momentum} />
                    </td>
                  )}
                  <td className="py-1 pr-4">{formatRate(row.lr)}</td>
                  <td className="py-1 pr-4">{factorText(row)}</td>
                  <td className={`py-1 font-sans ${grows ? "text-orange-300" : "text-emerald-300"}`}>
                    {`${grows ? "✕" : "✓"} ${meaning}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3 className="text-xl font-bold">{t("explain.boundHeading")}</h3>
      <p className="text-lg">{t("explain.bound", { bound: sig(bound), best: best === null ? "—" : sig(best) })}</p>
      {betas.map((beta) => (
        <p key={beta} className="text-lg" data-testid="explain-momentum">
          {t("explain.momentumBound", { beta, bound: sig(momentumStableBound(dataset, beta)) })}
        </p>
      ))}
      {adamRate !== undefined && (
        <p className="text-lg" data-testid="explain-adam">
          {t("explain.adamStep", {
            lr: formatRate(adamRate),
            gd: sig(adamFirstStep(dataset, adamRate).gdMax),
          })}
        </p>
      )}
      {/* Plain descent's bound: the strip shows the runs it applies to (momentum's and Adam's are above). */}
      <RateStrip
        rates={mixed ? rates.filter((_, i) => (choices?.[i]?.optimizer ?? "gd") === "gd") : rates}
        bound={bound}
        best={best}
      />
      <h3 className="text-xl font-bold">{t("explain.scalingHeading")}</h3>
      <p className="text-lg">
        {t("explain.scaling", { raw: sig(raw), std: sig(std), big: String(Number(big.toPrecision(4))) })}
      </p>
    </section>
  );
}
