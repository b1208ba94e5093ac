"use client";
// Learning-rate entry: free text ("0.0001" or "1e-4", validated as you type with the server's own
// parseLearningRate) plus a log-scale slider from 1e-6 to 10 for thumbs; and the optimiser, when
// the round allows more than plain descent (optimizer-picker.tsx).
import { useState, type FormEvent } from "react";
import { parseLearningRate } from "../../../lib/input-rules";
import type { OptimizerId, RunChoice } from "../../../lib/protocol";
import { failureMessageKey, type CommandFailure } from "../../_lib/command-result";
import { formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { OptimizerPicker, DEFAULT_MOMENTUM_TEXT, parseMomentum } from "./optimizer-picker";

const MIN_EXP = -6;
const MAX_EXP = 1;
const FIELD = "min-h-12 w-full rounded-md border bg-slate-950 px-3 font-mono text-xl text-white";
const SCALE: ReadonlyArray<[exponent: number, label: string]> = [
  [-6, "1e-6"],
  [-4, "1e-4"],
  [-2, "1e-2"],
  [0, "1"],
  [1, "10"],
];

export function RatePicker(props: {
  current: number | null;
  /** The student's last choice ("gd" until then) and what this round allows. */
  choice: Pick<RunChoice, "optimizer" | "momentum">;
  allowed: readonly OptimizerId[];
  onSubmit: (raw: string, optimizer: OptimizerId, momentum: number | undefined) => Promise<CommandFailure | null>;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(props.current === null ? "" : formatRate(props.current));
  const [picked, setPicked] = useState<OptimizerId>(props.choice.optimizer);
  const [momentumText, setMomentumText] = useState(
    props.choice.momentum === null ? DEFAULT_MOMENTUM_TEXT : String(props.choice.momentum),
  );
  // The host may change what is allowed while the phone waits: a choice no longer allowed shows
  // (and is sent as) the first one allowed, as the server would play it.
  const optimizer = props.allowed.includes(picked) ? picked : (props.allowed[0] ?? "gd");
  const momentum = optimizer === "momentum" ? parseMomentum(momentumText) : undefined;
  const [touched, setTouched] = useState(false);
  const [serverError, setServerError] = useState<CommandFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseLearningRate(text);
  const invalid = touched && text.trim() !== "" && parsed === null;
  const sliderValue = parsed === null ? -4 : Math.min(MAX_EXP, Math.max(MIN_EXP, Math.log10(parsed)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (parsed === null || momentum === null) return;
    setBusy(true);
    setServerError(await props.onSubmit(text.trim(), optimizer, momentum));
    setBusy(false);
  }

  // The local verdict first: a server error is about a value the student has since changed.
  const localInvalid = invalid || (touched && text.trim() === "");
  const error = localInvalid ? t("join.rateInvalid") : serverError && t(failureMessageKey(serverError));
  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="space-y-3" aria-labelledby="rate-heading">
      <h2 id="rate-heading" className="text-xl font-bold">
        {t("join.pickRate")}
      </h2>
      <label className="block">
        <span className="mb-1 block font-medium">{t("common.learningRate")}</span>
        <input
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setServerError(null);
          }}
          onBlur={() => setTouched(true)}
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="1e-4"
          aria-invalid={error !== null}
          aria-describedby="rate-hint rate-error"
          className={`${FIELD} ${error ? "border-orange-400" : "border-slate-500"}`}
        />
      </label>
      <p id="rate-hint" className="text-sm text-slate-300">
        {t("join.rateHint")}
      </p>
      <input
        type="range"
        min={MIN_EXP}
        max={MAX_EXP}
        step={0.05}
        value={sliderValue}
        onChange={(e) => {
          const lr = Number((10 ** Number(e.target.value)).toPrecision(2));
          setText(formatRate(lr));
          setTouched(true);
          setServerError(null);
        }}
        aria-label={t("join.slider")}
        aria-valuetext={parsed === null ? undefined : formatRate(parsed)}
        className="h-11 w-full accent-amber-400"
      />
      <div className="relative h-4 font-mono text-xs text-slate-400" aria-hidden>
        {SCALE.map(([e, label]) => (
          <span
            key={e}
            className="absolute -translate-x-1/2"
            style={{ left: `calc(0.6rem + ${(e - MIN_EXP) / (MAX_EXP - MIN_EXP)} * (100% - 1.2rem))` }}
          >
            {label}
          </span>
        ))}
      </div>
      <OptimizerPicker
        allowed={props.allowed}
        optimizer={optimizer}
        momentumText={momentumText}
        onChange={(next, beta) => {
          setPicked(next);
          setMomentumText(beta);
          setServerError(null);
        }}
      />
      <p id="rate-error" role="alert" className="min-h-6 text-orange-200">
        {error}
      </p>
      <button
        type="submit"
        disabled={busy}
        className="min-h-12 w-full rounded-md bg-oi-orange text-lg font-bold text-slate-950 disabled:opacity-60"
      >
        {props.current === null ? t("join.submitRate") : t("join.resubmit")}
      </button>
      {props.current !== null && (
        <p role="status" className="text-emerald-200" data-testid="submitted-rate">
          ✓{" "}
          {props.allowed.length === 1 && props.choice.optimizer === "gd"
            ? t("join.submitted", { lr: formatRate(props.current) })
            : t("join.submittedWith", {
                lr: formatRate(props.current),
                optimizer:
                  t(`optimizer.${props.choice.optimizer}`) +
                  (props.choice.momentum === null ? "" : ` (${t("optimizer.beta", { beta: props.choice.momentum })})`),
              })}
        </p>
      )}
    </form>
  );
}
