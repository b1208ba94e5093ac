// A real socket.io server on port 0 that refuses handshakes (as a wrong Origin is refused) or
// refuses in a connection middleware, and a real socket.io-client watched by watchConnection.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionTrouble } from "../../../app/_lib/connection-trouble";
import { watchConnection, type WatchOptions } from "../../../app/_lib/connection-watch";

let http: HttpServer;
let server: Server;
let url: string;
let acceptHandshakes = false;
let middlewareRefusal: object | null = null;

beforeAll(async () => {
  http = createServer();
  server = new Server(http, { allowRequest: (_req, callback) => callback(null, acceptHandshakes) });
  server.use((_socket, next) => {
    if (!middlewareRefusal) return next();
    next(Object.assign(new Error("refused"), { data: middlewareRefusal }));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
});

const opened: Array<{ socket: Socket; stop: () => void }> = [];
afterEach(() => {
  for (const { socket, stop } of opened.splice(0)) {
    stop();
    socket.disconnect();
  }
  acceptHandshakes = false;
  middlewareRefusal = null;
});

/** A watched client; `reports` records what the page would show, with the time since start. */
function watched(options: WatchOptions, autoConnect = true) {
  const socket = connect(url, {
    transports: ["websocket"],
    forceNew: true,
    autoConnect,
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
  });
  const started = Date.now();
  const reports: Array<{ at: number; trouble: ConnectionTrouble | null }> = [];
  const stop = watchConnection(socket, (trouble) => reports.push({ at: Date.now() - started, trouble }), options);
  opened.push({ socket, stop });
  return { socket, reports };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const diagnosis = (trouble: ConnectionTrouble) => () => Promise.resolve(trouble);

describe("watching a socket that does not connect", () => {
  it("says nothing for the grace period, then the diagnosis, and clears it on connecting", async () => {
    let checks = 0;
    const { socket, reports } = watched({
      troubleAfterMs: 400,
      check: () => {
        checks++;
        return Promise.resolve({ kind: "origin", expectedOrigin: "https://arena.school.example" });
      },
    });
    await until(() => reports.length > 0);
    expect(reports[0]!.at).toBeGreaterThanOrEqual(390);
    expect(reports[0]!.trouble).toEqual({ kind: "origin", expectedOrigin: "https://arena.school.example" });
    expect(checks).toBe(1);

    acceptHandshakes = true;
    await until(() => reports.length === 2);
    expect(reports[1]!.trouble).toBeNull();
    expect(socket.connected).toBe(true);
  });

  it("asks again while it stays down, and shows the new diagnosis", async () => {
    const answers: ConnectionTrouble[] = [{ kind: "rate-limited" }, { kind: "unreachable" }];
    const { reports } = watched({
      troubleAfterMs: 100,
      recheckMs: 300,
      check: () => Promise.resolve(answers.shift() ?? { kind: "unknown" }),
    });
    await until(() => reports.some((r) => r.trouble?.kind === "unreachable"));
    expect(reports.map((r) => r.trouble?.kind).slice(0, 2)).toEqual(["rate-limited", "unreachable"]);
    // No faster than recheckMs: the first diagnosis came at ~100 ms.
    expect(reports[1]!.at - reports[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it("shows a middleware's stated refusal at once, and reconnects by itself after it", async () => {
    acceptHandshakes = true;
    middlewareRefusal = { code: "RATE_LIMITED" };
    let checks = 0;
    const { socket, reports } = watched({
      troubleAfterMs: 60_000,
      retryMs: 200,
      check: () => {
        checks++;
        return Promise.resolve({ kind: "unknown" });
      },
    });
    await until(() => reports.length > 0, 2_000);
    expect(reports[0]!.trouble).toEqual({ kind: "rate-limited" });
    // socket.io gives up after a middleware refusal: the watch is what tries again.
    expect(socket.active).toBe(false);
    middlewareRefusal = null;
    await until(() => socket.connected, 3_000);
    await until(() => reports.at(-1)?.trouble === null);
    expect(checks).toBe(0);
  });

  it("starts counting again after a drop", async () => {
    acceptHandshakes = true;
    const { socket, reports } = watched({ troubleAfterMs: 300, check: diagnosis({ kind: "unreachable" }) });
    await until(() => socket.connected);
    await sleep(400);
    expect(reports).toEqual([]);

    acceptHandshakes = false;
    const dropped = Date.now();
    for (const peer of server.sockets.sockets.values()) peer.conn.close(); // the network goes, not a kick
    await until(() => reports.length > 0);
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(290);
    expect(reports[0]!.trouble).toEqual({ kind: "unreachable" });
  });

  it("stays quiet about a socket the page closed itself", async () => {
    let checks = 0;
    const { socket, reports } = watched({
      troubleAfterMs: 100,
      check: () => {
        checks++;
        return Promise.resolve({ kind: "unknown" });
      },
    });
    socket.disconnect();
    await sleep(400);
    expect(reports).toEqual([]);
    expect(checks).toBe(0);
  });
});
