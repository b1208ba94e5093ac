"use client";
// One stored session: every round with its chart (replayable with a step slider), results and
// the explanation, plus the CSV export. It reads the session's summary (GET .../summary), never
// the whole history: what it costs is what the screen shows, however long the rounds. The owner
// (or an admin) also gets the share controls; opened with ?share=<token> it is the read-only view
// of a share link (every read carries the token): no share controls, no links into the
// instructor's pages, and no account call.
import Link from "next/link";
import { useEffect, useState } from "react";
import { formatDate } from "../../_lib/format";
import { loadAccount } from "../account/me";
import { NotFound, SignedOut } from "../account/signed-out";
import { preloadLossChart } from "../chart/lazy-loss-chart";
import { useI18n } from "../i18n-provider";
import type { SessionReviewSummary } from "../../../lib/api-types";
import { RoundReview } from "./round-review";
import { csvHref, fetchReviewSummary } from "./review-fetch";
import { ShareControls } from "./share-controls";
import { LoadingPage } from "../loading-page";

export function SessionReview({ id, share = "" }: { id: string; share?: string }) {
  const { t, locale } = useI18n();
  const [session, setSession] = useState<SessionReviewSummary | null | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  // Not found without a share link: signed out gets "sign in, then come back", signed in "not found".
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    // The chart's code downloads while the summary does, not after it.
    preloadLossChart();
    fetchReviewSummary(id, share).then(
      async (found) => {
        if (!found && !share) setSignedOut(!(await loadAccount().catch(() => null))?.instructor);
        setSession(found);
      },
      () => setFailed(true),
    );
  }, [id, share]);

  if (failed)
    return (
      <main className="p-8">
        <p role="alert">{t("error.network")}</p>
      </main>
    );
  if (session === undefined) return <LoadingPage />;
  if (session === null) return signedOut ? <SignedOut /> : <NotFound />;

  return (
    <main className="mx-auto max-w-6xl space-y-6 p-4 sm:p-8">
      {share ? (
        <p className="text-slate-300" data-testid="shared-note">
          {t("history.sharedNote")}
        </p>
      ) : (
        <Link href="/sessions" className="inline-flex min-h-11 items-center text-slate-300 underline">
          ← {t("history.back")}
        </Link>
      )}
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-2">
        <h1 className="min-w-0 text-3xl font-bold">{session.title}</h1>
        <span className="font-mono text-slate-400">{session.code}</span>
        <span className="text-slate-300">
          {t("history.created")} <time dateTime={session.createdAt}>{formatDate(session.createdAt, locale)}</time>
        </span>
        <a
          href={csvHref(session.id, share)}
          download
          className="ml-auto inline-flex min-h-11 items-center rounded-md bg-oi-sky px-4 font-bold text-slate-950"
          data-testid="csv-link"
        >
          ⬇ {t("history.csv")}
        </a>
      </div>
      {!share && <ShareControls sessionId={session.id} />}
      {session.rounds.length === 0 && (
        <p className="rounded-xl border border-dashed border-slate-600 p-8 text-center">{t("history.noRounds")}</p>
      )}
      {session.rounds.map((round) => (
        <RoundReview key={round.number} sessionId={session.id} share={share} round={round} />
      ))}
    </main>
  );
}
