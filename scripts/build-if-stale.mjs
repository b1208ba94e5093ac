// `npm start` builds the pages only when the sources changed since the last build, so a second
// start is instant and a fresh clone still gets a build.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const marker = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "lib", "public", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "package.json"];

function newest(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

function stale() {
  const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const changedAt = Math.max(
    ...sources
      .map((s) => path.join(root, s))
      .filter(existsSync)
      .map(newest),
  );
  return builtAt < changedAt;
}

// Several processes of one service (docs/scaling.md) may start at once from one folder: one builds,
// the others wait for it (a folder is made atomically or not at all) and find the pages fresh.
const lock = path.join(root, ".next-build.lock");
const STALE_LOCK_MS = 15 * 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function takeLock() {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      // A build killed half-way leaves its lock behind: past any real build's length it is ignored.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > STALE_LOCK_MS)
        rmSync(lock, { force: true, recursive: true });
      else await sleep(500);
    }
  }
}

if (!stale()) {
  console.log("[arena] pages are up to date");
} else {
  await takeLock();
  try {
    if (!stale()) console.log("[arena] pages were built by another process of this service");
    else {
      console.log("[arena] building the pages (first start takes a minute)...");
      const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
      if (result.status !== 0) process.exitCode = result.status ?? 1;
    }
  } finally {
    rmSync(lock, { force: true, recursive: true });
  }
}
