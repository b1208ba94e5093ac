// The steady part of scripts/bench-scaleout.ts's round, every process up: what each process pays
// (CPU, RSS, event-loop delay), what Redis carries (its own counters), over a window of wall time;
// the phones' side of the same window comes from their timelines once the round is over.
import type { ChildProcess } from "node:child_process";
import type { BenchCluster } from "./bench-cluster";
import { commandCpuPercent, cpuPercent, readCpu, readCpuOfCommand, readMachineCpu, readMemory } from "./proc-stats";
import { readRedisCounters, redisDelta, type RedisCounters } from "./redis-stats";
import type { EventLoopDelay } from "./server-child";
import { steadyFigures, type SteadyFigures } from "./tick-gaps";
import type { Timeline } from "./tick-timeline";

export interface ProcessFigures {
  process: number;
  /** Percent of one core over the window. */
  cpu: number;
  rssMB: number;
  peakMB: number;
  eld: EventLoopDelay | null;
}

export interface SteadyPhase extends SteadyFigures {
  from: number;
  to: number;
  processes: ProcessFigures[];
  /** The load generator's processes together, percent of one core. */
  loadCpu: number;
  /** Redis's and PostgreSQL's own CPU, and everything else on the machine (other work: should be ~0). */
  redisCpu: number;
  postgresCpu: number;
  otherCpu: number;
  redis: RedisCounters;
  /** Redis calls (every command) and bytes per step of the window. */
  perStep: { calls: number; inBytes: number; outBytes: number };
}

const wall = () => performance.timeOrigin + performance.now();

/** Samples now, waits `ms`, samples again; `figures` adds the phones' view of that window. */
export async function measureSteady(cluster: BenchCluster, workers: ChildProcess[], ms: number) {
  const indices = cluster.running();
  const servers = indices.map((i) => cluster.server(i));
  const sample = async () => ({
    servers: servers.map((s) => readCpu(s.pid)),
    workers: workers.map((w) => readCpu(w.pid!)),
    redis: await readRedisCounters(cluster.redis),
    machine: readMachineCpu(),
    postgres: readCpuOfCommand("postgres"),
    at: wall(),
  });
  for (const server of servers) server.resetEventLoop();
  const before = await sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await sample();
  const eld = await Promise.all(servers.map((s) => s.readEventLoop()));
  const processes = servers.map((s, k) => ({
    process: indices[k]!,
    cpu: cpuPercent(before.servers[k]!, after.servers[k]!),
    ...readMemory(s.pid),
    eld: eld[k]!,
  }));
  const loadCpu = workers.reduce((sum, _, k) => sum + cpuPercent(before.workers[k]!, after.workers[k]!), 0);
  const redis = redisDelta(before.redis, after.redis);
  const redisCpu = (100 * redis.cpuSeconds) / ((after.at - before.at) / 1000);
  const postgresCpu = commandCpuPercent(before.postgres, after.postgres);
  const ours = processes.reduce((sum, p) => sum + p.cpu, loadCpu + redisCpu + postgresCpu);
  const otherCpu = cpuPercent(before.machine, after.machine) - ours;
  return {
    figures(timelines: Timeline[]): SteadyPhase {
      const phones = steadyFigures(timelines, before.at, after.at);
      const steps = Math.max(1, phones.steps);
      const calls = Object.values(redis.calls).reduce((a, b) => a + b, 0);
      return {
        ...phones,
        from: before.at,
        to: after.at,
        processes,
        loadCpu,
        redisCpu,
        postgresCpu,
        otherCpu,
        redis,
        perStep: { calls: calls / steps, inBytes: redis.netInputBytes / steps, outBytes: redis.netOutputBytes / steps },
      };
    },
  };
}
