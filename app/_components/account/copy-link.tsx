"use client";
// A link shown once (share or invitation link): read-only field plus a Copy button; if the
// clipboard is refused (plain http on a LAN address is not a secure context), the text is
// selected so the person copies it by hand.
import { useId, useRef, useState } from "react";
import { useI18n } from "../i18n-provider";
import { inputClass, secondaryButton } from "./field";

export function CopyLink({ label, url, testId }: { label: string; url: string; testId?: string }) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState("");

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t("common.copied"));
    } catch {
      input.current?.select();
      setStatus(t("common.copyFailed"));
    }
  }

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          ref={input}
          readOnly
          value={url}
          onFocus={(event) => event.target.select()}
          data-testid={testId}
          className={`${inputClass} font-mono text-sm`}
        />
        <button type="button" onClick={() => void copy()} className={`${secondaryButton} shrink-0`}>
          {t("common.copy")}
        </button>
      </div>
      <p role="status" className="text-sm text-slate-300">
        {status}
      </p>
    </div>
  );
}
