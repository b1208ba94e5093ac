// The client address, protocol and host of a request, as TRUST_PROXY allows: first the rules on
// plain requests, then the real server, where the address decides whose socket allowance is used.
import type { IncomingMessage } from "node:http";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../server/db/database";
import { createClientAddressing, parseTrustProxy } from "../../../server/http/client-address";
import { startTestServer, type TestServer } from "../../helpers/test-server";

const req = (peer: string, headers: Record<string, string> = {}) =>
  ({ headers, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

describe("without TRUST_PROXY", () => {
  const addressing = createClientAddressing(parseTrustProxy(undefined));
  const forged = req("127.0.0.1", {
    host: "127.0.0.1:3000",
    "x-forwarded-for": "6.6.6.6",
    "x-forwarded-proto": "https",
    "x-forwarded-host": "evil.example",
  });

  it("ignores X-Forwarded-*: the peer is the client, the Host header the host", () => {
    expect(addressing.address(forged)).toBe("127.0.0.1");
    expect(addressing.protocol(forged)).toBe("http");
    expect(addressing.isHttps(forged)).toBe(false);
    expect(addressing.host(forged)).toBe("127.0.0.1:3000");
    expect(addressing.origin(forged)).toBe("http://127.0.0.1:3000");
  });
});

describe("with TRUST_PROXY", () => {
  it("takes the right-most address no trusted proxy added, whatever the client wrote on the left", () => {
    const addressing = createClientAddressing(parseTrustProxy("loopback, 10.0.0.0/8"));
    const headers = { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.1.2.3" };
    expect(addressing.address(req("127.0.0.1", headers))).toBe("203.0.113.7");
    // The same header from an untrusted peer is the peer's own invention.
    expect(addressing.address(req("198.51.100.1", headers))).toBe("198.51.100.1");
  });

  it("with a hop count, trusts that many proxies in front, whatever their address", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.1.2.3" };
    expect(createClientAddressing(parseTrustProxy("1")).address(req("192.0.2.1", headers))).toBe("10.1.2.3");
    expect(createClientAddressing(parseTrustProxy("2")).address(req("192.0.2.1", headers))).toBe("203.0.113.7");
    expect(createClientAddressing(parseTrustProxy("0")).address(req("192.0.2.1", headers))).toBe("192.0.2.1");
  });

  it("believes X-Forwarded-Proto and -Host only from a trusted peer", () => {
    const addressing = createClientAddressing(parseTrustProxy("loopback"));
    const headers = { host: "localhost", "x-forwarded-proto": "https", "x-forwarded-host": "Arena.School.Example" };
    const viaProxy = req("127.0.0.1", headers);
    expect(addressing.isHttps(viaProxy)).toBe(true);
    expect(addressing.origin(viaProxy)).toBe("https://arena.school.example");
    const direct = req("192.0.2.1", headers);
    expect(addressing.isHttps(direct)).toBe(false);
    expect(addressing.origin(direct)).toBe("http://localhost");
  });

  it("refuses what is neither a hop count nor addresses, naming the entry", () => {
    expect(parseTrustProxy("loopback,10.0.0.0/8")).toEqual(["loopback", "10.0.0.0/8"]);
    expect(() => parseTrustProxy("true")).toThrow(/"true" is not an address/);
    expect(() => parseTrustProxy("loopback, 10.0.0.0/99")).toThrow(/10\.0\.0\.0\/99/);
    expect(() => parseTrustProxy("1000")).toThrow(/hop count/);
  });
});

// On the real server: three sockets may open per address, then that address is refused.
describe("the address the server limits", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ kind: "embedded", dataDir: null });
  });
  afterAll(() => database.close());
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  const start = async (trustProxy?: string) => {
    server = await startTestServer({
      database,
      limits: { socketOpens: { burst: 3, perSecond: 0.001 } },
      trustProxy: trustProxy === undefined ? undefined : parseTrustProxy(trustProxy),
    });
    return server;
  };
  const opened: Socket[] = [];
  afterEach(() => opened.splice(0).forEach((socket) => socket.disconnect()));
  /** Opens a socket whose handshake says X-Forwarded-For: `forwardedFor`. */
  const open = (url: string, forwardedFor: string) =>
    new Promise<"open" | "refused">((resolve) => {
      const socket = io(url, {
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
        extraHeaders: { "x-forwarded-for": forwardedFor },
      });
      opened.push(socket);
      socket.once("connect", () => resolve("open"));
      socket.once("connect_error", () => resolve("refused"));
    });
  const openAll = async (url: string, headers: string[]) => {
    const results = [];
    for (const header of headers) results.push(await open(url, header));
    return results;
  };

  it("is the socket's own without TRUST_PROXY: a forged X-Forwarded-For buys no fresh allowance", async () => {
    const { url } = await start();
    const forged = ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"];
    expect(await openAll(url, forged)).toEqual(["open", "open", "open", "refused", "refused"]);
  });

  it("is each client's behind a trusted proxy, even when many come through it", async () => {
    const { url } = await start("loopback");
    const clients = ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"];
    expect(await openAll(url, clients)).toEqual(["open", "open", "open", "open", "open"]);
  });

  it("is the right-most untrusted entry over several hops, not a spoofed left-most one", async () => {
    const { url } = await start("loopback, 10.0.0.0/8");
    const spoofed = [1, 2, 3, 4].map((i) => `6.6.6.${i}, 203.0.113.7, 10.1.2.3`);
    expect(await openAll(url, spoofed)).toEqual(["open", "open", "open", "refused"]);
    expect(await open(url, "6.6.6.1, 203.0.113.8, 10.1.2.3")).toBe("open"); // another client
  });
});
