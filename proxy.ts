// Content-Security-Policy for the pages, with a fresh nonce per request (Next.js 16's documented
// way, docs/app/guides/content-security-policy): Next reads the nonce from the request's CSP
// header and puts it on its own scripts, so only scripts this server rendered can run. Every page
// is rendered per request anyway (the layout reads the language cookie), so nonces cost nothing.
// Runs inside Next's request handler, which the custom server (server/main.ts) calls for every
// request that is not the JSON API or socket.io.
import { NextResponse, type NextRequest } from "next/server";

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': the chunks Next's nonced scripts load are trusted too. React's dev build
    // evaluates server error stacks, so development needs 'unsafe-eval' (production does not).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Styles cannot run code: 'unsafe-inline' rather than a nonce, because Next's built-in pages
    // (the 404) carry an un-nonced <style> and style="" attributes, which Chromium refused under
    // `style-src 'self' 'nonce-...'`. (A nonce here would also switch 'unsafe-inline' off.)
    "style-src 'self' 'unsafe-inline'",
    // The QR code is a data: URL image; the charts draw on canvases (no extra source needed).
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // socket.io connects to this same origin; CSP 3 lets 'self' cover ws:/wss: of it.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // No upgrade-insecure-requests: every URL is relative, and on a classroom LAN served over
    // plain http://192.168.x.y:3000 it would send every request to an https:// that is not there.
  ].join("; ");
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: built assets, icons and the manifest carry no markup (and prefetches of pages
  // are rendered again on navigation, with their own nonce).
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|apple-icon.png|icons/|manifest.webmanifest).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
