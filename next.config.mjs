/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Types are checked by `npm test` (tsc over the whole repo, server included).
  typescript: { ignoreBuildErrors: true },
  // The server code (server/) runs beside Next, not inside it: keep its tree out of the bundle.
  outputFileTracingExcludes: { "*": ["./data/**"] },
  // Security headers: the custom server sets them on every response, API included
  // (server/http/security-headers.ts); the pages' Content-Security-Policy, with its per-request
  // nonce, comes from proxy.ts.
};

export default nextConfig;
