// Many would-be owners at the same moment, on the machine's real Redis: exactly one wins, whether
// they are separate connections in one process or separate Node processes.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { redisProblem, REDIS_URL } from "../../helpers/redis";
import { leaseFixture } from "./lease-fixtures";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ROOM_LEASES = fileURLToPath(new URL("../../../server/cluster/room-leases.ts", import.meta.url));

// A contender process: connects, says "ready", tries once when told "go" on stdin, prints the outcome.
const CONTENDER = `
import { Redis } from "ioredis";
import { RoomLeases } from ${JSON.stringify(ROOM_LEASES)};
const redis = new Redis(process.env.LEASE_REDIS_URL);
await redis.ping();
const leases = new RoomLeases({ redis, prefix: process.env.LEASE_PREFIX, processId: process.env.LEASE_PROCESS_ID });
process.stdin.once("data", async () => {
  const lease = await leases.tryAcquire("RACE");
  console.log(lease ? "won " + lease.fence : "lost");
  leases.dispose();
  redis.disconnect();
  process.stdin.destroy();
});
console.log("ready");
`;

function startContender(prefix: string, processId: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CONTENDER], {
    cwd: REPO_ROOT,
    env: { ...process.env, LEASE_REDIS_URL: REDIS_URL, LEASE_PREFIX: prefix, LEASE_PROCESS_ID: processId },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`contender ${processId} exited early`);
    return line.value;
  };
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { processId, child, nextLine, exited };
}

(redisProblem === null ? describe : describe.skip)("racing for a room (real Redis)", () => {
  const fixture = leaseFixture();

  it("lets exactly one of many concurrent tryAcquire calls on separate connections win", async () => {
    const contenders = Array.from({ length: 8 }, (_, i) => fixture.leases(`proc-${i}`));
    for (const code of ["R1", "R2", "R3", "R4", "R5"]) {
      const attempts = contenders.flatMap((leases) => [1, 2, 3].map(() => leases.tryAcquire(code)));
      const results = await Promise.all(attempts);
      expect(results.filter((lease) => lease !== null)).toHaveLength(1);
      const winnerIndex = results.findIndex((lease) => lease !== null);
      expect(await contenders[0]!.holder(code)).toBe(`proc-${Math.floor(winnerIndex / 3)}`);
      expect(results[winnerIndex]!.fence).toBe(1);
    }
  });

  it("lets exactly one of two real processes win", { timeout: 60_000 }, async () => {
    const contenders = [startContender(fixture.prefix(), "child-a"), startContender(fixture.prefix(), "child-b")];
    try {
      for (const contender of contenders) expect(await contender.nextLine()).toBe("ready");
      for (const contender of contenders) contender.child.stdin.write("go\n");
      const outcomes = await Promise.all(contenders.map((contender) => contender.nextLine()));
      expect([...outcomes].sort()).toEqual(["lost", "won 1"]);
      const winner = contenders[outcomes.indexOf("won 1")]!;
      expect(await fixture.leases("observer").holder("RACE")).toBe(winner.processId);
      expect(await Promise.all(contenders.map((contender) => contender.exited))).toEqual([0, 0]);
    } finally {
      for (const contender of contenders) contender.child.kill();
    }
  });
});
