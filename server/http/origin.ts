// Which browser pages may open a socket: the server's own origin, plus any configured ones.
// Requests without an Origin header (bots, load tools, server-side clients) are not browsers on
// another site, so they pass; authority comes from the host and resume secrets anyway.
import type { IncomingMessage } from "node:http";

export function originAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
