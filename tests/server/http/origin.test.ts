// Which pages may open a socket: the server's own address, PUBLIC_URL, ALLOWED_ORIGINS, and tools
// without an Origin; X-Forwarded-Host counts as "the server's own address" only from a trusted proxy.
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../server/db/database";
import { startTestServer, type TestServer } from "../../helpers/test-server";

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: "embedded", dataDir: null });
});
afterAll(() => database.close());

function tryConnect(url: string, headers: Record<string, string> = {}): Promise<"connected" | "refused"> {
  const socket = io(url, {
    transports: ["polling"], // the handshake where the Origin check happens for both transports
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
  return new Promise((resolve) => {
    socket.once("connect", () => (socket.disconnect(), resolve("connected")));
    socket.once("connect_error", () => (socket.disconnect(), resolve("refused")));
  });
}

describe("with PUBLIC_URL and ALLOWED_ORIGINS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      database,
      publicOrigin: "https://arena.school.example",
      allowedOrigins: ["https://projector.school.example"],
    });
  });
  afterAll(() => server.close());

  it("lets PUBLIC_URL's pages, configured origins, the server's own and origin-less tools connect", async () => {
    expect(await tryConnect(server.url)).toBe("connected");
    expect(await tryConnect(server.url, { origin: server.url })).toBe("connected");
    expect(await tryConnect(server.url, { origin: "https://arena.school.example" })).toBe("connected");
    expect(await tryConnect(server.url, { origin: "https://projector.school.example" })).toBe("connected");
  });

  it("refuses any other site, another scheme or port of PUBLIC_URL, and opaque origins", async () => {
    expect(await tryConnect(server.url, { origin: "https://evil.example" })).toBe("refused");
    expect(await tryConnect(server.url, { origin: "http://arena.school.example" })).toBe("refused");
    expect(await tryConnect(server.url, { origin: "https://arena.school.example:8443" })).toBe("refused");
    expect(await tryConnect(server.url, { origin: "null" })).toBe("refused");
  });
});

describe("X-Forwarded-Host", () => {
  const viaProxy = { origin: "https://arena.school.example", "x-forwarded-host": "arena.school.example" };

  it("is ignored without TRUST_PROXY: a page cannot declare itself the server", async () => {
    const server = await startTestServer({ database });
    try {
      expect(await tryConnect(server.url, viaProxy)).toBe("refused");
    } finally {
      await server.close();
    }
  });

  it("names the server's address when it comes from a trusted proxy", async () => {
    const server = await startTestServer({ database, trustProxy: ["loopback"] });
    try {
      expect(await tryConnect(server.url, viaProxy)).toBe("connected");
      expect(await tryConnect(server.url, { ...viaProxy, origin: "https://evil.example" })).toBe("refused");
    } finally {
      await server.close();
    }
  });
});
