"use client";
// A native modal <dialog> (focus trapped, the rest of the page inert) driven by React state.
// On Esc the browser hides the dialog at once but fires its `close` event a task later; a click in
// between (reopening it) would be undone by that late event. So Esc is taken on `cancel`, which
// fires at once, and React closes the dialog; a late `close` of a dialog open again is ignored.
import { useEffect, useEffectEvent, useRef, type SyntheticEvent } from "react";

export function useModalDialog(open: boolean, onDismiss: () => void, onOpen?: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  // Only a change of `open` opens or closes; onOpen is read from the render that changed it.
  const opened = useEffectEvent(() => onOpen?.());

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      opened();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  return {
    ref,
    onCancel: (event: SyntheticEvent<HTMLDialogElement>) => {
      event.preventDefault();
      onDismiss();
    },
    // Any other way the dialog closed (the browser may still force a close) counts as dismissing.
    onClose: () => {
      if (open && !ref.current?.open) onDismiss();
    },
  };
}
