"use client";
// The signed-in instructor's own account: add a passkey (the passkey plugin's registration
// ceremony; its client code is fetched only on the button press) and change the password
// (Better Auth's /api/auth/change-password, signing out the other devices); and the instructor's
// own datasets (./datasets).
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useI18n } from "../i18n-provider";
import { MIN_PASSWORD } from "./account-form";
import { accountErrorText } from "./auth-errors";
import { DatasetsSection } from "./datasets/datasets-section";
import { callJson } from "./fetch-json";
import { Field, FormError, NewPasswordFields, cardClass, primaryButton, secondaryButton } from "./field";
import { SignedOut } from "./signed-out";
import { useAccount } from "./use-account";
import { LoadingPage } from "../loading-page";

export function AccountSettings() {
  const { t } = useI18n();
  const account = useAccount();
  if (account === undefined) return <LoadingPage />;
  if (!account.instructor) return <SignedOut />;
  const { name, email } = account.instructor;
  return (
    // Wide enough for a dataset's preview table and plots; the account forms keep their width.
    <main className="mx-auto max-w-3xl space-y-6 p-4 sm:p-8">
      <div>
        <h1 className="text-3xl font-bold">{t("account.heading")}</h1>
        <p className="mt-1 text-slate-300">{t("account.signedInAs", { name, email })}</p>
      </div>
      <div className="max-w-xl space-y-6">
        <PasskeySection />
        <PasswordSection />
      </div>
      <DatasetsSection />
    </main>
  );
}

/** WebAuthn needs a secure context and a domain name: an IP address can never be a passkey's site. */
function passkeyImpossibleHere(): boolean {
  return !window.isSecureContext || /^[\d.]+$|^\[/.test(window.location.hostname);
}

function PasskeySection() {
  const { t } = useI18n();
  const [phase, setPhase] = useState<"idle" | "busy" | "added" | "failed">("idle");

  async function add() {
    setPhase("busy");
    try {
      const { authClient } = await import("./auth-client");
      const result = await authClient.passkey.addPasskey({ name: navigator.platform || "passkey" });
      setPhase(result.error ? "failed" : "added");
    } catch {
      setPhase("failed");
    }
  }

  return (
    <section id="passkey" aria-labelledby="passkey-heading" className={cardClass}>
      <h2 id="passkey-heading" className="text-xl font-bold">
        {t("account.addPasskey")}
      </h2>
      <p className="text-slate-300">{t("account.passkeyText")}</p>
      <button type="button" onClick={() => void add()} disabled={phase === "busy"} className={secondaryButton}>
        {t("account.addPasskey")}
      </button>
      <p role="status" data-testid="passkey-status" className="text-slate-200">
        {phase === "busy" && t("account.passkeyAdding")}
        {phase === "added" && t("account.passkeyAdded")}
      </p>
      {phase === "failed" && (
        <FormError text={t(passkeyImpossibleHere() ? "account.passkeyAddress" : "account.passkeyFailed")} />
      )}
    </section>
  );
}

function PasswordSection() {
  const { t } = useI18n();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setChanged(false);
    if (next.length < MIN_PASSWORD) return setError(t("auth.passwordShort"));
    if (next !== again) return setError(t("auth.passwordMismatch"));
    setBusy(true);
    const reply = await callJson("/api/auth/change-password", "POST", {
      currentPassword: current,
      newPassword: next,
      revokeOtherSessions: true,
    });
    setBusy(false);
    if (reply.code) return setError(accountErrorText(t, reply));
    setCurrent("");
    setNext("");
    setAgain("");
    setChanged(true);
  }

  return (
    <form
      id="password"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="password-heading"
      className={cardClass}
    >
      <h2 id="password-heading" className="text-xl font-bold">
        {t("account.changePassword")}
      </h2>
      <Field
        label={t("account.currentPassword")}
        value={current}
        onChange={setCurrent}
        type="password"
        autoComplete="current-password"
        required
      />
      <NewPasswordFields
        labels={[t("account.newPassword"), t("account.newPasswordAgain")]}
        hint={t("auth.passwordHint")}
        values={[next, again]}
        onChange={[setNext, setAgain]}
      />
      {error && <FormError text={error} focusRef={errorRef} />}
      <p role="status" className="text-slate-200">
        {changed ? t("account.passwordChanged") : ""}
      </p>
      <button type="submit" disabled={busy} className={primaryButton}>
        {busy ? t("auth.working") : t("account.changePassword")}
      </button>
    </form>
  );
}
