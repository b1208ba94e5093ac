// The cluster harness itself (tests/helpers/cluster.ts): three real server processes on one
// PostgreSQL database behind the deployment guide's nginx, round-robin. Without REDIS_URL: these
// check the harness, nginx and what needs no Redis (shared accounts and sessions); the rooms of a
// service of several processes are tested in the other cluster-*.e2e.test.ts files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpOpen } from "../../scripts/sign-up";
import { clusterClient, startCluster, upstreamPort, type Cluster } from "../helpers/cluster";
import { postgresProblem } from "../helpers/postgres";
import { apiJson } from "../helpers/session-fixture";

/** GET /api/health through nginx: its status and the port of the process that answered. */
async function health(origin: string): Promise<{ status: number; port: number }> {
  const response = await fetch(`${origin}/api/health`);
  await response.arrayBuffer();
  return { status: response.status, port: upstreamPort(response) };
}

async function healthTimes(origin: string, times: number) {
  const answers: Array<{ status: number; port: number }> = [];
  for (let i = 0; i < times; i++) answers.push(await health(origin));
  return answers;
}

describe.skipIf(postgresProblem !== null)("three processes behind nginx", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ processes: 3, env: { REDIS_URL: "" } });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const ports = () => cluster.processes.map((member) => member.port);

  it("answers /api/health through nginx from each process in turn", async ({ onTestFailed }) => {
    onTestFailed(() => console.error(cluster.nginxLog()));
    expect(cluster.origin).toMatch(/^https:\/\/localhost:\d+$/);
    expect(new Set(ports()).size).toBe(3);
    const answers = await healthTimes(cluster.origin, 6);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // Round-robin, no stickiness: six requests from one client reach all three, twice each.
    for (const port of ports()) expect(answers.filter((answer) => answer.port === port)).toHaveLength(2);
  });

  it("shares one database: a cookie made on one process is good on every other", async () => {
    const cookie = await signUpOpen(cluster.origin);
    const seenBy = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${cluster.origin}/api/me`, { headers: { cookie } });
      const body = (await response.json()) as { instructor: { email: string } | null };
      expect(body.instructor?.email).toMatch(/@school\.test$/);
      seenBy.add(upstreamPort(response));
    }
    expect(seenBy).toEqual(new Set(ports()));
    const created = await apiJson<{ code: string }>({ url: cluster.origin }, "/api/sessions", { body: {}, cookie });
    expect(created.status).toBe(201);
    const listed = await apiJson<{ sessions: Array<{ code: string }> }>({ url: cluster.origin }, "/api/sessions", {
      cookie,
    });
    expect(listed.body.sessions.map((session) => session.code)).toContain(created.body.code);
  });

  it("connects sockets through nginx over WebSocket, spread over the processes", async () => {
    const sockets = [];
    for (let i = 0; i < 3; i++) sockets.push(await clusterClient(cluster.origin));
    for (const socket of sockets) expect(socket.io.engine.transport.name).toBe("websocket");
    expect(new Set(sockets.map(upstreamPort))).toEqual(new Set(ports()));
    const onPort = upstreamPort(sockets[0]!);
    expect(cluster.processOn(onPort).running()).toBe(true);
    for (const socket of sockets) socket.disconnect();
  });

  it("keeps answering while a process is down, and takes it back once restarted", async ({ onTestFailed }) => {
    onTestFailed(() => console.error(cluster.nginxLog(), ...cluster.processes.map((member) => member.output())));
    const [killed, stopped, survivor] = [cluster.processes[0]!, cluster.processes[1]!, cluster.processes[2]!];
    expect(await killed.kill("SIGKILL")).toBe("SIGKILL");
    expect(killed.running()).toBe(false);
    await expect(fetch(`${killed.url}/api/health`)).rejects.toThrow();
    // nginx finds the port closed and moves on to the next process: no request fails.
    const whileDown = await healthTimes(cluster.origin, 6);
    expect(whileDown.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(whileDown.map((answer) => answer.port)).not.toContain(killed.port);

    // A graceful stop ends with exit code 0 (server/main.ts stores rounds and closes the database).
    expect(await stopped.kill("SIGTERM")).toBe(0);
    const onlyOne = await healthTimes(cluster.origin, 3);
    expect(onlyOne.map((answer) => answer.port)).toEqual([survivor.port, survivor.port, survivor.port]);

    await Promise.all([killed.restart(), stopped.restart()]);
    expect(killed.output()).toContain(`--- process 0 restarted (last exit: SIGKILL) ---`);
    expect((await fetch(`${killed.url}/api/health`)).status).toBe(200);
    // nginx retries a failed server after its fail_timeout (10 s by default): it comes back.
    await expect
      .poll(async () => (await health(cluster.origin)).port, { timeout: 30_000, interval: 500 })
      .toBe(killed.port);
    await expect
      .poll(async () => (await health(cluster.origin)).port, { timeout: 30_000, interval: 500 })
      .toBe(stopped.port);
    await expect(killed.restart()).rejects.toThrow(/still running/);
  });
});
