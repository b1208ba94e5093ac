// Does a flood from one client slow everybody else's ticks? The real server (child process), a
// round of S students at 10 ticks/s; tick latency is measured for P seconds without a flood and
// then for P seconds while one extra socket (in its own process) fires commands as fast as it can.
// Same run, same machine: compare the two rows. Traffic stays on 127.0.0.1.
//   npx tsx scripts/bench-flood.ts [--students 200] [--seconds 6]
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { io, type Socket } from "socket.io-client";
import type { StudentTick } from "../lib/protocol";
import { startServer } from "./bench/server-child";
import { markdownTable, percentile, sortedCopy } from "./bench/stats";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "200" },
    seconds: { type: "string", default: "6" },
    flooder: { type: "string" },
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
  // Child mode: one socket on its own address, firing without waiting for replies.
  const socket = await connect(values.flooder, "127.0.0.250");
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
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "arena-flood-"));
  const server = await startServer({ DATA_DIR: dataDir });
  try {
    const created = await (
      await fetch(`${server.url}/api/sessions`, {
        method: "POST",
        body: JSON.stringify({ maxSteps: 10 * (2 * seconds + 4), stepsPerSecond: 10 }),
      })
    ).json();
    const host = await connect(server.url, "127.0.0.1");
    await call(host, "host:attach", { code: created.code, hostToken: created.hostToken });
    let latencies: number[] = [];
    for (let i = 0; i < students; i++) {
      const socket = await connect(server.url, `127.0.${1 + Math.floor(i / 25)}.${1 + (i % 25)}`);
      await call(socket, "student:join", { code: created.code, nickname: `s${i}` });
      await call(socket, "student:submit", { learningRate: 1e-6 });
      socket.on("room:tick", (tick: StudentTick) => latencies.push(Date.now() - tick.sentAt));
    }
    await call(host, "host:start", {});
    const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));
    await sleep(1);
    latencies = [];
    await sleep(seconds);
    const quiet = sortedCopy(latencies);
    const flooder = fork(new URL(import.meta.url).pathname, ["--flooder", server.url], {
      execArgv: ["--import", "tsx"],
    });
    await sleep(0.5);
    latencies = [];
    await sleep(seconds);
    const flooded = sortedCopy(latencies);
    const counts = await new Promise<{ sent: number; limited: number; droppedAfterMs: number | null }>((resolve) => {
      flooder.once("message", (m) => resolve(m as { sent: number; limited: number; droppedAfterMs: number | null }));
      flooder.send("report");
    });
    const row = (name: string, l: Float64Array) => [
      name,
      String(l.length),
      percentile(l, 50).toFixed(1),
      percentile(l, 95).toFixed(1),
      percentile(l, 99).toFixed(1),
    ];
    const dropped =
      counts.droppedAfterMs === null ? "never dropped" : `dropped by the server after ${counts.droppedAfterMs} ms`;
    console.log(
      `flood: ${students} students at 10 ticks/s; the flooder sent ${counts.sent} commands (${counts.limited} answered RATE_LIMITED), ${dropped}\n`,
    );
    console.log(
      markdownTable(
        ["phase", "ticks received", "latency p50 ms", "p95", "p99"],
        [row("no flood", quiet), row("one client flooding", flooded)],
      ),
    );
    process.exit(0);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
