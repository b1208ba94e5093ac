"use client";
import Link from "next/link";
import { useI18n } from "../i18n-provider";
import { CreateSessionForm } from "./create-session-form";

export function HomePage() {
  const { t } = useI18n();
  return (
    <main className="mx-auto grid max-w-5xl gap-6 p-4 sm:p-8 lg:grid-cols-[3fr_2fr]">
      <div className="lg:col-span-2">
        <h1 className="text-4xl font-bold">{t("app.name")}</h1>
        <p className="mt-2 text-lg text-slate-300">{t("app.tagline")}</p>
      </div>
      <CreateSessionForm />
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
