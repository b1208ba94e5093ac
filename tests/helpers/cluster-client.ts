// socket.io clients that reach a cluster (tests/helpers/cluster.ts) the way a page does: through
// nginx over WSS, WebSocket only, with the page's Origin. Which process served a socket or a
// response is read from the header the test nginx adds (UPSTREAM_HEADER, nginx's $upstream_addr):
// the server itself says nothing about which process it is.
import type { IncomingMessage } from "node:http";
import { io, NodeWebSocket } from "socket.io-client";
import { UPSTREAM_HEADER } from "../e2e/nginx";
import type { ClientSocket } from "./test-server";

export interface ClusterClientOptions {
  /** The handshake's `auth` (e.g. a host's or student's resume data). */
  auth?: Record<string, unknown>;
  /** A session cookie (scripts/sign-up.ts `signUpOpen(origin)`), sent with the upgrade request. */
  cookie?: string;
  /** socket.io's own reconnection (through nginx, to whichever process is next). Default: off. */
  reconnection?: boolean;
}

/** The upstream port of each client's current connection, set on every (re)connection's upgrade. */
const servedBy = new WeakMap<ClientSocket, { port: number | null }>();
/** Clients per cluster origin, disconnected by that cluster's stop(). */
const openClients = new Map<string, Set<ClientSocket>>();

/** The port of the process that served, from "127.0.0.1:4001" or "127.0.0.1:4001, 127.0.0.1:4002". */
function portFrom(header: string | string[] | null | undefined): number {
  const value = Array.isArray(header) ? header.join(", ") : header;
  const last = value?.split(",").pop()?.trim();
  const port = Number(last?.slice(last.lastIndexOf(":") + 1));
  if (!last || !Number.isInteger(port) || port <= 0)
    throw new Error(
      `nginx's ${UPSTREAM_HEADER} header is ${JSON.stringify(value)}: not "host:port". Does the site ` +
        "file now set an add_header of its own (which stops the test nginx's from being inherited)?",
    );
  return port;
}

/** The port of the process that served `served`: a fetch() Response through nginx, or a cluster client. */
export function upstreamPort(served: Response | ClientSocket): number {
  if (served instanceof Response) return portFrom(served.headers.get(UPSTREAM_HEADER));
  const noted = servedBy.get(served);
  if (!noted) throw new Error("upstreamPort: this socket was not made by clusterClient");
  if (noted.port === null) throw new Error("upstreamPort: this socket has not connected yet");
  return noted.port;
}

/**
 * The WebSocket transport of socket.io-client (the `ws` package, as "websocket"), noting the
 * upstream header of each upgrade response: `ws` emits "upgrade" before the socket opens.
 */
function upstreamNotingWebSocket(note: (port: number) => void) {
  type Upgrading = { once(event: "upgrade", listener: (response: IncomingMessage) => void): unknown };
  return class extends NodeWebSocket {
    override createSocket(...args: Parameters<NodeWebSocket["createSocket"]>) {
      const socket = super.createSocket(...args) as Upgrading;
      socket.once("upgrade", (response) => note(portFrom(response.headers[UPSTREAM_HEADER])));
      return socket;
    }
  };
}

/**
 * A socket.io client connected to `origin` (a cluster's nginx), resolved once connected; rejects
 * with the connect error otherwise. Every client comes from 127.0.0.1, like a class behind one NAT.
 */
export async function clusterClient(origin: string, options: ClusterClientOptions = {}): Promise<ClientSocket> {
  const noted: { port: number | null } = { port: null };
  const socket: ClientSocket = io(origin, {
    transports: [upstreamNotingWebSocket((port) => (noted.port = port))],
    forceNew: true, // its own connection, not a shared Manager's
    reconnection: options.reconnection ?? false,
    rejectUnauthorized: false, // the test nginx's self-signed certificate
    auth: options.auth,
    // The Origin a page served by `origin` sends, and its cookie.
    extraHeaders: { origin, ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
  servedBy.set(socket, noted);
  const clients = openClients.get(origin) ?? new Set();
  openClients.set(origin, clients.add(socket));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
  } catch (error) {
    socket.disconnect();
    throw error;
  }
  return socket;
}

/** Disconnects every client made for `origin` (a reconnecting one would otherwise retry forever). */
export function closeClusterClients(origin: string): void {
  for (const socket of openClients.get(origin) ?? []) socket.disconnect();
  openClients.delete(origin);
}
