// What the rest of the server needs to know about instructor accounts: who, if anyone, a request
// (or a socket's handshake) is signed in as. Better Auth (server/auth/auth.ts) implements it; the
// JSON API and the socket server depend on this interface only.
import type { IncomingHttpHeaders } from "node:http";

export type InstructorRole = "admin" | "instructor";

export interface Instructor {
  id: string;
  name: string;
  email: string;
  role: InstructorRole;
}

export interface AuthGate {
  /**
   * The signed-in instructor whose session cookie these headers carry, or null (no cookie, an
   * expired or revoked session, a disabled instructor). Reads the session store directly: it never
   * touches Better Auth's per-address rate limiter, so a class behind one address is unaffected.
   */
  instructorFrom(headers: IncomingHttpHeaders): Promise<Instructor | null>;
}
