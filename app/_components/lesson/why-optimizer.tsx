"use client";
// The "why" card's answer for momentum and Adam (lib/gd explainOptimizer), with the class's own
// numbers: momentum's stable region 0 < lr·λmax < 2 + 2β as a bound on the student's own rate, and
// why Adam's step (about lr per parameter) does not blow up where plain descent's (lr·|g|) does.
import type { OptimizerExplanation } from "../../../lib/gd";
import { useI18n } from "../i18n-provider";
import { formatError, formatRate4 } from "./lesson-figures";

const short = (x: number) => String(Number(x.toPrecision(3)));

export function WhyOptimizer({ why, single }: { why: OptimizerExplanation; single: boolean }) {
  const { t } = useI18n();
  if (why.optimizer === "momentum") {
    return (
      <div className="space-y-1" data-testid="why-optimizer" data-optimizer="momentum">
        <p data-testid="why-momentum-bound">
          {t("why.momentum.bound", {
            beta: why.beta,
            limit: short(why.limit),
            bound: `lr < ${formatRate4(why.stableBound)}`,
            gdBound: `lr < ${formatRate4(why.gdBound)}`,
          })}
        </p>
        <p>
          {t("why.momentum.you", { a: short(why.a) })}{" "}
          {t(`why.momentum.regime.${why.regime}`, { radius: short(why.radius) })}
        </p>
      </div>
    );
  }
  const { firstStep, gdBound, gdBoundRatio } = why;
  const gd = formatError(firstStep.gdMax);
  const first = single
    ? t("why.adam.gdSingle", { delta: formatError(firstStep.gd[firstStep.gd.length - 1]!), gd })
    : t("why.adam.gdMulti", { gd });
  const second =
    gdBoundRatio > 1
      ? t("why.adam.gdUnstable", { ratio: Math.round(gdBoundRatio), gdBound: `lr < ${formatRate4(gdBound)}` })
      : t("why.adam.gdStable", { gdBound: `lr < ${formatRate4(gdBound)}` });
  return (
    <div className="space-y-1" data-testid="why-optimizer" data-optimizer="adam">
      <p>{t("why.adam.step", { step: short(firstStep.adamMax) })}</p>
      <p>{t("why.adam.join", { first, second })}</p>
    </div>
  );
}
