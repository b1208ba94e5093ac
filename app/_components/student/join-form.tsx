"use client";
// Code + nickname. The code field is prefilled from the QR link and forgiving about case,
// spaces and dashes (normalizeCode), like the server.
import { useState, type FormEvent } from "react";
import { CODE_LENGTH, NICKNAME_MAX, normalizeCode } from "../../../lib/input-rules";
import { failureMessageKey, type CommandFailure } from "../../_lib/command-result";
import { useI18n } from "../i18n-provider";

const input = "min-h-12 w-full rounded-md border border-slate-500 bg-slate-950 px-3 text-lg text-white";

export function JoinForm(props: {
  initialCode: string;
  error: CommandFailure | null;
  onJoin: (code: string, nickname: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState(props.initialCode);
  const [nickname, setNickname] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    await props.onJoin(normalizeCode(code), nickname.trim());
    setBusy(false);
  }

  const error = props.error && t(failureMessageKey(props.error));
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4" aria-labelledby="join-heading">
      <h1 id="join-heading" className="text-3xl font-bold">
        {t("join.heading")}
      </h1>
      <label className="block">
        <span className="mb-1 block font-medium">{t("join.code")}</span>
        <input
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={CODE_LENGTH + 4}
          className={`${input} font-mono tracking-widest uppercase`}
        />
      </label>
      <label className="block">
        <span className="mb-1 block font-medium">{t("join.nickname")}</span>
        <input
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          required
          maxLength={NICKNAME_MAX}
          autoComplete="nickname"
          className={input}
        />
      </label>
      {error && (
        <p role="alert" className="rounded-md border border-orange-400 p-2 text-orange-100">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="min-h-12 w-full rounded-md bg-oi-sky text-lg font-bold text-slate-950 disabled:opacity-60"
      >
        {busy ? t("join.joining") : t("join.submit")}
      </button>
    </form>
  );
}
