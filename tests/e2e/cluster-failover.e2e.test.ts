// A room's owner process dies mid-round (SIGKILL: no goodbye, its lease simply expires): another
// process takes the room over, rebuilds it from PostgreSQL at its last stored step and plays on.
// Every student keeps receiving steps (those on the dead process after reconnecting with their
// resume token), the steps replayed equal the ones lost, and the stored round equals the core's
// own runs bit for bit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, upstreamPort, type Cluster } from "../helpers/cluster";
import { postgresProblem } from "../helpers/postgres";
import { redisProblem } from "../helpers/redis";
import { nextEvent, request } from "../helpers/test-server";
import { classOnCluster, portsOf, reference, storedHistory, type ClusterClass } from "./cluster-class";

const SETTINGS = { maxSteps: 160, stepsPerSecond: 20 };

/** Resolves once the host (through any process) has seen `step`. */
const hostReaches = (room: ClusterClass, step: number, timeoutMs = 20_000) =>
  nextEvent(room.host, "room:tick", (tick) => tick.step >= step, timeoutMs);

/**
 * Every phone got every step from `from` to the last (a step in flight when the owner died may be
 * missing before it), and a step received twice (replayed by the new owner) carried the same run.
 */
function expectStepsFrom(room: ClusterClass, from: number, steps: number) {
  for (const phone of room.phones) {
    const after = Array.from({ length: steps - from + 1 }, (_, i) => from + i);
    expect(
      after.filter((step) => !phone.steps.includes(step)),
      `${phone.nickname} missed`,
    ).toEqual([]);
    for (const [step, seen] of phone.runs)
      for (const run of seen) expect(run, `${phone.nickname} @${step}`).toEqual(seen[0]);
  }
}

describe.skipIf(postgresProblem !== null || redisProblem !== null)("the owner of a room dies", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ processes: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("SIGKILL mid-round: another process takes the room within seconds and the round finishes exactly", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.error(...cluster.processes.map((member) => member.output())));
    const room = await classOnCluster(cluster, SETTINGS);
    expect(portsOf(room).size).toBe(3);
    const owner = cluster.processOn(upstreamPort(room.host)); // the host's attach loaded (and leased) it
    const survivors = room.phones.filter((phone) => upstreamPort(phone.socket) !== owner.port);

    expect(await request(room.host, "host:start", {})).toEqual({ ok: true });
    await hostReaches(room, 40);
    const lastBefore = Math.max(...survivors.map((phone) => phone.steps.at(-1) ?? 0));
    const seenBefore = survivors.map((phone) => phone.steps.length);
    const killedAt = performance.now();
    expect(await owner.kill("SIGKILL")).toBe("SIGKILL");

    // The next step a surviving phone gets comes from the new owner.
    const resumed = await Promise.race(
      survivors.map((phone) => nextEvent(phone.socket, "room:tick", () => true, 15_000)),
    );
    const takeoverMs = performance.now() - killedAt;
    console.log(
      `failover: first tick ${Math.round(takeoverMs)} ms after SIGKILL, step ${resumed.step} (last seen ${lastBefore})`,
    );
    // Resumed from the last stored step (stored once a second: at most ~20 steps back).
    expect(resumed.step).toBeGreaterThan(lastBefore - 25);

    const finished = nextEvent(room.host, "room:finished", () => true, 30_000);
    await finished;
    const round = (await storedHistory(cluster, room)).rounds[0]!;
    expect(round.status).toBe("finished");
    for (const run of round.runs) {
      const expected = reference(run, SETTINGS.maxSteps);
      expect(run.losses).toEqual(expected.losses); // bit for bit across the takeover
      expect([run.status, run.divergedAtStep]).toEqual([expected.status, expected.divergedAtStep]);
    }
    const steps = Math.max(...round.runs.map((run) => run.losses.length - 1));
    // Phones on the killed process came back through nginx with their resume token.
    expect(room.phones.every((phone) => upstreamPort(phone.socket) !== owner.port)).toBe(true);
    expectStepsFrom(room, resumed.step + 25, steps); // phones from the dead process reconnect meanwhile
    // A phone on a surviving process never lost its connection: after the kill it got the new
    // owner's steps, each once, in order, to the end. Steps the dead owner published just before
    // the kill can still reach it after (relayed through Redis): those continue its own steps,
    // and the new owner's begin where the steps go back to the last stored one.
    const consecutive = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);
    for (const [i, phone] of survivors.entries()) {
      const before = phone.steps.slice(0, seenBefore[i]);
      const after = phone.steps.slice(seenBefore[i]);
      const rewind = after.findIndex((step, k) => k > 0 && step <= after[k - 1]!);
      const late = rewind < 0 ? [] : after.slice(0, rewind);
      const fromNewOwner = rewind < 0 ? after : after.slice(rewind);
      expect(late).toEqual(consecutive((before.at(-1) ?? 0) + 1, late.length));
      expect(fromNewOwner.slice(1)).toEqual(consecutive(fromNewOwner[0]! + 1, steps - fromNewOwner[0]!));
      expect(fromNewOwner[0]).toBeLessThanOrEqual(resumed.step + 1);
    }
  });
});
