// A small HTTP proxy between Chromium and the server that breaks the live connection the way
// networks and proxies do (page.route cannot: it never sees a WebSocket handshake, and DevTools
// request blocking lets WebSockets through):
// - `drop`: every socket.io request, the WebSocket handshake included, is cut off unanswered;
// - `strip-port`: Host is sent without its port, as the socket.io docs' nginx config does, so the
//   server refuses the page's Origin for real;
// - `open`: everything passes unchanged.
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";

export type GateMode = "open" | "drop" | "strip-port";

export interface SocketGate {
  /** Where the browser goes: the gate's own address. */
  url: string;
  mode: GateMode;
  close(): Promise<void>;
}

export async function startSocketGate(target: string): Promise<SocketGate> {
  const upstream = new URL(target);
  const port = Number(upstream.port);
  const isSocketIo = (req: IncomingMessage) => req.url?.startsWith("/socket.io/") ?? false;
  const headersFor = (req: IncomingMessage): IncomingHttpHeaders =>
    gate.mode === "strip-port" ? { ...req.headers, host: upstream.hostname } : req.headers;

  const server = createServer((req, res) => {
    if (gate.mode === "drop" && isSocketIo(req)) return void req.socket.destroy();
    const forward = request(
      { host: upstream.hostname, port, method: req.method, path: req.url, headers: headersFor(req) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  // Upgraded connections leave the HTTP server's bookkeeping: kept here to close them at the end.
  const tunnels = new Set<{ destroy(): void }>();
  server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
    if (gate.mode === "drop") return void socket.destroy();
    const headers = Object.entries(headersFor(req)).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value ?? ""]).map((v) => `${name}: ${v}`),
    );
    const peer = connect(port, upstream.hostname, () => {
      peer.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join("\r\n")}\r\n\r\n`);
      peer.write(head);
      peer.pipe(socket).pipe(peer);
    });
    tunnels.add(socket).add(peer);
    peer.on("close", () => tunnels.delete(peer));
    socket.on("close", () => tunnels.delete(socket));
    peer.on("error", () => socket.destroy());
    socket.on("error", () => peer.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  const gate: SocketGate = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode: "open",
    async close() {
      server.closeAllConnections();
      for (const tunnel of tunnels) tunnel.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return gate;
}
