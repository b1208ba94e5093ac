// Headers every response carries (pages, JSON API, CSV), set by the custom server before the API
// or Next.js answers. The pages' Content-Security-Policy is not here: it needs a per-request
// nonce that Next must see while rendering, so proxy.ts sets it.
import type { IncomingMessage, ServerResponse } from "node:http";

/** 180 days; no includeSubDomains: a school's other hosts may still be plain HTTP. */
export const HSTS = "max-age=15552000";

export interface SecurityHeaderOptions {
  /** PUBLIC_URL's origin, or null. */
  publicOrigin: string | null;
  /** Did the browser make this request over HTTPS (TLS here, or a trusted proxy says so)? */
  isHttps: (req: IncomingMessage) => boolean;
}

export function securityHeaders(req: IncomingMessage, options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    // Join links carry the join code and the history pages a session id: keep them off other sites' logs.
    "referrer-policy": "no-referrer",
    // Old browsers' frame-ancestors: no other site may frame the host console (clickjacking).
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
  // HSTS only over HTTPS: sent over plain HTTP it is ignored by browsers, and it would lock a
  // classroom LAN address (http://192.168.x.y:3000) out if it ever were believed.
  if (options.publicOrigin?.startsWith("https://") || options.isHttps(req)) headers["strict-transport-security"] = HSTS;
  return headers;
}

export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, options: SecurityHeaderOptions): void {
  for (const [name, value] of Object.entries(securityHeaders(req, options))) res.setHeader(name, value);
}
