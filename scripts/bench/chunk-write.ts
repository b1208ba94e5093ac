// What storing one flush of a 2,000-student round costs the server's own thread: a chunk of 10
// steps (~210 kB of text) written as a Prisma upsert against the raw statement the round repository
// uses (server/db/round-repo.ts, appendChunk). Allocation is sampled by V8's heap profiler with
// collected objects kept (what the garbage collector will have to deal with), per write.
//   npx tsx scripts/bench/chunk-write.ts   (the embedded database, then the machine's PostgreSQL)
import inspector from "node:inspector/promises";
import { describeTarget, openDatabase, type DatabaseTarget } from "../../server/db/database";
import { encodeLosses } from "../../server/db/loss-codec";
import { RoundRepository } from "../../server/db/round-repo";
import { SessionRepository } from "../../server/db/session-repo";
import { createBenchDatabase } from "./bench-postgres";

const STUDENTS = 2_000;
const STEPS = 10;
const WRITES = 20;
const settings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 1_000,
  stepsPerSecond: 10,
  optimizers: ["gd"],
} as const;

const matrix = Float64Array.from({ length: STUDENTS * STEPS }, (_, i) => 14871.8 / (1 + i * 1e-3));
const profiler = new inspector.Session();
profiler.connect();
type Node = { selfSize: number; children: Node[] };
const allocated = (node: Node): number => node.children.reduce((sum, child) => sum + allocated(child), node.selfSize);

/** Mean allocation and time of WRITES calls of `write`, after five to warm up. */
async function measure(name: string, write: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 5; i++) await write();
  await profiler.post("HeapProfiler.startSampling", {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const start = performance.now();
  for (let i = 0; i < WRITES; i++) await write();
  const ms = (performance.now() - start) / WRITES;
  const { profile } = await profiler.post("HeapProfiler.stopSampling");
  const mb = allocated(profile.head) / WRITES / 1e6;
  console.log(`| ${name} | ${mb.toFixed(2)} MB | ${ms.toFixed(1)} ms |`);
}

async function benchTarget(target: DatabaseTarget): Promise<void> {
  const db = await openDatabase(target);
  const rounds = new RoundRepository(db.prisma);
  const sessionId = crypto.randomUUID();
  const session = { id: sessionId, code: "CHUNKS", title: "chunk write", hostTokenHash: "-", settings };
  await new SessionRepository(db.prisma).createSession({ ...session, createdAt: new Date() });
  const roundId = crypto.randomUUID();
  await rounds.startRound({ id: roundId, sessionId, number: 1, settings, roster: [], startedAt: new Date() });
  let fromStep = 0;
  console.log(
    `\none chunk of ${STUDENTS} runs x ${STEPS} steps, ${describeTarget(target)}, mean of ${WRITES} writes\n`,
  );
  console.log("| write | allocated per write | time per write |\n| --- | --- | --- |");
  await measure("Prisma upsert", () => {
    const data = encodeLosses(matrix);
    const toStep = (fromStep += STEPS) + STEPS;
    return db.prisma.roundChunk.upsert({
      where: { roundId_fromStep: { roundId, fromStep } },
      create: { roundId, fromStep, toStep, data },
      update: { toStep, data },
    });
  });
  await measure("raw statement (appendChunk)", () =>
    rounds.appendChunk(roundId, (fromStep += STEPS), fromStep + STEPS, matrix),
  );
  await measure("encoding alone", () => Promise.resolve(encodeLosses(matrix)));
  await db.close();
}

await benchTarget({ kind: "embedded", dataDir: null });
const scratch = await createBenchDatabase(`arena_chunk_write_${process.pid}`);
try {
  await benchTarget({ kind: "postgres", url: scratch.url });
} finally {
  await scratch.drop();
}
