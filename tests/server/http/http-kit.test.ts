// A refused body (413 too large, 400 not JSON) is answered without losing the keep-alive
// connection: a browser or proxy reuses it, and the request after a refusal must still succeed.
import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, MAX_DRAIN_BYTES } from "../../../server/http/http-kit";
import { fixtureInstructor } from "../../helpers/session-fixture";
import { startTestServer, type TestServer } from "../../helpers/test-server";

let server: TestServer;
/** Creating a session needs a signed-in instructor: every request here carries one's cookie. */
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  cookie = (await fixtureInstructor(server)).cookie;
});
afterAll(() => server.close());

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Local port of the TCP connection the reply came on: the same port means the same connection. */
  localPort: number;
}

function send(agent: Agent, method: string, path: string, body?: string | Buffer, chunked = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    const headers: Record<string, string | number> = { "content-type": "application/json", cookie };
    if (body !== undefined && !chunked) headers["content-length"] = Buffer.byteLength(body);
    const req = httpRequest(url, { method, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, localPort: req.socket!.localPort! }),
      );
    });
    req.on("error", reject);
    if (body !== undefined) {
      // Chunked: several writes, no declared length, as a streaming client sends.
      if (chunked) for (let i = 0; i < body.length; i += 4096) req.write(body.slice(i, i + 4096));
      else req.write(body);
    }
    req.end();
  });
}

describe("a refused body keeps the connection", () => {
  const cases: Array<[string, string | Buffer, number, boolean]> = [
    ["a body just over the limit", JSON.stringify({ title: "x".repeat(MAX_BODY_BYTES) }), 413, false],
    ["a large body (256 KiB)", JSON.stringify({ title: "x".repeat(256 * 1024) }), 413, false],
    ["a large chunked body", JSON.stringify({ title: "x".repeat(64 * 1024) }), 413, true],
    ["a body that is not JSON", "{not json", 400, false],
  ];
  for (const [name, body, status, chunked] of cases) {
    it(`after ${name}, the next request on the same connection succeeds`, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const refused = await send(agent, "POST", "/api/sessions", body, chunked);
        expect(refused.status).toBe(status);
        expect((JSON.parse(refused.body) as { error: { code: string } }).error.code).toBe(
          status === 413 ? "PAYLOAD_TOO_LARGE" : "INVALID_PAYLOAD",
        );
        expect(refused.headers.connection).not.toBe("close");
        const next = await send(agent, "POST", "/api/sessions", JSON.stringify({ title: "after" }));
        expect(next.status).toBe(201);
        expect(next.localPort).toBe(refused.localPort);
        expect((await send(agent, "GET", "/api/health")).status).toBe(200);
      } finally {
        agent.destroy();
      }
    });
  }
});

describe("a body too large to drain", () => {
  it("is refused at once with Connection: close, and a new connection works", async () => {
    const { hostname, port } = new URL(server.url);
    // Raw socket: only the headers are sent, so the answer can only come from the declared length.
    const socket = connect(Number(port), hostname);
    let reply = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => (reply += chunk));
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.write(
      `POST /api/sessions HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${MAX_DRAIN_BYTES + 1}\r\n\r\n`,
    );
    await closed; // the server closes it: the body it did not read cannot be skipped
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply.toLowerCase()).toContain("connection: close");
    expect(reply).toContain("PAYLOAD_TOO_LARGE");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await send(agent, "GET", "/api/health")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
