"use client";
// First run: the owner account, made with the one-time token the server printed at start-up
// (POST /api/setup answers with the new owner's session cookie, so home is already signed in).
import { useEffect, useState } from "react";
import { useI18n } from "../i18n-provider";
import { AccountForm } from "./account-form";
import { accountErrorText } from "./auth-errors";
import { callJson } from "./fetch-json";
import { NotFound } from "./signed-out";

export function SetupPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [needed, setNeeded] = useState<boolean | null>(null);
  useEffect(() => {
    void callJson<{ needed: boolean }>("/api/setup").then((reply) => setNeeded(reply.body?.needed ?? true));
  }, []);

  if (needed === false) return <Done />;
  if (!token) return <NotFound text={t("setup.noToken")} />;
  return (
    <AccountForm
      heading={t("setup.heading")}
      intro={t("setup.intro")}
      submit={t("setup.submit")}
      create={async (account) => {
        const reply = await callJson("/api/setup", "POST", { token, ...account });
        if (!reply.code) {
          window.location.assign("/");
          return null;
        }
        if (reply.code === "SETUP_DONE") {
          setNeeded(false);
          return null;
        }
        return reply.code === "SETUP_REFUSED" ? t("setup.refused") : accountErrorText(t, reply);
      }}
    />
  );
}

function Done() {
  const { t } = useI18n();
  return (
    <main className="mx-auto max-w-2xl p-8 text-center">
      <h1 className="text-2xl font-bold">{t("setup.heading")}</h1>
      <p role="status" className="mt-2 text-slate-300">
        {t("setup.done")}
      </p>
      <a
        href="/sign-in"
        className="mt-4 inline-flex min-h-11 items-center rounded-md bg-oi-orange px-4 font-bold text-slate-950"
      >
        {t("nav.signIn")}
      </a>
    </main>
  );
}
