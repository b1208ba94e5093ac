"use client";
// One stored session: every round with its chart (replayable with a step slider), results and
// the explanation, plus the CSV export.
import Link from "next/link";
import { useEffect, useState } from "react";
import { formatDate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { fetchSession, type SessionRecord } from "../host/round-history";
import { RoundReview } from "./round-review";

export function SessionReview({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const [session, setSession] = useState<SessionRecord | null | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    fetchSession(id).then(setSession, () => setFailed(true));
  }, [id]);

  if (failed)
    return (
      <main className="p-8">
        <p role="alert">{t("error.network")}</p>
      </main>
    );
  if (session === undefined)
    return (
      <main className="p-8">
        <p role="status" className="animate-pulse">
          {t("common.loading")}
        </p>
      </main>
    );
  if (session === null)
    return (
      <main className="p-8">
        <p role="alert">{t("history.notFound")}</p>
      </main>
    );

  return (
    <main className="mx-auto max-w-6xl space-y-6 p-4 sm:p-8">
      <Link href="/sessions" className="inline-flex min-h-11 items-center text-slate-300 underline">
        ← {t("history.back")}
      </Link>
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-2">
        <h1 className="min-w-0 text-3xl font-bold">{session.title}</h1>
        <span className="font-mono text-slate-400">{session.code}</span>
        <span className="text-slate-300">
          {t("history.created")} <time dateTime={session.createdAt}>{formatDate(session.createdAt, locale)}</time>
        </span>
        <a
          href={`/api/sessions/${session.id}/export.csv`}
          download
          className="ml-auto inline-flex min-h-11 items-center rounded-md bg-oi-sky px-4 font-bold text-slate-950"
          data-testid="csv-link"
        >
          ⬇ {t("history.csv")}
        </a>
      </div>
      {session.rounds.length === 0 && (
        <p className="rounded-xl border border-dashed border-slate-600 p-8 text-center">{t("history.noRounds")}</p>
      )}
      {session.rounds.map((round) => (
        <RoundReview key={round.number} sessionId={session.id} round={round} />
      ))}
    </main>
  );
}
