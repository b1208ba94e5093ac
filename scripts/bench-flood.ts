// Does a flood from one client slow everybody else's ticks? The real server (child process), a
// round of S students at 10 ticks/s; tick latency is measured for P seconds without a flood and
// then for P seconds while one extra socket (in its own process) fires commands as fast as it can.
// Same run, same machine: compare the two rows. Traffic stays on 127.0.0.1. Two cases, each on a
// fresh server: students on many addresses (25 per address) and a flooder on its own, and
// everybody, flooder included, on 127.0.0.1 (a class behind one NAT with one bad client in it).
// Meanwhile every student taps once a second (a submit): "class refused" counts RATE_LIMITED
// answers to those taps, i.e. whether the class is still heard.
//   npx tsx scripts/bench-flood.ts [--students 200] [--seconds 6] [--addresses many,one]
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { io, type Socket } from "socket.io-client";
import type { StudentTick } from "../lib/protocol";
import { BENCH_INSTRUCTOR_ENV, createBenchSession } from "./bench/bench-session";
import { startServer } from "./bench/server-child";
import { markdownTable, percentile, sortedCopy } from "./bench/stats";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "200" },
    seconds: { type: "string", default: "6" },
    addresses: { type: "string", default: "many,one" },
    flooder: { type: "string" },
    from: { type: "string", default: "127.0.0.250" },
  },
});

const connect = (url: string, address: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      localAddress: address,
    } as never);
    socket.once("connect", () => resolve(socket)).once("connect_error", reject);
  });
const call = (socket: Socket, event: string, payload: unknown) => socket.timeout(10_000).emitWithAck(event, payload);

if (values.flooder) {
  // Child mode: one socket on its own address (or the class's), firing without waiting for replies.
  const socket = await connect(values.flooder, values.from);
  let sent = 0;
  let limited = 0;
  const started = Date.now();
  let droppedAfterMs: number | null = null;
  socket.on("disconnect", () => (droppedAfterMs = Date.now() - started));
  const burst = () => {
    if (droppedAfterMs !== null) return; // the server dropped us: the flood is over
    for (let i = 0; i < 200; i++, sent++)
      socket.emit(
        i % 2 ? "student:submit" : "host:start",
        { learningRate: "1e-4" },
        (reply: { ok: boolean; error?: { code: string } }) => {
          if (!reply.ok && reply.error?.code === "RATE_LIMITED") limited++;
        },
      );
    setImmediate(burst);
  };
  burst();
  process.on("message", () => process.send!({ sent, limited, droppedAfterMs }, () => process.exit(0)));
} else {
  const students = Number(values.students);
  const seconds = Number(values.seconds);
  for (const addresses of values.addresses.split(",")) await floodCase(addresses === "one", students, seconds);
  process.exit(0);
}

async function floodCase(oneAddress: boolean, students: number, seconds: number): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "arena-flood-"));
  const server = await startServer({ DATA_DIR: dataDir, ...BENCH_INSTRUCTOR_ENV });
  const studentAddress = (i: number) => (oneAddress ? "127.0.0.1" : `127.0.${1 + Math.floor(i / 25)}.${1 + (i % 25)}`);
  try {
    const created = await createBenchSession(server.url, { maxSteps: 10 * (2 * seconds + 4), stepsPerSecond: 10 });
    const host = await connect(server.url, "127.0.0.1");
    await call(host, "host:attach", { code: created.code, hostToken: created.hostToken });
    let latencies: number[] = [];
    const sockets: Socket[] = [];
    for (let i = 0; i < students; i++) {
      const socket = await connect(server.url, studentAddress(i));
      await call(socket, "student:join", { code: created.code, nickname: `s${i}` });
      await call(socket, "student:submit", { learningRate: 1e-6 });
      socket.on("room:tick", (tick: StudentTick) => latencies.push(Date.now() - tick.sentAt));
      sockets.push(socket);
    }
    await call(host, "host:start", {});
    // Every student taps once a second; a RATE_LIMITED answer means the class is not heard.
    let refused = 0;
    let taps = 0;
    const tapping = setInterval(() => {
      for (const socket of sockets) {
        taps++;
        socket.emit("student:submit", { learningRate: 1e-6 }, (reply: { ok: boolean; error?: { code: string } }) => {
          if (!reply.ok && reply.error?.code === "RATE_LIMITED") refused++;
        });
      }
    }, 1_000);
    const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));
    await sleep(1);
    latencies = [];
    [refused, taps] = [0, 0];
    await sleep(seconds);
    const quiet = { latencies: sortedCopy(latencies), refused, taps };
    const flooder = fork(
      new URL(import.meta.url).pathname,
      ["--flooder", server.url, "--from", oneAddress ? "127.0.0.1" : "127.0.0.250"],
      { execArgv: ["--import", "tsx"] },
    );
    await sleep(0.5);
    latencies = [];
    [refused, taps] = [0, 0];
    await sleep(seconds);
    const flooded = { latencies: sortedCopy(latencies), refused, taps };
    clearInterval(tapping);
    const counts = await new Promise<{ sent: number; limited: number; droppedAfterMs: number | null }>((resolve) => {
      flooder.once("message", (m) => resolve(m as { sent: number; limited: number; droppedAfterMs: number | null }));
      flooder.send("report");
    });
    const row = (name: string, phase: typeof quiet) => [
      name,
      String(phase.latencies.length),
      percentile(phase.latencies, 50).toFixed(1),
      percentile(phase.latencies, 95).toFixed(1),
      percentile(phase.latencies, 99).toFixed(1),
      `${phase.refused} of ${phase.taps}`,
    ];
    const dropped =
      counts.droppedAfterMs === null ? "never dropped" : `dropped by the server after ${counts.droppedAfterMs} ms`;
    const where = oneAddress
      ? "everybody on ONE address (127.0.0.1), flooder included"
      : "students on many addresses, the flooder on its own";
    console.log(
      `\nflood, ${where}: ${students} students at 10 ticks/s; the flooder sent ${counts.sent} commands` +
        ` (${counts.limited} answered RATE_LIMITED), ${dropped}\n`,
    );
    console.log(
      markdownTable(
        ["phase", "ticks received", "latency p50 ms", "p95", "p99", "class taps refused"],
        [row("no flood", quiet), row("one client flooding", flooded)],
      ),
    );
    for (const socket of [host, ...sockets]) socket.disconnect();
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
