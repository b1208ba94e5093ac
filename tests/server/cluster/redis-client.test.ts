// createRedis / waitForRedis against the machine's real Redis, a closed port, and a proxy the test cuts.
import net from "node:net";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createRedis, waitForRedis } from "../../../server/cluster/redis-client";
import { redisProblem, REDIS_URL } from "../../helpers/redis";
import { startTcpProxy, type TcpProxy } from "../../helpers/tcp-proxy";
import { eventually, sleep } from "./lease-fixtures";

/** A port nothing listens on (bound, then freed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("createRedis / waitForRedis", () => {
  const clients: Redis[] = [];
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await proxy?.close();
    proxy = undefined;
  });
  function make(url: string, log: string[], maxBackoffMs = 20): Redis {
    const client = createRedis(url, { log: (line) => log.push(line), maxBackoffMs });
    clients.push(client);
    return client;
  }

  it("rejects a URL that is not redis:// or rediss://, before connecting", () => {
    expect(() => createRedis("localhost:6379")).toThrow(/expected a URL like redis:\/\/host:6379/);
    expect(() => createRedis("http://127.0.0.1:6379")).toThrow(/expected a URL like/);
    expect(() => createRedis("redis://127.0.0.1:6379", { maxBackoffMs: 0 })).toThrow(/maxBackoffMs must be/);
  });

  it("says in one line, without a stack, that nothing listens; and logs that once, not per retry", async () => {
    const port = await closedPort();
    const log: string[] = [];
    const client = make(`redis://127.0.0.1:${port}/2`, log);
    let errors = 0;
    client.on("error", () => (errors += 1));
    const failure = await waitForRedis(client, 600).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toBe(`Redis is not reachable at redis://127.0.0.1:${port}/2: ECONNREFUSED`);
    expect(errors).toBeGreaterThan(3); // it kept retrying...
    expect(log).toEqual([
      `Redis at redis://127.0.0.1:${port}/2 is unreachable (ECONNREFUSED); retrying in the background`,
    ]);
    await expect(client.ping()).rejects.toThrow(); // ...and a queued command fails after a few retries
  });

  (redisProblem === null ? describe : describe.skip)("with the real Redis", () => {
    it("resolves once the client is ready", async () => {
      const log: string[] = [];
      const client = make(REDIS_URL, log);
      await waitForRedis(client, 5_000);
      expect(client.status).toBe("ready");
      expect(await client.ping()).toBe("PONG");
      await waitForRedis(client, 1); // already ready: at once
      expect(log).toEqual([]);
    });

    it("logs one line per outage and one when Redis is back", async () => {
      const target = new URL(REDIS_URL);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
      const log: string[] = [];
      const client = make(`redis://127.0.0.1:${proxy.port}`, log);
      await waitForRedis(client, 5_000);
      for (const outage of [1, 2]) {
        proxy.cut();
        await sleep(400); // many reconnection attempts (every 20 ms at most)
        expect(log).toHaveLength(2 * outage - 1);
        expect(log.at(-1)).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+ (closed the connection|is unreachable)/);
        proxy.restore();
        await eventually(() => client.status === "ready", 3_000);
        expect(log).toHaveLength(2 * outage);
        expect(log.at(-1)).toMatch(/is reachable again after \d+ ms$/);
      }
    });
  });
});
