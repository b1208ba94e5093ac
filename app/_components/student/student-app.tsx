"use client";
// The phone screen: join → pick a learning rate (until the round starts) → watch your run.
import { lazy, Suspense, useEffect } from "react";
import { ConnectionBanner } from "../connection-banner";
import { useI18n } from "../i18n-provider";
import { JoinForm } from "./join-form";
import { useStudentRoom } from "./use-student-room";

// The learning-rate form and the running view (curve, ranking) are not needed to join: they are
// fetched as soon as the student is in a room, to keep the first load of a phone small.
const loadPicker = () => import("./rate-picker");
const loadLive = () => import("./student-live");
const loadLesson = () => import("../lesson/student-lesson");
const RatePicker = lazy(() => loadPicker().then((m) => ({ default: m.RatePicker })));
const StudentLive = lazy(() => loadLive().then((m) => ({ default: m.StudentLive })));

export function StudentApp({ initialCode }: { initialCode: string }) {
  const { t } = useI18n();
  const room = useStudentRoom(initialCode);
  const { state, end } = room;
  const joined = state !== null;
  useEffect(() => {
    if (!joined) return;
    void loadPicker();
    void loadLive();
    void loadLesson();
  }, [joined]);

  let body: React.ReactNode;
  if (end)
    body = (
      <div className="space-y-4 text-center">
        <h1 className="text-xl" data-testid="student-end">
          <span role="alert">{t(end === "kicked" ? "join.kicked" : "join.ended")}</span>
        </h1>
        <a
          href="/join"
          className="inline-flex min-h-12 items-center rounded-md bg-oi-sky px-5 font-bold text-slate-950"
        >
          {t("nav.join")}
        </a>
      </div>
    );
  else if (!state && !room.resuming)
    body = <JoinForm initialCode={initialCode} error={room.joinError} onJoin={room.joinWith} />;
  else if (!state)
    // Waiting for the connection to resume an identity; once that takes too long the banner says why.
    body = !room.trouble && (
      <p role="status" className="animate-pulse text-center text-lg text-slate-300">
        {t("common.connecting")}
      </p>
    );
  else {
    const inLobby = state.status === "lobby";
    body = (
      <div className="space-y-4">
        <div className="flex items-center gap-2">
          <h1 className="mr-auto text-xl font-bold" data-testid="student-welcome">
            {t("join.welcome", { name: state.you.nickname })}
          </h1>
          <span className="font-mono text-slate-400">{state.code}</span>
          <button
            type="button"
            onClick={room.leave}
            className="min-h-11 rounded-md border border-slate-500 px-3 text-sm"
          >
            {t("join.leave")}
          </button>
        </div>
        <p className="text-slate-300">
          {state.title}
          {state.round > 0 && ` · ${t("common.round", { n: state.round })}`}
          {" · "}
          <span data-testid="student-room-status">{t(`room.${state.status}`)}</span>
        </p>
        <Suspense
          fallback={
            <p role="status" className="animate-pulse text-center text-slate-300">
              {t("common.loading")}
            </p>
          }
        >
          {inLobby ? (
            <>
              <section className="rounded-xl border border-slate-700 bg-slate-900 p-4">
                <RatePicker
                  current={state.you.learningRate}
                  choice={state.you}
                  allowed={state.settings.optimizers}
                  onSubmit={room.submit}
                />
              </section>
              {state.you.learningRate !== null && (
                <p className="animate-pulse text-center text-slate-300">{t("join.waitStart")}</p>
              )}
            </>
          ) : (
            <StudentLive
              tick={room.tick}
              losses={room.curve.losses}
              finished={room.finished}
              participantId={state.you.id}
              settings={state.settings}
              datasetCopy={room.datasetCopy}
              learningRate={state.you.learningRate}
              choice={state.you}
            />
          )}
        </Suspense>
      </div>
    );
  }

  return (
    <main className="mx-auto max-w-md p-4 landscape:max-w-3xl">
      <ConnectionBanner trouble={room.trouble} heading={!state && room.resuming} />
      {room.connection === "reconnecting" && !room.trouble && (
        <p role="status" className="mb-3 rounded-md border border-yellow-400 p-2 text-yellow-100">
          {t("common.reconnecting")}
        </p>
      )}
      {body}
    </main>
  );
}
