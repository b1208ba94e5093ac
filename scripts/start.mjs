// `npm start` (and the systemd units): builds the pages if their sources changed, bundles the server,
// then runs it with plain `node` and the memory settings of scripts/server-runtime.mjs. This
// process stays as the server's parent only to hand on signals and the exit code: settings read
// when a process starts (glibc's malloc) can only be given by whoever starts it.
//   node scripts/start.mjs          (`npm run dev` runs the sources through tsx instead)
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT, SERVER_NODE_FLAGS, bundleServer, serverEnv } from "./server-runtime.mjs";

// SERVE_PAGES=false (API and sockets only) needs no pages.
if (process.env.SERVE_PAGES !== "false") {
  const pages = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "scripts/build-if-stale.mjs")], {
    stdio: "inherit",
  });
  if (pages.status !== 0) process.exit(pages.status ?? 1);
}

let bundle;
try {
  bundle = await bundleServer();
} catch (error) {
  console.error(`[arena] could not bundle the server: ${error.message}`);
  process.exit(1);
}

const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, bundle], {
  cwd: process.cwd(),
  env: serverEnv(),
  stdio: "inherit",
});
// A terminal's Ctrl-C reaches the whole process group, systemd's stop the whole unit: the server
// gets those itself. A signal sent to this process alone is passed on; either way the server
// decides when to exit (it stores the rounds in play first), and this process follows it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"])
  process.on(signal, () => {
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  });
// Ended by a signal: exit as shells report it (128 + its number).
server.once("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
