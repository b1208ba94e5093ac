"use client";
// A student's view while a round runs and after it: own status in words (with a shape), rank,
// own curve, and the top of the class.
import { lazy, Suspense } from "react";
import type { DatasetCopy, RoundFinished, RoundSettings, RunChoice } from "../../../lib/protocol";
import type { StudentTickView } from "../../../lib/tick-codec";
import { formatLoss, formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { StatusLabel } from "../status-label";
import { Sparkline } from "./sparkline";

// The "why" card, own landscape and notebook (lib/gd's re-run of the student's own run): a chunk
// of its own, fetched after joining (student-app preloads it), never with the join page.
const StudentLesson = lazy(() => import("../lesson/student-lesson"));

const STATUS_ICON = { running: "↘", converged: "✓", diverged: "✕", max_steps: "■" } as const;
// A phone held sideways has width but little height: numbers and curve side by side.
const OWN_RUN_CLASS =
  "rounded-xl border border-slate-700 bg-slate-900 p-4 " +
  "landscape:grid landscape:grid-cols-2 landscape:items-center landscape:gap-4";

export function StudentLive(props: {
  tick: StudentTickView | null;
  losses: number[];
  finished: RoundFinished | null;
  participantId: string;
  settings: RoundSettings;
  /** The copy of an instructor's dataset the settings name (null: a built-in). */
  datasetCopy: DatasetCopy | null;
  learningRate: number | null;
  /** The optimiser the student picked (the round's result once it is over). */
  choice: Pick<RunChoice, "optimizer" | "momentum">;
}) {
  const { t } = useI18n();
  const { tick, finished } = props;
  const mine = finished?.results.find((r) => r.participantId === props.participantId);
  const you = mine
    ? { status: mine.status, rank: mine.rank, loss: mine.finalLoss, divergedAtStep: mine.divergedAtStep }
    : (tick?.you ?? null);
  const runs = finished?.runs ?? tick?.runs ?? 0;
  const top = finished
    ? finished.results
        .slice(0, 3)
        .map((r) => ({ rank: r.rank, nickname: r.nickname, loss: r.finalLoss, status: r.status, lr: r.learningRate }))
    : (tick?.top.map((e) => ({ ...e, lr: null })) ?? []);
  const lr = mine?.learningRate ?? props.learningRate;

  return (
    <div className="space-y-4">
      {you ? (
        <section aria-labelledby="you-heading" className={OWN_RUN_CLASS} data-testid="own-run">
          <div>
            <h2 id="you-heading" className="text-lg font-bold text-slate-300">
              {t("join.you")}
            </h2>
            <p className="mt-1 text-2xl" data-testid="own-status">
              <StatusLabel status={you.status} divergedAtStep={you.divergedAtStep} />
            </p>
            <dl className="mt-2 grid grid-cols-3 gap-2 text-center">
              <div>
                <dt className="text-xs text-slate-400">{t("common.rank")}</dt>
                <dd className="font-mono text-2xl font-bold" data-testid="own-rank">
                  {you.rank}
                  <span className="text-sm font-normal text-slate-400"> {t("join.ofRuns", { runs })}</span>
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-400">{t("common.step")}</dt>
                <dd className="font-mono text-2xl font-bold">{tick?.step ?? "—"}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-400">{t("common.loss")}</dt>
                <dd className="font-mono text-lg font-bold">{formatLoss(you.loss)}</dd>
              </div>
            </dl>
          </div>
          <div className="mt-3 landscape:mt-0">
            <Sparkline losses={props.losses} status={you.status} label={t("join.yourCurve")} />
          </div>
        </section>
      ) : (
        <p className="rounded-xl border border-slate-700 bg-slate-900 p-4 text-slate-200">{t("join.noRun")}</p>
      )}
      {you && lr !== null && (
        <Suspense fallback={null}>
          <StudentLesson
            settings={{ ...(finished?.settings ?? props.settings), datasetCopy: props.datasetCopy }}
            lr={lr}
            choice={mine ?? props.choice}
            played={finished ? Infinity : (tick?.step ?? 0)}
          />
        </Suspense>
      )}
      {top.length > 0 && (
        <section aria-labelledby="top-heading" className="rounded-xl border border-slate-700 bg-slate-900 p-4">
          <h2 id="top-heading" className="text-lg font-bold">
            {t("join.top")}
          </h2>
          <ol className="mt-2 space-y-1">
            {top.map((e, i) => (
              <li key={i} className="flex items-baseline gap-2 rounded bg-slate-800 px-2 py-1">
                <span className="w-6 text-right font-mono font-bold">{e.rank}</span>
                <span className="min-w-0 flex-1 truncate font-semibold">
                  <span aria-hidden className="mr-1">
                    {STATUS_ICON[e.status]}
                  </span>
                  {e.nickname}
                  <span className="sr-only"> ({t(`status.${e.status}`)})</span>
                </span>
                {e.lr !== null && <span className="font-mono text-xs text-slate-400">lr {formatRate(e.lr)}</span>}
                <span className="font-mono text-sm">{formatLoss(e.loss)}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
