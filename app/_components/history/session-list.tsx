"use client";
// "My sessions": the signed-in instructor's past sessions, newest first, 20 at a time with "load
// more" (cursor pagination from the API). Admins may switch to everybody's, with each owner's name.
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import type { SessionPage, SessionSummary } from "../../../lib/api-types";
import { formatDate } from "../../_lib/format";
import { SignedOut } from "../account/signed-out";
import { useAccount } from "../account/use-account";
import { useI18n } from "../i18n-provider";

const PAGE = 20;

export function SessionList() {
  const { t, locale } = useI18n();
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [phase, setPhase] = useState<"loading" | "idle" | "error" | "signed-out">("loading");
  const admin = useAccount()?.instructor?.role === "admin";
  const [all, setAll] = useState(false);
  // After "load more", focus goes to the first new session (the button may be gone by then).
  const firstNew = useRef<number | null>(null);
  const [added, setAdded] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  // Sets no state before its first await, so the first load can run from an effect.
  const load = useCallback(
    async (after: string | null) => {
      try {
        const query = new URLSearchParams({
          limit: String(PAGE),
          ...(after ? { cursor: after } : {}),
          ...(all ? { all: "1" } : {}),
        });
        const response = await fetch(`/api/sessions?${query}`, { cache: "no-store" });
        if (!response.ok) throw new Error(response.status === 401 ? "SIGNED_OUT" : `HTTP ${response.status}`);
        const body = (await response.json()) as SessionPage;
        setSessions((prev) => {
          firstNew.current = after ? prev.length : null;
          return after ? [...prev, ...body.sessions] : body.sessions;
        });
        setAdded(after ? body.sessions.length : 0);
        setCursor(body.nextCursor);
        setPhase("idle");
      } catch (caught) {
        setPhase((caught as Error).message === "SIGNED_OUT" ? "signed-out" : "error");
      }
    },
    [all],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => {
    if (firstNew.current === null) return;
    listRef.current?.querySelectorAll("a")[firstNew.current]?.focus();
    firstNew.current = null;
  }, [sessions]);

  if (phase === "signed-out") return <SignedOut />;
  return (
    <main className="mx-auto max-w-4xl space-y-4 p-4 sm:p-8">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-3xl font-bold">{t(all ? "history.all" : "account.mySessions")}</h1>
        {admin && (
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              checked={all}
              onChange={(event) => {
                setPhase("loading");
                setAll(event.target.checked);
              }}
              className="size-5 accent-amber-400"
              data-testid="all-sessions"
            />
            {t("history.all")}
          </label>
        )}
      </div>
      {phase !== "loading" && phase !== "error" && sessions.length === 0 && (
        <p
          className="rounded-xl border border-dashed border-slate-600 p-8 text-center text-lg text-slate-300"
          data-testid="history-empty"
        >
          {t("history.empty")}{" "}
          <Link href="/" className="underline">
            {t("nav.home")}
          </Link>
        </p>
      )}
      <ul ref={listRef} className="space-y-2" data-testid="session-list">
        {sessions.map((s) => (
          <li key={s.id}>
            <Link
              href={`/sessions/${s.id}`}
              className="block rounded-xl border border-slate-700 bg-slate-900 p-4 hover:border-slate-400"
            >
              <span className="flex flex-wrap items-baseline gap-x-3">
                <span className="min-w-0 truncate text-xl font-bold">{s.title}</span>
                <span className="font-mono text-slate-400">{s.code}</span>
                {!s.endedAt && (
                  <span className="rounded-full bg-oi-green px-2 text-sm font-semibold text-slate-950">
                    {t("history.live")}
                  </span>
                )}
              </span>
              <span className="mt-1 block text-slate-300">
                <time dateTime={s.createdAt}>{formatDate(s.createdAt, locale)}</time> ·{" "}
                {t("history.participants", { count: s.participantCount })} ·{" "}
                {t("history.rounds", { count: s.roundCount })}
                {all && <> · {s.ownerName ? t("history.owner", { name: s.ownerName }) : t("history.noOwner")}</>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <p role="status" className="sr-only">
        {added > 0 ? t("history.moreLoaded", { count: added }) : ""}
      </p>
      {phase === "loading" && (
        <p role="status" className="animate-pulse text-slate-300">
          {t("common.loading")}
        </p>
      )}
      {phase === "error" && (
        <p role="alert" className="text-orange-200">
          {t("error.network")}{" "}
          <button
            type="button"
            onClick={() => {
              setPhase("loading");
              void load(sessions.length ? cursor : null);
            }}
            className="min-h-11 underline"
          >
            {t("common.retry")}
          </button>
        </p>
      )}
      {phase === "idle" && cursor && (
        <button
          type="button"
          onClick={() => {
            setPhase("loading");
            void load(cursor);
          }}
          className="min-h-12 w-full rounded-md border border-slate-400 font-semibold hover:bg-slate-800"
        >
          {t("history.loadMore")}
        </button>
      )}
    </main>
  );
}
