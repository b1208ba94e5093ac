"use client";
// Title, round, status and the big step counter at the top of the projector screen.
import type { DatasetCopy, HostRoomState } from "../../../lib/protocol";
import { datasetLabel } from "../../_lib/dataset-label";
import type { Connection } from "../../_lib/socket";
import { useI18n } from "../i18n-provider";

const STATUS_STYLE: Record<HostRoomState["status"], string> = {
  lobby: "bg-slate-700 text-white",
  running: "bg-oi-green text-slate-950",
  paused: "bg-oi-yellow text-slate-950",
  finished: "bg-oi-sky text-slate-950",
  ended: "bg-slate-600 text-white",
};

export function RoomHeader({
  state,
  datasetCopy,
  step,
  connection,
}: {
  state: HostRoomState;
  /** The copy of an instructor's dataset the settings name, for its name. */
  datasetCopy: DatasetCopy | null;
  step: number;
  connection: Connection;
}) {
  const { t } = useI18n();
  const { settings } = state;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <h1 className="min-w-0 truncate text-3xl font-bold" title={state.title}>
        {state.title}
      </h1>
      <span
        className={`rounded-full px-3 py-1 font-semibold ${STATUS_STYLE[state.status]}`}
        data-testid="room-status"
        data-status={state.status}
      >
        {t(`room.${state.status}`)}
      </span>
      {state.round > 0 && <span className="text-lg text-slate-300">{t("common.round", { n: state.round })}</span>}
      <span className="text-slate-300">
        {datasetLabel(t, { dataset: settings.dataset, datasetCopy })} ·{" "}
        {t(settings.standardized ? "features.standardized" : "features.raw")}
      </span>
      {state.locked && (
        <span className="rounded-full border border-yellow-400 px-3 py-1 text-yellow-100">{t("host.locked")}</span>
      )}
      {connection !== "connected" && (
        <span role="status" className="text-orange-200">
          {t(connection === "connecting" ? "common.connecting" : "common.reconnecting")}
        </span>
      )}
      {state.status !== "lobby" && (
        <span className="ml-auto font-mono text-3xl font-bold" data-testid="step-counter" aria-live="off">
          {t("common.step")} {step} / {settings.maxSteps}
        </span>
      )}
    </div>
  );
}
