// When each student's tick reached the wire, seen by the kernel rather than by the load generator.
// The load generator decodes 2,000 sockets' messages one after the other on one core (~15 µs
// each), so the last student's arrival time it records is late by the generator's own work; a
// class of phones decodes in parallel. tcpdump on the loopback interface timestamps every segment
// the server sends as the kernel hands it to the receiving socket, which is what a phone on the
// network sees. Used by scripts/bench-fanout.ts (`--wire`); needs tcpdump and root.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface WireArrivals {
  /** Per step: first and last arrival (ms, wall clock) over the sockets that received it. */
  steps: Map<number, [number, number]>;
  /** Distinct (socket, step) arrivals counted. */
  arrivals: number;
  /** What tcpdump said it lost ("N packets dropped by kernel"); the figures are partial if > 0. */
  dropped: number;
}

export interface WireCapture {
  stop(): Promise<WireArrivals>;
}

/** Installs tcpdump from Debian's packages when missing and allowed (root with apt-get). */
export function ensureTcpdump(): boolean {
  const has = () => {
    try {
      execFileSync("tcpdump", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (has()) return true;
  if (process.getuid?.() !== 0) return false;
  try {
    console.log("[bench] installing tcpdump from Debian's packages");
    execFileSync("apt-get", ["install", "-y", "-qq", "tcpdump"], {
      stdio: "ignore",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch {
    return false;
  }
  return has();
}

/** Starts capturing what the server on `port` sends over loopback; `cpus` pins tcpdump (taskset). */
export async function startWireCapture(port: number, cpus?: string): Promise<WireCapture> {
  const file = path.join(os.tmpdir(), `arena-wire-${process.pid}-${port}.pcap`);
  const args = ["-i", "lo", "-n", "-s", "600", "-B", "32768", "-w", file, `tcp src port ${port}`];
  const command = cpus ? "taskset" : "tcpdump";
  const tcpdump: ChildProcess = spawn(command, cpus ? ["-c", cpus, "tcpdump", ...args] : args, {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  tcpdump.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 10_000);
    tcpdump.stderr!.on("data", () => {
      if (!stderr.includes("listening on")) return;
      clearTimeout(timer);
      resolve();
    });
    tcpdump.once("exit", () => reject(new Error(`tcpdump exited: ${stderr}`)));
  });
  return {
    async stop() {
      const exited = new Promise((resolve) => tcpdump.once("exit", resolve));
      tcpdump.kill("SIGINT");
      await exited;
      const dropped = Number(/(\d+) packets? dropped by kernel/.exec(stderr)?.[1] ?? 0);
      const pcap = await readFile(file);
      await rm(file, { force: true });
      return { ...studentTickArrivals(pcap), dropped };
    },
  };
}

const TICK = Buffer.from('2["room:tick",{');

/**
 * Reads a classic pcap file (tcpdump -w, Ethernet framing on lo) and finds every student tick in
 * the TCP payloads: `2["room:tick",{..."step":N,...` after the engine.io/WebSocket framing.
 */
export function studentTickArrivals(pcap: Buffer): Omit<WireArrivals, "dropped"> {
  const magic = pcap.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error("not a little-endian pcap file");
  const unit = magic === 0xa1b23c4d ? 1e-6 : 1e-3; // ns or µs fraction, to ms
  const seen = new Map<string, number>(); // "address:port:step" -> first arrival
  for (let at = 24; at + 16 <= pcap.length;) {
    const ms = pcap.readUInt32LE(at) * 1000 + pcap.readUInt32LE(at + 4) * unit;
    const captured = pcap.readUInt32LE(at + 8);
    const frame = pcap.subarray(at + 16, at + 16 + captured);
    at += 16 + captured;
    if (frame.length < 14 + 20 || frame.readUInt16BE(12) !== 0x0800) continue; // IPv4 only
    const ip = frame.subarray(14);
    const tcp = ip.subarray((ip[0]! & 0x0f) * 4);
    // A socket is its address and port: students on 127.0.0.x reuse each other's port numbers.
    const destination = `${ip.readUInt32BE(16)}:${tcp.readUInt16BE(2)}`;
    const payload = tcp.subarray((tcp[12]! >> 4) * 4);
    for (let i = payload.indexOf(TICK); i >= 0; i = payload.indexOf(TICK, i + TICK.length)) {
      const step = /"step":(\d+)/.exec(payload.toString("latin1", i, i + 200))?.[1];
      if (step === undefined) continue;
      const key = `${destination}:${step}`;
      if (!seen.has(key)) seen.set(key, ms);
    }
  }
  const steps = new Map<number, [number, number]>();
  for (const [key, ms] of seen) {
    const step = Number(key.slice(key.lastIndexOf(":") + 1));
    const span = steps.get(step);
    if (!span) steps.set(step, [ms, ms]);
    else [span[0], span[1]] = [Math.min(span[0], ms), Math.max(span[1], ms)];
  }
  return { steps, arrivals: seen.size };
}
