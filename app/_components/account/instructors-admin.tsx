"use client";
// Admins only: invite an instructor (POST /api/invitations, a one-time link shown once) and the
// list of instructors (Better Auth's admin plugin), where one can be disabled (banned: signed out
// everywhere, no new sign-in) or enabled again. Disabling asks first.
import { useCallback, useEffect, useState } from "react";
import { formatDate } from "../../_lib/format";
import { ConfirmDialog } from "../confirm-dialog";
import { useI18n } from "../i18n-provider";
import { accountErrorText } from "./auth-errors";
import { CopyLink } from "./copy-link";
import { callJson } from "./fetch-json";
import { FormError, cardClass, primaryButton, secondaryButton } from "./field";
import { SignedOut } from "./signed-out";
import { useAccount } from "./use-account";
import { LoadingPage } from "../loading-page";

interface ListedUser {
  id: string;
  name: string;
  email: string;
  role?: string | null;
  banned?: boolean | null;
}

export function InstructorsAdmin() {
  const { t } = useI18n();
  const account = useAccount();
  if (account === undefined) return <LoadingPage />;
  if (!account.instructor) return <SignedOut />;
  if (account.instructor.role !== "admin")
    return (
      <main className="mx-auto max-w-2xl p-8 text-center">
        <h1 className="text-2xl font-bold">{t("instructors.heading")}</h1>
        <p role="alert" className="mt-2 text-slate-300">
          {t("auth.notAdmin")}
        </p>
      </main>
    );
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-4 sm:p-8">
      <h1 className="text-3xl font-bold">{t("instructors.heading")}</h1>
      <InviteSection />
      <InstructorList selfId={account.instructor.id} />
    </main>
  );
}

function InviteSection() {
  const { t, locale } = useI18n();
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function make() {
    setBusy(true);
    setError(null);
    const reply = await callJson<{ url: string; expiresAt: string }>("/api/invitations", "POST", {});
    setBusy(false);
    if (reply.body && !reply.code) setLink(reply.body);
    else setError(accountErrorText(t, reply));
  }

  return (
    <section id="invite" aria-labelledby="invite-heading" className={cardClass}>
      <h2 id="invite-heading" className="text-xl font-bold">
        {t("account.invite")}
      </h2>
      <p className="text-slate-300">{t("instructors.inviteText")}</p>
      <button type="button" onClick={() => void make()} disabled={busy} className={primaryButton}>
        {busy ? t("auth.working") : t("instructors.inviteSubmit")}
      </button>
      {error && <FormError text={error} />}
      {link && (
        <CopyLink
          label={t("instructors.inviteLink", { date: formatDate(link.expiresAt, locale) })}
          url={link.url}
          testId="invitation-link"
        />
      )}
    </section>
  );
}

function InstructorList({ selfId }: { selfId: string }) {
  const { t } = useI18n();
  const [users, setUsers] = useState<ListedUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState("");
  const [confirm, setConfirm] = useState<ListedUser | null>(null);

  const load = useCallback(
    () =>
      callJson<{ users: ListedUser[] }>("/api/auth/admin/list-users?limit=200&sortBy=name").then((reply) => {
        if (reply.body && !reply.code) setUsers(reply.body.users);
        else setError(accountErrorText(t, reply));
      }),
    [t],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function setBanned(user: ListedUser, banned: boolean) {
    setError(null);
    const reply = await callJson(`/api/auth/admin/${banned ? "ban-user" : "unban-user"}`, "POST", { userId: user.id });
    if (reply.code) return setError(accountErrorText(t, reply));
    setDone(
      t("instructors.done", { name: user.name, state: t(banned ? "instructors.disabled" : "instructors.active") }),
    );
    await load();
  }

  return (
    <section aria-labelledby="instructor-list-heading" className={cardClass}>
      <h2 id="instructor-list-heading" className="text-xl font-bold">
        {t("account.instructors")}
      </h2>
      {error && <FormError text={error} />}
      <p role="status" className="text-slate-200">
        {done}
      </p>
      {users === null && !error && <p className="animate-pulse">{t("common.loading")}</p>}
      <ul className="divide-y divide-slate-700" data-testid="instructor-list">
        {users?.map((user) => (
          <li key={user.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
            <span className="min-w-0 flex-1">
              <span className="block font-semibold">
                {user.name} {user.id === selfId && <span className="text-slate-400">{t("instructors.you")}</span>}
              </span>
              <span className="block text-sm text-slate-300">
                {user.email} · {t(user.role === "admin" ? "account.admin" : "instructors.instructor")} ·{" "}
                {t(user.banned ? "instructors.disabled" : "instructors.active")}
              </span>
            </span>
            {user.id !== selfId &&
              (user.banned ? (
                <button
                  type="button"
                  onClick={() => void setBanned(user, false)}
                  className={secondaryButton}
                  aria-label={t("instructors.enableLabel", { name: user.name })}
                >
                  {t("instructors.enable")}
                </button>
              ) : (
                <button
                  type="button"
                  onClick={() => setConfirm(user)}
                  className={secondaryButton}
                  aria-label={t("instructors.disableLabel", { name: user.name })}
                >
                  {t("instructors.disable")}
                </button>
              ))}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={confirm !== null}
        title={t("instructors.disableTitle", { name: confirm?.name ?? "" })}
        message={t("instructors.disableText")}
        confirmLabel={t("instructors.disable")}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const user = confirm;
          setConfirm(null);
          if (user) void setBanned(user, true);
        }}
      />
    </section>
  );
}
