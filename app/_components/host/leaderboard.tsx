"use client";
// Live top of the class, ranked like the server ranks (lib/room/ranking): lowest loss first,
// diverged runs last (the one that held out longer ahead).
import { useMemo } from "react";
import { statusName } from "../../../lib/gd";
import type { RunChoice } from "../../../lib/protocol";
import { rankRuns } from "../../../lib/room/ranking";
import { formatLoss, formatRate } from "../../_lib/format";
import type { SeriesStore } from "../chart/series-store";
import { useI18n } from "../i18n-provider";
import { OptimizerLabel } from "../optimizer-label";
import { StatusLabel } from "../status-label";

const SHOWN = 10;

export function Leaderboard(props: {
  store: SeriesStore;
  rates: number[];
  version: number;
  /** Each run's optimiser (the roster): shown as a shape and a name once a round has more than gd. */
  choices?: readonly Pick<RunChoice, "optimizer" | "momentum">[];
}) {
  const { t } = useI18n();
  const { store, rates, version, choices = [] } = props;
  const mixed = choices.some((c) => c.optimizer !== "gd");
  const rows = useMemo(() => {
    void version; // the store is mutated in place; version says when
    const order = new Int32Array(store.runs);
    const ranks = new Int32Array(store.runs);
    rankRuns({ losses: store.lastLoss, status: store.status, divergedAtStep: store.divergedAt }, order, ranks);
    return Array.from(order.slice(0, SHOWN), (i) => ({
      i,
      rank: ranks[i]!,
      nickname: store.labels[i]!,
      loss: store.lastLoss[i]!,
      status: statusName(store.status[i]!),
      divergedAt: store.divergedAt[i]! >= 0 ? store.divergedAt[i]! : null,
    }));
  }, [store, version]);

  return (
    <section aria-labelledby="leaderboard-heading" className="rounded-xl border border-slate-700 bg-slate-900 p-4">
      <h2 id="leaderboard-heading" className="text-xl font-bold">
        {t("host.leaderboard")}
      </h2>
      <ol className="mt-2 space-y-1" data-testid="leaderboard">
        {rows.map((row) => (
          <li
            key={row.i}
            className="grid grid-cols-[2rem_1fr_auto] items-baseline gap-x-2 rounded bg-slate-800 px-2 py-1"
          >
            <span className="text-right font-mono text-lg font-bold">{row.rank}</span>
            <span className="min-w-0 truncate font-semibold">
              {row.nickname}{" "}
              <span className="font-mono text-xs font-normal text-slate-400">
                lr {formatRate(rates[row.i] === undefined ? undefined : Number(rates[row.i]!.toPrecision(3)))}
              </span>
              {mixed && choices[row.i] && (
                <span className="ml-1 text-xs font-normal text-slate-300">
                  <OptimizerLabel optimizer={choices[row.i]!.optimizer} momentum={choices[row.i]!.momentum} />
                </span>
              )}
            </span>
            <span className="text-right font-mono">{formatLoss(row.loss)}</span>
            <span />
            <span className="col-span-2 text-sm">
              <StatusLabel status={row.status} divergedAtStep={row.divergedAt} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
