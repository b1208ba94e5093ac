"use client";
// The optimiser part of the phone's form: a choice among those the round allows (shown only when
// there is more than one) and beta for momentum. Controlled by the rate form, which submits both.
import { DEFAULT_MOMENTUM, type OptimizerId } from "../../../lib/protocol";
import { useI18n } from "../i18n-provider";
import { OptimizerChoiceText } from "../optimizer-label";

/** beta typed by the student: a number with 0 <= beta < 1, or null. */
export function parseMomentum(text: string): number | null {
  const value = text.trim() === "" ? Number.NaN : Number(text.trim());
  return value >= 0 && value < 1 ? value : null;
}

export const DEFAULT_MOMENTUM_TEXT = String(DEFAULT_MOMENTUM);

export function OptimizerPicker(props: {
  allowed: readonly OptimizerId[];
  optimizer: OptimizerId;
  momentumText: string;
  onChange: (optimizer: OptimizerId, momentumText: string) => void;
}) {
  const { t } = useI18n();
  const { allowed, optimizer, momentumText, onChange } = props;
  const betaInvalid = optimizer === "momentum" && parseMomentum(momentumText) === null;
  if (allowed.length === 1 && allowed[0] === "gd") return null; // the lesson as it always was
  return (
    <div className="space-y-3">
      {allowed.length === 1 ? (
        <p data-testid="only-optimizer">{t("join.onlyOptimizer", { name: t(`optimizer.${optimizer}`) })}</p>
      ) : (
        <fieldset>
          <legend className="mb-1 font-medium">{t("join.optimizer")}</legend>
          <div className="grid gap-1">
            {allowed.map((id) => (
              <label
                key={id}
                className="grid min-h-11 grid-cols-[auto_1fr] items-start gap-x-2 rounded-md border border-slate-600 p-2"
              >
                <input
                  type="radio"
                  name="optimizer"
                  value={id}
                  checked={optimizer === id}
                  onChange={() => onChange(id, momentumText)}
                  className="mt-1 size-5"
                />
                <OptimizerChoiceText optimizer={id} />
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {optimizer === "momentum" && (
        <label className="block">
          <span className="mb-1 block font-medium">{t("join.momentum")}</span>
          <input
            value={momentumText}
            onChange={(e) => onChange(optimizer, e.target.value)}
            inputMode="decimal"
            autoComplete="off"
            aria-invalid={betaInvalid}
            aria-describedby="momentum-hint"
            className={`min-h-12 w-full rounded-md border bg-slate-950 px-3 font-mono text-xl text-white ${
              betaInvalid ? "border-orange-400" : "border-slate-500"
            }`}
          />
          <span id="momentum-hint" className={`block text-sm ${betaInvalid ? "text-orange-200" : "text-slate-300"}`}>
            {t(betaInvalid ? "join.momentumInvalid" : "join.momentumHint")}
          </span>
        </label>
      )}
    </div>
  );
}
