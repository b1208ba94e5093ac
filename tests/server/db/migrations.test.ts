// Migrations at start-up: a database that records every migration is left alone (without loading
// the schema engine), and anything else still goes to the engine, which applies or refuses as
// `prisma migrate deploy` does: a pending migration is applied, a failed one stops the start.
import { PGlite } from "@electric-sql/pglite";
import { cp, rm } from "node:fs/promises";
import path from "node:path";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, applyMigrations, readMigrationList } from "../../../server/db/migrations";
import { scratchDir } from "../../helpers/scratch-dir";

const scratch = scratchDir("arena-migrations");

describe("applyMigrations", () => {
  let pglite: PGlite;
  let names: string[];
  beforeEach(async () => {
    pglite = new PGlite();
    names = (await readMigrationList()).migrationDirectories.map((migration) => migration.path);
    expect(names.length).toBeGreaterThan(1);
  });
  afterEach(async () => {
    await pglite.close();
  });

  it("applies every migration once, then nothing to a database that records them all", async () => {
    expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual(names);
    expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual([]);
  });

  it("applies only the migration a database has not seen yet (an upgrade)", async () => {
    // The folder as it was one migration ago, then as it is now.
    const before = path.join(scratch.path, "before");
    await rm(before, { recursive: true, force: true });
    await cp(MIGRATIONS_DIR, before, { recursive: true });
    await rm(path.join(before, names[names.length - 1]!), { recursive: true });
    expect(await applyMigrations(new PrismaPGlite(pglite), before)).toEqual(names.slice(0, -1));
    expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual(names.slice(-1));
  });

  it("refuses to start on a migration recorded as failed, as prisma migrate deploy does", async () => {
    await applyMigrations(new PrismaPGlite(pglite));
    await pglite.query(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1`, [names[0]]);
    await expect(applyMigrations(new PrismaPGlite(pglite))).rejects.toThrow(/failed/i);
  });
});
