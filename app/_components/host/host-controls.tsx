"use client";
// The instructor's buttons and their keyboard shortcuts (Space, S, N, L, E), shown on screen so
// the class can see what is happening. Shortcuts are ignored while typing in a form field.
import { useEffect, useLayoutEffect, useRef } from "react";
import type { HostRoomState } from "../../../lib/protocol";
import { useI18n } from "../i18n-provider";

export interface HostActions {
  start: () => void;
  pause: () => void;
  resume: () => void;
  step: () => void;
  newRound: () => void;
  toggleLock: () => void;
  end: () => void;
}

const button = "min-h-11 rounded-md px-4 font-semibold disabled:cursor-not-allowed disabled:opacity-40";

function Key({ k }: { k: string }) {
  return <kbd className="ml-2 rounded border border-current px-1 font-mono text-xs opacity-80">{k}</kbd>;
}

export function HostControls({ state, actions }: { state: HostRoomState; actions: HostActions }) {
  const { t } = useI18n();
  const { status } = state;
  const canStart = status === "lobby";
  const running = status === "running";
  const paused = status === "paused";
  const canNewRound = status === "finished" || status === "lobby";
  const ref = useRef({ state, actions });
  // A layout effect, not a passive one: Chromium handles a key press before pending tasks, so a
  // key pressed right after "Paused" appears would otherwise still see "running" and be ignored.
  useLayoutEffect(() => {
    ref.current = { state, actions };
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (target?.closest("input, select, textarea, [contenteditable=true], dialog")) return;
      const { state: s, actions: a } = ref.current;
      const key = event.key.toLowerCase();
      if (key === " ") {
        // Space on a focused button would also click it: handle it once, here.
        event.preventDefault();
        if (s.status === "lobby") a.start();
        else if (s.status === "running") a.pause();
        else if (s.status === "paused") a.resume();
      } else if (key === "s" && s.status === "paused") a.step();
      else if (key === "n" && (s.status === "finished" || s.status === "lobby")) a.newRound();
      else if (key === "l") a.toggleLock();
      else if (key === "e") a.end();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label={t("host.shortcuts")}>
      {canStart && (
        <button type="button" onClick={actions.start} className={`${button} bg-oi-green text-slate-950`}>
          ▶ {t("host.start")}
          <Key k="Space" />
        </button>
      )}
      {running && (
        <button type="button" onClick={actions.pause} className={`${button} bg-oi-yellow text-slate-950`}>
          ❚❚ {t("host.pause")}
          <Key k="Space" />
        </button>
      )}
      {paused && (
        <>
          <button type="button" onClick={actions.resume} className={`${button} bg-oi-green text-slate-950`}>
            ▶ {t("host.resume")}
            <Key k="Space" />
          </button>
          <button type="button" onClick={actions.step} className={`${button} border border-slate-400`}>
            ⇥ {t("host.step")}
            <Key k="S" />
          </button>
        </>
      )}
      {canNewRound && (
        <button type="button" onClick={actions.newRound} className={`${button} bg-oi-sky text-slate-950`}>
          ↻ {t(status === "lobby" ? "host.roundSettings" : "host.newRound")}
          <Key k="N" />
        </button>
      )}
      <button
        type="button"
        aria-pressed={state.locked}
        onClick={actions.toggleLock}
        className={`${button} border border-slate-400`}
      >
        {state.locked ? t("host.unlock") : t("host.lock")}
        <Key k="L" />
      </button>
      <button
        type="button"
        onClick={actions.end}
        className={`${button} ml-auto border border-orange-400 text-orange-200`}
      >
        {t("host.end")}
        <Key k="E" />
      </button>
    </div>
  );
}
