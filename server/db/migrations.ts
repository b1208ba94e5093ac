// Applies prisma/migrations/* at start-up, exactly as `prisma migrate deploy` would (same
// `_prisma_migrations` bookkeeping), but in-process through the WASM schema engine: works offline,
// on the embedded database and on a PostgreSQL server alike.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { openSchemaEngine } from "./schema-engine";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The migrations folder in the shape the schema engine takes (`MigrationList`). */
export async function readMigrationList(dir = MIGRATIONS_DIR) {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: await readFile(path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: await readFile(lockPath, "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies every migration not yet recorded in the database; returns the names applied. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrationsList = await readMigrationList(dir);
  if (await nothingToApply(adapterFactory, migrationsList)) return [];
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const engine = await openSchemaEngine([[SCHEMA_PATH, schema]], adapterFactory);
  try {
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * True when the database already records every migration of the folder as applied, and none as
 * failed: then the schema engine would apply nothing, and loading it (its WebAssembly module,
 * ~250 ms and ~20 MiB that stay for the thread's life) is skipped. Anything else (no bookkeeping
 * table, a migration pending or failed, a lockfile for another provider) goes to the engine,
 * which applies or refuses exactly as `prisma migrate deploy` does.
 */
async function nothingToApply(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  migrationsList: Awaited<ReturnType<typeof readMigrationList>>,
): Promise<boolean> {
  const lockfile = migrationsList.lockfile.content;
  if (lockfile !== null && !/provider\s*=\s*"postgresql"/.test(lockfile)) return false;
  const connection = await adapterFactory.connect();
  try {
    const { rows } = await connection.queryRaw({
      sql: `SELECT migration_name, CASE WHEN finished_at IS NULL THEN 'failed' ELSE 'applied' END
              FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      args: [],
      argTypes: [],
    });
    if (rows.some(([, state]) => state !== "applied")) return false;
    const applied = new Set(rows.map(([name]) => name));
    return migrationsList.migrationDirectories.every((migration) => applied.has(migration.path));
  } catch {
    return false; // no bookkeeping table yet (a new database): the engine creates it
  } finally {
    await connection.dispose();
  }
}
