// The CSV export while a class plays (issue 16): on the review benchmark's server, which holds the
// stored round (scripts/bench-review.ts), a live round of 500 students at 10 steps a second
// (the fan-out benchmark's load generator, scripts/bench-fanout-clients.ts, with every tick's
// arrival kept) plays while the stored round is exported: long plain, long gzip, wide plain. Per
// export: bytes, MB/s, the server's event-loop delay (probe reset right before) and, at the
// students, the gaps between consecutive ticks and each step's spread over the class during the
// export. Then the same exports with no round playing, on the same server, for comparison.
import type { ChildProcess } from "node:child_process";
import type { WorkerConfig, WorkerDone } from "../bench-fanout-clients";
import { createBenchSession } from "./bench-session";
import { forkLoadWorker, fromAll, stopLoadWorkers } from "./load-workers";
import { download } from "./review-measures";
import type { EventLoopDelay, ServerChild } from "./server-child";
import { percentile, sortedCopy, spreadOf } from "./stats";
import { firstTickFrom, type Timeline } from "./tick-timeline";

const LIVE_STUDENTS = 500;
const STEPS_PER_SECOND = 10;
/** Ticks flowing before anything is measured, then a window of the live round with no export. */
const WARM_UP_MS = 3_000;
const BASELINE_MS = 10_000;
const MB = 1e6;

const wallNow = () => performance.timeOrigin + performance.now(); // the load generator's clock too
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Variant {
  name: string;
  query: string;
  headers: Record<string, string>;
  /** CSV lines expected (header included). */
  lines: number;
}

interface Window {
  variant: string;
  from: number;
  to: number;
  bytes: number;
  loop: EventLoopDelay | null;
}

/** Line counts of the stored round's CSV: long (a line per stored loss) and wide (a line per run). */
export interface ExportLines {
  long: number;
  wide: number;
}

function variants(lines: ExportLines): Variant[] {
  const plain = { "accept-encoding": "identity" };
  return [
    { name: "long", query: "", headers: plain, lines: lines.long },
    { name: "long, gzip level 1", query: "?gzip=1", headers: {}, lines: lines.long },
    { name: "wide", query: "?layout=wide", headers: plain, lines: lines.wide },
  ];
}

async function exportOnce(server: ServerChild, url: string, cookie: string, variant: Variant): Promise<Window> {
  server.resetEventLoop();
  const from = wallNow();
  const { bytes, markers } = await download(`${url}${variant.query}`, cookie, "\r\n", variant.headers);
  const to = wallNow();
  const loop = await server.readEventLoop();
  if (markers !== variant.lines) throw new Error(`CSV (${variant.name}) has ${markers} lines, not ${variant.lines}`);
  return { variant: variant.name, from, to, bytes, loop };
}

/** At the students, over [from, to]: every gap between two ticks that overlaps it, and each step's spread. */
function ticksWithin(timelines: Timeline[], from: number, to: number) {
  const gaps: number[] = [];
  const sentGaps: number[] = []; // the same gaps by the ticks' sentAt: how the server spaced them
  const steps = new Map<number, [number, number]>();
  for (const t of timelines) {
    // The tick after `to` closes a gap that began inside the window: counted too.
    const last = Math.min(firstTickFrom(t, to), t.arrived.length - 1);
    for (let i = Math.max(1, firstTickFrom(t, from)); i <= last; i++) {
      gaps.push(t.arrived[i]! - t.arrived[i - 1]!);
      sentGaps.push(t.sent[i]! - t.sent[i - 1]!);
    }
  }
  const firstAt = new Map<number, number>();
  for (const t of timelines)
    t.steps.forEach((step, i) => firstAt.set(step, Math.min(firstAt.get(step) ?? Infinity, t.arrived[i]!)));
  for (const t of timelines)
    t.steps.forEach((step, i) => {
      const first = firstAt.get(step)!;
      if (first < from || first > to) return;
      const range = steps.get(step);
      steps.set(step, range ? [first, Math.max(range[1], t.arrived[i]!)] : [first, t.arrived[i]!]);
    });
  const sorted = sortedCopy(gaps);
  const spread = spreadOf(steps.values());
  return {
    gapP99: percentile(sorted, 99),
    gapMax: sorted[sorted.length - 1] ?? NaN,
    sentGapMax: sentGaps.reduce((a, b) => Math.max(a, b), -Infinity),
    /** Gaps of more than two periods: a tick at least one period late. */
    late: gaps.filter((gap) => gap > 2000 / STEPS_PER_SECOND).length,
    spreadP99: spread.p99,
    spreadMax: spread.max,
    ticks: gaps.length,
  };
}

/** Starts a live round of LIVE_STUDENTS on `server`; resolves once its ticks flow. */
async function startLiveRound(server: ServerChild): Promise<ChildProcess> {
  const session = await createBenchSession(server.url, {
    title: "live round beside the export",
    dataset: "lesson",
    maxSteps: 10_000, // 1,000 s: outlasts the exports; the round is ended after them
    stepsPerSecond: STEPS_PER_SECOND,
    optimizers: ["gd"],
  });
  // Rates where plain descent is still running after 10,000 steps (scripts/bench/review-round.ts):
  // no run stops, so every student gets every tick.
  const config: WorkerConfig = {
    url: server.url,
    code: session.code,
    hostToken: session.hostToken,
    from: 0,
    count: LIVE_STUDENTS,
    lrMin: 1e-9,
    lrMax: 1e-7,
    optimizers: ["gd"],
    concurrency: 50,
    perAddress: 25,
    timeline: true,
  };
  const worker = forkLoadWorker(config, "advanced");
  await fromAll([worker], "ready", 30_000);
  worker.send({ type: "join" });
  const [joined] = await fromAll([worker], "joined", 300_000);
  if (Number(joined!.ok) !== LIVE_STUDENTS)
    throw new Error(`${String(joined!.ok)} of ${LIVE_STUDENTS} students joined: ${String(joined!.errors)}`);
  worker.send({ type: "start", deadlineMs: 1_000_000 });
  await sleep(WARM_UP_MS);
  return worker;
}

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
/** The server's event-loop delay, and its main thread's garbage collection meanwhile (all, then young only). */
const loopText = (loop: EventLoopDelay | null) => {
  const gc = loop?.gc ? `, GC ${f(loop.gc.ms)} ms (young ${f(loop.gc.youngMs)} ms)` : "";
  return `${f(loop?.p99 ?? NaN)} / ${f(loop?.max ?? NaN)} ms${gc}`;
};
const rate = (w: Window) =>
  `${f(w.bytes / MB, 1)} MB in ${f((w.to - w.from) / 1000, 1)} s = ${f(w.bytes / MB / ((w.to - w.from) / 1000), 1)} MB/s`;

/**
 * Figures as [label, value] rows for the benchmark's table: the exports of session `sessionId`
 * (as the instructor of `cookie`) during a live round on `server`, then with none.
 */
export async function measureLiveExport(server: ServerChild, cookie: string, sessionId: string, lines: ExportLines) {
  const url = `${server.url}/api/sessions/${sessionId}/export.csv`;
  const worker = await startLiveRound(server);
  const live: Window[] = [];
  let timelines: Timeline[] = [];
  try {
    server.resetEventLoop();
    const baselineFrom = wallNow();
    await sleep(BASELINE_MS);
    const baseline: Window = {
      variant: "none",
      from: baselineFrom,
      to: wallNow(),
      bytes: 0,
      loop: await server.readEventLoop(),
    };
    live.push(baseline);
    for (const variant of variants(lines)) live.push(await exportOnce(server, url, cookie, variant));
    worker.send({ type: "report" });
    const [done] = (await fromAll([worker], "done", 60_000)) as unknown as WorkerDone[];
    timelines = done!.students.flatMap((student) => (student.timeline ? [student.timeline] : []));
    worker.send({ type: "end" }); // host:end: the live session ends (its round stored as interrupted)
  } finally {
    await stopLoadWorkers([worker]);
  }
  const idle: Window[] = [];
  for (const variant of variants(lines)) idle.push(await exportOnce(server, url, cookie, variant));

  // Labels stay the same whatever the figures: the table joins the targets' rows by label.
  const rows: string[][] = [
    [
      `live round of ${LIVE_STUDENTS} students at ${STEPS_PER_SECOND} steps/s, on this server`,
      "server event-loop delay p99 / max, GC; at the students: tick gap p99 / max, late ticks (gap > 2 periods)," +
        " step spread p99 / max; longest gap by the ticks' sentAt (server side)",
    ],
  ];
  for (const w of live) {
    const ticks = ticksWithin(timelines, w.from, w.to);
    const gaps = `gap ${f(ticks.gapP99)} / ${f(ticks.gapMax)} ms, ${ticks.late} of ${ticks.ticks} late`;
    const atStudents = `${gaps}, spread ${f(ticks.spreadP99)} / ${f(ticks.spreadMax)} ms; sent ${f(ticks.sentGapMax)} ms`;
    if (w.variant === "none")
      rows.push([`  no export (${f(BASELINE_MS / 1000)} s)`, `${loopText(w.loop)}; ${atStudents}`]);
    else rows.push([`  CSV ${w.variant} during the round`, `${rate(w)}; ${loopText(w.loop)}; ${atStudents}`]);
  }
  for (const w of idle)
    rows.push([`CSV ${w.variant}, no round playing (same server)`, `${rate(w)}; ${loopText(w.loop)}`]);
  return rows;
}
