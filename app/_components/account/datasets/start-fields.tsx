"use client";
// The initial weights (one per feature) and bias a round on this dataset starts from, as text
// fields: the lesson's 0.5 each and 0 unless the instructor types others.
import { useId } from "react";
import {
  DEFAULT_INITIAL_BIAS,
  DEFAULT_INITIAL_WEIGHT,
  INITIAL_PARAMETER_MAX,
  type InitialParameters,
} from "../../../../lib/datasets";
import { useI18n } from "../../i18n-provider";
import { inputClass } from "../field";

export interface StartText {
  weights: string[];
  bias: string;
}

export function defaultStartText(d: number): StartText {
  return { weights: new Array<string>(d).fill(String(DEFAULT_INITIAL_WEIGHT)), bias: String(DEFAULT_INITIAL_BIAS) };
}

export function startText(start: InitialParameters): StartText {
  return { weights: start.weights.map(String), bias: String(start.bias) };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parameter(text: string): number | null {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return DECIMAL.test(trimmed) && Math.abs(value) <= INITIAL_PARAMETER_MAX ? value : null;
}

/** The typed start as numbers, or null while any field is not a usable number. */
export function parseStart(text: StartText): InitialParameters | null {
  const weights = text.weights.map(parameter);
  const bias = parameter(text.bias);
  if (bias === null || weights.some((w) => w === null)) return null;
  return { weights: weights as number[], bias };
}

export function StartFields(props: { featureNames: string[]; value: StartText; onChange: (value: StartText) => void }) {
  const { t } = useI18n();
  const id = useId();
  const invalid = parseStart(props.value) === null;
  const field = (label: string, value: string, onChange: (text: string) => void, key: string) => (
    <label key={key} className="block text-sm">
      <span className="mb-1 block truncate" title={label}>
        {label}
      </span>
      <input
        value={value}
        onChange={(event) => onChange(event.target.value)}
        inputMode="decimal"
        aria-invalid={parameter(value) === null}
        aria-describedby={`${id}-hint`}
        className={inputClass}
      />
    </label>
  );
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-700 p-3">
      <legend className="px-1 font-medium">{t("datasets.startHeading")}</legend>
      <p id={`${id}-hint`} className="text-sm text-slate-400">
        {t("datasets.startHint")}
      </p>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {props.featureNames.map((name, j) =>
          field(
            t("datasets.weight", { feature: name }),
            props.value.weights[j] ?? "",
            (text) =>
              props.onChange({ ...props.value, weights: props.value.weights.map((w, k) => (k === j ? text : w)) }),
            `w${j}`,
          ),
        )}
        {field(t("datasets.bias"), props.value.bias, (text) => props.onChange({ ...props.value, bias: text }), "bias")}
      </div>
      {invalid && (
        <p role="alert" className="text-orange-200">
          {t("datasets.startInvalid")}
        </p>
      )}
    </fieldset>
  );
}
