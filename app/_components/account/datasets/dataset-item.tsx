"use client";
// One saved dataset in the list: its name and sizes; its preview (the stored CSV parsed again,
// here, with its stored start); an edit form for the name and the start; and the delete button.
import { useId, useMemo, useState, type FormEvent } from "react";
import type { DatasetInfo } from "../../../../lib/api-types";
import { parseCsvDataset, type CsvTable } from "../../../../lib/datasets";
import { formatDate } from "../../../_lib/format";
import { useI18n } from "../../i18n-provider";
import { Field, FormError, secondaryButton } from "../field";
import { DatasetPreview } from "./dataset-preview";
import { datasetErrorText, datasetsApi } from "./datasets-client";
import { StartFields, parseStart, startText, type StartText } from "./start-fields";

export function DatasetItem(props: {
  dataset: DatasetInfo;
  onUpdated: (d: DatasetInfo) => void;
  onDelete: () => void;
}) {
  const { t, locale } = useI18n();
  const { dataset } = props;
  const id = useId();
  const [table, setTable] = useState<CsvTable | null | "loading">(null);
  const [editing, setEditing] = useState<{ name: string; start: StartText } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stored = useMemo(
    () => ({ weights: dataset.initialWeights, bias: dataset.initialBias }),
    [dataset.initialWeights, dataset.initialBias],
  );

  async function togglePreview() {
    if (table !== null) return setTable(null);
    setTable("loading");
    setError(null);
    const reply = await datasetsApi.get(dataset.id);
    const parsed = reply.body ? parseCsvDataset(reply.body.csv) : null;
    if (parsed?.ok) setTable(parsed.table);
    else {
      setTable(null);
      setError(datasetErrorText(t, reply));
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const start = editing && parseStart(editing.start);
    if (!editing || !start || busy) return;
    setBusy(true);
    setError(null);
    const reply = await datasetsApi.update(dataset.id, {
      name: editing.name,
      initialWeights: start.weights,
      initialBias: start.bias,
    });
    setBusy(false);
    if (!reply.body) return setError(datasetErrorText(t, reply));
    setEditing(null);
    props.onUpdated(reply.body);
  }

  return (
    <li className="space-y-3 py-3" data-testid="dataset-item">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <span className="min-w-0 flex-1">
          <span className="block font-semibold" data-testid="dataset-name">
            {dataset.name}
          </span>
          <span className="block text-sm text-slate-300">
            {t("datasets.rows", { count: dataset.rows })} · {t("datasets.features", { count: dataset.features })} ·{" "}
            {t("datasets.label", { label: dataset.labelName })} · {formatDate(dataset.createdAt, locale)}
          </span>
        </span>
        <button
          type="button"
          onClick={() => void togglePreview()}
          aria-expanded={table !== null}
          aria-controls={`${id}-preview`}
          className={secondaryButton}
          aria-label={t(table === null ? "datasets.showLabel" : "datasets.hideLabel", { name: dataset.name })}
        >
          {t(table === null ? "datasets.show" : "datasets.hide")}
        </button>
        <button
          type="button"
          onClick={() => setEditing(editing ? null : { name: dataset.name, start: startText(stored) })}
          aria-expanded={editing !== null}
          className={secondaryButton}
          aria-label={t("datasets.editLabel", { name: dataset.name })}
        >
          {t("datasets.edit")}
        </button>
        <button
          type="button"
          onClick={props.onDelete}
          className={secondaryButton}
          aria-label={t("datasets.deleteLabel", { name: dataset.name })}
        >
          {t("datasets.delete")}
        </button>
      </div>
      {error && <FormError text={error} />}
      {editing && (
        <form onSubmit={(event) => void save(event)} className="space-y-3 rounded-md border border-slate-600 p-3">
          <Field
            label={t("datasets.name")}
            value={editing.name}
            onChange={(name) => setEditing({ ...editing, name })}
            maxLength={80}
            required
          />
          <StartFields
            featureNames={dataset.featureNames}
            value={editing.start}
            onChange={(start) => setEditing({ ...editing, start })}
          />
          <button
            type="submit"
            disabled={busy || !parseStart(editing.start) || !editing.name.trim()}
            className={secondaryButton}
          >
            {busy ? t("datasets.saving") : t("datasets.editSubmit")}
          </button>
        </form>
      )}
      <div id={`${id}-preview`}>
        {table === "loading" && <p className="animate-pulse">{t("common.loading")}</p>}
        {table !== null && table !== "loading" && <DatasetPreview table={table} initial={stored} />}
      </div>
    </li>
  );
}
