// Starts the real server (HTTP API + socket.io) on a random port with an injected database and
// clock, and gives tests typed clients for it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol";
import type { Instructor } from "../../server/auth/auth-gate";
import { createApp, type AppDeps } from "../../server/app";
import { openDatabase, type Database, type DatabaseTarget } from "../../server/db/database";
import { sessionCookie } from "../../scripts/sign-up";

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
  // SIGNUP=open unless a test says otherwise: signUpInstructor then uses the public sign-up route.
  const app = createApp(httpServer, { log: () => {}, signup: "open", ...deps, database });
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

const adminCookies = new WeakMap<TestServer, string>();

/**
 * Makes an instructor account over HTTP and returns its session cookie. SIGNUP=open: the public
 * sign-up route. Otherwise the first account through the set-up link and later ones through an
 * invitation made by that first account (an admin). The first account of a server is its admin.
 */
export async function signUpInstructor(
  server: TestServer,
  account: { email: string; password: string; name: string },
): Promise<{ cookie: string; instructor: Instructor }> {
  let response: Response;
  if (server.app.accounts.signup === "open") {
    response = await fetch(`${server.url}/api/auth/sign-up/email`, {
      method: "POST",
      // A browser's page sends its Origin; the library refuses a POST that has none.
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify(account),
    });
  } else {
    const admin = adminCookies.get(server);
    let token: string | null = null;
    if (!admin) token = await server.app.accounts.startFirstRun();
    else {
      const invited = await fetch(`${server.url}/api/invitations`, {
        method: "POST",
        headers: { cookie: admin, origin: server.url },
      });
      const { url } = (await invited.json()) as { url: string };
      token = new URL(url).searchParams.get("token");
    }
    if (!token) throw new Error(`no set-up link or invitation for ${account.email}`);
    response = await fetch(`${server.url}/api/${admin ? "invitations/accept" : "setup"}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ token, ...account }),
    });
  }
  if (!response.ok) throw new Error(`signing up ${account.email}: ${response.status} ${await response.text()}`);
  const cookie = sessionCookie(response);
  const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
  const { instructor } = (await me.json()) as { instructor: Instructor | null };
  if (!instructor) throw new Error(`${account.email} is not signed in after signing up`);
  if (instructor.role === "admin" && !adminCookies.has(server)) adminCookies.set(server, cookie);
  return { cookie, instructor };
}
