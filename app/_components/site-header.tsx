"use client";
// Top bar on every page: home link, Join / History, the account menu and the language switch.
// Plain <a> links, not next/link: the router code behind <Link> weighs ~6 KB gzipped on every
// phone, and a full page load between these few pages costs nothing noticeable.
// The account menu is for instructor pages only and arrives as its own chunk after the first load:
// the student pages (/join...) neither download it nor make any account call.
import { usePathname } from "next/navigation";
import { lazy, Suspense } from "react";
import { useI18n } from "./i18n-provider";

const AccountMenu = lazy(() => import("./account/account-menu").then((m) => ({ default: m.AccountMenu })));
const isStudentPage = (path: string) => path === "/join" || path.startsWith("/join/");

const link =
  "flex min-h-11 min-w-11 items-center justify-center px-2 text-slate-200 underline-offset-4 hover:underline";

export function SiteHeader() {
  const { t, locale, setLocale } = useI18n();
  const other = locale === "en" ? "zh-CN" : "en";
  const student = isStudentPage(usePathname() ?? "/");
  return (
    <header className="border-b border-slate-700 bg-slate-900">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-1 gap-y-1 px-3 py-1 sm:gap-x-4 sm:px-4"
      >
        <a href="/" className="mr-auto flex min-h-11 items-center text-base font-bold text-white sm:text-lg">
          <span aria-hidden className="mr-2 text-amber-400">
            ∇
          </span>
          {t("app.name")}
        </a>
        <a href="/join" className={link}>
          {t("nav.join")}
        </a>
        <a href="/sessions" className={link}>
          {t("nav.history")}
        </a>
        {!student && (
          <Suspense fallback={null}>
            <AccountMenu />
          </Suspense>
        )}
        {/* The name is the visible text plus a hidden explanation (not an aria-label), so speech
            input users can say what they see (WCAG 2.5.3); lang lets a screen reader voice 中文. */}
        <button
          type="button"
          onClick={() => setLocale(other)}
          data-testid="language-toggle"
          className="min-h-11 min-w-11 rounded-md border border-slate-500 px-2 text-sm font-semibold text-white hover:bg-slate-800"
        >
          <span lang={other}>{t("lang.toggle")}</span>
          <span className="sr-only"> – {t("lang.toggleLabel")}</span>
        </button>
      </nav>
    </header>
  );
}
