// A fresh, empty PostgreSQL database per test file on a real server. In CI the server is required;
// elsewhere a missing server skips these tests with a loud message saying how to provide one.
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { openDatabase, type Database, type DatabaseTarget } from "../../server/db/database";

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Resolved once per file: null when the server answers, else why not. */
export const postgresProblem: string | null = await reachable();

if (postgresProblem !== null) {
  const message =
    `PostgreSQL is not reachable at ${ADMIN_URL.replace(/:[^:@/]*@/, ":***@")} (${postgresProblem}).\n` +
    "The PostgreSQL tests need a server: start one, or point TEST_POSTGRES_URL at a database user " +
    "allowed to CREATE DATABASE (e.g. TEST_POSTGRES_URL=postgres://me:pw@localhost:5432/postgres).";
  if (process.env.CI) throw new Error(message);
  console.warn(`\n*** SKIPPING POSTGRESQL TESTS ***\n${message}\n`);
}

export async function createEmptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `arena_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A test suite to declare once per database: its name, how to get its database, how to clean up. */
export type DatabaseSuite = (name: string, target: () => Promise<DatabaseTarget>, cleanUp: () => Promise<void>) => void;

/** Declares `suite` on the embedded database and on a fresh PostgreSQL database (skipped if none). */
export function onBothDatabases(suite: DatabaseSuite): void {
  suite(
    "embedded database",
    () => Promise.resolve({ kind: "embedded", dataDir: null }),
    () => Promise.resolve(),
  );
  let dropPostgres = async () => {};
  (postgresProblem === null ? suite : describe.skip)(
    "PostgreSQL",
    async () => {
      const created = await createEmptyDatabase();
      dropPostgres = created.drop;
      return { kind: "postgres", url: created.url };
    },
    () => dropPostgres(),
  );
}

/**
 * Inside a suite's `describe`: its database, opened before its tests and closed (then cleaned up)
 * after them. Only `prisma` is offered, and only while the tests run.
 */
export function databaseForSuite(
  target: () => Promise<DatabaseTarget>,
  cleanUp: () => Promise<void>,
): Pick<Database, "prisma"> {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openDatabase(await target());
  });
  afterAll(async () => {
    await db?.close();
    await cleanUp();
  });
  return {
    get prisma() {
      if (!db) throw new Error("The suite's database is open only while its tests run.");
      return db.prisma;
    },
  };
}
