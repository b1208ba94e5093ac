"use client";
// Ranked results of a round (host after a round, history review).
import type { RoundResult } from "../../lib/protocol";
import { formatLoss, formatRate } from "../_lib/format";
import { useI18n } from "./i18n-provider";
import { OptimizerLabel } from "./optimizer-label";
import { StatusLabel } from "./status-label";

export function ResultsTable({ results, caption }: { results: RoundResult[]; caption: string }) {
  const { t } = useI18n();
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
          {results.map((r) => (
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
    </div>
  );
}
