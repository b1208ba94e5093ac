// The fast path writes a tick's frame straight to a student's WebSocket only when that keeps the
// order of what the socket was sent, and says no (writing nothing) everywhere else, with a real
// socket.io server and clients on both transports.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webSocketMessageFrame } from "../../../server/rooms/student-tick-packet";
import { sendFrameDirectly } from "../../../server/rooms/websocket-fast-path";

let io: Server;
let url: string;
const serverSockets = new Map<string, ServerSocket>();

beforeAll(async () => {
  const http = createServer();
  io = new Server(http);
  io.on("connection", (socket) => void serverSockets.set(String(socket.handshake.auth.name), socket));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => io.close());

/** A client on one transport (no upgrade), its events in arrival order, and its server side. */
async function client(name: string, transport: "websocket" | "polling") {
  const socket: Socket = connect(url, { transports: [transport], upgrade: false, forceNew: true, auth: { name } });
  const received: string[] = [];
  socket.onAny((event: string, payload: { n: number }) => received.push(`${event}:${payload.n}`));
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("connect_error", reject));
  await until(() => serverSockets.has(name));
  return { socket, received, server: serverSockets.get(name)! };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const tickFrame = (n: number) => webSocketMessageFrame(`2["tick",{"n":${n}}]`);

describe("sendFrameDirectly", () => {
  it("writes to an open WebSocket, after what engine.io has already written", async () => {
    const { socket, received, server } = await client("ws", "websocket");
    server.emit("state", { n: 1 }); // written at once; engine.io's transport is busy until it completes
    expect(sendFrameDirectly(server.conn, tickFrame(2))).toBe(true);
    expect(sendFrameDirectly(server.conn, tickFrame(3))).toBe(true);
    await until(() => received.length === 3);
    expect(received).toEqual(["state:1", "tick:2", "tick:3"]);
    socket.disconnect();
  });

  it("refuses while engine.io holds packets back, so they are not overtaken", async () => {
    const { socket, received, server } = await client("queued", "websocket");
    server.emit("state", { n: 1 });
    server.emit("state", { n: 2 }); // the transport is still busy with the first: this one waits
    expect(sendFrameDirectly(server.conn, tickFrame(3))).toBe(false);
    await until(() => received.length === 2);
    expect(sendFrameDirectly(server.conn, tickFrame(3))).toBe(true);
    await until(() => received.length === 3);
    expect(received).toEqual(["state:1", "state:2", "tick:3"]);
    socket.disconnect();
  });

  it("refuses a long-polling client and writes nothing to it", async () => {
    const { socket, received, server } = await client("polling", "polling");
    expect(sendFrameDirectly(server.conn, tickFrame(1))).toBe(false);
    server.emit("state", { n: 2 });
    await until(() => received.length === 1);
    expect(received).toEqual(["state:2"]);
    socket.disconnect();
  });

  it("refuses a closed connection and anything that is not engine.io's", async () => {
    const { socket, server } = await client("closed", "websocket");
    socket.disconnect();
    await until(() => server.conn.readyState === "closed");
    expect(sendFrameDirectly(server.conn, tickFrame(1))).toBe(false);
    for (const other of [undefined, null, {}, { readyState: "open" }, { readyState: "open", writeBuffer: [] }])
      expect(sendFrameDirectly(other, tickFrame(1))).toBe(false);
  });
});
