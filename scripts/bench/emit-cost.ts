// Evidence for docs/performance.md: what one student tick costs the server to *emit*, for the way
// server/rooms/room-channel.ts does it now and for the alternatives tried before. Plain socket.io
// (no app code), S sockets on 127.0.0.1; times only the synchronous emit loop of each tick (that is
// what blocks the server's event loop), median over ticks.
//   npx tsx scripts/bench/emit-cost.ts [--students 2000] [--ticks 30]   (EMIT_VARIANTS=5,6,7: by index)
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import type { StudentTick, YourRun } from "../../lib/protocol";
import type { PacketWriter } from "../../server/rooms/local-delivery";
import { studentTickFrames, studentTickPacket, webSocketMessageFrame } from "../../server/rooms/student-tick-packet";
import { sendFrameDirectly } from "../../server/rooms/websocket-fast-path";
import { markdownTable, percentile, sortedCopy } from "./stats";

const { values } = parseArgs({
  options: { students: { type: "string", default: "2000" }, ticks: { type: "string", default: "30" } },
});
const S = Number(values.students);
const TICKS = Number(values.ticks);

const top = [1, 2, 3].map((rank) => ({
  rank,
  nickname: `student-${rank}-name`,
  loss: 1234.5678901234567 / rank,
  status: "running",
}));
// Today's tick: shared part + "you", one JSON object per student, emitted to the student's own room.
const fullTick = (step: number, i: number) => ({
  view: "student",
  round: 1,
  step,
  sentAt: Date.now(),
  runs: S,
  top,
  you: { loss: 8837.259595849737 + i, status: "running", rank: i + 1, divergedAtStep: null },
});
// Proposal: the shared part once to the room, then a compact personal array [step, loss, rank, status].
const sharedTick = (step: number) => ({ round: 1, step, sentAt: Date.now(), runs: S, top });
const personal = (step: number, i: number) => [step, Math.fround(8837.259595849737 + i), i + 1, 0];
// The tick as the server sends it now: compact top-3 triples, and each student's own run.
const studentTick = (step: number): Omit<StudentTick, "you"> => ({
  view: "student",
  round: 1,
  step,
  sentAt: Date.now(),
  runs: S,
  top: [
    [1, 1234.5678901234567, 0],
    [2, 617.2839450617284, 0],
    [3, 411.5226300411522, 0],
  ],
});
const yourRun = (i: number): YourRun => [8837.259595849737 + i, 0, i + 1, -1];

interface Variant {
  name: string;
  recovery: boolean;
  emit: (io: Server, step: number, sockets: ServerSocket[]) => void;
}

const variants: Variant[] = [
  {
    name: "today: per-student full tick, recovery on",
    recovery: true,
    emit: (io, step) => {
      for (let i = 0; i < S; i++) io.to(`p:${i}`).emit("room:tick", fullTick(step, i));
    },
  },
  {
    name: "per-student full tick, recovery off",
    recovery: false,
    emit: (io, step) => {
      for (let i = 0; i < S; i++) io.to(`p:${i}`).emit("room:tick", fullTick(step, i));
    },
  },
  {
    name: "shared to room once + compact personal, recovery on",
    recovery: true,
    emit: (io, step) => {
      io.to("all").emit("room:tick", sharedTick(step));
      for (let i = 0; i < S; i++) io.to(`p:${i}`).emit("room:you", personal(step, i));
    },
  },
  {
    name: "shared to room once + compact personal, recovery off",
    recovery: false,
    emit: (io, step) => {
      io.to("all").emit("room:tick", sharedTick(step));
      for (let i = 0; i < S; i++) io.to(`p:${i}`).emit("room:you", personal(step, i));
    },
  },
  {
    name: "shared once + compact personal via the socket objects, recovery off",
    recovery: false,
    emit: (io, step, sockets) => {
      io.to("all").emit("room:tick", sharedTick(step));
      for (let i = 0; i < S; i++) sockets[i]!.emit("room:you", personal(step, i));
    },
  },
  {
    name: "one frame each, socket.emit (the server until 2026-11-24)",
    recovery: false,
    emit: (_io, step, sockets) => {
      const tick = studentTick(step);
      for (let i = 0; i < S; i++) sockets[i]!.emit("room:tick", { ...tick, you: yourRun(i) });
    },
  },
  {
    name: "one frame each, shared part encoded once (studentTickPacket, until 2026-12-01)",
    recovery: false,
    emit: (_io, step, sockets) => {
      const packetFor = studentTickPacket(studentTick(step));
      for (let i = 0; i < S; i++)
        (sockets[i]!.client as unknown as { _packet(p: string, o: object): void })._packet(packetFor(yourRun(i)), {
          preEncoded: true,
        });
    },
  },
  {
    name: "the same with each WebSocket frame built in one buffer (until the WebSocket fast path, 2026-12-01)",
    recovery: false,
    emit: (_io, step, sockets) => {
      const packetFor = studentTickPacket(studentTick(step));
      for (let i = 0; i < S; i++) {
        const packet = packetFor(yourRun(i));
        const wsPreEncodedFrame = [webSocketMessageFrame(packet)];
        (sockets[i]!.client as unknown as PacketWriter)._packet(packet, { preEncoded: true, wsPreEncodedFrame });
      }
    },
  },
  {
    name: "frames made without the packet text, straight onto the WebSocket (the server now)",
    recovery: false,
    emit: (_io, step, sockets) => {
      const frameFor = studentTickFrames(studentTick(step));
      for (let i = 0; i < S; i++)
        if (!sendFrameDirectly(sockets[i]!.conn, frameFor(yourRun(i)))) throw new Error("slow path");
    },
  },
  {
    name: "floor: shared once only, recovery off",
    recovery: false,
    emit: (io, step) => void io.to("all").emit("room:tick", sharedTick(step)),
  },
];

async function measure(variant: Variant): Promise<string[]> {
  const http = createServer();
  const io = new Server(
    http,
    variant.recovery ? { connectionStateRecovery: { maxDisconnectionDuration: 120_000 } } : {},
  );
  let joined = 0;
  const sockets: ServerSocket[] = [];
  io.on("connection", (socket) => {
    const i = Number(socket.handshake.query.i);
    sockets[i] = socket;
    void socket.join([`p:${i}`, "all"]);
    joined++;
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Socket[] = [];
  let received = 0;
  for (let i = 0; i < S; i++) {
    const client = connect(url, { transports: ["websocket"], forceNew: true, query: { i: String(i) } });
    client.onAny(() => received++);
    clients.push(client);
    if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  while (joined < S) await new Promise((resolve) => setTimeout(resolve, 50));

  const times: number[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  for (let step = 1; step <= TICKS; step++) {
    const start = performance.now();
    variant.emit(io, step, sockets);
    times.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 100)); // clients drain between ticks
  }
  const heapGrowthMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const sorted = sortedCopy(times);
  for (const client of clients) client.disconnect();
  void io.close(); // nothing to wait for: the next variant uses a new server
  return [
    variant.name,
    percentile(sorted, 50).toFixed(1),
    percentile(sorted, 95).toFixed(1),
    heapGrowthMB.toFixed(0),
    String(received),
  ];
}

const rows: string[][] = [];
const only = process.env.EMIT_VARIANTS?.split(",").map(Number);
for (const [index, variant] of variants.entries()) if (!only || only.includes(index)) rows.push(await measure(variant));
console.log(`emit cost of one student tick round, S=${S}, ${TICKS} ticks (synchronous emit loop only)\n`);
console.log(markdownTable(["variant", "ms/tick p50", "p95", "heap growth MiB", "events received"], rows));
process.exit(0);
