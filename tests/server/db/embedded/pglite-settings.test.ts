// PostgreSQL settings the embedded database starts with (server/db/embedded/worker.ts): a small
// buffer pool (idle memory, docs/performance.md), in new data folders and in existing ones, with
// PGlite's own defaults kept.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../../server/db/database";
import { scratchDir } from "../../../helpers/scratch-dir";

async function setting(db: Database, name: string): Promise<string> {
  const rows = await db.prisma.$queryRawUnsafe<Array<Record<string, string>>>(`SHOW ${name}`);
  return rows[0]![name]!;
}

describe("embedded database settings", () => {
  const scratch = scratchDir("arena-pglite-settings");

  // A data folder only: in memory (tests' `dataDir: null`) PGlite lets postgresql.conf win over
  // the command line, and shared_buffers stays 128MB there.
  it("uses 16MB in a new folder and in one whose postgresql.conf still says 128MB, keeping PGlite's defaults", async () => {
    const dataDir = path.join(scratch.path, "db");
    for (let open = 0; open < 2; open++) {
      const db = await openDatabase({ kind: "embedded", dataDir });
      try {
        expect(await setting(db, "shared_buffers")).toBe("16MB");
        expect(await setting(db, "search_path")).toBe("public");
        expect(await setting(db, "max_worker_processes")).toBe("0");
      } finally {
        await db.close();
      }
      const conf = await readFile(path.join(dataDir, "postgresql.conf"), "utf8");
      expect(conf).toMatch(/^shared_buffers = 128MB/m);
    }
  });
});
