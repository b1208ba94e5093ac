"use client";
// Which optimisers students may use in the next round (host:newRound { optimizers }). At least one
// stays ticked: the last one cannot be unticked.
import { OPTIMIZER_IDS, type OptimizerId } from "../../../lib/protocol";
import { useI18n } from "../i18n-provider";
import { OptimizerChoiceText } from "../optimizer-label";

export function OptimizerChoiceFields(props: {
  value: readonly OptimizerId[];
  onChange: (optimizers: OptimizerId[]) => void;
}) {
  const { t } = useI18n();
  const { value, onChange } = props;
  const toggle = (id: OptimizerId, on: boolean) =>
    onChange(OPTIMIZER_IDS.filter((other) => (other === id ? on : value.includes(other))));
  return (
    <fieldset data-testid="optimizer-choice">
      <legend className="mb-1 font-medium">{t("host.optimizers")}</legend>
      <p className="mb-2 text-sm text-slate-300">{t("host.optimizersHint")}</p>
      <div className="grid gap-1 sm:grid-cols-3">
        {OPTIMIZER_IDS.map((id) => {
          const checked = value.includes(id);
          return (
            <label
              key={id}
              className="grid min-h-11 grid-cols-[auto_1fr] items-start gap-x-2 rounded-md border border-slate-600 p-2"
            >
              <input
                type="checkbox"
                value={id}
                checked={checked}
                disabled={checked && value.length === 1}
                onChange={(e) => toggle(id, e.target.checked)}
                className="mt-1 size-5"
              />
              <OptimizerChoiceText optimizer={id} />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
