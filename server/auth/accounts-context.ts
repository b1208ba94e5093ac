// What the account endpoints share: the auth instance (once its secret is loaded), the
// repository, the gate, the SIGNUP mode; and the body every account-creating call takes.
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { firstIssueMessage } from "../../lib/validation-message";
import { HttpError, readJson } from "../http/http-kit";
import type { OriginPolicy } from "../http/origin";
import type { Clock } from "../rooms/clock";
import type { AccountsRepository } from "./accounts-repo";
import type { AuthGate, Instructor } from "./auth-gate";
import type { ArenaAuth, SignupMode } from "./auth";

export interface AccountsContext {
  auth: Promise<ArenaAuth>;
  repo: AccountsRepository;
  gate: AuthGate;
  signup: SignupMode;
  origins: OriginPolicy;
  clock: Clock;
  log: (message: string, error?: unknown) => void;
}

export function toInstructor(user: { id: string; name: string; email: string; role?: string | null }): Instructor {
  return { id: user.id, name: user.name, email: user.email, role: user.role === "admin" ? "admin" : "instructor" };
}

const accountBody = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().max(254).pipe(z.email()),
  password: z.string().min(8).max(128),
});
export type AccountBody = z.infer<typeof accountBody>;

/** `{ token, name, email, password }` of POST /api/setup and /api/invitations/accept. */
export async function readAccountBody(req: IncomingMessage): Promise<AccountBody> {
  const parsed = accountBody.safeParse(await readJson(req));
  if (!parsed.success) throw new HttpError(400, "INVALID_PAYLOAD", firstIssueMessage(parsed.error, "body"));
  return parsed.data;
}
