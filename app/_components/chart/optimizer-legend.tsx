"use client";
// Which line is which optimiser, shown over the chart's top right when a round mixes them: a
// sample of each line as curve-painter.ts strokes it (thin, thick, hollow) and its name.
import { OPTIMIZER_IDS } from "../../../lib/gd";
import { useI18n } from "../i18n-provider";
import { CHART_BACKGROUND, OPTIMIZER_LINES } from "./curve-painter";
import { curveColor } from "./palette";

export function OptimizerLegend({ optimizers }: { optimizers: ArrayLike<number> }) {
  const { t } = useI18n();
  const present = OPTIMIZER_IDS.filter((_, code) => Array.prototype.includes.call(optimizers, code));
  return (
    <ul
      className="pointer-events-none absolute top-1 right-2 space-y-0.5 rounded bg-slate-900/90 px-2 py-1 text-sm"
      aria-label={t("chart.optimizerLegend")}
      data-testid="chart-legend"
    >
      {present.map((id) => {
        const line = OPTIMIZER_LINES[OPTIMIZER_IDS.indexOf(id)]!;
        return (
          <li key={id} className="flex items-center gap-2" data-optimizer={id}>
            <svg width="28" height="10" aria-hidden>
              <line x1="1" x2="27" y1="5" y2="5" stroke={curveColor(1)} strokeWidth={line.width} />
              {line.inner && <line x1="1" x2="27" y1="5" y2="5" stroke={CHART_BACKGROUND} strokeWidth={line.inner} />}
            </svg>
            {t(`optimizer.${id}`)}
          </li>
        );
      })}
    </ul>
  );
}
