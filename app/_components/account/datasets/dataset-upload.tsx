"use client";
// A new dataset: paste CSV text or pick a .csv file, see it parsed here and now (the same parser
// the server uses, so a problem shows with its row and column before anything is sent), check the
// preview, then save. The server's verdict is the last word: its refusal is shown the same way.
import { useDeferredValue, useId, useMemo, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import type { DatasetInfo } from "../../../../lib/api-types";
import { CSV_LIMITS, csvProblemText, parseCsvDataset, type CsvProblem } from "../../../../lib/datasets";
import { useI18n } from "../../i18n-provider";
import { Field, FormError, cardClass, inputClass, primaryButton } from "../field";
import { DatasetPreview } from "./dataset-preview";
import { datasetErrorText, datasetsApi } from "./datasets-client";
import { StartFields, defaultStartText, parseStart, type StartText } from "./start-fields";

const fileInputClass =
  "block w-full text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-400 " +
  "file:bg-slate-800 file:px-4 file:font-semibold file:text-white";

export function DatasetUpload({ onSaved }: { onSaved: (dataset: DatasetInfo) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState("");
  const [csv, setCsv] = useState("");
  const [fileProblem, setFileProblem] = useState<CsvProblem | "unreadable" | null>(null);
  const [start, setStart] = useState<StartText | null>(null);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  // Parsing 256 KB takes a few milliseconds: typing stays responsive, the preview follows.
  const deferredCsv = useDeferredValue(csv);
  const parsed = useMemo(() => (deferredCsv.trim() === "" ? null : parseCsvDataset(deferredCsv)), [deferredCsv]);
  const table = parsed?.ok ? parsed.table : null;
  // One weight per feature: a table with another number of features starts again from 0.5 each.
  const d = table?.d ?? 0;
  const lessonStart = useMemo(() => defaultStartText(d), [d]);
  const startNow = start && start.weights.length === d ? start : lessonStart;
  const initial = useMemo(() => parseStart(startNow), [startNow]);

  function changeCsv(text: string) {
    setCsv(text);
    setFileProblem(null);
    setServerError(null);
  }

  async function pickFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (!name.trim()) setName(file.name.replace(/\.csv$/i, ""));
    // Refused before reading: a 50 MB file is never pulled into the page.
    if (file.size > CSV_LIMITS.maxBytes) return setFileProblem({ code: "too-large", bytes: file.size });
    try {
      changeCsv(await file.text());
    } catch {
      setFileProblem("unreadable");
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!table || !initial || busy) return;
    setBusy(true);
    setServerError(null);
    const reply = await datasetsApi.create({ name, csv, initialWeights: initial.weights, initialBias: initial.bias });
    setBusy(false);
    if (!reply.body) return setServerError(datasetErrorText(t, reply));
    onSaved(reply.body);
    setName("");
    changeCsv("");
    setStart(null);
    if (fileRef.current) fileRef.current.value = "";
  }

  let problemText: string | null = null;
  if (fileProblem === "unreadable") problemText = t("datasets.readFailed");
  else if (fileProblem) problemText = csvProblemText(t, fileProblem);
  else if (parsed && !parsed.ok) problemText = csvProblemText(t, parsed.problem);

  return (
    <form onSubmit={(event) => void save(event)} aria-labelledby={`${id}-heading`} className={cardClass}>
      <h3 id={`${id}-heading`} className="text-lg font-bold">
        {t("datasets.new")}
      </h3>
      <Field label={t("datasets.name")} value={name} onChange={setName} maxLength={80} required />
      <div>
        <label htmlFor={`${id}-csv`} className="mb-1 block font-medium">
          {t("datasets.csv")}
        </label>
        <textarea
          id={`${id}-csv`}
          value={csv}
          onChange={(event) => changeCsv(event.target.value)}
          rows={6}
          spellCheck={false}
          placeholder={"area,rooms,price\n52,3,194.6\n68,1,222"}
          aria-describedby={`${id}-csv-hint`}
          aria-invalid={problemText !== null}
          className={`${inputClass} py-2 font-mono text-sm`}
        />
        <p id={`${id}-csv-hint`} className="mt-1 text-sm text-slate-400">
          {t("datasets.csvHint")}
        </p>
      </div>
      <div>
        <label htmlFor={`${id}-file`} className="mb-1 block font-medium">
          {t("datasets.file")}
        </label>
        <input
          ref={fileRef}
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => void pickFile(event)}
          className={fileInputClass}
        />
      </div>
      {problemText && <FormError text={problemText} />}
      {table && (
        <>
          <h4 className="font-semibold">{t("datasets.preview")}</h4>
          <StartFields featureNames={table.featureNames} value={startNow} onChange={setStart} />
          <DatasetPreview table={table} initial={initial} />
        </>
      )}
      {serverError && <FormError text={serverError} />}
      <button type="submit" disabled={busy || !table || !initial || !name.trim()} className={primaryButton}>
        {busy ? t("datasets.saving") : t("datasets.save")}
      </button>
    </form>
  );
}
