// The real server as a child process for benchmarks, run as `npm start` runs it (the bundle, with
// the memory settings of scripts/server-runtime.mjs; BENCH_SERVER_RUNTIME=tsx: the sources through
// tsx instead), with the event-loop probe preloaded and an IPC channel to read it. Stopping is
// bounded: SIGTERM (the server stores rounds in play), then SIGKILL after a deadline; the data
// folder is the caller's.
import { spawn, type ChildProcess } from "node:child_process";
import { waitForServerUrl } from "../../tests/helpers/server-url";
import { SERVER_NODE_FLAGS, bundleServer, serverEnv } from "../server-runtime.mjs";

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
  heapTotalMB: number;
  heapUsedMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  /** Garbage collection on the server's main thread since the last reset (young: scavenges). */
  gc?: { count: number; ms: number; youngCount: number; youngMs: number };
  /** Each collection since the last reset: [wall-clock start ms, duration ms, young generation?]. */
  gcEvents?: Array<[number, number, boolean]>;
}

export interface ServerChild {
  url: string;
  pid: number;
  child: ChildProcess;
  output: () => string;
  resetEventLoop: () => void;
  /** Event-loop delay since the last reset, or null when the probe did not answer. */
  readEventLoop: () => Promise<EventLoopDelay | null>;
  stop: () => Promise<void>;
}

/** "bundle": as `npm start` runs it; "tsx": the sources through tsx, no memory settings (as before). */
export type ServerRuntime = "bundle" | "tsx";
const DEFAULT_RUNTIME: ServerRuntime = process.env.BENCH_SERVER_RUNTIME === "tsx" ? "tsx" : "bundle";
let bundled: Promise<string> | undefined;

/** The node arguments and environment of the server in that runtime. */
async function serverCommand(
  env: Record<string, string>,
  runtime: ServerRuntime,
): Promise<{ args: string[]; env: NodeJS.ProcessEnv }> {
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const probe = ["--import", "./scripts/bench/eld-probe.mjs"];
  const base = { ...process.env, PORT: "0", HOST: "127.0.0.1", SERVE_PAGES: "false", ...env };
  if (runtime === "tsx") return { args: [...extra, "--import", "tsx", ...probe, "server/main.ts"], env: base };
  bundled ??= bundleServer(); // once per benchmark process: the sources do not change under it
  // BENCH_SERVER_MALLOC=glibc: without the malloc settings, to measure what they change.
  const memoryEnv = process.env.BENCH_SERVER_MALLOC === "glibc" ? base : serverEnv(base);
  return { args: [...SERVER_NODE_FLAGS, ...extra, ...probe, await bundled], env: memoryEnv };
}

export async function startServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
  runtime = DEFAULT_RUNTIME,
): Promise<ServerChild> {
  const command = await serverCommand(env, runtime);
  const child = spawn(process.execPath, command.args, {
    env: command.env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const started = waitForServerUrl(child, timeoutMs);
  const url = await started.url.catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  const readEventLoop = () =>
    new Promise<EventLoopDelay | null>((resolve) => {
      const timer = setTimeout(() => {
        child.off("message", onMessage);
        resolve(null);
      }, 5_000);
      const onMessage = (message: { type?: string } & EventLoopDelay) => {
        if (message?.type !== "eld") return;
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(message);
      };
      child.on("message", onMessage);
      child.send("eld:read");
    });

  return {
    url,
    pid: child.pid!,
    child,
    output: started.output,
    resetEventLoop: () => void child.send("eld:reset"),
    readEventLoop,
    stop,
  };
}
