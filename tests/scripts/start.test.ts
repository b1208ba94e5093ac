// `npm start` (scripts/start.mjs) runs the bundled server with plain node and the memory settings
// of scripts/server-runtime.mjs; the bundle creates and migrates a new data folder and opens it
// again without migrating; a signal sent to the launcher stops the server cleanly and the
// launcher exits as the server did.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { SERVER_MEMORY_ENV, SERVER_NODE_FLAGS } from "../../scripts/server-runtime.mjs";
import { scratchDir } from "../helpers/scratch-dir";
import { waitForServerUrl } from "../helpers/server-url";

const scratch = scratchDir("arena-start");

async function npmStart(dataDir: string) {
  const launcher = spawn(process.execPath, ["scripts/start.mjs"], {
    // SERVE_PAGES=false: no page build in a test (the same bundle serves the pages otherwise).
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SERVE_PAGES: "false", DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => launcher.once("exit", (code) => resolve(code)));
  const started = waitForServerUrl(launcher, 90_000);
  const url = await started.url.catch((error: unknown) => {
    launcher.kill("SIGKILL");
    throw error;
  });
  // The server is the launcher's only child (Linux lists a thread's children in /proc).
  const [serverPid] = readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, "utf8").trim().split(" ");
  return { launcher, url, serverPid: Number(serverPid), output: started.output, exited };
}

it("runs the bundle with the memory settings, migrates a new folder once, and stops on SIGTERM", async () => {
  const dataDir = path.join(scratch.path, "data");
  const first = await npmStart(dataDir);
  try {
    const argv = readFileSync(`/proc/${first.serverPid}/cmdline`, "utf8").split("\0");
    expect(argv.slice(1, -2)).toEqual(SERVER_NODE_FLAGS);
    expect(argv.at(-2)).toMatch(/build\/server\/main\.mjs$/);
    const environ = readFileSync(`/proc/${first.serverPid}/environ`, "utf8").split("\0");
    for (const [name, value] of Object.entries(SERVER_MEMORY_ENV)) expect(environ).toContain(`${name}=${value}`);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    expect(first.output()).toMatch(/applied \d+_init/);
  } finally {
    first.launcher.kill("SIGTERM");
  }
  expect(await first.exited).toBe(0);
  expect(first.output()).toContain("SIGTERM: storing rounds in play and shutting down");

  const again = await npmStart(dataDir);
  try {
    expect((await fetch(`${again.url}/api/health`)).status).toBe(200);
    expect(again.output()).toMatch(/database: embedded PostgreSQL \(PGlite\) in .*\n/);
    expect(again.output()).not.toContain("applied");
  } finally {
    again.launcher.kill("SIGTERM");
  }
  expect(await again.exited).toBe(0);
}, 180_000);
