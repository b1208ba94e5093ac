// Waits for a server child process to print `open http://...` (server/main.ts does once it
// listens) and returns that URL; used by the crash tests, the browser tests and the benchmarks.
import type { ChildProcess } from "node:child_process";

/** Keeps at most this much of a child's output for error messages. */
const OUTPUT_LIMIT = 50_000;

export function waitForServerUrl(
  child: ChildProcess,
  timeoutMs: number,
): { url: Promise<string>; output: () => string } {
  let output = "";
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
      const match = /open (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${signal ?? code}):\n${output}`));
    });
  });
  return { url, output: () => output };
}
