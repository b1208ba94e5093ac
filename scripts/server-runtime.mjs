// How the production server runs (`npm start`, scripts/start.mjs) and how the benchmarks run it
// (scripts/bench/server-child.ts), in one place: the server bundled by esbuild and started with
// plain `node`, with the memory settings of a small machine. Why each one, measured:
// docs/performance.md, "A lighter server"; docs/decisions/0010-lighter-server.md.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Two levels below the project, like the sources it comes from (server/db/migrations.ts finds the
 * project two folders above its own file, and so does the bundle); the worker's entry sits beside
 * the server's, where server/db/embedded/embedded-thread.ts looks for it.
 */
export const BUNDLE_DIR = path.join(PROJECT_ROOT, "build", "server");
export const SERVER_BUNDLE = path.join(BUNDLE_DIR, "main.mjs");

/**
 * The young generation V8 gives a machine of 4 GiB or more (16 MiB semi-spaces), on every machine:
 * on 1-2 GiB V8 picks 4-8 MiB, and then a 2,000-student round spends 8-12% (4 MiB) instead of
 * 1.5% of its time in scavenges and ends with more memory, not less, because short-lived objects
 * get promoted (docs/performance.md). An idle server gives the space back within a minute (V8's
 * memory reducer). The old generation is left alone: a cap saves nothing until it is reached,
 * and then it is an out-of-memory crash.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=16"];

/**
 * glibc's malloc thresholds at their own starting values (128 KiB), fixed: setting them turns off
 * glibc's dynamic thresholds, which after the first large buffer is freed (PGlite unpacking its
 * files, the WebAssembly modules being compiled) let every arena keep up to 64 MiB of freed memory
 * for good: ~90 MiB of an idle server's 380 on the embedded database, ~60 of 235 on PostgreSQL.
 * Read once when the process starts, so they cannot be set from inside it. (MALLOC_ARENA_MAX=2 on
 * top of these saved nothing more.) Settings already in the environment win.
 */
export const SERVER_MEMORY_ENV = {
  MALLOC_MMAP_THRESHOLD_: "131072",
  MALLOC_TRIM_THRESHOLD_: "131072",
};

/**
 * The environment for the server process: the memory settings under whatever `env` says. (Not
 * empty values: glibc reads `MALLOC_MMAP_THRESHOLD_=` as 0, and then every allocation is an mmap.)
 */
export function serverEnv(env = process.env) {
  return { ...SERVER_MEMORY_ENV, ...env };
}

/**
 * Bundles server/main.ts and the embedded database's worker (packages stay in node_modules), and
 * writes each file by rename, so that processes started together from one folder never run a
 * half-written bundle. ~1 s, done at every start: the bundle is never older than the sources.
 */
export async function bundleServer() {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [
      { in: "server/main.ts", out: "main" },
      { in: "server/db/embedded/worker.ts", out: "worker-entry" },
    ],
    outdir: BUNDLE_DIR,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    // Read only with `node --enable-source-maps` (positions in the TypeScript sources); unread, free.
    sourcemap: "linked",
    write: false,
    logLevel: "warning",
  });
  await esbuild.stop(); // its service process is not needed again
  await mkdir(BUNDLE_DIR, { recursive: true });
  for (const file of result.outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  return SERVER_BUNDLE;
}
