"use client";
// The instructor's "new session" form: POST /api/sessions, keep the host key in localStorage,
// then go to the console. The key never appears in the URL.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessageKey } from "../../../lib/i18n";
import { DEFAULT_SETTINGS, LIMITS, TITLE_MAX } from "../../../lib/input-rules";
import { saveHostToken } from "../../_lib/storage";
import { useI18n } from "../i18n-provider";
import { RoundSettingsFields, type SettingsDraft } from "../round-settings-fields";

export function CreateSessionForm() {
  const { t } = useI18n();
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [draft, setDraft] = useState<SettingsDraft>({ ...DEFAULT_SETTINGS });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/sessions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...(title.trim() ? { title: title.trim() } : {}), ...draft }),
      });
      const body = (await response.json()) as { code?: string; hostToken?: string; error?: { code: string } };
      // The server's own message is English: show the text for its error code instead.
      if (!response.ok || !body.code || !body.hostToken) throw new Error(body.error?.code ?? "INTERNAL");
      saveHostToken(body.code, body.hostToken);
      router.push(`/host/${body.code}`);
    } catch (caught) {
      setError(
        t("create.failed", {
          message: t(caught instanceof TypeError ? "error.network" : errorMessageKey((caught as Error).message)),
        }),
      );
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-4 rounded-xl border border-slate-700 bg-slate-900 p-5"
      aria-labelledby="create-heading"
    >
      <h2 id="create-heading" className="text-2xl font-bold">
        {t("create.heading")}
      </h2>
      <label className="block">
        <span className="mb-1 block font-medium">{t("create.title")}</span>
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={TITLE_MAX}
          placeholder={t("create.titlePlaceholder")}
          className="min-h-11 w-full rounded-md border border-slate-500 bg-slate-950 px-3 text-white placeholder:text-slate-500"
        />
      </label>
      <RoundSettingsFields draft={draft} onChange={setDraft} limits={LIMITS} />
      {error && (
        <p role="alert" className="rounded-md border border-oi-vermillion p-2 text-orange-200">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="min-h-12 w-full rounded-md bg-oi-orange px-4 text-lg font-bold text-slate-950 hover:brightness-110 disabled:opacity-60"
      >
        {busy ? t("create.creating") : t("create.submit")}
      </button>
    </form>
  );
}
