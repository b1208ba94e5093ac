// The real server as a child process (`tsx server/main.ts`), for tests that kill it.
import { spawn, type ChildProcess } from "node:child_process";
import { waitForServerUrl } from "./server-url";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string | null>;
}

export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  // `node --import tsx` rather than `npx tsx`: the child is the server itself, so a signal sent
  // to it reaches the server and not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SERVE_PAGES: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code)),
  );
  const started = waitForServerUrl(child, timeoutMs);
  // A server that never said where it listens is not left running behind the test.
  const url = await started.url.catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  return { url, child, output: started.output, exited };
}
