"use client";
// What a dataset is before anyone trains on it: its size, the numbers that decide which learning
// rates work (in words, lib/datasets), the first rows, and each feature plotted against the label.
import { useMemo } from "react";
import { summarizeTable, summarySentences, type CsvTable, type InitialParameters } from "../../../../lib/datasets";
import { useI18n } from "../../i18n-provider";
import { FeatureScatter } from "./feature-scatter";

const PREVIEW_ROWS = 5;

export function DatasetPreview({ table, initial }: { table: CsvTable; initial: InitialParameters | null }) {
  const { t } = useI18n();
  // null while the initial weights being typed are not numbers: the numbers wait for them.
  const summary = useMemo(() => (initial ? summarizeTable(table, initial) : null), [table, initial]);
  const columns = [...table.featureNames, table.labelName];
  const shown = Math.min(PREVIEW_ROWS, table.n);
  const column = (j: number) => {
    const values = new Float64Array(table.n);
    for (let i = 0; i < table.n; i++) values[i] = table.features[i * table.d + j]!;
    return values;
  };
  return (
    <div className="space-y-3" data-testid="dataset-preview">
      <p className="text-slate-200">
        {t("datasets.rows", { count: table.n })} · {t("datasets.features", { count: table.d })} ·{" "}
        {t("datasets.label", { label: table.labelName })}
      </p>
      {summary && (
        <div className="space-y-1 rounded-md border border-oi-sky/60 p-3" data-testid="dataset-summary">
          {summarySentences(t, summary).map((sentence) => (
            <p key={sentence}>{sentence}</p>
          ))}
        </div>
      )}
      {table.constantFeatures.map((j) => (
        <p key={j} className="text-orange-200">
          {t("datasets.constant", { column: table.featureNames[j]! })}
        </p>
      ))}
      <div className="overflow-x-auto">
        <table className="min-w-full text-right font-mono text-sm">
          <caption className="mb-1 text-left font-sans text-slate-300">
            {t("datasets.firstRows", { count: shown, total: table.n })}
          </caption>
          <thead>
            <tr>
              {columns.map((name, j) => (
                <th key={j} scope="col" className="border-b border-slate-600 px-2 py-1 font-sans font-semibold">
                  {name}
                  {j === table.d && (
                    <span className="block text-xs font-normal text-slate-400">{t("datasets.labelColumn")}</span>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: shown }, (_, i) => (
              <tr key={i} className="odd:bg-slate-800/50">
                {columns.map((_, j) => (
                  <td key={j} className="px-2 py-1">
                    {String(j < table.d ? table.features[i * table.d + j] : table.labels[i])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {table.featureNames.map((name, j) => (
          <FeatureScatter key={j} feature={name} label={table.labelName} xs={column(j)} ys={table.labels} />
        ))}
      </div>
    </div>
  );
}
