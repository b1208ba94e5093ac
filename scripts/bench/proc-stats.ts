// CPU and memory of another process, read from /proc (Linux only), so the benchmark measures the
// server without adding code to it.
import { readdirSync, readFileSync } from "node:fs";

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

/** The whole machine's busy time so far (every core, every process), from /proc/stat's first line. */
export function readMachineCpu(): CpuSample {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return { at: performance.now(), cpuSeconds: (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND };
}

/** CPU so far of each process whose command name is `name` (e.g. "postgres": the server and its backends). */
export function readCpuOfCommand(name: string): { at: number; byPid: Map<number, number> } {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) === name)
        byPid.set(Number(entry), readCpu(Number(entry)).cpuSeconds);
    } catch {
      // it exited meanwhile
    }
  }
  return { at: performance.now(), byPid };
}

/** Percent of one core between two readCpuOfCommand samples, over the processes alive at both. */
export function commandCpuPercent(from: ReturnType<typeof readCpuOfCommand>, to: ReturnType<typeof readCpuOfCommand>) {
  let seconds = 0;
  for (const [pid, after] of to.byPid) seconds += after - (from.byPid.get(pid) ?? after);
  return (100 * seconds) / ((to.at - from.at) / 1000);
}
