// Starts the real server (HTTP API + socket.io) on a random port with an injected database and
// clock, and gives tests typed clients for it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol";
import { createApp, type AppDeps } from "../../server/app";
import { openDatabase, type Database, type DatabaseTarget } from "../../server/db/database";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  app: ReturnType<typeof createApp>;
  database: Database;
  connect(auth?: Record<string, unknown>): Promise<ClientSocket>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: Partial<Omit<AppDeps, "database">> & { database?: Database; target?: DatabaseTarget } = {},
): Promise<TestServer> {
  const { database: given, target, ...deps } = options;
  const database = given ?? (await openDatabase(target ?? { kind: "embedded", dataDir: null }));
  // Listener first, then socket.io (which wraps existing listeners), as in server/main.ts.
  const httpServer = createServer((req, res) => {
    void app.handleApi(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  const app = createApp(httpServer, { log: () => {}, ...deps, database });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const sockets: ClientSocket[] = [];
  return {
    url,
    app,
    database,
    async connect(auth) {
      const socket: ClientSocket = connectClient(url, {
        transports: ["websocket"],
        forceNew: true,
        auth,
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await app.close();
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
      if (!given) await database.close();
    },
  };
}

/** Emits an event and resolves with its ack. */
export function request<T extends object = object>(
  socket: ClientSocket,
  event: keyof ClientToServerEvents,
  payload?: unknown,
  timeoutMs = 5_000,
): Promise<Ack<T & Record<string, unknown>>> {
  return (
    socket.timeout(timeoutMs) as unknown as {
      emitWithAck(e: string, p: unknown): Promise<Ack<T & Record<string, unknown>>>;
    }
  ).emitWithAck(event, payload);
}

/** Resolves with the next `event` whose payload satisfies `predicate`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** `T` is what the test expects the server to answer; the assertions that follow check it. */
export async function postJson<T = unknown>(url: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}
