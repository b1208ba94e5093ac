// Three real processes sharing the machine's Redis and PostgreSQL behind a real nginx (round-robin,
// no sticky sessions): host and students on different processes play a round together.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StudentTick } from "../../lib/protocol";
import { Redis } from "ioredis";
import type { CreatedSession } from "../../lib/api-types";
import { signUpOpen } from "../../scripts/sign-up";
import { clusterClient, startCluster, upstreamPort, type Cluster } from "../helpers/cluster";
import { apiJson } from "../helpers/session-fixture";
import { postgresProblem } from "../helpers/postgres";
import { REDIS_URL, redisProblem } from "../helpers/redis";
import { nextEvent, request } from "../helpers/test-server";
import { classOnCluster, portsOf, reference, storedHistory } from "./cluster-class";

describe.skipIf(postgresProblem !== null || redisProblem !== null)("a class spread over three processes", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ processes: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("plays a round: every phone gets every step and its own run, the host every loss", async ({ onTestFailed }) => {
    onTestFailed(() => console.error(...cluster.processes.map((member) => member.output())));
    const room = await classOnCluster(cluster, { maxSteps: 60, stepsPerSecond: 20 });
    expect(portsOf(room).size).toBe(3); // round-robin spread them over every process

    const lastTicks = room.phones.map((phone) => {
      let last: StudentTick | null = null;
      phone.socket.on("room:tick", (tick) => (last = tick as StudentTick));
      return () => last;
    });
    const results = room.phones.map((phone) => nextEvent(phone.socket, "room:finished", () => true, 30_000));
    const hostFinished = nextEvent(room.host, "room:finished", () => true, 30_000);
    expect(await request(room.host, "host:start", {})).toEqual({ ok: true });
    const all = await hostFinished;
    const own = await Promise.all(results);

    const history = await storedHistory(cluster, room);
    const round = history.rounds[0]!;
    expect(round.status).toBe("finished");
    for (const run of round.runs) {
      const expected = reference(run, 60);
      expect(run.losses).toEqual(expected.losses); // bit for bit
      expect(run.status).toBe(expected.status);
    }
    const steps = Math.max(...round.runs.map((run) => run.losses.length - 1));
    expect(room.hostSteps).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    for (const [i, phone] of room.phones.entries()) {
      expect(phone.steps, `${phone.nickname} on port ${upstreamPort(phone.socket)}`).toEqual(room.hostSteps);
      const mine = round.runs.find((run) => run.nickname === phone.nickname)!;
      // The last tick's own run is this phone's stored run at the last step: loss, status, rank.
      const you = lastTicks[i]!()!.you!;
      expect(you[0]).toBe(mine.losses.at(-1) ?? Number.NaN);
      expect(you[2]).toBe(mine.rank);
      expect(own[i]!.results.some((result) => result.nickname === phone.nickname)).toBe(true);
    }
    expect(all.results.map((result) => result.nickname).sort()).toEqual(room.phones.map((p) => p.nickname).sort());
  });

  it("three hosts attaching at once through three processes: exactly one takes the room", async () => {
    const cookie = await signUpOpen(cluster.origin);
    const created = await apiJson<CreatedSession>({ url: cluster.origin }, "/api/sessions", { body: {}, cookie });
    const { code, hostToken } = created.body;
    const hosts = await Promise.all([0, 1, 2].map(() => clusterClient(cluster.origin)));
    expect(new Set(hosts.map(upstreamPort)).size).toBe(3);
    // The same moment on each process: each finds the room unowned and races for its lease.
    const attached = await Promise.all(hosts.map((host) => request(host, "host:attach", { code, hostToken })));
    expect(attached.map((ack) => ack.ok)).toEqual([true, true, true]);
    const redis = new Redis(REDIS_URL);
    try {
      const lease = await redis.get(`${cluster.redisPrefix}:lease:${code}`);
      expect(lease).toMatch(/^1:/); // one acquisition only: fence 1, and no second owner since
      expect(await redis.get(`${cluster.redisPrefix}:fence:${code}`)).toBe("1");
    } finally {
      redis.disconnect();
    }
    // One room, whichever process each host reached: a lock from one is seen by all three.
    const states = hosts.map((host) => nextEvent(host, "room:state", (state) => state.locked));
    expect(await request(hosts[1]!, "host:lock", { locked: true })).toEqual({ ok: true, locked: true });
    expect((await Promise.all(states)).every((state) => state.locked)).toBe(true);
  });
});
