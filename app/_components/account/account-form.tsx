"use client";
// Name, email and the password twice: the owner set-up, an invitation and open sign-up all create
// an account with it. Checks what it can before sending (both passwords alike, 8 characters, as
// Better Auth's default minimum); `create` answers an error text, or null and the page moves on.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useI18n } from "../i18n-provider";
import { Field, FormError, NewPasswordFields, cardClass, primaryButton } from "./field";

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

export const MIN_PASSWORD = 8;

export function AccountForm(props: {
  heading: string;
  intro: string;
  submit: string;
  create: (account: NewAccount) => Promise<string | null>;
}) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (password.length < MIN_PASSWORD) return setError(t("auth.passwordShort"));
    if (password !== again) return setError(t("auth.passwordMismatch"));
    setBusy(true);
    const failed = await props.create({ name: name.trim(), email: email.trim(), password });
    // Success navigates away: the button stays busy until the next page replaces this one.
    if (failed) {
      setError(failed);
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto max-w-md p-4 sm:p-8">
      <form onSubmit={(event) => void submit(event)} className={cardClass} aria-labelledby="account-form-heading">
        <h1 id="account-form-heading" className="text-3xl font-bold">
          {props.heading}
        </h1>
        <p className="text-slate-300">{props.intro}</p>
        <Field label={t("auth.name")} value={name} onChange={setName} autoComplete="name" required maxLength={100} />
        <Field label={t("auth.email")} value={email} onChange={setEmail} type="email" autoComplete="email" required />
        <NewPasswordFields
          labels={[t("auth.password"), t("auth.passwordAgain")]}
          hint={t("auth.passwordHint")}
          values={[password, again]}
          onChange={[setPassword, setAgain]}
        />
        {error && <FormError text={error} focusRef={errorRef} />}
        <button type="submit" disabled={busy} className={primaryButton}>
          {busy ? t("auth.working") : props.submit}
        </button>
      </form>
    </main>
  );
}
