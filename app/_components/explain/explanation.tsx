"use client";
// After a round: the lesson's answer to "why did the loss explode?", computed from the round's
// dataset with lib/gd (no server round-trip): the per-step error factor of each class rate, the
// largest stable rate with the class plotted against it, and what standardising changes.
import { useId } from "react";
import { roundDataset, type DatasetSource } from "../../../lib/datasets/dataset-copy";
import { errorFactor, maxStableLearningRate, oneStepOptimalLearningRate } from "../../../lib/gd";
import { formatFactor, formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { RateStrip } from "./rate-strip";

const MAX_ROWS = 12;
const sig = (v: number) => formatRate(Number(v.toPrecision(4)));

export function Explanation({
  settings,
  rates,
  context,
}: {
  /** The round's settings and, for an instructor's dataset, the round's copy of it. */
  settings: DatasetSource;
  rates: number[];
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
  const distinct = [...new Set(rates)].sort((a, b) => a - b);
  const shown =
    distinct.length > MAX_ROWS ? [...distinct.slice(0, MAX_ROWS / 2), ...distinct.slice(-MAX_ROWS / 2)] : distinct;
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
            {shown.map((lr) => {
              const f = factor(lr);
              const grows = Math.abs(f) >= 1;
              return (
                <tr key={lr} className="border-t border-slate-700">
                  <td className="py-1 pr-4">{formatRate(lr)}</td>
                  <td className="py-1 pr-4">{formatFactor(f)}</td>
                  <td className={`py-1 font-sans ${grows ? "text-orange-300" : "text-emerald-300"}`}>
                    {grows
                      ? `✕ ${t("explain.grows", { factor: formatFactor(Math.abs(f)) })}`
                      : `✓ ${t(f < 0 ? "explain.oscillates" : "explain.shrinks")}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3 className="text-xl font-bold">{t("explain.boundHeading")}</h3>
      <p className="text-lg">{t("explain.bound", { bound: sig(bound), best: best === null ? "—" : sig(best) })}</p>
      <RateStrip rates={rates} bound={bound} best={best} />
      <h3 className="text-xl font-bold">{t("explain.scalingHeading")}</h3>
      <p className="text-lg">
        {t("explain.scaling", { raw: sig(raw), std: sig(std), big: String(Number(big.toPrecision(4))) })}
      </p>
    </section>
  );
}
