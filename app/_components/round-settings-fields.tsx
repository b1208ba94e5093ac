"use client";
// Dataset, features, max steps and speed: shared by "create session" and "new round".
import type { DatasetCopy } from "../../lib/protocol";
import { DatasetPicker } from "./dataset-picker";
import { useI18n } from "./i18n-provider";

export interface SettingsDraft {
  /** A built-in's name or the id of one of the instructor's own datasets. */
  dataset: string;
  standardized: boolean;
  maxSteps: number;
  stepsPerSecond: number;
}

const field = "min-h-11 w-full rounded-md border border-slate-500 bg-slate-950 px-3 text-white";

function clampInt(raw: string, max: number): number {
  const value = Math.round(Number(raw));
  return Number.isFinite(value) ? Math.min(max, Math.max(1, value)) : 1;
}

export function RoundSettingsFields(props: {
  draft: SettingsDraft;
  onChange: (draft: SettingsDraft) => void;
  limits: { maxSteps: number; stepsPerSecond: number };
  /** The room's copy of the dataset the draft names (new round): offered even once it is deleted. */
  datasetCopy?: DatasetCopy | null;
}) {
  const { t } = useI18n();
  const { draft, onChange, limits } = props;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <DatasetPicker
        value={draft.dataset}
        onChange={(dataset) => onChange({ ...draft, dataset })}
        held={props.datasetCopy}
      />
      <fieldset className="block">
        <legend className="mb-1 block font-medium">{t("create.features")}</legend>
        <div className="flex flex-wrap gap-x-4">
          {([false, true] as const).map((standardized) => (
            <label key={String(standardized)} className="flex min-h-11 items-center gap-2">
              <input
                type="radio"
                name="standardized"
                checked={draft.standardized === standardized}
                onChange={() => onChange({ ...draft, standardized })}
                className="size-5"
              />
              {t(standardized ? "features.standardized" : "features.raw")}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="block">
        <span className="mb-1 block font-medium">{t("create.maxSteps")}</span>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={limits.maxSteps}
          value={draft.maxSteps}
          onChange={(e) => onChange({ ...draft, maxSteps: clampInt(e.target.value, limits.maxSteps) })}
          className={field}
        />
      </label>
      <label className="block">
        <span className="mb-1 block font-medium">{t("create.speed")}</span>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={limits.stepsPerSecond}
          value={draft.stepsPerSecond}
          onChange={(e) => onChange({ ...draft, stepsPerSecond: clampInt(e.target.value, limits.stepsPerSecond) })}
          className={field}
        />
      </label>
    </div>
  );
}
