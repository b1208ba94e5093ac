"use client";
// "Why did my run do that, and what should I try?" for one rate (lib/gd's explainRate): the factor
// the error is multiplied by each step and what it does, the error's first steps, the rate against
// the stable bound and the best single step, the verdict and a concrete rate for the next round.
import { useId, useMemo } from "react";
import { explainRate, getDataset, lossModes, predictions } from "../../../lib/gd";
import type { RoundSettings } from "../../../lib/protocol";
import { useI18n } from "../i18n-provider";
import { errorAfterSteps, formatError, formatFactorShort, formatRate4 } from "./lesson-figures";
import { NowrapText } from "./nowrap-text";
import { OwnRateStrip } from "./own-rate-strip";

const ERROR_ROWS = 4;
const GOOD = new Set(["good", "best", "oscillates"]);

export function WhyCard(props: {
  settings: Pick<RoundSettings, "dataset" | "standardized" | "maxSteps">;
  lr: number;
  /** Updates the run has taken so far (the error table shows no step beyond them). */
  steps: number;
  heading?: string;
  /** Id of a heading naming the round, for a page with several rounds (landmark names must differ). */
  context?: string;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const { settings, lr, steps } = props;
  const { why, start, single } = useMemo(() => {
    const dataset = getDataset(settings.dataset, { standardized: settings.standardized });
    const modes = lossModes(dataset);
    // One sample: the error is y − p itself; several: the offset along the stiffest direction.
    const start =
      dataset.n === 1
        ? dataset.labels[0]! - predictions(dataset, dataset.initialWeights, dataset.initialBias)[0]!
        : modes.initialOffsets[modes.stiffest]!;
    return { why: explainRate(dataset, lr, { maxSteps: settings.maxSteps }), start, single: dataset.n === 1 };
  }, [settings.dataset, settings.standardized, settings.maxSteps, lr]);
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
      data-verdict={why.verdict}
    >
      <h2 id={headingId} className="text-lg font-bold">
        {props.heading ?? t("why.heading")}
      </h2>
      <p className={`text-lg font-semibold ${good ? "text-emerald-300" : "text-orange-300"}`} data-testid="why-verdict">
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
      {why.verdict !== "best" && (
        <p className="rounded-md bg-slate-800 p-2 font-semibold" data-testid="why-suggestion">
          {good ? <NowrapText k="why.keep" values={{ lr: suggestion }} /> : next}
        </p>
      )}
      {why.standardizingHelps && <p className="text-amber-200">{t("why.standardize")}</p>}
    </section>
  );
}
