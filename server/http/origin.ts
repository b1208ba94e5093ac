// Which browser pages may open a socket: the public address (PUBLIC_URL), the configured ones
// (ALLOWED_ORIGINS), and the address the request itself was made to (the trusted proxy's
// X-Forwarded-Host, else Host). Requests without an Origin header (bots, load tools, server-side
// clients) are not browsers on another site, so they pass; authority comes from the host and
// resume secrets anyway.
import type { IncomingMessage } from "node:http";
import type { ClientAddressing } from "./client-address";
import { HttpError } from "./http-kit";

export interface OriginPolicy {
  /** PUBLIC_URL's origin (e.g. https://arena.school.example), or null when not configured. */
  publicOrigin: string | null;
  allowedOrigins: readonly string[];
  addressing: ClientAddressing;
}

/** The address phones should use: PUBLIC_URL if set, else the one this request was made to. */
export function publicOriginFor(req: IncomingMessage, policy: OriginPolicy): string | null {
  if (policy.publicOrigin) return policy.publicOrigin;
  // A page on this very host knows its scheme better than we do when TLS ends at a proxy that
  // is not trusted to say so (the request then arrives as plain http).
  const page = ownHostOrigin(req, policy);
  return page ?? policy.addressing.origin(req);
}

export function originAllowed(req: IncomingMessage, policy: OriginPolicy): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (origin === policy.publicOrigin || policy.allowedOrigins.includes(origin)) return true;
  return ownHostOrigin(req, policy) !== null;
}

/**
 * The request's Origin if it names the host the request was made to, else null. Host only, not
 * the scheme: behind a proxy that ends TLS and sends no X-Forwarded-Proto the request arrives as
 * http while the page is https, and the host (with its port) is what matters.
 */
function ownHostOrigin(req: IncomingMessage, policy: OriginPolicy): string | null {
  const origin = req.headers.origin;
  if (!origin) return null;
  try {
    const url = new URL(origin);
    return url.host === policy.addressing.host(req) ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * A cookie-authenticated write from a page on another site is refused before anything else
 * (SameSite=Lax cookies aside): its Origin must be one `originAllowed` accepts. Tools sending no
 * Origin are not a browser on another site, so they pass; their cookie is what authenticates them.
 */
export function requireSameSite(req: IncomingMessage, policy: OriginPolicy): void {
  if (!originAllowed(req, policy))
    throw new HttpError(403, "ORIGIN_NOT_ALLOWED", "Requests from another site may not change anything here.");
}
