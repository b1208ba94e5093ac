// Load generator for scripts/bench-fanout.ts: simulated students (and, in worker 0, the host) in a
// process of their own, so decoding thousands of ticks does not share the server's event loop.
// Driven over IPC by the parent:  ready -> (join) -> joined -> (start) -> [(report) ->] done ->
// [(resume) -> resumed ->] (end) -> exit. "resume" drops every student's socket and brings them all back at
// once with their resume tokens, as phones do when a classroom's Wi-Fi comes back.
// Students are real socket.io clients (websocket only, as phones end up after the upgrade) with
// reconnection off: a dropped student is counted, not silently re-joined, unless `rejoin` is set
// (scripts/bench-scaleout.ts: a phone whose server died comes back on another, as behind a proxy).
import { io, type Socket } from "socket.io-client";
import type { HostTick, RoundFinished, StudentTick } from "../lib/protocol";
import { newTimeline, recordTick, type Timeline } from "./bench/tick-timeline";
import { bytesFor, meterSocket, type ByteCounts } from "./bench/wire-meter";

export interface WorkerConfig {
  /** The host's server, and every student's unless `urls` is given. */
  url: string;
  /** Several processes of one service: student i starts on urls[i % n]. */
  urls?: string[];
  /** A student or host whose socket drops mid-round reconnects to the next server and resumes. */
  rejoin?: boolean;
  /** Every tick's arrival is kept per student (StudentReport.timeline). */
  timeline?: boolean;
  code: string;
  hostToken?: string; // only the worker that plays the host
  from: number; // index of its first student, for unique nicknames
  count: number;
  lrMin: number;
  /** Optimisers the students cycle through (student i takes optimizers[i % n]); ["gd"] by default. */
  optimizers: string[];
  lrMax: number;
  concurrency: number; // joins in flight at once; 0 = all at once (no pacing)
  /** Students per source address (127.0.0.x); 0 puts everybody on 127.0.0.1, like one NAT. */
  perAddress: number;
}

export interface StudentReport {
  ticks: number; // distinct steps received
  maxStep: number;
  outOfOrder: number; // a step not greater than the previous one
  /** Bytes of ticks, and of everything else received while the round played; null if not metered. */
  tickBytes: number | null;
  otherBytes: number | null;
  finished: boolean;
  disconnected: boolean;
  timeline?: Timeline;
}

export interface WorkerResumed {
  type: "resumed";
  ok: number;
  refused: number;
  errors: string[];
  ms: number;
}

export interface WorkerDone {
  type: "done";
  students: StudentReport[];
  latenciesMs: number[];
  /** Per step: the first and last arrival (wall clock) among this worker's students. */
  arrivals: Record<number, [number, number]>;
  host?: { ticks: number; tickBytes: number; lastStep: number; joinPhaseBytes: number; runs: number };
}

type AnySocket = Socket;
const config = JSON.parse(process.env.BENCH_WORKER ?? "{}") as WorkerConfig;
const send = (message: object) => process.send!(message);
const now = () => performance.timeOrigin + performance.now(); // wall clock with sub-ms resolution

// Every student gets the same bytes per tick, so one in METERED_EVERY is metered (and the host):
// metering every socket costs the load generator a tenth of its time per message, which shows up
// in the arrival spread it measures.
const METERED_EVERY = 20;
const isMetered = (index: number | null) => index === null || index % METERED_EVERY === 0;

/**
 * Students from many loopback addresses, as phones on a classroom network would be, or (perAddress
 * 0) all from 127.0.0.1, as a class behind one NAT or one reverse proxy. Still only loopback.
 */
function sourceAddress(index: number | null): string {
  if (index === null || config.perAddress <= 0) return "127.0.0.1";
  const n = Math.floor(index / config.perAddress) + 2; // 127.0.0.2 onwards
  return `127.0.${Math.floor(n / 254)}.${(n % 254) + 1}`;
}

const urls = config.urls?.length ? config.urls : [config.url];
/** Where a student starts (round-robin over the servers); -1: the host's own server, `url`. */
const firstServer = (index: number | null) => (index === null ? -1 : index % urls.length);

function connect(
  index: number | null,
  server = firstServer(index),
  counts: ByteCounts = new Map(),
): Promise<{ socket: AnySocket; counts: ByteCounts }> {
  const socket = io(server < 0 ? config.url : urls[server]!, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 60_000,
    localAddress: sourceAddress(index),
  } as Parameters<typeof io>[1]);
  if (isMetered(index)) meterSocket(socket, counts);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve({ socket, counts }));
    socket.once("connect_error", (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

let roundPlaying = false;
/** "report": the benchmark has what it needs, so the report goes now, the round still playing. */
let reportNow = false;

/**
 * A phone whose server went away comes back as it would through a round-robin proxy: the next
 * server that accepts it, entered again with `enter` (join with the resume token, or host:attach).
 * Gives up with the round (or after a minute); the report then keeps it as dropped.
 */
async function reconnect(
  index: number | null,
  from: number,
  counts: ByteCounts,
  enter: (socket: AnySocket) => Promise<unknown>,
): Promise<{ socket: AnySocket; server: number } | null> {
  const until = performance.now() + 60_000;
  for (let attempt = 1; roundPlaying && performance.now() < until; attempt++) {
    const server = (Math.max(0, from) + attempt) % urls.length;
    const connected = await connect(index, server, counts).catch(() => null);
    if (connected) {
      const entered = await enter(connected.socket).then(
        () => true,
        () => false,
      );
      if (entered) return { socket: connected.socket, server };
      connected.socket.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}

async function call(socket: AnySocket, event: string, payload: unknown): Promise<Record<string, unknown>> {
  const reply = (await socket.timeout(120_000).emitWithAck(event, payload)) as {
    ok: boolean;
    error?: { code: string };
  };
  if (!reply.ok) throw new Error(`${event}: ${reply.error?.code}`);
  return reply;
}

interface Student {
  index: number;
  server: number;
  resumeToken: string;
  socket: AnySocket;
  counts: ByteCounts;
  report: StudentReport;
  bytesAtStart: number;
}

const students: Student[] = [];
const latencies: number[] = [];
const arrivals: Record<number, [number, number]> = {};
let host: {
  socket: AnySocket;
  server: number;
  counts: ByteCounts;
  ticks: number;
  lastStep: number;
  runs: number;
  finished: boolean;
} | null = null;
let hostJoinPhaseBytes = 0;

const totalBytes = (counts: ByteCounts) => [...counts.values()].reduce((sum, c) => sum + c.bytes, 0);

async function startHost(): Promise<void> {
  const { socket, counts } = await connect(null);
  host = { socket, server: -1, counts, ticks: 0, lastStep: 0, runs: 0, finished: false };
  watchHost(socket);
  await call(socket, "host:attach", { code: config.code, hostToken: config.hostToken });
}

function watchHost(socket: AnySocket): void {
  socket.on("room:tick", (tick: HostTick) => {
    host!.ticks++;
    host!.lastStep = Math.max(host!.lastStep, tick.step);
    host!.runs = tick.statuses instanceof ArrayBuffer ? tick.statuses.byteLength : (tick.statuses as Buffer).length;
  });
  socket.on("room:finished", () => (host!.finished = true));
  socket.on("disconnect", () => {
    // Only the current socket's loss counts (a failed attempt to come back is not another drop).
    if (socket !== host!.socket || !config.rejoin || !roundPlaying || host!.finished) return;
    const attach = (s: AnySocket) => call(s, "host:attach", { code: config.code, hostToken: config.hostToken });
    void reconnect(null, host!.server, host!.counts, (s) => (watchHost(s), attach(s))).then((back) => {
      if (back) Object.assign(host!, back);
    });
  });
}

async function startStudent(index: number, learningRate: number): Promise<void> {
  const server = firstServer(index);
  const { socket, counts } = await connect(index);
  const report: StudentReport = {
    ticks: 0,
    maxStep: 0,
    outOfOrder: 0,
    tickBytes: null,
    otherBytes: null,
    finished: false,
    disconnected: false,
    timeline: config.timeline ? newTimeline(server, now()) : undefined,
  };
  const student: Student = { index, server, resumeToken: "", socket, counts, report, bytesAtStart: 0 };
  watchStudent(student, socket);
  const joined = await call(socket, "student:join", { code: config.code, nickname: nickname(index) });
  student.resumeToken = String(joined.resumeToken);
  const optimizer = config.optimizers[index % config.optimizers.length] ?? "gd";
  await call(socket, "student:submit", optimizer === "gd" ? { learningRate } : { learningRate, optimizer });
  students.push(student);
}

function watchStudent(student: Student, socket: AnySocket): void {
  const { report } = student;
  socket.on("room:tick", (tick: StudentTick) => {
    const arrived = now();
    if (report.timeline) recordTick(report.timeline, tick.step, arrived, tick.sentAt);
    latencies.push(arrived - tick.sentAt);
    const seen = arrivals[tick.step];
    if (!seen) arrivals[tick.step] = [arrived, arrived];
    else [seen[0], seen[1]] = [Math.min(seen[0], arrived), Math.max(seen[1], arrived)];
    if (tick.step <= report.maxStep) report.outOfOrder++;
    else report.ticks++;
    report.maxStep = Math.max(report.maxStep, tick.step);
  });
  socket.on("room:finished", (_: RoundFinished) => (report.finished = true));
  socket.on("disconnect", () => {
    if (report.finished || socket !== student.socket) return;
    report.disconnected = true;
    report.timeline?.servers.push({ server: null, at: now() });
    if (!config.rejoin || !roundPlaying) return;
    const payload = { code: config.code, nickname: nickname(student.index), resumeToken: student.resumeToken };
    const enter = (s: AnySocket) => (watchStudent(student, s), call(s, "student:join", payload));
    void reconnect(student.index, student.server, student.counts, enter).then((back) => {
      if (!back) return;
      Object.assign(student, back);
      report.disconnected = false;
      report.timeline?.servers.push({ server: back.server, at: now() });
    });
  });
}

const nickname = (index: number) => `bench-${String(index).padStart(5, "0")}`;

/** Every student's socket drops; then all come back at once and resume with their tokens. */
async function resumeAll(): Promise<void> {
  await Promise.all(
    students.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.socket.disconnected) return resolve();
          s.socket.once("disconnect", () => resolve());
          s.socket.disconnect();
        }),
    ),
  );
  const started = performance.now();
  const errors = new Set<string>();
  let ok = 0;
  let refused = 0;
  await Promise.all(
    students.map(async (s) => {
      try {
        const { socket } = await connect(s.index);
        s.socket = socket;
        const payload = { code: config.code, nickname: nickname(s.index), resumeToken: s.resumeToken };
        await call(socket, "student:join", payload);
        ok++;
      } catch (error) {
        refused++;
        errors.add((error as Error).message);
      }
    }),
  );
  const resumed: WorkerResumed = {
    type: "resumed",
    ok,
    refused,
    errors: [...errors].slice(0, 5),
    ms: performance.now() - started,
  };
  send(resumed);
}

async function joinAll(): Promise<void> {
  const started = performance.now();
  if (config.hostToken) await startHost();
  let next = 0;
  let failed = 0;
  const errors = new Set<string>();
  // Log-uniform learning rates over a range where runs neither explode nor all converge at once.
  const rate = (k: number) =>
    config.lrMin * (config.lrMax / config.lrMin) ** (config.count > 1 ? k / (config.count - 1) : 0);
  const lane = async () => {
    while (next < config.count) {
      const k = next++;
      await startStudent(config.from + k, Number(rate(k).toPrecision(3))).catch((error: Error) => {
        failed++;
        errors.add(error.message);
      });
    }
  };
  const lanes = config.concurrency > 0 ? config.concurrency : config.count;
  await Promise.all(Array.from({ length: lanes }, lane));
  if (host) hostJoinPhaseBytes = totalBytes(host.counts);
  send({
    type: "joined",
    ok: students.length,
    failed,
    errors: [...errors].slice(0, 5),
    ms: performance.now() - started,
  });
}

function finishReport(): void {
  const reports = students.map((s) => {
    if (!isMetered(s.index)) return s.report;
    const all = totalBytes(s.counts) - s.bytesAtStart;
    // A step's news for a phone: the tick (with its own run), and leader names when they change.
    s.report.tickBytes = ["room:tick", "room:leaders"].reduce((sum, event) => sum + bytesFor(s.counts, event).bytes, 0);
    s.report.otherBytes = all - s.report.tickBytes;
    return s.report;
  });
  const done: WorkerDone = { type: "done", students: reports, latenciesMs: latencies, arrivals };
  if (host)
    done.host = {
      ticks: host.ticks,
      tickBytes: bytesFor(host.counts, "room:tick").bytes,
      lastStep: host.lastStep,
      joinPhaseBytes: hostJoinPhaseBytes,
      runs: host.runs,
    };
  send(done);
}

/** Waits until every student and the host saw the round finish (or dropped), or the deadline. */
function awaitRound(deadlineMs: number): void {
  const until = performance.now() + deadlineMs;
  const poll = setInterval(() => {
    const over =
      reportNow || (students.every((s) => s.report.finished || s.report.disconnected) && (!host || host.finished));
    if (over || performance.now() > until) {
      clearInterval(poll);
      roundPlaying = false;
      finishReport();
    }
  }, 100);
}

process.on("message", (message: { type: string; deadlineMs?: number }) => {
  if (message.type === "join") void joinAll().catch((error: Error) => send({ type: "error", message: error.message }));
  if (message.type === "start") {
    for (const s of students) s.bytesAtStart = totalBytes(s.counts);
    roundPlaying = true;
    awaitRound(message.deadlineMs ?? 60_000);
    if (host)
      void call(host.socket, "host:start", {}).catch((error: Error) => send({ type: "error", message: error.message }));
  }
  if (message.type === "report") reportNow = true;
  if (message.type === "resume")
    void resumeAll().catch((error: Error) => send({ type: "error", message: error.message }));
  if (message.type === "end") {
    const close = () => {
      for (const s of students) s.socket.disconnect();
      host?.socket.disconnect();
      process.exit(0);
    };
    if (host)
      void call(host.socket, "host:end", {})
        .catch(() => {})
        .finally(close);
    else close();
  }
});
process.on("disconnect", () => process.exit(0)); // the parent is gone: never linger
send({ type: "ready" });
