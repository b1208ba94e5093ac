"use client";
// The class ranking as it stood at the replay step: what the live room ranked after that many
// updates, computed by the server from the stored full series (GET .../rounds/:n/ranking?step=k,
// lib/series/ranking-at-step.ts), never from the chart's reduced ones. Moving the replay slider
// asks again (debounced, the latest answer wins), so a class can see when the leader changed
// and when each run blew up.
import { useId } from "react";
import type { RoundRanking, RunSummary } from "../../../lib/api-types";
import { formatLoss, formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { StatusLabel } from "../status-label";
import { fetchRankingAt } from "./review-fetch";
import { useLatestAnswer } from "./use-latest-answer";

const SHOWN = 10;
/** Quiet spell after the slider's last move before asking: a drag asks a few times a second, not per step. */
const ASK_DELAY_MS = 100;

/** `context`: id of the round's heading, so two rounds' rankings at the same step have different names. */
export function ReplayRanking(props: {
  where: { id: string; share: string; round: number };
  runs: readonly RunSummary[];
  step: number;
  context?: string;
}) {
  const { where, runs, step, context } = props;
  const { t } = useI18n();
  const headingId = useId();
  const answer = useLatestAnswer<RoundRanking>(
    `${where.id}:${where.round}:${step}`,
    (signal) => fetchRankingAt(where, step, SHOWN, signal),
    ASK_DELAY_MS,
  );
  const shown = answer.value;

  return (
    <section
      aria-labelledby={context ? `${headingId} ${context}` : headingId}
      aria-busy={answer.loading}
      className="rounded-xl border border-slate-700 bg-slate-900 p-4"
    >
      {/* Not a live region: a slider dragged through 300 steps would flood a screen reader. */}
      <h3 id={headingId} className="text-xl font-bold">
        {t("history.rankingAt", { step })}
      </h3>
      {answer.failed && (
        <p
          role="alert"
          className="mt-2 rounded-md border border-oi-vermillion p-2 text-orange-200"
          data-testid="replay-ranking-error"
        >
          {t("history.rankingFailed")}
        </p>
      )}
      <ol
        className={`mt-2 space-y-1 transition-opacity ${answer.loading || answer.failed ? "opacity-50" : ""}`}
        data-testid="replay-ranking"
        data-step={shown?.step}
      >
        {shown?.ranking.map((entry) => {
          const run = runs[entry.run];
          return (
            <li
              key={entry.run}
              className="grid grid-cols-[2rem_minmax(0,1fr)_auto] items-baseline gap-x-2 rounded bg-slate-800 px-2 py-1"
            >
              <span className="text-right font-mono text-lg font-bold">{entry.rank}</span>
              <span className="min-w-0 truncate font-semibold">
                {run?.nickname}{" "}
                <span className="font-mono text-xs font-normal text-slate-400">
                  lr {run ? formatRate(run.learningRate) : ""}
                </span>
              </span>
              <span className="text-right font-mono">{formatLoss(entry.loss)}</span>
              <span />
              <span className="col-span-2 text-sm" data-testid="replay-status">
                <StatusLabel status={entry.status} divergedAtStep={entry.divergedAtStep} />
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
