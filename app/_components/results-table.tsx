"use client";
// Ranked results of a round (host after a round, history review). With `limit`, the top `limit`
// rows and a button for the rest: a class of 1,000 is 1,000 table rows to render and lay out,
// which on a slow laptop costs seconds the page's first screen should not wait for.
import { useState } from "react";
import type { RoundResult } from "../../lib/protocol";
import { formatLoss, formatRate } from "../_lib/format";
import { useI18n } from "./i18n-provider";
import { OptimizerLabel } from "./optimizer-label";
import { StatusLabel } from "./status-label";

export function ResultsTable({
  results,
  caption,
  limit = Infinity,
}: {
  results: RoundResult[];
  caption: string;
  /** Rows shown until "show all" is pressed (default: all). */
  limit?: number;
}) {
  const { t } = useI18n();
  const [showAll, setShowAll] = useState(false);
  const cut = !showAll && results.length > limit;
  const shown = cut ? results.slice(0, limit) : results;
  // The optimiser column only once a round has more than the lesson's plain descent.
  const mixed = results.some((r) => r.optimizer !== "gd");
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-700 bg-slate-900 p-4">
      <table className="w-full text-left" data-testid="results-table">
        <caption className="mb-2 text-left text-xl font-bold">{caption}</caption>
        <thead className="text-slate-300">
          <tr>
            <th scope="col" className="py-1 pr-3">
              {t("common.rank")}
            </th>
            <th scope="col" className="py-1 pr-3">
              {t("common.nickname")}
            </th>
            <th scope="col" className="py-1 pr-3">
              {t("common.learningRate")}
            </th>
            {mixed && (
              <th scope="col" className="py-1 pr-3">
                {t("common.optimizer")}
              </th>
            )}
            <th scope="col" className="py-1 pr-3">
              {t("common.status")}
            </th>
            <th scope="col" className="py-1 text-right">
              {t("common.loss")}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.participantId} className="border-t border-slate-700">
              <td className="py-1 pr-3 font-mono font-bold">{r.rank}</td>
              <td className="max-w-48 truncate py-1 pr-3 font-semibold">{r.nickname}</td>
              <td className="py-1 pr-3 font-mono">{formatRate(r.learningRate)}</td>
              {mixed && (
                <td className="py-1 pr-3">
                  <OptimizerLabel optimizer={r.optimizer} momentum={r.momentum} />
                </td>
              )}
              <td className="py-1 pr-3">
                <StatusLabel status={r.status} divergedAtStep={r.divergedAtStep} />
              </td>
              <td className="py-1 text-right font-mono">{formatLoss(r.finalLoss)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cut && (
        <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2">
          <p className="text-slate-300" data-testid="results-top-shown">
            {t("results.topShown", { shown: shown.length, total: results.length })}
          </p>
          <button
            type="button"
            onClick={() => setShowAll(true)}
            className="min-h-11 rounded-md border border-slate-500 px-4 font-semibold"
            data-testid="results-show-all"
          >
            {t("results.showAll", { total: results.length })}
          </button>
        </div>
      )}
    </div>
  );
}
