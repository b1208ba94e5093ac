"use client";
// The header's account control on instructor pages (site-header.tsx loads this file on demand, so
// it is not part of a student's first load): "Sign in" when signed out, else a disclosure button
// with the instructor's name that opens the account links. A share link's viewers (students after
// class) get nothing: their page makes no account call.
import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../i18n-provider";
import { callJson } from "./fetch-json";
import { SignInLink } from "./signed-out";
import { loadAccount, type SignedInInstructor } from "./me";

const item = "flex min-h-11 w-full items-center rounded-md px-3 text-left text-slate-100 hover:bg-slate-800";
const ACCOUNT_PAGES = ["/sign-in", "/sign-up", "/setup", "/invite"];

export function AccountMenu() {
  const { t } = useI18n();
  const [who, setWho] = useState<SignedInInstructor | null | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (new URLSearchParams(window.location.search).has("share")) return;
    if (ACCOUNT_PAGES.includes(window.location.pathname)) return;
    loadAccount().then(
      (account) => setWho(account.instructor),
      () => setWho(null),
    );
  }, []);

  // Esc closes and gives focus back to the button; a click elsewhere closes.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  if (who === undefined) return null;
  if (who === null)
    return (
      <SignInLink
        className="flex min-h-11 items-center px-2 text-slate-200 underline-offset-4 hover:underline"
        label={t("nav.signIn")}
      />
    );

  async function signOut() {
    await callJson("/api/auth/sign-out", "POST", {});
    window.location.assign("/sign-in");
  }

  return (
    <div ref={root} className="relative" data-testid="account-menu">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex min-h-11 max-w-48 items-center gap-1 rounded-md px-2 text-slate-100 hover:bg-slate-800"
      >
        <span className="truncate">{who.name}</span>
        <span className="sr-only"> – {t("account.menuLabel")}</span>
        <span aria-hidden>▾</span>
      </button>
      {open && (
        <div
          id={panelId}
          className="absolute right-0 z-30 mt-1 w-64 rounded-lg border border-slate-600 bg-slate-900 p-2 shadow-lg"
        >
          <p className="px-3 pb-2 text-sm text-slate-400">
            {who.email}
            {who.role === "admin" && ` · ${t("account.admin")}`}
          </p>
          <ul>
            <li>
              <a href="/sessions" className={item}>
                {t("account.mySessions")}
              </a>
            </li>
            <li>
              <a href="/account#passkey" className={item}>
                {t("account.addPasskey")}
              </a>
            </li>
            <li>
              <a href="/account#password" className={item}>
                {t("account.changePassword")}
              </a>
            </li>
            {who.role === "admin" && (
              <>
                <li>
                  <a href="/instructors#invite" className={item}>
                    {t("account.invite")}
                  </a>
                </li>
                <li>
                  <a href="/instructors" className={item}>
                    {t("account.instructors")}
                  </a>
                </li>
              </>
            )}
            <li>
              <button type="button" onClick={() => void signOut()} className={item}>
                {t("account.signOut")}
              </button>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
