"use client";
// The projector screen of one session: lobby (code, QR, students), live chart + leaderboard,
// results + explanation after a round. Everything is driven by room:state from the server.
import Link from "next/link";
import { useMemo, useState } from "react";
import { hasRoundDataset } from "../../../lib/datasets/dataset-copy";
import type { RoundSettings } from "../../../lib/protocol";
import { failureMessageKey } from "../../_lib/command-result";
import { SignInLink } from "../account/signed-out";
import { ConfirmDialog } from "../confirm-dialog";
import { ConnectionBanner } from "../connection-banner";
import { LazyLossChart } from "../chart/lazy-loss-chart";
import { Explanation } from "../explain/explanation";
import { useI18n } from "../i18n-provider";
import { LazyClassLandscape } from "../lesson/lazy-class-landscape";
import { ResultsTable } from "../results-table";
import { HostControls, type HostActions } from "./host-controls";
import { JoinPanel } from "./join-panel";
import { Leaderboard } from "./leaderboard";
import { NewRoundDialog } from "./new-round-dialog";
import { ParticipantList } from "./participant-list";
import { useHostRoom } from "./use-host-room";
import { RoomHeader } from "./room-header";

export function HostConsole({ code }: { code: string }) {
  const { t } = useI18n();
  const room = useHostRoom(code);
  const { state, store, finished, problem, command } = room;
  const [newRoundOpen, setNewRoundOpen] = useState(false);
  // Ending the session and removing a student cannot be undone: both ask first.
  const [confirm, setConfirm] = useState<{ kind: "end" } | { kind: "kick"; id: string; name: string } | null>(null);
  const rates = useMemo(() => state?.roster.map((r) => r.learningRate) ?? [], [state?.roster]);

  if (problem?.kind === "no-key")
    return (
      <Notice text={t("host.noKey", { code })}>
        <SignInLink />
      </Notice>
    );
  if (room.ended || state?.status === "ended")
    return (
      <Notice text={t("host.ended")}>
        {state && (
          <Link
            href={`/sessions/${state.sessionId}`}
            className="mt-4 inline-flex min-h-11 items-center rounded-md bg-oi-sky px-4 font-bold text-slate-950"
          >
            {t("host.viewHistory")}
          </Link>
        )}
      </Notice>
    );
  if (!state && !problem && room.trouble)
    return (
      <main className="mx-auto max-w-2xl p-8">
        <ConnectionBanner trouble={room.trouble} heading />
      </main>
    );
  if (!state) return <Notice text={problem ? t(failureMessageKey(problem)) : t("common.connecting")} busy={!problem} />;

  const actions: HostActions = {
    start: () => void command("host:start"),
    pause: () => void command("host:pause"),
    resume: () => void command("host:resume"),
    step: () => void command("host:step"),
    newRound: () => setNewRoundOpen(true),
    toggleLock: () => void command("host:lock", { locked: !state.locked }),
    end: () => setConfirm({ kind: "end" }),
  };
  // The settings with the copy of an instructor's dataset they name (sent once per round).
  const withCopy = (settings: RoundSettings) => ({ ...settings, datasetCopy: room.datasetCopy });
  const source = withCopy(state.settings);
  const inRound = state.status === "running" || state.status === "paused" || state.status === "finished";
  const askKick = (id: string) => {
    const name = state.participants.find((p) => p.id === id)?.nickname ?? "";
    setConfirm({ kind: "kick", id, name });
  };

  return (
    <main className="mx-auto max-w-[1600px] space-y-4 p-4">
      <RoomHeader
        state={state}
        datasetCopy={room.datasetCopy}
        step={Math.max(state.step, store?.lastStep ?? 0)}
        connection={room.connection}
      />
      <HostControls state={state} actions={actions} />
      <p className="text-sm text-slate-400">
        {t("host.shortcuts")}: {t("host.shortcutList")}
      </p>
      <ConnectionBanner trouble={room.trouble} />
      {problem && (
        <p role="alert" className="flex items-center gap-3 rounded-md border border-orange-400 p-2 text-orange-100">
          {t(failureMessageKey(problem))}
          <button type="button" onClick={room.dismiss} className="ml-auto min-h-11 px-3 underline">
            OK
          </button>
        </p>
      )}
      {room.warning && (
        <p role="status" className="rounded-md border border-yellow-400 p-2 text-yellow-100">
          {t(`warning.${room.warning}`)}
        </p>
      )}

      {inRound && store ? (
        <div className="grid gap-4 xl:grid-cols-[1fr_24rem]">
          {/* Curves and landscape side by side: both above the fold of a 1366×768 projector. */}
          <div className="grid min-w-0 items-start gap-4 lg:grid-cols-2">
            <div className="min-w-0 rounded-xl border border-slate-700 bg-slate-900 p-2">
              <LazyLossChart store={store} label={t("host.chartLabel")} stepLabel={t("common.step")} height={420} />
            </div>
            {hasRoundDataset(source) && (
              <LazyClassLandscape store={store} rates={rates} choices={state.roster} settings={source} />
            )}
          </div>
          <div className="space-y-4">
            <JoinPanel code={state.code} compact />
            <Leaderboard store={store} rates={rates} version={room.tickVersion} choices={state.roster} />
          </div>
        </div>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[minmax(18rem,28rem)_1fr]">
          <JoinPanel code={state.code} />
          <ParticipantList participants={state.participants} canKick onKick={askKick} />
        </div>
      )}

      {state.status === "finished" && finished && (
        <div className="grid gap-4 xl:grid-cols-2">
          <ResultsTable results={finished.results} caption={t("host.results")} />
          {hasRoundDataset(withCopy(finished.settings)) && (
            <Explanation
              settings={withCopy(finished.settings)}
              rates={finished.results.map((r) => r.learningRate)}
              choices={finished.results}
            />
          )}
        </div>
      )}
      {state.status === "finished" && <ParticipantList participants={state.participants} canKick onKick={askKick} />}

      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.kind === "kick" ? t("host.kickTitle", { name: confirm.name }) : t("host.endTitle")}
        message={confirm?.kind === "kick" ? t("host.kickText") : t("host.endConfirm")}
        confirmLabel={confirm?.kind === "kick" ? t("host.kick") : t("host.end")}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          if (confirm?.kind === "kick") void command("host:kick", { participantId: confirm.id });
          else if (confirm?.kind === "end") void command("host:end");
        }}
      />
      <NewRoundDialog
        open={newRoundOpen}
        initial={state.settings}
        datasetCopy={room.datasetCopy}
        onClose={() => setNewRoundOpen(false)}
        onSubmit={(settings) => {
          setNewRoundOpen(false);
          void command("host:newRound", settings);
        }}
      />
    </main>
  );
}

function Notice({ text, busy = false, children }: { text: string; busy?: boolean; children?: React.ReactNode }) {
  return (
    <main className="mx-auto max-w-2xl p-8 text-center">
      <h1 className={`text-xl ${busy ? "animate-pulse text-slate-300" : ""}`}>
        <span role={busy ? "status" : "alert"}>{text}</span>
      </h1>
      {children}
    </main>
  );
}
