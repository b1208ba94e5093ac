// Redis cut mid-round (every process's connection through a TCP proxy that drops it): the owner
// plays on while its lease is still valid, then pauses and warns the host; nobody else can take
// the room (no split brain); commands elsewhere answer ROOM_MOVING. When Redis is back the owner
// takes its lease again and the round plays on to an exact finish.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostRoomState } from "../../lib/protocol";
import { startCluster, upstreamPort, type Cluster } from "../helpers/cluster";
import { postgresProblem } from "../helpers/postgres";
import { redisProblem } from "../helpers/redis";
import { nextEvent, request } from "../helpers/test-server";
import { classOnCluster, reference, storedHistory } from "./cluster-class";

const SETTINGS = { maxSteps: 200, stepsPerSecond: 20 };

describe.skipIf(postgresProblem !== null || redisProblem !== null)("Redis goes away mid-round", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ processes: 3, redisThroughProxy: true });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("pauses with a warning once the lease runs out, never two owners, and plays on when it is back", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.error(...cluster.processes.map((member) => member.output())));
    const room = await classOnCluster(cluster, SETTINGS);
    const ownerPort = upstreamPort(room.host);
    const elsewhere = room.phones.find((phone) => upstreamPort(phone.socket) !== ownerPort)!;
    const warned = nextEvent(room.host, "host:warning", (w) => w.code === "CLUSTER_DEGRADED", 20_000);
    const paused = nextEvent(room.host, "room:state", (s) => s.status === "paused", 20_000);
    expect(await request(room.host, "host:start", {})).toEqual({ ok: true });
    await nextEvent(room.host, "room:tick", (tick) => tick.step >= 30, 20_000);

    const cutAt = performance.now();
    for (const member of cluster.processes) member.redisProxy!.cut();
    await warned;
    const pausedAfterMs = performance.now() - cutAt;
    const pausedAt = ((await paused) as HostRoomState).step;
    console.log(`Redis cut: owner paused after ${Math.round(pausedAfterMs)} ms, at step ${pausedAt}`);
    expect(pausedAfterMs).toBeLessThan(3_000); // before the lease (3 s) could expire in Redis

    // Nobody steps the room now: no tick for a while, on the owner's own sockets either.
    const ticksBefore = room.hostSteps.length;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(room.hostSteps.length).toBe(ticksBefore);
    // A command through another process cannot reach the owner: it says so, and changes nothing.
    const refused = await request(elsewhere.socket, "student:submit", { learningRate: 0.5 }, 10_000);
    expect(refused).toMatchObject({ ok: false, error: { code: "ROOM_MOVING" } });

    const recovered = nextEvent(room.host, "host:warning", (w) => w.code === "CLUSTER_RECOVERED", 30_000);
    for (const member of cluster.processes) member.redisProxy!.restore();
    await recovered;
    const finished = nextEvent(room.host, "room:finished", () => true, 60_000);
    await finished;
    const round = (await storedHistory(cluster, room)).rounds[0]!;
    expect(round.status).toBe("finished");
    for (const run of round.runs) expect(run.losses).toEqual(reference(run, SETTINGS.maxSteps).losses);
    // The phone on another process hears the round again once Redis is back.
    expect(elsewhere.steps.at(-1)).toBe(Math.max(...round.runs.map((run) => run.losses.length - 1)));
    expect(room.hostSteps.filter((step) => step > pausedAt).length).toBeGreaterThan(0);
  });
});
