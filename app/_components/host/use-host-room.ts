"use client";
// The instructor's live connection: attach with the host key from localStorage, or without one as
// the signed-in owner on another device (the socket's handshake carries the session cookie), again
// after every reconnect; mirror the room state, feed ticks into the chart's SeriesStore, and recover the
// round so far from the history API after a reload.
import { useCallback, useRef, useState } from "react";
import { hasRoundDataset } from "../../../lib/datasets/dataset-copy";
import type {
  CommandName,
  CommandReply,
  DatasetCopy,
  HostRoomState,
  HostTick,
  RoundFinished,
  RoundResult,
} from "../../../lib/protocol";
import { decodeHostTick } from "../../../lib/tick-codec";
import { initialLoss } from "../../_lib/initial-loss";
import { loadHostToken } from "../../_lib/storage";
import { failureOf, type CommandFailure, type CommandResult } from "../../_lib/command-result";
import { request, useArenaSocket, type PayloadArgs } from "../../_lib/socket";
import { rewindStep, tickVerdict, type ShownStep } from "../../_lib/tick-order";
import { lossAxisHint } from "../chart/axis-hint";
import { SeriesStore } from "../chart/series-store";
import { fetchRoundHistory, resultsFromHistory } from "./round-history";

export type HostProblem = { kind: "no-key" } | CommandFailure;
type HostCommand = Exclude<Extract<CommandName, `host:${string}`>, "host:attach">;

export function useHostRoom(code: string) {
  const [state, setState] = useState<HostRoomState | null>(null);
  const [store, setStore] = useState<SeriesStore | null>(null);
  const [finished, setFinished] = useState<RoundFinished | null>(null);
  const [problem, setProblem] = useState<HostProblem | null>(null);
  const [ended, setEnded] = useState(false);
  const [warning, setWarning] = useState<"STORAGE_DEGRADED" | "CLUSTER_DEGRADED" | null>(null);
  const [tickVersion, setTickVersion] = useState(0);
  const storeRef = useRef<SeriesStore | null>(null);
  // The round storeRef's store draws (its key ends with it).
  const storeRoundRef = useRef(0);
  const frameRef = useRef(0);
  // The copy of an instructor's dataset the settings name (null: a built-in), sent once per round.
  const [datasetCopy, setDatasetCopy] = useState<DatasetCopy | null>(null);
  const copyRef = useRef<DatasetCopy | null>(null);
  const lastStateRef = useRef<HostRoomState | null>(null);

  const keepCopy = useCallback((copy: DatasetCopy | null) => {
    copyRef.current = copy;
    setDatasetCopy(copy);
  }, []);

  /** After a reload: the stored part of this round (flushed every second) fills the chart. */
  const recover = useCallback(async (room: HostRoomState, target: SeriesStore) => {
    const round = await fetchRoundHistory(room.sessionId, room.round).catch(() => null);
    if (!round || storeRef.current !== target) return;
    const byId = new Map(round.runs.map((run) => [run.participantId, run]));
    const runs = room.roster.map((entry) => byId.get(entry.participantId));
    const steps = Math.max(0, ...runs.map((run) => run?.losses.length ?? 0));
    if (target.lastStep > 0) return; // live ticks already started; keep them rather than mixing
    const row = new Float64Array(runs.length);
    for (let k = 1; k < steps; k++) {
      runs.forEach((run, i) => (row[i] = run?.losses[k] ?? NaN));
      target.push(k, row, null);
    }
    if (room.status === "finished")
      setFinished({
        round: room.round,
        settings: room.settings,
        runs: runs.length,
        results: resultsFromHistory(round),
      });
  }, []);

  const applyState = useCallback(
    (next: HostRoomState) => {
      lastStateRef.current = next;
      setState(next);
      if (next.status === "ended") setEnded(true);
      if (next.status === "lobby" || next.roster.length === 0) {
        storeRef.current = null;
        setStore(null);
        setFinished(null);
        return;
      }
      const key = `${next.sessionId}:${next.round}`;
      const current = storeRef.current;
      if (current?.key === key) {
        // Taken over by another server process and stopped at an earlier step: show that step.
        const back = rewindStep(shownStep(current, storeRoundRef.current), next);
        if (back === null) return;
        const cut = current.rewoundTo(back);
        storeRef.current = cut;
        setStore(cut);
        // Steps this page never had (it was reloaded after them) may be stored.
        if (cut.lastStep < back) void recover(next, cut);
        return;
      }
      const source = { ...next.settings, datasetCopy: copyRef.current };
      if (!hasRoundDataset(source)) return; // its copy is on the way (room:dataset): drawn when it comes
      // A new round (or a reload mid-round): step 0 is the same for every run and known locally.
      const fresh = new SeriesStore(
        key,
        next.roster.map((entry) => entry.nickname),
        lossAxisHint(source),
        next.roster.map((entry) => entry.optimizer),
      );
      fresh.push(0, new Float64Array(next.roster.length).fill(initialLoss(source)), null);
      storeRef.current = fresh;
      storeRoundRef.current = next.round;
      setStore(fresh);
      setFinished(null);
      if (next.step > 0) void recover(next, fresh);
    },
    [recover],
  );

  const onTick = useCallback((tick: HostTick) => {
    const target = storeRef.current;
    // Nothing drawn yet, a late tick of an older round, a step already drawn (replayed after a
    // takeover), or a new round's tick ahead of its state (which makes the new store): all skipped.
    if (!target || tickVerdict(shownStep(target, storeRoundRef.current), tick) !== "draw") return;
    const { losses, statuses } = decodeHostTick(tick);
    target.push(tick.step, losses, statuses);
    // Leaderboard and step counter re-render at most once per frame.
    if (!frameRef.current)
      frameRef.current = requestAnimationFrame(() => {
        frameRef.current = 0;
        setTickVersion((v) => v + 1);
      });
  }, []);

  const { whenSocket, connection, trouble } = useArenaSocket((socket) => {
    const hostToken = loadHostToken(code);
    socket.on("connect", async () => {
      const ack = await request(socket, "host:attach", hostToken ? { code, hostToken } : { code });
      if (ack.ok) {
        setProblem(null);
        keepCopy(ack.datasetCopy);
        applyState(ack.state);
        return;
      }
      const failure = failureOf(ack);
      if (!hostToken && failure.kind === "refused" && failure.code === "NOT_HOST") {
        // Neither a key here nor signed in as the owner: say how to get in, and stop retrying.
        setProblem({ kind: "no-key" });
        socket.disconnect();
      } else setProblem(failure);
    });
    socket.on("room:state", (next) => {
      if (next.view === "host") applyState(next);
    });
    socket.on("room:tick", (tick) => {
      if (tick.view === "host") onTick(tick);
    });
    socket.on("room:finished", (result) => setFinished(result));
    socket.on("room:dataset", (copy) => {
      keepCopy(copy);
      if (lastStateRef.current) applyState(lastStateRef.current);
    });
    socket.on("room:ended", () => setEnded(true));
    socket.on("host:warning", (w) =>
      setWarning(w.code === "STORAGE_DEGRADED" || w.code === "CLUSTER_DEGRADED" ? w.code : null),
    );
  });

  /** Sends a host command; a refusal is shown as a translated error. */
  const command = useCallback(
    async <E extends HostCommand>(event: E, ...payload: PayloadArgs<E>): Promise<boolean> => {
      const socket = await whenSocket();
      if (!socket) return false;
      const ack: CommandResult<CommandReply<HostCommand>> = await request(socket, event, ...payload);
      if (!ack.ok) {
        setProblem(failureOf(ack));
        return false;
      }
      // A new round's reply carries the new state (and its dataset's copy); the others only say ok.
      if ("datasetCopy" in ack) keepCopy(ack.datasetCopy);
      if ("state" in ack) applyState(ack.state);
      setProblem(null);
      return true;
    },
    [whenSocket, applyState, keepCopy],
  );

  return {
    state,
    datasetCopy,
    store,
    finished,
    problem,
    ended,
    warning,
    connection,
    trouble,
    tickVersion,
    command,
    dismiss: () => setProblem(null),
  };
}

export type HostRoom = ReturnType<typeof useHostRoom>;

function shownStep(store: SeriesStore, round: number): ShownStep {
  return { round, step: Math.max(0, store.lastStep) };
}
export type { RoundResult };
