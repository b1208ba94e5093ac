// Measuring tools of the review benchmark (scripts/bench-review.ts): the server's idle memory, a
// download counted (not kept), and how much room the stored round takes.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { Database } from "../../server/db/database";
import { readMemory } from "./proc-stats";
import type { ServerChild } from "./server-child";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory after `seconds` with no client: the median of the last five 1 s samples. */
export async function idleRss(server: ServerChild, seconds: number): Promise<number> {
  const samples: number[] = [];
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    samples.push(readMemory(server.pid).rssMB);
  }
  return samples.slice(-5).sort((a, b) => a - b)[2]!;
}

/**
 * Downloads `url` counting bytes (nothing kept), and how often `marker` occurs in the body. fetch
 * asks for gzip unless `headers` say otherwise, and counts the unpacked bytes.
 */
export async function download(url: string, cookie: string, marker: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie, ...headers } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  const firstByteMs = performance.now() - started;
  const decoder = new TextDecoder();
  let bytes = 0;
  let markers = 0;
  let carry = "";
  const reader = response.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.byteLength;
    const text = carry + decoder.decode(chunk.value, { stream: true });
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) markers++;
    carry = text.slice(-(marker.length - 1));
  }
  return { bytes, ms: performance.now() - started, firstByteMs, markers };
}

export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  return total;
}

export async function pgSize(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ size: string }>("SELECT pg_database_size(current_database()) AS size");
  await client.end();
  return Number(rows[0]!.size);
}

/** The Run table on disk, with its TOAST table and indexes. */
export async function runTableBytes(db: Database): Promise<number> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ size: unknown }>>(
    `SELECT pg_total_relation_size('"Run"') AS size`,
  );
  return Number(rows[0]!.size);
}
