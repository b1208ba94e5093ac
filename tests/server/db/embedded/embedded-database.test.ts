// A worker that dies is replaced: the folder is opened again in a new one, and what was stored
// before is all there. The worker is killed for real, by running it out of memory.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EmbeddedDatabase } from "../../../../server/db/embedded/embedded-database";
import { ThreadAdapterFactory } from "../../../../server/db/embedded/thread-adapter";
import { PrismaClient } from "../../../../server/db/generated/client";
import { SessionRepository } from "../../../../server/db/session-repo";
import { scratchDir } from "../../../helpers/scratch-dir";

const SETTINGS = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 100,
  stepsPerSecond: 5,
  optimizers: ["gd"],
} as const;

describe("EmbeddedDatabase", () => {
  const scratch = scratchDir("arena-embedded-db");

  it("reopens the folder in a new worker when one runs out of memory, keeping what was stored", async () => {
    const logs: string[] = [];
    // A small JavaScript heap per worker; PGlite's own memory (WebAssembly) is not counted in it.
    const { database } = await EmbeddedDatabase.open({
      dataDir: path.join(scratch.path, "db"),
      log: (m) => logs.push(m),
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    const prisma = new PrismaClient({ adapter: new ThreadAdapterFactory(database) });
    try {
      const sessions = new SessionRepository(prisma);
      await sessions.createSession({
        id: crypto.randomUUID(),
        code: "ABC234",
        title: "before",
        hostTokenHash: "h".repeat(64),
        settings: SETTINGS,
        createdAt: new Date(),
      });
      expect(database.generation).toBe(0);

      // An answer that cannot fit in the worker's heap: the worker dies of it, this thread does not.
      const huge = prisma.$queryRawUnsafe("SELECT repeat('x', 200) AS s FROM generate_series(1, 3000000)");
      await expect(huge).rejects.toThrow(/embedded database (stopped|failed)/);

      // Requests fail while no worker runs, then the same client finds everything again.
      await expect.poll(() => prisma.session.count().catch(() => -1), { timeout: 60_000, interval: 200 }).toBe(1);
      expect(database.generation).toBe(1);
      await sessions.createSession({
        id: crypto.randomUUID(),
        code: "DEF567",
        title: "after",
        hostTokenHash: "h".repeat(64),
        settings: SETTINGS,
        createdAt: new Date(),
      });
      expect((await prisma.session.findMany({ orderBy: { title: "asc" } })).map((s) => s.title)).toEqual([
        "after",
        "before",
      ]);
      expect(logs.some((m) => /Reopening .* in a new worker/.test(m))).toBe(true);
      expect(logs.some((m) => /is back/.test(m))).toBe(true);
    } finally {
      await prisma.$disconnect();
      await database.close();
    }
  });

  it("does not reopen after close", async () => {
    const logs: string[] = [];
    const { database } = await EmbeddedDatabase.open({
      dataDir: path.join(scratch.path, "closed"),
      log: (m) => logs.push(m),
    });
    await database.close();
    await expect(database.call({ op: "connect" })).rejects.toThrow(/closed/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(database.generation).toBe(0);
    expect(logs).toEqual([]);
  });
});
