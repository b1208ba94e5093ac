// Page weight: first-load JavaScript of the pages phones and the projector open, gzipped, from the
// output of `npx next build` (Next 16 no longer prints per-route sizes).
//   npx tsx scripts/bench-pages.ts [--json out.json]
// A route loads the framework's root chunks (build-manifest.json `rootMainFiles`) plus the entry
// chunks of its layouts and page (`entryJSFiles` of its page_client-reference-manifest.js). Legacy
// polyfills (`nomodule`, skipped by current browsers) and chunks loaded later on demand are not
// counted, as Next's own "First Load JS" did not count them. Routes not built yet say "missing".
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { markdownTable } from "./bench/stats";

const NEXT_DIR = path.resolve(".next");
const TARGET_KB = 150; // issue 5: student first-load JS < 150 KB gzipped
const ROUTES = [
  { route: "/join", audience: "student" },
  { route: "/join/[code]", audience: "student" },
  { route: "/host/[code]", audience: "host" },
  { route: "/", audience: "home" },
  { route: "/sessions", audience: "history" },
  { route: "/sessions/[id]", audience: "history" },
] as const;

interface RouteWeight {
  route: string;
  audience: string;
  status: "ok" | "missing";
  chunks: number;
  rawKB: number;
  gzipKB: number;
  pageOnlyGzipKB: number; // what this route adds on top of the shared root chunks
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();
function sizeOf(chunk: string): { raw: number; gzip: number } {
  const cached = gzipCache.get(chunk);
  if (cached) return cached;
  const bytes = readFileSync(path.join(NEXT_DIR, chunk));
  // Level 9, as the `gzip-size` package Next used for its build table.
  const size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  gzipCache.set(chunk, size);
  return size;
}

/** Chunk paths relative to .next, e.g. "static/chunks/abc.js" (manifests mix "/_next/" prefixes). */
const normalise = (chunk: string) => chunk.replace(/^\/?_next\//, "").replace(/^\//, "");

function entryChunks(route: string): string[] | null {
  const segment = route === "/" ? "" : route;
  const file = path.join(NEXT_DIR, "server", "app", segment, "page_client-reference-manifest.js");
  if (!existsSync(file)) return null;
  // The manifest is a script assigning globalThis.__RSC_MANIFEST[...]; run it in an empty context.
  const context: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
  runInNewContext(readFileSync(file, "utf8"), context, { timeout: 1_000 });
  const manifest = context.__RSC_MANIFEST?.[`${segment}/page`];
  if (!manifest?.entryJSFiles) return null;
  return [...new Set(Object.values(manifest.entryJSFiles).flat().map(normalise))];
}

export function measurePages(): { buildId: string; rows: RouteWeight[] } | null {
  if (!existsSync(path.join(NEXT_DIR, "BUILD_ID"))) return null;
  const buildId = readFileSync(path.join(NEXT_DIR, "BUILD_ID"), "utf8").trim();
  const buildManifest = JSON.parse(readFileSync(path.join(NEXT_DIR, "build-manifest.json"), "utf8")) as {
    rootMainFiles?: string[];
  };
  const root = (buildManifest.rootMainFiles ?? []).map(normalise);
  const rootGzip = root.reduce((sum, chunk) => sum + sizeOf(chunk).gzip, 0);
  const rows = ROUTES.map(({ route, audience }): RouteWeight => {
    const entries = entryChunks(route);
    if (!entries)
      return { route, audience, status: "missing", chunks: 0, rawKB: NaN, gzipKB: NaN, pageOnlyGzipKB: NaN };
    const all = [...new Set([...root, ...entries])].filter((chunk) => existsSync(path.join(NEXT_DIR, chunk)));
    const raw = all.reduce((sum, chunk) => sum + sizeOf(chunk).raw, 0);
    const gzip = all.reduce((sum, chunk) => sum + sizeOf(chunk).gzip, 0);
    return {
      route,
      audience,
      status: "ok",
      chunks: all.length,
      rawKB: raw / 1024,
      gzipKB: gzip / 1024,
      pageOnlyGzipKB: (gzip - rootGzip) / 1024,
    };
  });
  return { buildId, rows };
}

/** Only student pages have a target; a route missing from the build cannot meet it. */
function verdict(r: RouteWeight): string {
  if (r.audience !== "student") return "-";
  if (r.status !== "ok") return "missing";
  return r.gzipKB < TARGET_KB ? "met" : "MISSED";
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve("scripts/bench-pages.ts");
if (isMain) {
  const { values } = parseArgs({ options: { json: { type: "string" } } });
  const result = measurePages();
  if (!result) {
    console.log("pages: no build in .next (run `npx next build` first)");
    process.exit(0);
  }
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "missing");
  console.log(
    `pages: first-load JS per route, build ${result.buildId} (gzip -9; KB = 1024 bytes; student target < ${TARGET_KB} KB)\n`,
  );
  console.log(
    markdownTable(
      ["route", "who", "chunks", "raw KB", "gzip KB", "of which page-specific", "target"],
      result.rows.map((r) => [
        r.route,
        r.audience,
        r.status === "ok" ? String(r.chunks) : "-",
        f(r.rawKB),
        f(r.gzipKB),
        f(r.pageOnlyGzipKB),
        verdict(r),
      ]),
    ),
  );
  if (values.json) await writeFile(values.json, JSON.stringify(result, null, 2));
}
