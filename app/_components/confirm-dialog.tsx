"use client";
// A yes/no question in a modal <dialog> (instead of window.confirm, which screen readers announce
// poorly, cannot be translated or styled for a projector, and blocks the socket's event loop).
// The safe answer (Cancel) has focus first; Esc cancels; the browser traps focus inside and
// puts it back on the control that opened the dialog when it closes.
import { useId, useRef } from "react";
import { useI18n } from "./i18n-provider";
import { useModalDialog } from "./use-modal-dialog";

export interface ConfirmProps {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmProps) {
  const { t } = useI18n();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  // Esc (or any other close) counts as "no".
  const dialog = useModalDialog(props.open, props.onCancel, () => cancelRef.current?.focus());

  return (
    <dialog
      {...dialog}
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      className="m-auto w-[min(32rem,95vw)] rounded-xl border border-orange-400 bg-slate-900 p-5 text-slate-50 backdrop:bg-black/70"
    >
      <h2 id={`${id}-title`} className="text-2xl font-bold">
        <span aria-hidden className="mr-2 text-orange-300">
          ⚠
        </span>
        {props.title}
      </h2>
      <p id={`${id}-text`} className="mt-2 text-lg text-slate-200">
        {props.message}
      </p>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <button
          ref={cancelRef}
          type="button"
          onClick={props.onCancel}
          className="min-h-11 rounded-md border border-slate-400 px-4 font-semibold"
        >
          {t("common.cancel")}
        </button>
        <button
          type="button"
          onClick={props.onConfirm}
          className="min-h-11 rounded-md border-2 border-orange-300 bg-orange-400 px-4 font-bold text-slate-950"
          data-testid="confirm-action"
        >
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
