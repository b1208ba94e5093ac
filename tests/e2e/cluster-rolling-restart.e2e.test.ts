// A rolling restart: each of three processes in turn gets SIGTERM during a round and is started
// again. The one owning the room stores every step, releases its lease and tells the others, so
// one of them takes the room at once and the round plays on; its clients reconnect elsewhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, upstreamPort, type Cluster } from "../helpers/cluster";
import { postgresProblem } from "../helpers/postgres";
import { redisProblem } from "../helpers/redis";
import { nextEvent, request } from "../helpers/test-server";
import { classOnCluster, reference, storedHistory } from "./cluster-class";

const SETTINGS = { maxSteps: 1_200, stepsPerSecond: 20 };

/** Polls /api/health through nginx until the process on `port` answers one (nginx retries a failed one after 10 s). */
async function untilServedBy(cluster: Cluster, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const response = await fetch(`${cluster.origin}/api/health`).catch(() => null);
    await response?.arrayBuffer();
    if (response?.ok && upstreamPort(response) === port) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`nginx sent nothing to the restarted process on ${port} within ${timeoutMs} ms`);
}

describe.skipIf(postgresProblem !== null || redisProblem !== null)("a rolling restart", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ processes: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("SIGTERM to each process in turn: the round plays on and finishes exactly", async ({ onTestFailed }) => {
    const arrivals: Array<{ at: number; step: number }> = [];
    onTestFailed(() => console.error(arrivals.slice(-5), ...cluster.processes.map((member) => member.output())));
    const room = await classOnCluster(cluster, SETTINGS);
    room.host.on("room:tick", (tick) => arrivals.push({ at: performance.now(), step: tick.step }));
    const finished = nextEvent(room.host, "room:finished", () => true, 180_000);
    expect(await request(room.host, "host:start", {})).toEqual({ ok: true });

    for (const member of cluster.processes) {
      const target = (arrivals.at(-1)?.step ?? 0) + 20;
      await nextEvent(room.host, "room:tick", (tick) => tick.step >= target, 30_000);
      const hostWasHere = upstreamPort(room.host) === member.port;
      const stoppedAt = performance.now();
      expect(await member.kill("SIGTERM")).toBe(0); // a clean exit, within the shutdown deadline
      const exitMs = performance.now() - stoppedAt;
      await member.restart();
      await untilServedBy(cluster, member.port); // as a rolling restart does: next one once this one serves
      const gaps = arrivals
        .filter((a) => a.at >= stoppedAt - 2_000)
        .map((a, i, all) => (i ? a.at - all[i - 1]!.at : 0));
      console.log(
        `SIGTERM to process ${member.index}${hostWasHere ? " (the host's)" : ""}: exited in ${Math.round(exitMs)} ms; ` +
          `longest gap between host ticks since: ${Math.round(Math.max(...gaps))} ms`,
      );
    }
    await finished;
    const round = (await storedHistory(cluster, room)).rounds[0]!;
    expect(round.status).toBe("finished");
    for (const run of round.runs) expect(run.losses).toEqual(reference(run, SETTINGS.maxSteps).losses);
    // Every phone, wherever it went, ended with the round's last step and its results.
    const steps = Math.max(...round.runs.map((run) => run.losses.length - 1));
    for (const phone of room.phones) expect(phone.steps.at(-1), phone.nickname).toBe(steps);
  });
});
