"use client";
// How an optimiser is shown next to a run (leaderboard, results, the phone): a shape and a short
// name (and beta for momentum), so runs are told apart without relying on colour. The same shapes
// mark the optimisers wherever a run is listed.
import type { OptimizerId } from "../../lib/protocol";
import { useI18n } from "./i18n-provider";

export const OPTIMIZER_MARK: Record<OptimizerId, string> = { gd: "●", momentum: "▲", adam: "■" };

export function OptimizerLabel(props: { optimizer: OptimizerId; momentum: number | null; long?: boolean }) {
  const { t } = useI18n();
  const { optimizer, momentum, long = false } = props;
  const name = t(long ? `optimizer.${optimizer}` : `optimizer.short.${optimizer}`);
  return (
    <span data-optimizer={optimizer} className="whitespace-nowrap" title={t(`optimizer.${optimizer}`)}>
      <span aria-hidden>{OPTIMIZER_MARK[optimizer]}</span> {name}
      {optimizer === "momentum" && momentum !== null && ` ${t("optimizer.beta", { beta: momentum })}`}
    </span>
  );
}

/** An optimiser as an option to choose (the host's checkboxes, the phone's radios): shape, name, what it does. */
export function OptimizerChoiceText({ optimizer }: { optimizer: OptimizerId }) {
  const { t } = useI18n();
  return (
    <>
      <span className="font-semibold">
        <span aria-hidden>{OPTIMIZER_MARK[optimizer]}</span> {t(`optimizer.${optimizer}`)}
      </span>
      <span className="col-start-2 text-sm text-slate-300">{t(`optimizer.about.${optimizer}`)}</span>
    </>
  );
}
