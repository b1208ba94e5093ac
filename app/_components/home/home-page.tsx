"use client";
import Link from "next/link";
import { SignInLink } from "../account/signed-out";
import { useAccount } from "../account/use-account";
import { useI18n } from "../i18n-provider";
import { CreateSessionForm } from "./create-session-form";

export function HomePage() {
  const { t } = useI18n();
  // Hosting needs a signed-in instructor (POST /api/sessions answers 401 otherwise).
  const account = useAccount();
  return (
    <main className="mx-auto grid max-w-5xl gap-6 p-4 sm:p-8 lg:grid-cols-[3fr_2fr]">
      <div className="lg:col-span-2">
        <h1 className="text-4xl font-bold">{t("app.name")}</h1>
        <p className="mt-2 text-lg text-slate-300">{t("app.tagline")}</p>
      </div>
      {account?.instructor ? <CreateSessionForm /> : <HostSignIn loading={account === undefined} />}
      <div className="space-y-4">
        <section className="rounded-xl border border-slate-700 bg-slate-900 p-5">
          <h2 className="text-xl font-bold">{t("home.joinHeading")}</h2>
          <p className="mt-1 text-slate-300">{t("home.joinText")}</p>
          <Link
            href="/join"
            className="mt-3 flex min-h-12 items-center justify-center rounded-md bg-oi-sky px-4 text-lg font-bold text-slate-950"
          >
            {t("nav.join")}
          </Link>
        </section>
        <section className="rounded-xl border border-slate-700 bg-slate-900 p-5">
          <h2 className="text-xl font-bold">{t("nav.history")}</h2>
          <p className="mt-1 text-slate-300">{t("home.historyText")}</p>
          <Link
            href="/sessions"
            className="mt-3 flex min-h-12 items-center justify-center rounded-md border border-slate-400 px-4 text-lg font-semibold"
          >
            {t("nav.history")}
          </Link>
        </section>
      </div>
    </main>
  );
}

function HostSignIn({ loading }: { loading: boolean }) {
  const { t } = useI18n();
  return (
    <section
      aria-labelledby="host-sign-in-heading"
      className="space-y-3 rounded-xl border border-slate-700 bg-slate-900 p-5"
      data-testid="host-sign-in"
    >
      <h2 id="host-sign-in-heading" className="text-2xl font-bold">
        {t("home.signInHeading")}
      </h2>
      {loading ? (
        <p role="status" className="animate-pulse text-slate-300">
          {t("common.loading")}
        </p>
      ) : (
        <>
          <p className="text-slate-300">{t("home.signInText")}</p>
          <SignInLink
            label={t("home.signIn")}
            className="flex min-h-12 items-center justify-center rounded-md bg-oi-orange px-4 text-lg font-bold text-slate-950"
          />
        </>
      )}
    </section>
  );
}
