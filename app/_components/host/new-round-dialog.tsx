"use client";
// Settings for the next round in a modal <dialog> (focus is trapped; Esc closes it).
import { useState, type FormEvent } from "react";
import type { DatasetCopy, OptimizerId, RoundSettings } from "../../../lib/protocol";
import { LIMITS } from "../../../lib/input-rules";
import { useI18n } from "../i18n-provider";
import { RoundSettingsFields, type SettingsDraft } from "../round-settings-fields";
import { useModalDialog } from "../use-modal-dialog";
import { OptimizerChoiceFields } from "./optimizer-choice-fields";

export function NewRoundDialog(props: {
  open: boolean;
  initial: RoundSettings;
  /** The room's copy of the dataset `initial` names (null: a built-in). */
  datasetCopy: DatasetCopy | null;
  onClose: () => void;
  onSubmit: (s: SettingsDraft & { optimizers: OptimizerId[] }) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<SettingsDraft>(props.initial);
  const [optimizers, setOptimizers] = useState<OptimizerId[]>([...props.initial.optimizers]);
  // Each opening starts from the current settings.
  const dialog = useModalDialog(props.open, props.onClose, () => {
    setDraft(props.initial);
    setOptimizers([...props.initial.optimizers]);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSubmit({ ...draft, optimizers });
  }

  return (
    <dialog
      {...dialog}
      aria-labelledby="new-round-heading"
      className="m-auto w-[min(40rem,95vw)] rounded-xl border border-slate-600 bg-slate-900 p-5 text-slate-50 backdrop:bg-black/70"
    >
      <form onSubmit={submit} className="space-y-4">
        <h2 id="new-round-heading" className="text-2xl font-bold">
          {t("host.newRoundHeading")}
        </h2>
        <RoundSettingsFields draft={draft} onChange={setDraft} limits={LIMITS} datasetCopy={props.datasetCopy} />
        <OptimizerChoiceFields value={optimizers} onChange={setOptimizers} />
        <div className="flex justify-end gap-2">
          <button type="button" onClick={props.onClose} className="min-h-11 rounded-md border border-slate-400 px-4">
            {t("common.cancel")}
          </button>
          <button type="submit" className="min-h-11 rounded-md bg-oi-sky px-4 font-bold text-slate-950">
            {t("host.newRoundSubmit")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
