// Better Auth's browser client, for what needs more than a plain fetch: the WebAuthn ceremonies of
// the passkey plugin. Imported only by the sign-in and account pages (dynamically from there), so
// none of it reaches a student's phone. Same origin: the client finds /api/auth by itself.
import { passkeyClient } from "@better-auth/passkey/client";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({ plugins: [passkeyClient()] });
