// A database filled by the version before accounts (only the init migration, sessions with no
// owner) opens with every migration, keeps its sessions, and the first admin takes them over
// when the owner is set up. On the embedded database and on PostgreSQL.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { describe, expect, it } from "vitest";
import { openDatabase, type DatabaseTarget } from "../../../server/db/database";
import { NO_FILTERS, readMigrationList, SCHEMA_PATH } from "../../../server/db/migrations";
import { openSchemaEngine } from "../../../server/db/schema-engine";
import { call, PASSWORD, whoIs } from "../../helpers/accounts";
import { createEmptyDatabase, postgresProblem } from "../../helpers/postgres";
import { scratchDir } from "../../helpers/scratch-dir";
import { startTestServer } from "../../helpers/test-server";
import { readFile } from "node:fs/promises";

const OLD_SESSIONS = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];

/** What the previous version did: its one migration, then sessions written with its columns. */
async function fillAsPreviousVersion(
  factory: SqlMigrationAwareDriverAdapterFactory,
  run: (sql: string) => Promise<unknown>,
): Promise<void> {
  const list = await readMigrationList();
  const init = list.migrationDirectories.filter((dir) => dir.path.endsWith("_init"));
  expect(init).toHaveLength(1);
  const engine = await openSchemaEngine([[SCHEMA_PATH, await readFile(SCHEMA_PATH, "utf8")]], factory);
  try {
    await engine.applyMigrations({ migrationsList: { ...list, migrationDirectories: init }, filters: NO_FILTERS });
  } finally {
    engine.free();
  }
  for (const [i, id] of OLD_SESSIONS.entries())
    await run(
      `INSERT INTO "Session" (id, code, title, "hostTokenHash", dataset, standardized, "maxSteps", "stepsPerSecond", "createdAt")
       VALUES ('${id}', 'OLD${i}XY', 'Lesson ${i}', 'hash${i}', 'study-hours', true, 200, 20, now())`,
    );
}

async function takeOver(target: DatabaseTarget) {
  const database = await openDatabase(target);
  expect(database.appliedMigrations.some((name) => name.endsWith("_accounts"))).toBe(true);
  const server = await startTestServer({ database, signup: "invite" });
  try {
    const kept = await database.prisma.session.findMany({ orderBy: { id: "asc" } });
    expect(kept.map((s) => [s.id, s.title, s.ownerId])).toEqual([
      [OLD_SESSIONS[0], "Lesson 0", null],
      [OLD_SESSIONS[1], "Lesson 1", null],
    ]);
    const token = await server.app.accounts.startFirstRun();
    const owner = { token, name: "Olga", email: "olga@school.example", password: PASSWORD };
    const done = await call(server, "/api/setup", { body: owner });
    expect(done.status).toBe(201);
    const admin = await whoIs(server, done.cookie);
    expect(admin).toMatchObject({ role: "admin" });
    const owned = await database.prisma.session.findMany({ orderBy: { id: "asc" } });
    expect(owned.map((s) => s.ownerId)).toEqual([admin!.id, admin!.id]);
  } finally {
    await server.close();
    await database.close();
  }
}

describe("sessions from before accounts", () => {
  const dir = scratchDir("arena-takeover");

  it("go to the first admin (embedded database)", async () => {
    const dataDir = `${dir.path}/data`;
    const pglite = new PGlite(dataDir);
    await fillAsPreviousVersion(new PrismaPGlite(pglite), (sql) => pglite.exec(sql));
    await pglite.close();
    await takeOver({ kind: "embedded", dataDir });
  });

  it.skipIf(postgresProblem !== null)("go to the first admin (PostgreSQL)", async () => {
    const { url, drop } = await createEmptyDatabase();
    try {
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      await fillAsPreviousVersion(new PrismaPg(pool), (sql) => pool.query(sql));
      await pool.end();
      await takeOver({ kind: "postgres", url });
    } finally {
      await drop();
    }
  });
});
