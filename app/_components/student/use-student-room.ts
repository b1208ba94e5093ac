"use client";
// A student's connection. Identity (nickname + resume token) is kept per join code in
// localStorage, and every fresh connection re-joins with it, so a locked phone, a dropped Wi-Fi
// or a reload come back as the same participant without typing anything.
import { useCallback, useRef, useState } from "react";
import type {
  DatasetCopy,
  Leaders,
  OptimizerId,
  RoundFinished,
  StudentRoomState,
  StudentTick,
} from "../../../lib/protocol";
import { assembleStudentTick, type StudentTickView } from "../../../lib/tick-codec";
import { forgetStudent, loadStudent, saveStudent } from "../../_lib/storage";
import { failureOf, type CommandFailure } from "../../_lib/command-result";
import { request, useArenaSocket, type ArenaClientSocket } from "../../_lib/socket";
import { SeenTicks } from "./seen-ticks";

// Step 0's loss comes from lib/gd (the dataset and its initial weights): fetched after joining,
// not with the page, since nothing before the first round needs it.
type InitialLoss = typeof import("../../_lib/initial-loss").initialLossIfKnown;
let initialLossFn: InitialLoss | null = null;
const loadInitialLoss = () =>
  import("../../_lib/initial-loss").then((m) => {
    initialLossFn = m.initialLossIfKnown;
  });

/** The settings with the copy of an instructor's dataset they name (null: a built-in). */
type Source = StudentRoomState["settings"] & { datasetCopy: DatasetCopy | null };

export type StudentEnd = "kicked" | "ended" | null;

export function useStudentRoom(initialCode: string) {
  const [state, setState] = useState<StudentRoomState | null>(null);
  const [tick, setTick] = useState<StudentTickView | null>(null);
  // A step's tick and the leader names (sent only when they change) arrive as separate messages.
  const parts = useRef<{ tick: StudentTick | null; leaders: Leaders | null }>({ tick: null, leaders: null });
  // The steps shown so far: a step replayed after a server takeover is not shown or counted twice.
  const seenRef = useRef(new SeenTicks());
  // Own losses by step; `done` once the run stopped (later ticks repeat its last loss).
  const [curve, setCurve] = useState<{ round: number; losses: number[]; done: boolean }>({
    round: 0,
    losses: [],
    done: false,
  });
  const settingsRef = useRef<Source | null>(null);
  // Sent once per round (join reply, room:dataset), not with every state.
  const [datasetCopy, setDatasetCopy] = useState<DatasetCopy | null>(null);
  const copyRef = useRef<DatasetCopy | null>(null);
  const [finished, setFinished] = useState<RoundFinished | null>(null);
  const [end, setEnd] = useState<StudentEnd>(null);
  const [joinError, setJoinError] = useState<CommandFailure | null>(null);
  const [resuming, setResuming] = useState(() => initialCode !== "");
  const codeRef = useRef(initialCode);

  const applyState = useCallback((next: StudentRoomState) => {
    setState(next);
    settingsRef.current = { ...next.settings, datasetCopy: copyRef.current };
    if (!initialLossFn)
      void loadInitialLoss().then(() => {
        // A round that started before the module arrived gets its step 0 now.
        const settings = settingsRef.current;
        if (settings)
          setCurve((prev) => (prev.losses.length && prev.losses[0] === undefined ? withStart(prev, settings) : prev));
      });
    if (next.status === "lobby") {
      setFinished(null);
      setTick(null);
      seenRef.current.forgetSteps();
    }
    if (next.status === "ended") setEnd("ended");
    // Taken over by another server process and stopped at an earlier step: show that step again.
    const back = seenRef.current.rewind(next);
    if (back) {
      const { step, seen: then } = back;
      parts.current = { tick: then?.tick ?? null, leaders: then?.leaders ?? parts.current.leaders };
      setTick(then ? assembleStudentTick(then.tick, then.leaders) : null);
      const done = then?.tick.you ? then.tick.you[1] !== 0 : false;
      setCurve((prev) => (prev.round === next.round ? cutCurve(prev, step, done) : prev));
    }
  }, []);

  /** A copy arrived: keep it, and give a round's curve its step 0 if it was waiting for it. */
  const keepCopy = useCallback((copy: DatasetCopy | null) => {
    copyRef.current = copy;
    setDatasetCopy(copy);
    const settings = settingsRef.current && { ...settingsRef.current, datasetCopy: copy };
    settingsRef.current = settings;
    if (settings)
      setCurve((prev) => (prev.losses.length && prev.losses[0] === undefined ? withStart(prev, settings) : prev));
  }, []);

  const join = useCallback(
    async (socket: ArenaClientSocket, code: string, nickname: string, resumeToken?: string) => {
      const ack = await request(socket, "student:join", {
        code,
        nickname,
        ...(resumeToken ? { resumeToken } : {}),
      });
      if (!ack.ok) {
        const failure = failureOf(ack);
        const refused = failure.kind === "refused" ? failure.code : null;
        if (refused === "KICKED") setEnd("kicked");
        if (resumeToken && (refused === "KICKED" || refused === "ROOM_NOT_FOUND")) forgetStudent(code);
        setJoinError(failure);
        return false;
      }
      codeRef.current = ack.state.code;
      saveStudent(ack.state.code, { nickname: ack.state.you.nickname, resumeToken: ack.resumeToken });
      setJoinError(null);
      keepCopy(ack.datasetCopy);
      applyState(ack.state);
      // The QR link and a reload should both land back here.
      if (window.location.pathname !== `/join/${ack.state.code}`)
        window.history.replaceState(null, "", `/join/${ack.state.code}`);
      return true;
    },
    [applyState, keepCopy],
  );

  const { whenSocket, connection, trouble } = useArenaSocket((socket) => {
    socket.on("connect", async () => {
      const code = codeRef.current;
      const saved = code ? loadStudent(code) : null;
      if (saved) await join(socket, code, saved.nickname, saved.resumeToken);
      setResuming(false);
    });
    socket.on("room:state", (next) => {
      if (next.view === "student") applyState(next);
    });
    const show = () => {
      const { tick: shared, leaders } = parts.current;
      if (shared) setTick(assembleStudentTick(shared, leaders));
    };
    socket.on("room:leaders", (leaders) => {
      parts.current.leaders = leaders;
      show();
    });
    socket.on("room:tick", (next) => {
      if (next.view !== "student") return;
      if (seenRef.current.accept(next, parts.current.leaders) === "skip") return;
      parts.current.tick = next;
      show();
      if (!next.you) return;
      const { round, step } = next;
      const [loss, status] = next.you;
      setCurve((prev) => {
        const same = prev.round === round;
        if (same && prev.done) return prev;
        const losses = same ? prev.losses.slice() : [];
        losses[step] = loss;
        const updated = { round, losses, done: status !== 0 };
        return !same && settingsRef.current ? withStart(updated, settingsRef.current) : updated;
      });
    });
    socket.on("room:finished", setFinished);
    socket.on("room:dataset", keepCopy);
    socket.on("room:kicked", () => {
      forgetStudent(codeRef.current);
      setEnd("kicked");
    });
    socket.on("room:ended", () => setEnd("ended"));
  });

  const joinWith = useCallback(
    async (code: string, nickname: string) => {
      const socket = await whenSocket();
      if (!socket) return false;
      const saved = loadStudent(code);
      // Same nickname as last time on this phone: resume that participant instead of a new one.
      const token = saved && saved.nickname.toLowerCase() === nickname.toLowerCase() ? saved.resumeToken : undefined;
      return join(socket, code, nickname, token);
    },
    [whenSocket, join],
  );

  const submit = useCallback(
    async (learningRate: string, optimizer: OptimizerId, momentum?: number): Promise<CommandFailure | null> => {
      const socket = await whenSocket();
      if (!socket) return { kind: "offline" };
      // Plain descent is sent as before (no optimizer field), so a lesson-only round looks the same.
      const payload = optimizer === "gd" ? { learningRate } : { learningRate, optimizer, momentum };
      const ack = await request(socket, "student:submit", payload);
      if (!ack.ok) return failureOf(ack);
      const { learningRate: lr, optimizer: kept, momentum: beta } = ack;
      setState((prev) =>
        prev ? { ...prev, you: { ...prev.you, learningRate: lr, optimizer: kept, momentum: beta } } : prev,
      );
      return null;
    },
    [whenSocket],
  );

  const leave = useCallback(() => {
    forgetStudent(codeRef.current);
    window.location.assign("/join");
  }, []);

  return {
    state,
    datasetCopy,
    tick,
    curve,
    finished,
    end,
    joinError,
    resuming,
    connection,
    trouble,
    joinWith,
    submit,
    leave,
  };
}

export type StudentRoom = ReturnType<typeof useStudentRoom>;

type Curve = { round: number; losses: number[]; done: boolean };
/** The curve up to `step` (its step 0 kept), done if the run had stopped by then. */
function cutCurve(curve: Curve, step: number, done: boolean): Curve {
  return { ...curve, losses: curve.losses.slice(0, step + 1), done };
}

function withStart(curve: Curve, settings: Source): Curve {
  // Left out until the copy of an instructor's dataset has come: keepCopy fills it in then.
  const start = initialLossFn?.(settings);
  if (start === undefined) return curve;
  const losses = curve.losses.slice();
  losses[0] = start;
  return { ...curve, losses };
}
