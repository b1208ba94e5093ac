// Sessions belong to instructors: a benchmark's server runs with SIGNUP=open (see
// BENCH_INSTRUCTOR_ENV), signs up one bench instructor and creates its session with that cookie.
// The answer still carries the host token, which the benchmark's host socket attaches with.
import type { CreatedSession } from "../../lib/api-types";
import { signUpOpen } from "../sign-up";

/** Add to a benchmark server's environment: anybody may sign up (only the benchmark talks to it). */
export const BENCH_INSTRUCTOR_ENV = { SIGNUP: "open" } as const;

/** Signs up a bench instructor on `url` and returns its session cookie (`name=value; ...`). */
export const benchInstructorCookie = (url: string) =>
  signUpOpen(url, { name: "Bench", email: `bench-${crypto.randomUUID()}@bench.test`, password: "bench-password-1" });

/** POST /api/sessions as a freshly signed-up instructor. */
export async function createBenchSession(url: string, body: Record<string, unknown>): Promise<CreatedSession> {
  const cookie = await benchInstructorCookie(url);
  const created = await fetch(`${url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, cookie },
    body: JSON.stringify(body),
  });
  if (created.status !== 201) throw new Error(`POST /api/sessions: ${created.status} ${await created.text()}`);
  return (await created.json()) as CreatedSession;
}
