// Who is on the other end of a request, with reverse proxies taken into account the way Express's
// `trust proxy` does (and with the same library, proxy-addr). X-Forwarded-* headers are written by
// whoever sends the request, so they are believed only when the peer that sent them is a proxy we
// were told to trust (TRUST_PROXY); otherwise a student could pick their own address (and bucket)
// by sending a header. The client address is the right-most X-Forwarded-For entry added by a
// trusted proxy, never the left-most, which the client itself may have written.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import proxyAddr from "proxy-addr";

/** A hop count (0 = trust nothing) or addresses/CIDRs/proxy-addr names of the trusted proxies. */
export type TrustProxy = number | readonly string[];

const NAMES = "loopback, linklocal, uniquelocal";

/**
 * Parses TRUST_PROXY: unset or empty = trust nothing; `1` = one proxy in front (whatever its
 * address); `loopback, 10.0.0.0/8` = proxies at these addresses. Throws with a readable reason.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? "").trim();
  if (value === "") return 0;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 32) throw new Error("a hop count from 0 to 32");
    return hops;
  }
  const list = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list) {
    try {
      proxyAddr.compile(entry);
    } catch {
      // `true` (trust every hop) is refused on purpose: the left-most address is the client's to forge.
      throw new Error(`"${entry}" is not an address, a CIDR range or one of ${NAMES}; or give a hop count like 1`);
    }
  }
  return list;
}

export interface ClientAddressing {
  /** The client's address: the socket's peer, or the right-most untrusted X-Forwarded-For entry. */
  address(req: IncomingMessage): string;
  /** "https" when TLS ends here, or a trusted proxy says so in X-Forwarded-Proto. */
  protocol(req: IncomingMessage): "http" | "https";
  /** Was this request made over HTTPS (by the browser, before any proxy)? E.g. for HSTS. */
  isHttps(req: IncomingMessage): boolean;
  /** host[:port] the client asked for: X-Forwarded-Host from a trusted proxy, else Host. Lower case. */
  host(req: IncomingMessage): string | null;
  /** protocol://host the client used, or null without a Host. */
  origin(req: IncomingMessage): string | null;
}

/** The first value of a header a proxy may have sent as a list ("https, http"). */
function firstValue(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const first = value?.split(",")[0]?.trim();
  return first ? first : null;
}

export function createClientAddressing(trustProxy: TrustProxy): ClientAddressing {
  // An empty list trusts nobody, as a hop count of 0 does.
  const list = typeof trustProxy === "number" ? null : proxyAddr.compile([...trustProxy]);
  const trust = list ?? ((_address: string, hop: number) => hop < (trustProxy as number));
  // Forwarded protocol and host are believed only when the peer itself is a trusted proxy.
  const peerTrusted = (req: IncomingMessage) => {
    const peer = req.socket?.remoteAddress;
    return peer !== undefined && trust(peer, 0);
  };

  const protocol = (req: IncomingMessage): "http" | "https" => {
    if ((req.socket as TLSSocket | undefined)?.encrypted) return "https";
    if (!peerTrusted(req)) return "http";
    return firstValue(req.headers["x-forwarded-proto"])?.toLowerCase() === "https" ? "https" : "http";
  };
  const host = (req: IncomingMessage): string | null => {
    const forwarded = peerTrusted(req) ? firstValue(req.headers["x-forwarded-host"]) : null;
    const value = forwarded ?? req.headers.host ?? null;
    return value ? value.toLowerCase() : null;
  };

  return {
    address: (req) => (req.socket?.remoteAddress === undefined ? "unknown" : proxyAddr(req, trust)),
    protocol,
    isHttps: (req) => protocol(req) === "https",
    host,
    origin: (req) => {
      const h = host(req);
      return h ? `${protocol(req)}://${h}` : null;
    },
  };
}
