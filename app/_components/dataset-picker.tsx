"use client";
// The dataset of a new session or round: the built-in ones, and the signed-in instructor's own
// (GET /api/datasets) with their sizes and, once chosen, how fast they can be trained. The
// built-ins can be chosen at once, while the instructor's own are still loading or if they fail.
import { useEffect, useId, useState } from "react";
import type { DatasetInfo, DatasetList } from "../../lib/api-types";
import type { DatasetCopy } from "../../lib/datasets/dataset-copy";
import { summarySentences } from "../../lib/datasets/dataset-text";
import { DATASET_CHOICES } from "../../lib/input-rules";
import { callJson } from "./account/fetch-json";
import { useI18n } from "./i18n-provider";

type OwnDatasets = { kind: "loading" } | { kind: "loaded"; datasets: DatasetInfo[] } | { kind: "failed" };

const field = "min-h-11 w-full rounded-md border border-slate-500 bg-slate-950 px-3 text-white";

/** The instructor's own datasets, asked for once per picker; signed out, there are none. */
function useOwnDatasets(): OwnDatasets {
  const [own, setOwn] = useState<OwnDatasets>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    void callJson<DatasetList>("/api/datasets").then((reply) => {
      if (!live) return;
      if (reply.body) setOwn({ kind: "loaded", datasets: reply.body.datasets });
      else setOwn(reply.code === "SIGNED_OUT" ? { kind: "loaded", datasets: [] } : { kind: "failed" });
    });
    return () => {
      live = false;
    };
  }, []);
  return own;
}

export function DatasetPicker(props: {
  value: string;
  onChange: (dataset: string) => void;
  /** The room's copy of the dataset `value` may name: still offered once the dataset is deleted. */
  held?: DatasetCopy | null;
}) {
  const { t } = useI18n();
  const selectId = useId();
  const aboutId = useId();
  const own = useOwnDatasets();
  const { value, held } = props;
  const datasets = own.kind === "loaded" ? own.datasets : [];
  const chosen = datasets.find((d) => d.id === value);
  const builtIn = (DATASET_CHOICES as readonly string[]).includes(value);
  // A chosen dataset not (or not yet) in the list: the room's copy of it, or one still loading.
  const orphan = !builtIn && !chosen;
  const about = chosen ? summarySentences(t, chosen)[0] : null;

  return (
    <div className="block">
      <label htmlFor={selectId} className="mb-1 block font-medium">
        {t("create.dataset")}
      </label>
      <select
        id={selectId}
        value={value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={about ? aboutId : undefined}
        className={field}
        data-testid="dataset-select"
      >
        <optgroup label={t("create.builtIn")}>
          {DATASET_CHOICES.map((id) => (
            <option key={id} value={id}>
              {t(`dataset.${id}`)}
            </option>
          ))}
        </optgroup>
        {(datasets.length > 0 || orphan) && (
          <optgroup label={t("create.yours")}>
            {orphan && <option value={value}>{held?.sourceId === value ? held.name : t("dataset.custom")}</option>}
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {`${d.name} (${t("datasets.rows", { count: d.rows })}, ${t("datasets.features", { count: d.features })})`}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <p role="status" className="mt-1 text-sm text-slate-300" data-testid="dataset-picker-status">
        {own.kind === "loading" && t("create.datasetsLoading")}
        {own.kind === "failed" && t("create.datasetsFailed")}
        {own.kind === "loaded" && datasets.length === 0 && t("create.noDatasets")}
      </p>
      {about && (
        <p id={aboutId} className="mt-1 text-sm text-slate-200" data-testid="dataset-about">
          {about}
        </p>
      )}
    </div>
  );
}
