// Join codes stay unique among live sessions when several processes create sessions at the same
// moment: the code is chosen and stored under one transaction lock. Two connections to one
// PostgreSQL database stand for two processes; the code generator makes every attempt start on
// the same code, which is what would collide without the lock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundSettings } from "../../../lib/protocol";
import { openDatabase, type Database } from "../../../server/db/database";
import { SessionRepository } from "../../../server/db/session-repo";
import { createEmptyDatabase, postgresProblem } from "../../helpers/postgres";

const SETTINGS: RoundSettings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 10,
  stepsPerSecond: 10,
  optimizers: ["gd"],
};

const session = (i: number) => ({
  id: `s-${i}`,
  title: `class ${i}`,
  hostTokenHash: `h-${i}`,
  ownerId: null,
  settings: SETTINGS,
  datasetCopy: null,
  createdAt: new Date(1_000 + i),
});

/** Every call's first draw is "SAME23"; later draws are its own. */
function codes(i: number): () => string {
  let draws = 0;
  return () => (draws++ === 0 ? "SAME23" : `K${String(i).padStart(2, "0")}${draws}AB`.slice(0, 6));
}

describe.skipIf(postgresProblem !== null)("join codes across processes (PostgreSQL)", () => {
  const databases: Database[] = [];
  let drop = async () => {};
  beforeAll(async () => {
    const created = await createEmptyDatabase();
    drop = created.drop;
    databases.push(await openDatabase({ kind: "postgres", url: created.url }));
    databases.push(await openDatabase({ kind: "postgres", url: created.url }));
  });
  afterAll(async () => {
    for (const db of databases) await db.close();
    await drop();
  });

  it("twelve sessions created at once from two processes get twelve different codes", async () => {
    const repos = databases.map((db) => new SessionRepository(db.prisma));
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => repos[i % 2]!.createWithFreshCode(session(i), codes(i))),
    );
    expect(new Set(created).size).toBe(12);
    expect(created.filter((code) => code === "SAME23")).toHaveLength(1);
    const live = await databases[0]!.prisma.session.findMany({ where: { endedAt: null }, select: { code: true } });
    expect(live.map((row) => row.code).sort()).toEqual([...created].sort());
  });

  it("an ended session's code may be used again", async () => {
    const repo = new SessionRepository(databases[0]!.prisma);
    await databases[0]!.prisma.session.updateMany({ where: { code: "SAME23" }, data: { endedAt: new Date(5_000) } });
    expect(await repo.createWithFreshCode(session(99), codes(99))).toBe("SAME23");
  });
});
