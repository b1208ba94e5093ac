// A ready-made empty database to start new data folders from. Creating a PostgreSQL cluster
// (initdb) inside PGlite takes ~1.7 s and grows its WebAssembly memory to ~850 MiB; a folder
// unpacked from this template opens in ~0.8 s at ~440 MiB. The template is made once, on
// `npm install` (scripts/pglite-template.ts), for the installed PGlite version; without it the
// server falls back to initdb (decision 0006).
import { PGlite } from "@electric-sql/pglite";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../migrations";

/**
 * Where the template of the installed PGlite version lives (a new PGlite version, a new file), or
 * null when that version cannot be read: then there is simply no template.
 */
export function templatePath(): string | null {
  // A direct dependency, so npm puts it at the top of node_modules (its package.json is not exported).
  const manifest = path.join(PROJECT_ROOT, "node_modules/@electric-sql/pglite/package.json");
  if (!existsSync(manifest)) return null;
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version?: string };
  return version
    ? path.join(PROJECT_ROOT, "node_modules/.cache/gradient-arena", `pglite-${version}-empty.tar.gz`)
    : null;
}

/** The template's bytes, or null when it was not made (install scripts skipped, read-only disk). */
export function readTemplate(file: string): Blob | null {
  return existsSync(file) ? new Blob([readFileSync(file)]) : null;
}

/** Makes the template: an empty cluster, as PGlite's own dump. Written whole or not at all. */
export async function writeTemplate(file: string): Promise<{ file: string; bytes: number }> {
  const pglite = new PGlite();
  try {
    await pglite.waitReady;
    const dump = Buffer.from(await (await pglite.dumpDataDir("gzip")).arrayBuffer());
    await mkdir(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, dump);
    await rename(partial, file);
    return { file, bytes: dump.length };
  } finally {
    await pglite.close();
  }
}
