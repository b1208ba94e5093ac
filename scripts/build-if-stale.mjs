// `npm start` builds the pages only when the sources changed since the last build, so a second
// start is instant and a fresh clone still gets a build.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const marker = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "lib", "public", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "package.json"];

function newest(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
const changedAt = Math.max(
  ...sources
    .map((s) => path.join(root, s))
    .filter(existsSync)
    .map(newest),
);
if (builtAt >= changedAt) {
  console.log("[arena] pages are up to date");
} else {
  console.log("[arena] building the pages (first start takes a minute)...");
  const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
