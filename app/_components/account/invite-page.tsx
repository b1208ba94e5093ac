"use client";
// An invitation link (/invite?token=...): checked first, so a used or expired link says so before
// anybody types a password; accepting it creates the account and signs it in.
import { useEffect, useState } from "react";
import { useI18n } from "../i18n-provider";
import { AccountForm } from "./account-form";
import { accountErrorText } from "./auth-errors";
import { callJson } from "./fetch-json";
import { NotFound } from "./signed-out";
import { LoadingPage } from "../loading-page";

export function InvitePage({ token }: { token: string }) {
  const { t } = useI18n();
  const [valid, setValid] = useState<boolean | null>(token ? null : false);
  useEffect(() => {
    if (!token) return;
    void callJson<{ valid: boolean }>(`/api/invitations/${encodeURIComponent(token)}`).then((reply) =>
      setValid(reply.body?.valid ?? false),
    );
  }, [token]);

  if (valid === false) return <NotFound text={t("invite.invalid")} />;
  if (valid === null) return <LoadingPage />;
  return (
    <AccountForm
      heading={t("invite.heading")}
      intro={t("invite.intro")}
      submit={t("invite.submit")}
      create={async (account) => {
        const reply = await callJson("/api/invitations/accept", "POST", { token, ...account });
        if (!reply.code) {
          window.location.assign("/");
          return null;
        }
        return reply.code === "INVITATION_INVALID" ? t("invite.invalid") : accountErrorText(t, reply);
      }}
    />
  );
}

/** SIGNUP=open: anybody creates an instructor account (Better Auth's own sign-up route). */
export function SignUpPage() {
  const { t } = useI18n();
  return (
    <AccountForm
      heading={t("signup.heading")}
      intro={t("signin.intro")}
      submit={t("signup.submit")}
      create={async (account) => {
        const reply = await callJson("/api/auth/sign-up/email", "POST", account);
        if (!reply.code) {
          window.location.assign("/");
          return null;
        }
        // Better Auth answers a sign-up it does not allow with 404 (route off) or its own code.
        if (reply.status === 404 || reply.code === "EMAIL_PASSWORD_SIGN_UP_DISABLED") return t("signup.closed");
        return accountErrorText(t, reply);
      }}
    />
  );
}
