import { afterAll, beforeAll, expect, it } from "vitest";
import { io } from "socket.io-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ allowedOrigins: ["https://arena.school.example"] });
});
afterAll(() => server.close());

function tryConnect(origin?: string): Promise<"connected" | "refused"> {
  const socket = io(server.url, {
    transports: ["polling"], // the handshake where the Origin check happens for both transports
    forceNew: true,
    reconnection: false,
    extraHeaders: origin ? { origin } : {},
  });
  return new Promise((resolve) => {
    socket.once("connect", () => (socket.disconnect(), resolve("connected")));
    socket.once("connect_error", () => (socket.disconnect(), resolve("refused")));
  });
}

it("lets the server's own pages, configured origins and origin-less tools connect, and no other site", async () => {
  expect(await tryConnect()).toBe("connected");
  expect(await tryConnect(server.url)).toBe("connected");
  expect(await tryConnect("https://arena.school.example")).toBe("connected");
  expect(await tryConnect("https://evil.example")).toBe("refused");
  expect(await tryConnect("null")).toBe("refused");
});
