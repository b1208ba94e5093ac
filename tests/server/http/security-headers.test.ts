// The headers every response carries, and HSTS only when the browser used HTTPS: PUBLIC_URL is
// https, or a trusted proxy says so. A client's own X-Forwarded-Proto changes nothing.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createClientAddressing, type TrustProxy } from "../../../server/http/client-address";
import { HSTS, setSecurityHeaders } from "../../../server/http/security-headers";

let server: Server | null = null;
async function closeServer(): Promise<void> {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = null;
}
afterEach(closeServer);

/** A real server on port 0 that sets the headers as server/main.ts does, then answers 200. */
async function serve(publicOrigin: string | null, trustProxy: TrustProxy): Promise<string> {
  const addressing = createClientAddressing(trustProxy);
  server = createServer((req, res) => {
    setSecurityHeaders(req, res, { publicOrigin, isHttps: (req) => addressing.isHttps(req) });
    res.end("ok");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const viaHttpsProxy = { headers: { "x-forwarded-proto": "https" } };

describe("security headers", () => {
  it("are on every response", async () => {
    const response = await fetch(await serve(null, 0));
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("send HSTS when PUBLIC_URL is https", async () => {
    const response = await fetch(await serve("https://arena.school.example", 0));
    expect(response.headers.get("strict-transport-security")).toBe(HSTS);
  });

  it("do not send HSTS for an http PUBLIC_URL or a client's own X-Forwarded-Proto", async () => {
    expect(
      (await fetch(await serve("http://192.168.1.23:3000", 0))).headers.get("strict-transport-security"),
    ).toBeNull();
    await closeServer();
    const untrusted = await fetch(await serve(null, 0), viaHttpsProxy);
    expect(untrusted.headers.get("strict-transport-security")).toBeNull();
  });

  it("send HSTS when a trusted proxy says the request came over HTTPS", async () => {
    const url = await serve(null, ["loopback"]);
    expect((await fetch(url, viaHttpsProxy)).headers.get("strict-transport-security")).toBe(HSTS);
    expect((await fetch(url)).headers.get("strict-transport-security")).toBeNull();
  });
});
