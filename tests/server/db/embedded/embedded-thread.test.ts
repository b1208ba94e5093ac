// The embedded database in its worker thread: it keeps the server's event loop free, behaves like
// the in-process adapter for Prisma (errors, transactions), and fails clearly when its thread dies.
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../../server/db/database";
import { writeTemplate } from "../../../../server/db/embedded/data-template";
import { EmbeddedThread, openEmbeddedThread } from "../../../../server/db/embedded/embedded-thread";
import { ThreadAdapterFactory, type EmbeddedConnection } from "../../../../server/db/embedded/thread-adapter";
import { MIGRATIONS_DIR } from "../../../../server/db/migrations";
import { SessionRepository } from "../../../../server/db/session-repo";
import { scratchDir } from "../../../helpers/scratch-dir";

/** One worker, never replaced: handles stay valid for its whole life. */
const only = (thread: EmbeddedThread): EmbeddedConnection => ({
  generation: 0,
  call: (request) => thread.call(request),
});
const SETTINGS = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 100,
  stepsPerSecond: 5,
  optimizers: ["gd"],
} as const;
// A query that keeps PostgreSQL busy for a while (hundreds of ms in PGlite).
const HEAVY = { sql: "SELECT count(*) FROM generate_series(1, 3000000)", args: [], argTypes: [] };

async function newSession(sessions: SessionRepository): Promise<string> {
  const id = crypto.randomUUID();
  await sessions.createSession({
    id,
    code: "ABC234",
    title: "t",
    hostTokenHash: "h".repeat(64),
    settings: SETTINGS,
    createdAt: new Date(),
  });
  return id;
}

describe("embedded database thread, through Prisma", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: "embedded", dataDir: null });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("reports a unique-constraint refusal as Prisma's P2002, and stores nothing twice", async () => {
    const sessions = new SessionRepository(db.prisma);
    const sessionId = await newSession(sessions);
    const ada = { nickname: "Ada", nicknameKey: "ada", resumeTokenHash: "a".repeat(64) };
    await sessions.addParticipant(sessionId, { id: crypto.randomUUID(), ...ada }, new Date());
    const again = sessions.addParticipant(sessionId, { id: crypto.randomUUID(), ...ada, nickname: "ADA" }, new Date());
    await expect(again).rejects.toMatchObject({ code: "P2002" });
    expect(await db.prisma.participant.count({ where: { sessionId } })).toBe(1);
  });

  it("rolls an interactive transaction back when it throws", async () => {
    const sessions = new SessionRepository(db.prisma);
    const sessionId = await newSession(sessions);
    const attempt = db.prisma.$transaction(async (tx) => {
      await tx.participant.create({
        data: {
          id: crypto.randomUUID(),
          sessionId,
          nickname: "Bo",
          nicknameKey: "bo",
          resumeTokenHash: "b".repeat(64),
          joinedAt: new Date(),
        },
      });
      expect(await tx.participant.count({ where: { sessionId } })).toBe(1);
      throw new Error("changed my mind");
    });
    await expect(attempt).rejects.toThrow("changed my mind");
    expect(await db.prisma.participant.count({ where: { sessionId } })).toBe(0);
  });
});

describe("embedded database thread, directly", () => {
  let thread: EmbeddedThread;
  const lost: Error[] = [];
  beforeAll(async () => {
    thread = await EmbeddedThread.start({ dataDir: null, migrate: false }, (error) => lost.push(error));
  });
  afterAll(async () => {
    await thread?.close();
  });

  it("answers while this thread's timers keep running (the work happens elsewhere)", async () => {
    const adapter = await new ThreadAdapterFactory(only(thread)).connect();
    let timerRan = false;
    const timer = setTimeout(() => (timerRan = true), 5);
    // On this thread, PGlite would hold the event loop for the whole query: the query's answer
    // would come first and the timer after. In the worker, the timer fires during the query.
    const result = await adapter.queryRaw(HEAVY);
    const ranDuringQuery = timerRan;
    clearTimeout(timer);
    expect(result.rows).toEqual([["3000000"]]); // a bigint count comes back as text
    expect(ranDuringQuery).toBe(true);
  });

  it("fails requests in flight and later ones with a clear error when the worker is gone", async () => {
    const adapter = await new ThreadAdapterFactory(only(thread)).connect();
    const inFlight = expect(adapter.queryRaw(HEAVY)).rejects.toThrow("stopped (test)");
    await thread.abort("The embedded database was stopped (test).");
    await inFlight;
    await expect(adapter.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] })).rejects.toThrow("stopped (test)");
    expect(lost).toEqual([]); // stopped on purpose: the owner is not told it was lost
  });

  it("tells its owner when the worker dies by itself", async () => {
    const reports: Error[] = [];
    const doomed = await EmbeddedThread.start({ dataDir: null, migrate: false }, (error) => reports.push(error));
    // No request can make the worker crash, so its thread is ended from outside: from this side
    // that looks exactly like a crash (an abort in PGlite's WebAssembly, an out-of-memory kill).
    void (doomed as unknown as { worker: Worker }).worker.terminate();
    await expect.poll(() => reports.length, { timeout: 10_000 }).toBe(1);
    expect(reports[0]!.message).toMatch(/stopped \(worker exit code \d+\)/);
    await expect(doomed.call({ op: "connect" })).rejects.toThrow(/stopped/);
  });
});

describe("a new data folder", () => {
  const scratch = scratchDir("arena-embedded");

  const ways: { how: string; template: () => string | Promise<string> }[] = [
    {
      how: "from the empty-database template",
      template: async () => (await writeTemplate(path.join(scratch.path, "template.tar.gz"))).file,
    },
    {
      how: "with initdb when there is no template",
      template: () => path.join(scratch.path, "no-such-template.tar.gz"),
    },
  ];
  for (const { how, template } of ways) {
    it(`is created ${how}, migrated, and usable after a reopen`, async () => {
      const dataDir = path.join(scratch.path, how.replace(/\W+/g, "-"));
      const migrations = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      const first = await openEmbeddedThread(dataDir, undefined, await template());
      expect(first.appliedMigrations).toEqual(migrations);
      expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);
      const adapter = await new ThreadAdapterFactory(only(first.thread)).connect();
      await adapter.executeRaw({
        sql:
          `INSERT INTO "Session" ("id","code","title","hostTokenHash","dataset","standardized","maxSteps","stepsPerSecond","createdAt")` +
          ` VALUES ('s1','ABC234','t','h','lesson',false,10,5,now())`,
        args: [],
        argTypes: [],
      });
      await first.thread.close();

      const again = await openEmbeddedThread(dataDir, undefined, await template());
      expect(again.appliedMigrations).toEqual([]);
      const reopened = await new ThreadAdapterFactory(only(again.thread)).connect();
      const stored = await reopened.queryRaw({ sql: `SELECT "code" FROM "Session"`, args: [], argTypes: [] });
      expect(stored.rows).toEqual([["ABC234"]]);
      await again.thread.close();
    });
  }
});
