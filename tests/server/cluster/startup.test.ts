// Starting one process of several: the real server refuses, with one clear line and no stack
// trace, a Redis it cannot reach, and REDIS_URL without a PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../e2e/nginx";
import { createEmptyDatabase, postgresProblem } from "../../helpers/postgres";
import { startServerProcess } from "../../helpers/server-process";

describe.skipIf(postgresProblem !== null)("a process of several, at start-up", () => {
  let database: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("stops with one line naming Redis when Redis cannot be reached", async () => {
    const closed = await freePort(); // nothing listens there
    const failure = await startServerProcess(
      { DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${closed}` },
      60_000,
    ).catch((error: Error) => error.message);
    expect(failure).toMatch(new RegExp(`Redis is not reachable at redis://127\\.0\\.0\\.1:${closed}: ECONNREFUSED`));
    expect(failure).not.toMatch(/\n\s+at /);
  });

  it("refuses REDIS_URL on the embedded database, saying why", async () => {
    const failure = await startServerProcess({ REDIS_URL: "redis://127.0.0.1:6379" }, 30_000).catch(
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/REDIS_URL is set but DATABASE_URL is not/);
    expect(failure).not.toMatch(/\n\s+at /);
  });
});
