"use client";
// Students as they join, with their learning rate (hidden until the instructor reveals it, so
// nobody copies the "right" answer off the projector) and a remove button each.
import { useState } from "react";
import type { ParticipantView } from "../../../lib/protocol";
import { formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";

export function ParticipantList(props: {
  participants: ParticipantView[];
  onKick: (id: string) => void;
  canKick: boolean;
}) {
  const { t } = useI18n();
  const [showRates, setShowRates] = useState(false);
  const { participants } = props;
  const submitted = participants.filter((p) => p.learningRate !== null).length;
  return (
    <section aria-labelledby="participants-heading" className="rounded-xl border border-slate-700 bg-slate-900 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="participants-heading" className="mr-auto text-xl font-bold">
          {t("common.participants")} <span data-testid="participant-count">({participants.length})</span>
        </h2>
        <button
          type="button"
          aria-pressed={showRates}
          onClick={() => setShowRates((v) => !v)}
          className="min-h-11 rounded-md border border-slate-500 px-3 text-sm font-semibold hover:bg-slate-800"
        >
          {showRates ? t("host.hideRates") : t("host.showRates")}
        </button>
      </div>
      <p className="mt-1 text-slate-300">
        {t("host.ratesSubmitted", { count: submitted, total: participants.length })}
      </p>
      {participants.length === 0 ? (
        <p className="mt-6 animate-pulse text-center text-lg text-slate-400">{t("host.waiting")}</p>
      ) : (
        <ul className="mt-3 grid max-h-[55vh] gap-2 overflow-y-auto sm:grid-cols-2" data-testid="participant-list">
          {participants.map((p) => (
            <li key={p.id} className="flex items-center gap-2 rounded-md bg-slate-800 px-3 py-1">
              <span
                className={`size-2.5 shrink-0 rounded-full ${p.connected ? "bg-emerald-400" : "border border-slate-400"}`}
                aria-hidden
              />
              <span className="min-w-0 flex-1 truncate font-semibold" title={p.nickname}>
                {p.nickname}
                {!p.connected && <span className="ml-2 text-xs font-normal text-slate-400">{t("host.offline")}</span>}
              </span>
              <span className="font-mono text-sm text-slate-200">
                <RateCell rate={p.learningRate} shown={showRates} />
              </span>
              {props.canKick && (
                <button
                  type="button"
                  onClick={() => props.onKick(p.id)}
                  aria-label={t("host.kickLabel", { name: p.nickname })}
                  className="min-h-11 min-w-11 rounded-md px-2 text-slate-300 hover:bg-slate-700 hover:text-white"
                >
                  ✕
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A student's rate as the host sees it: none chosen yet, the number, or only that one was chosen. */
function RateCell({ rate, shown }: { rate: number | null; shown: boolean }) {
  const { t } = useI18n();
  if (rate === null) return <span className="text-slate-400">{t("host.noRate")}</span>;
  if (!shown) return <span className="text-emerald-300">✓ {t("host.hidden")}</span>;
  return formatRate(rate);
}
