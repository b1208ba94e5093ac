"use client";
// The class ranking as it stood at the replay step: each run's loss at that step (or its last one
// if it had already stopped), ranked like the server ranks (lib/room/ranking). Moving the replay
// slider re-ranks, so a class can see when the leader changed and when each run blew up.
import { useId, useMemo } from "react";
import { STATUS } from "../../../lib/gd";
import type { RunStatus } from "../../../lib/protocol";
import { rankRuns } from "../../../lib/room/ranking";
import { formatLoss, formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { StatusLabel } from "../status-label";
import type { RunRecord } from "../host/round-history";

const SHOWN = 10;
const CODE: Record<string, number> = {
  converged: STATUS.CONVERGED,
  diverged: STATUS.DIVERGED,
  max_steps: STATUS.MAX_STEPS,
};

/** `context`: id of the round's heading, so two rounds' rankings at the same step have different names. */
export function ReplayRanking({ runs, step, context }: { runs: RunRecord[]; step: number; context?: string }) {
  const { t } = useI18n();
  const headingId = useId();
  const rows = useMemo(() => {
    const count = runs.length;
    const losses = new Float64Array(count);
    const status = new Uint8Array(count);
    const divergedAtStep = new Int32Array(count).fill(-1);
    runs.forEach((run, i) => {
      const last = run.losses.length - 1;
      losses[i] = run.losses[Math.min(step, last)] ?? NaN;
      // A run shows its final status from the step where it stopped on, "running" before.
      // (A blow-up to a non-finite loss stores no loss for that step: count from divergedAtStep.)
      const end = run.status === "diverged" && run.divergedAtStep !== null ? Math.max(last, run.divergedAtStep) : last;
      const stopped = step >= end && run.status !== "running" && run.status !== "interrupted";
      status[i] = stopped ? (CODE[run.status] ?? STATUS.RUNNING) : STATUS.RUNNING;
      if (stopped && run.divergedAtStep !== null) divergedAtStep[i] = run.divergedAtStep;
    });
    const order = new Int32Array(count);
    const ranks = new Int32Array(count);
    rankRuns({ losses, status, divergedAtStep }, order, ranks);
    const names = ["running", "converged", "diverged", "max_steps"] as const;
    return Array.from(order.slice(0, SHOWN), (i) => ({
      i,
      rank: ranks[i]!,
      run: runs[i]!,
      loss: losses[i]!,
      status: names[status[i]!] as RunStatus,
      divergedAt: divergedAtStep[i]! >= 0 ? divergedAtStep[i]! : null,
    }));
  }, [runs, step]);

  return (
    <section
      aria-labelledby={context ? `${headingId} ${context}` : headingId}
      className="rounded-xl border border-slate-700 bg-slate-900 p-4"
    >
      {/* Not a live region: a slider dragged through 300 steps would flood a screen reader. */}
      <h3 id={headingId} className="text-xl font-bold">
        {t("history.rankingAt", { step })}
      </h3>
      <ol className="mt-2 space-y-1" data-testid="replay-ranking">
        {rows.map((row) => (
          <li
            key={row.i}
            className="grid grid-cols-[2rem_minmax(0,1fr)_auto] items-baseline gap-x-2 rounded bg-slate-800 px-2 py-1"
          >
            <span className="text-right font-mono text-lg font-bold">{row.rank}</span>
            <span className="min-w-0 truncate font-semibold">
              {row.run.nickname}{" "}
              <span className="font-mono text-xs font-normal text-slate-400">
                lr {formatRate(row.run.learningRate)}
              </span>
            </span>
            <span className="text-right font-mono">{formatLoss(row.loss)}</span>
            <span />
            <span className="col-span-2 text-sm" data-testid="replay-status">
              <StatusLabel status={row.status} divergedAtStep={row.divergedAt} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
