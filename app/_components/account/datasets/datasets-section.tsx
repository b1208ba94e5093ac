"use client";
// The account page's Datasets: the instructor's own data, listed newest first, each one previewed,
// renamed (and given another start) or deleted after a confirmation; and a form for a new one.
import { useEffect, useState } from "react";
import type { DatasetInfo } from "../../../../lib/api-types";
import { ConfirmDialog } from "../../confirm-dialog";
import { useI18n } from "../../i18n-provider";
import { FormError, cardClass } from "../field";
import { DatasetItem } from "./dataset-item";
import { DatasetUpload } from "./dataset-upload";
import { datasetErrorText, datasetsApi, type DatasetReply } from "./datasets-client";

export function DatasetsSection() {
  const { t } = useI18n();
  const [datasets, setDatasets] = useState<DatasetInfo[] | null>(null);
  // The refusal, translated when shown: a language switch re-words it without asking again.
  const [error, setError] = useState<DatasetReply<unknown> | null>(null);
  const [done, setDone] = useState("");
  const [confirm, setConfirm] = useState<DatasetInfo | null>(null);

  useEffect(() => {
    void datasetsApi.list().then((reply) => {
      if (reply.body) setDatasets(reply.body.datasets);
      else setError(reply);
    });
  }, []);

  async function remove(dataset: DatasetInfo) {
    setError(null);
    const reply = await datasetsApi.remove(dataset.id);
    if (reply.code) return setError(reply);
    setDatasets((list) => list?.filter((d) => d.id !== dataset.id) ?? null);
    setDone(t("datasets.deleted", { name: dataset.name }));
  }

  const replace = (updated: DatasetInfo) => {
    setDatasets((list) => list?.map((d) => (d.id === updated.id ? updated : d)) ?? null);
    setDone(t("datasets.updated", { name: updated.name }));
  };

  return (
    <section id="datasets" aria-labelledby="datasets-heading" className="space-y-4">
      <div className={cardClass}>
        <h2 id="datasets-heading" className="text-xl font-bold">
          {t("account.datasets")}
        </h2>
        <p className="text-slate-300">{t("datasets.intro")}</p>
        {error && <FormError text={datasetErrorText(t, error)} />}
        <p role="status" className="text-slate-200" data-testid="datasets-status">
          {done}
        </p>
        {datasets === null && !error && <p className="animate-pulse">{t("common.loading")}</p>}
        {datasets?.length === 0 && <p className="text-slate-300">{t("datasets.empty")}</p>}
        {datasets && datasets.length > 0 && (
          <ul className="divide-y divide-slate-700" data-testid="dataset-list">
            {datasets.map((dataset) => (
              <DatasetItem
                key={dataset.id}
                dataset={dataset}
                onUpdated={replace}
                onDelete={() => setConfirm(dataset)}
              />
            ))}
          </ul>
        )}
      </div>
      <DatasetUpload
        onSaved={(dataset) => {
          setDatasets((list) => [dataset, ...(list ?? [])]);
          setDone(t("datasets.saved", { name: dataset.name }));
        }}
      />
      <ConfirmDialog
        open={confirm !== null}
        title={t("datasets.deleteTitle", { name: confirm?.name ?? "" })}
        message={t("datasets.deleteText")}
        confirmLabel={t("datasets.delete")}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const dataset = confirm;
          setConfirm(null);
          if (dataset) void remove(dataset);
        }}
      />
    </section>
  );
}
