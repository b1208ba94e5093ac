// The real server (`node --import tsx server/main.ts`) as a child process for benchmarks, with the
// event-loop probe preloaded and an IPC channel to read it. Stopping is bounded: SIGTERM (the
// server stores rounds in play), then SIGKILL after a deadline; the data folder is the caller's.
import { spawn, type ChildProcess } from "node:child_process";
import { waitForServerUrl } from "../../tests/helpers/server-url";

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
  heapUsedMB: number;
  externalMB: number;
  arrayBuffersMB: number;
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

export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerChild> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      "--import",
      "tsx",
      "--import",
      "./scripts/bench/eld-probe.mjs",
      "server/main.ts",
    ],
    {
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SERVE_PAGES: "false", ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
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
