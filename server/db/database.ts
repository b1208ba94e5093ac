// Opens the database the app runs on: embedded PGlite in a data folder by default, or a real
// PostgreSQL server when a postgres:// URL is given. Everything above this file is the same for
// both: one Prisma client, one schema, one set of migrations. The embedded database runs in a
// worker thread of its own (docs/decisions/0006-embedded-database-thread.md).
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { mkdir } from "node:fs/promises";
import pg from "pg";
import { EmbeddedDatabase } from "./embedded/embedded-database";
import { ThreadAdapterFactory } from "./embedded/thread-adapter";
import { PrismaClient } from "./generated/client";
import { applyMigrations } from "./migrations";

export type DatabaseTarget =
  { kind: "embedded"; dataDir: string | null /* null: in memory, for tests */ } | { kind: "postgres"; url: string };

export interface Database {
  prisma: PrismaClient;
  target: DatabaseTarget;
  appliedMigrations: string[];
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  let adapterFactory: SqlDriverAdapterFactory;
  let closeDriver: () => Promise<void>;
  let appliedMigrations: string[];
  if (target.kind === "embedded") {
    if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
    const opened = await EmbeddedDatabase.open({
      dataDir: target.dataDir,
      log: (message) => console.error(`[arena] ${message}`),
    });
    adapterFactory = new ThreadAdapterFactory(opened.database);
    closeDriver = () => opened.database.close();
    appliedMigrations = opened.appliedMigrations;
  } else {
    // The schema engine keeps its connection (and Prisma's migration advisory lock) until the
    // pool ends, so migrations get a pool of their own, closed as soon as they are applied.
    const migrationPool = new pg.Pool({ connectionString: target.url, max: 1 });
    try {
      appliedMigrations = await applyMigrations(new PrismaPg(migrationPool));
    } finally {
      await migrationPool.end();
    }
    const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle connection dropped by the server (restart, network cut) must not crash the process:
    // the pool replaces it, and queries in flight fail and are retried by their callers.
    pool.on("error", (error) => console.error(`[arena] database connection lost: ${error.message}`));
    adapterFactory = new PrismaPg(pool);
    closeDriver = () => pool.end();
  }
  const prisma = new PrismaClient({ adapter: adapterFactory });
  await prisma.$connect();
  return {
    prisma,
    target,
    appliedMigrations,
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}

/** Human-readable description for logs, without credentials. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "embedded") return `embedded PostgreSQL (PGlite) in ${target.dataDir ?? "memory"}`;
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
