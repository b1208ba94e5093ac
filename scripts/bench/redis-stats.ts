// What a service of several processes asks of Redis, from Redis's own counters (INFO commandstats
// and INFO stats): calls per command and bytes in and out. They count every client of that Redis
// server, so a benchmark reads them while nobody else uses it (`flock -x /tmp/arena-quiet.lock`).
import type { Redis } from "ioredis";

export interface RedisCounters {
  /** Calls per command name (lower case; "client|setname" style for subcommands). */
  calls: Record<string, number>;
  netInputBytes: number;
  netOutputBytes: number;
  /** The Redis server's own CPU time (user + system), seconds. */
  cpuSeconds: number;
}

export async function readRedisCounters(redis: Redis): Promise<RedisCounters> {
  const [commands, stats, cpu] = await Promise.all([
    redis.info("commandstats"),
    redis.info("stats"),
    redis.info("cpu"),
  ]);
  const calls: Record<string, number> = {};
  for (const match of commands.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
  const stat = (text: string, name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(text)?.[1] ?? NaN);
  return {
    calls,
    netInputBytes: stat(stats, "total_net_input_bytes"),
    netOutputBytes: stat(stats, "total_net_output_bytes"),
    cpuSeconds: stat(cpu, "used_cpu_user") + stat(cpu, "used_cpu_sys"),
  };
}

/** `to - from`, without the benchmark's own INFO calls; commands called 0 times are left out. */
export function redisDelta(from: RedisCounters, to: RedisCounters): RedisCounters {
  const calls: Record<string, number> = {};
  for (const [name, count] of Object.entries(to.calls)) {
    const delta = count - (from.calls[name] ?? 0);
    if (delta > 0 && name !== "info") calls[name] = delta;
  }
  return {
    calls,
    netInputBytes: to.netInputBytes - from.netInputBytes,
    netOutputBytes: to.netOutputBytes - from.netOutputBytes,
    cpuSeconds: to.cpuSeconds - from.cpuSeconds,
  };
}
