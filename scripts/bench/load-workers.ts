// The load generator's processes (scripts/bench-fanout-clients.ts), forked and driven over IPC by
// a benchmark (scripts/bench-fanout.ts, scripts/bench-scaleout.ts): one message type at a time
// from every worker, and a bounded stop.
import { fork, type ChildProcess } from "node:child_process";
import type { WorkerConfig } from "../bench-fanout-clients";

export type WorkerMessage = { type: string } & Record<string, unknown>;

/**
 * One load worker running `config`. "advanced" serialization (structured clone) for workers that
 * send every tick's timeline back: much faster than JSON for millions of numbers.
 */
export function forkLoadWorker(config: WorkerConfig, serialization: "json" | "advanced" = "json"): ChildProcess {
  return fork("scripts/bench-fanout-clients.ts", [], {
    execArgv: [...(process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx"],
    env: { ...process.env, BENCH_WORKER: JSON.stringify(config) },
    serialization,
  });
}

/** Resolves with the next message of `type` from every worker, or rejects after `ms`. */
export function fromAll(workers: ChildProcess[], type: string, ms: number): Promise<WorkerMessage[]> {
  return Promise.all(
    workers.map(
      (worker) =>
        new Promise<WorkerMessage>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no "${type}" from a load worker within ${ms / 1000} s`)),
            ms,
          );
          const onMessage = (message: WorkerMessage) => {
            if (message.type === "error") reject(new Error(`load worker: ${String(message.message)}`));
            if (message.type !== type) return;
            clearTimeout(timer);
            worker.off("message", onMessage);
            resolve(message);
          };
          worker.on("message", onMessage);
          worker.once("exit", (code) => reject(new Error(`load worker exited (${code}) before "${type}"`)));
        }),
    ),
  );
}

/** Workers exit by themselves after "end": gives them 5 s, then makes sure. */
export async function stopLoadWorkers(workers: ChildProcess[]): Promise<void> {
  const gone = (w: ChildProcess) => w.exitCode !== null || w.signalCode !== null;
  for (let wait = 0; wait < 50 && !workers.every(gone); wait++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  for (const worker of workers) if (!gone(worker)) worker.kill("SIGKILL");
}
