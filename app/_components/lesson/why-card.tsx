"use client";
// "Why did my run do that, and what should I try?" for one rate (lib/gd's explainRate): the factor
// the error is multiplied by each step and what it does, the error's first steps, the rate against
// the stable bound and the best single step, the verdict and a concrete rate for the next round.
import { useId, useMemo } from "react";
import { roundDataset, type DatasetSource } from "../../../lib/datasets/dataset-copy";
import { explainOptimizer, explainRate, lossModes, predictions } from "../../../lib/gd";
import type { RoundSettings } from "../../../lib/protocol";
import { useI18n } from "../i18n-provider";
import { errorAfterSteps, formatError, formatFactorShort, formatRate4, type RunOptimizer } from "./lesson-figures";
import { NowrapText } from "./nowrap-text";
import { OwnRateStrip } from "./own-rate-strip";
import { WhyOptimizer } from "./why-optimizer";

const ERROR_ROWS = 4;
const GOOD = new Set(["good", "best", "oscillates"]);

export function WhyCard(props: {
  /** The round's settings and, for an instructor's dataset, the round's copy of it. */
  settings: Pick<RoundSettings, "maxSteps"> & DatasetSource;
  lr: number;
  /** The run's optimiser (absent or plain descent: the lesson's own answer only). */
  choice?: RunOptimizer;
  /** Updates the run has taken so far (the error table shows no step beyond them). */
  steps: number;
  heading?: string;
  /** Id of a heading naming the round, for a page with several rounds (landmark names must differ). */
  context?: string;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const { settings, lr, steps } = props;
  // The settings object is new on every room:state: only these fields change the answer.
  const { dataset: datasetId, standardized, datasetCopy, maxSteps } = settings;
  const optimizer = props.choice?.optimizer ?? "gd";
  const beta = props.choice?.momentum ?? null;
  const { why, start, single, other } = useMemo(() => {
    const dataset = roundDataset({ dataset: datasetId, standardized, datasetCopy });
    const modes = lossModes(dataset);
    // One sample: the error is y − p itself; several: the offset along the stiffest direction.
    const start =
      dataset.n === 1
        ? dataset.labels[0]! - predictions(dataset, dataset.initialWeights, dataset.initialBias)[0]!
        : modes.initialOffsets[modes.stiffest]!;
    // Momentum and Adam: their own answer first; plain descent's at the same rate below it, to compare.
    const choice = optimizer === "momentum" && beta !== null ? { optimizer, momentum: beta } : { optimizer };
    const other = optimizer === "gd" ? null : explainOptimizer(dataset, lr, choice, { maxSteps });
    return { why: explainRate(dataset, lr, { maxSteps }), start, single: dataset.n === 1, other };
  }, [datasetId, standardized, datasetCopy, maxSteps, lr, optimizer, beta]);
  const errors = errorAfterSteps(start, why.factor, Math.min(ERROR_ROWS - 1, Math.max(0, steps)));
  const size = formatFactorShort(Math.abs(why.factor));
  const ratio =
    why.boundRatio >= 10 ? String(Math.round(why.boundRatio)) : String(Number(why.boundRatio.toPrecision(2)));
  const good = GOOD.has(why.verdict);
  const suggestion = formatRate4(why.suggestion);
  const next =
    why.suggestionStop?.status === "converged" ? (
      <NowrapText k="why.suggest" values={{ lr: suggestion, steps: why.suggestionStop.step }} />
    ) : (
      <NowrapText k="why.suggestPlain" values={{ lr: suggestion }} />
    );

  return (
    <section
      aria-labelledby={props.context ? `${headingId} ${props.context}` : headingId}
      className="space-y-3 rounded-xl border border-slate-700 bg-slate-900 p-4"
      data-testid="why-card"
      data-verdict={other ? other.outcome : why.verdict}
    >
      <h2 id={headingId} className="text-lg font-bold">
        {props.heading ?? t("why.heading")}
      </h2>
      {other && (
        <>
          <p
            className={`text-lg font-semibold ${other.outcome === "diverged" ? "text-orange-300" : "text-emerald-300"}`}
            data-testid="why-verdict"
          >
            {other.outcome === "diverged" ? "✕ " : "✓ "}
            {t(`why.opt.verdict.${other.outcome}`, { steps: other.stopStep })}
          </p>
          <WhyOptimizer why={other} single={single} />
          <h3 className="border-t border-slate-700 pt-2 font-semibold text-slate-300">{t("why.compare")}</h3>
        </>
      )}
      <p
        className={`${other ? "" : "text-lg "}font-semibold ${good ? "text-emerald-300" : "text-orange-300"}`}
        data-testid={other ? "why-verdict-gd" : "why-verdict"}
      >
        {good ? "✓ " : "✕ "}
        {t(`why.verdict.${why.verdict}`, { ratio, steps: settings.maxSteps })}
      </p>
      <p data-testid="why-factor">
        {single ? (
          <NowrapText
            k="why.factor"
            values={{ formula: "f = 1 − 2·lr·(|x|² + 1)", factor: formatFactorShort(why.factor) }}
          />
        ) : (
          <>
            <NowrapText
              k="why.factorMulti"
              values={{ formula: "f = 1 − lr·λmax", factor: formatFactorShort(why.factor) }}
            />{" "}
            <NowrapText
              k="why.factorMultiFlat"
              values={{ formula: "1 − lr·λmin", flat: formatFactorShort(why.flatFactor) }}
            />
          </>
        )}
      </p>
      <p>{t(`why.behaviour.${why.behaviour}`, { size })}</p>
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left font-semibold text-slate-300">
          {t(single ? "why.errorCaption" : "why.errorCaptionMulti")}
        </caption>
        <thead className="text-slate-400">
          <tr>
            <th scope="col" className="py-0.5 pr-3 font-normal">
              {t("why.afterStep")}
            </th>
            <th scope="col" className="py-0.5 font-normal">
              {t("why.error")}
            </th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {errors.map((e, k) => (
            <tr key={k} className="border-t border-slate-800">
              <td className="py-0.5 pr-3">{k}</td>
              <td className="py-0.5">{formatError(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <OwnRateStrip lr={lr} bound={why.stableBound} best={why.oneStepBest} suggestion={why.suggestion} />
      <p data-testid="why-bound">
        <NowrapText
          k="why.bound"
          values={{
            bound: `lr < ${formatRate4(why.stableBound)}`,
            best: why.oneStepBest === null ? "—" : `lr = ${formatRate4(why.oneStepBest)}`,
          }}
        />
      </p>
      {why.verdict !== "best" && !other && (
        <p className="rounded-md bg-slate-800 p-2 font-semibold" data-testid="why-suggestion">
          {good ? <NowrapText k="why.keep" values={{ lr: suggestion }} /> : next}
        </p>
      )}
      {why.standardizingHelps && <p className="text-amber-200">{t("why.standardize")}</p>}
    </section>
  );
}
