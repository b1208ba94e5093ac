// An instructor account over HTTP on a server started with SIGNUP=open, made the way the /sign-up
// page makes one. Benchmarks and tests that need a signed-in instructor use this.

/** The cookie header a browser sends back after `response` (cleared cookies left out). */
export function sessionCookie(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

export interface NewInstructor {
  name: string;
  email: string;
  password: string;
}

/** Signs up `account` (a fresh one by default) at `url` and returns its session cookie. */
export async function signUpOpen(
  url: string,
  account: NewInstructor = { name: "Teacher", email: `t-${crypto.randomUUID()}@school.test`, password: "password-123" },
): Promise<string> {
  const response = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    // A browser's page sends its Origin; the library refuses a POST that has none.
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify(account),
  });
  if (!response.ok) throw new Error(`sign-up of ${account.email}: ${response.status} ${await response.text()}`);
  const cookie = sessionCookie(response);
  if (!cookie) throw new Error(`sign-up of ${account.email} set no cookie`);
  return cookie;
}
