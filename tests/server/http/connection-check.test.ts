// POST /api/connection-check: the page asks why its socket cannot connect (a browser hides a
// refused handshake's reason), and the projector asks which address phones should use.
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../server/db/database";
import { postRaw, rawRequest } from "../../helpers/raw-http";
import { startTestServer, type TestServer } from "../../helpers/test-server";

interface Check {
  ok: boolean;
  publicOrigin?: string;
  error?: { code: string; message: string; expectedOrigin?: string };
}

let database: Database;
const servers: TestServer[] = [];
beforeAll(async () => {
  database = await openDatabase({ kind: "embedded", dataDir: null });
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await database.close();
});
const start = async (options: Parameters<typeof startTestServer>[0] = {}) => {
  const server = await startTestServer({ database, ...options });
  servers.push(server);
  return {
    server,
    check: (headers: Record<string, string> = {}) => postRaw<Check>(`${server.url}/api/connection-check`, headers),
  };
};
// Behind the socket.io docs' nginx config on port 8443: Host loses the port, Origin keeps it.
const behindNginx = { host: "localhost", origin: "https://localhost:8443" };

describe("without PUBLIC_URL", () => {
  it("accepts the server's own pages and names the address they were opened at", async () => {
    const { server, check } = await start();
    expect(await check({ origin: server.url })).toEqual({ status: 200, body: { ok: true, publicOrigin: server.url } });
    expect((await check()).body).toEqual({ ok: true, publicOrigin: server.url }); // no Origin: a tool
  });

  it("says ORIGIN_NOT_ALLOWED, and what it expected, when the proxy's Host does not match the page", async () => {
    const { check } = await start();
    const reply = await check(behindNginx);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      ok: false,
      error: { code: "ORIGIN_NOT_ALLOWED", expectedOrigin: "http://localhost" },
    });
    expect(reply.body.error?.message).toContain("https://localhost:8443");
  });

  it("keeps the page's scheme when a proxy it does not trust ends TLS but keeps the Host", async () => {
    const { check } = await start();
    const page = { host: "arena.school.example", origin: "https://arena.school.example" };
    expect((await check(page)).body).toEqual({ ok: true, publicOrigin: "https://arena.school.example" });
  });

  it("derives the address from X-Forwarded-Proto and -Host only when the proxy is trusted", async () => {
    const forwarded = { ...behindNginx, "x-forwarded-proto": "https", "x-forwarded-host": "localhost:8443" };
    const trusted = await start({ trustProxy: ["loopback"] });
    expect((await trusted.check(forwarded)).body).toEqual({ ok: true, publicOrigin: "https://localhost:8443" });
    const untrusted = await start();
    expect((await untrusted.check(forwarded)).body).toMatchObject({ ok: false, error: { code: "ORIGIN_NOT_ALLOWED" } });
  });
});

describe("with PUBLIC_URL", () => {
  it("accepts PUBLIC_URL's pages whatever Host the proxy sends, and always names PUBLIC_URL", async () => {
    const { server, check } = await start({ publicOrigin: "https://localhost:8443" });
    expect((await check(behindNginx)).body).toEqual({ ok: true, publicOrigin: "https://localhost:8443" });
    expect((await check({ origin: server.url })).body).toEqual({ ok: true, publicOrigin: "https://localhost:8443" });
    expect((await check({ origin: "https://evil.example" })).body).toMatchObject({
      ok: false,
      error: { code: "ORIGIN_NOT_ALLOWED", expectedOrigin: "https://localhost:8443" },
    });
  });
});

describe("limits", () => {
  const openSocket = (url: string) =>
    new Promise<boolean>((resolve) => {
      const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
      socket.once("connect", () => (socket.disconnect(), resolve(true)));
      socket.once("connect_error", () => (socket.disconnect(), resolve(false)));
    });

  it("takes nothing from the socket allowance, and says RATE_LIMITED once that is spent", async () => {
    const { server, check } = await start({ limits: { socketOpens: { burst: 2, perSecond: 0.001 } } });
    for (let i = 0; i < 5; i++) expect((await check()).body.ok).toBe(true);
    expect([await openSocket(server.url), await openSocket(server.url)]).toEqual([true, true]);
    expect((await check()).body).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(await openSocket(server.url)).toBe(false);
  });

  it("is itself limited per address, and only answers POST", async () => {
    const { server, check } = await start({ limits: { connectionChecks: { burst: 3, perSecond: 0.001 } } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await check()).body.error?.code ?? "ok");
    expect(codes).toEqual(["ok", "ok", "ok", "RATE_LIMITED"]);
    expect((await rawRequest(`${server.url}/api/connection-check`)).status).toBe(405);
  });
});
