"use client";
// Email + password (Better Auth's /api/auth/sign-in/email), or a passkey (the passkey plugin's
// WebAuthn ceremony, whose client is fetched only when that button is pressed). Afterwards a full
// page load of `next`, so the header and the page ask again who is signed in.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { safeReturnPath } from "../../_lib/return-path";
import { useI18n } from "../i18n-provider";
import { accountErrorText } from "./auth-errors";
import { callJson } from "./fetch-json";
import { Field, FormError, cardClass, primaryButton, secondaryButton } from "./field";
import { loadAccount } from "./me";

export function SignInForm({ next }: { next: string }) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState<"password" | "passkey" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [signup, setSignup] = useState<"invite" | "open" | "closed">("invite");
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);
  useEffect(() => {
    loadAccount().then(
      (account) => setSignup(account.signup),
      () => undefined,
    );
  }, []);

  const done = () => window.location.assign(safeReturnPath(next));

  async function withPassword(event: FormEvent) {
    event.preventDefault();
    setBusy("password");
    setError(null);
    const reply = await callJson("/api/auth/sign-in/email", "POST", { email: email.trim(), password });
    if (!reply.code) return done();
    setError(accountErrorText(t, reply));
    setBusy(null);
  }

  async function withPasskey() {
    setBusy("passkey");
    setError(null);
    try {
      const { authClient } = await import("./auth-client");
      const result = await authClient.signIn.passkey();
      if (!result.error) return done();
      setError(
        result.error.status === 403
          ? accountErrorText(t, { status: 403, code: "BANNED_USER" })
          : t("signin.passkeyFailed"),
      );
    } catch {
      setError(t("signin.passkeyFailed"));
    }
    setBusy(null);
  }

  return (
    <main className="mx-auto max-w-md space-y-4 p-4 sm:p-8">
      <form onSubmit={(event) => void withPassword(event)} className={cardClass} aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading" className="text-3xl font-bold">
          {t("signin.heading")}
        </h1>
        <p className="text-slate-300">{t("signin.intro")}</p>
        <Field
          label={t("auth.email")}
          value={email}
          onChange={setEmail}
          type="email"
          autoComplete="username"
          required
        />
        <Field
          label={t("auth.password")}
          value={password}
          onChange={setPassword}
          type="password"
          autoComplete="current-password"
          required
        />
        {error && <FormError text={error} focusRef={errorRef} />}
        <button type="submit" disabled={busy !== null} className={primaryButton}>
          {busy === "password" ? t("auth.working") : t("signin.submit")}
        </button>
        <p className="text-center text-slate-400" aria-hidden>
          {t("signin.or")}
        </p>
        <button
          type="button"
          onClick={() => void withPasskey()}
          disabled={busy !== null}
          className={`${secondaryButton} w-full`}
        >
          {busy === "passkey" ? t("auth.working") : t("signin.passkey")}
        </button>
      </form>
      <p className="text-slate-300">
        {signup === "open" ? (
          <a href="/sign-up" className="inline-flex min-h-11 items-center underline">
            {t("signin.signUp")}
          </a>
        ) : (
          t("signin.noAccount")
        )}
      </p>
    </main>
  );
}
