"use client";
// The page an instructor page shows to somebody who is not signed in: sign in, then come back.
import { useSyncExternalStore } from "react";
import { signInHref } from "../../_lib/return-path";
import { useI18n } from "../i18n-provider";

const noSubscription = () => () => undefined;

/** A link to the sign-in page that returns to the current address afterwards. */
export function SignInLink({ className, label }: { className?: string; label?: string }) {
  const { t } = useI18n();
  // The address is known only in the browser; the server render links to plain /sign-in.
  const href = useSyncExternalStore(
    noSubscription,
    () => signInHref(window.location.pathname + window.location.search),
    () => "/sign-in",
  );
  return (
    <a
      href={href}
      className={
        className ?? "mt-4 inline-flex min-h-11 items-center rounded-md bg-oi-orange px-4 font-bold text-slate-950"
      }
    >
      {label ?? t("nav.signIn")}
    </a>
  );
}

export function SignedOut() {
  const { t } = useI18n();
  return (
    <main className="mx-auto max-w-2xl p-8 text-center" data-testid="signed-out">
      <h1 className="text-2xl font-bold">{t("auth.signedOutHeading")}</h1>
      <p className="mt-2 text-slate-300">{t("auth.signedOutText")}</p>
      <SignInLink />
    </main>
  );
}

/** One page for "no such session" and "not yours": the same words, so it reveals nothing. */
export function NotFound({ text }: { text?: string }) {
  const { t } = useI18n();
  return (
    <main className="mx-auto max-w-2xl p-8 text-center" data-testid="not-found">
      <h1 className="text-2xl font-bold">{t("history.notFoundHeading")}</h1>
      <p role="alert" className="mt-2 text-slate-300">
        {text ?? t("history.notFound")}
      </p>
      <a href="/" className="mt-4 inline-flex min-h-11 items-center underline">
        {t("nav.home")}
      </a>
    </main>
  );
}
