// CPU and memory of another process, read from /proc (Linux only), so the benchmark measures the
// server without adding code to it.
import { readFileSync } from "node:fs";

// USER_HZ: 100 on every Linux we target (it is fixed by the kernel ABI, not by CONFIG_HZ).
const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuSample {
  at: number; // performance.now() when read, ms
  cpuSeconds: number; // user + system
}

export function readCpu(pid: number): CpuSample {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { at: performance.now(), cpuSeconds: (utime + stime) / CLOCK_TICKS_PER_SECOND };
}

/** Share of one core used between two samples, in percent (200% = both cores of this machine). */
export function cpuPercent(from: CpuSample, to: CpuSample): number {
  const wallSeconds = (to.at - from.at) / 1000;
  return wallSeconds > 0 ? (100 * (to.cpuSeconds - from.cpuSeconds)) / wallSeconds : 0;
}

/** Resident set size now and the process's peak so far (VmHWM), in MiB. */
export function readMemory(pid: number): { rssMB: number; peakMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMB: kb("VmRSS") / 1024, peakMB: kb("VmHWM") / 1024 };
}
