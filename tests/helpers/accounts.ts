// Calls a signed-in (or signing-in) instructor's browser makes: JSON with its Origin and cookie.
import type { Instructor } from "../../server/auth/auth-gate";
import { sessionCookie } from "../../scripts/sign-up";
import type { TestServer } from "./test-server";

export interface Reply<T> {
  status: number;
  body: T;
  /** The session cookie the reply set ("" if none), as the browser would send it back. */
  cookie: string;
  setCookie: string[];
  text: string;
}

export async function call<T = Record<string, unknown>>(
  server: TestServer,
  path: string,
  options: {
    method?: string;
    body?: unknown;
    cookie?: string;
    origin?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply<T>> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.cookie) headers.cookie = options.cookie;
  // A page of the server itself, unless the test says which (or none: null).
  const origin = options.origin === undefined ? server.url : options.origin;
  if (origin !== null && method !== "GET") headers.origin = origin;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return {
    status: response.status,
    body: body as T,
    cookie: sessionCookie(response),
    setCookie: response.headers.getSetCookie(),
    text,
  };
}

export async function whoIs(server: TestServer, cookie: string): Promise<Instructor | null> {
  return (await call<{ instructor: Instructor | null }>(server, "/api/me", { cookie })).body.instructor;
}

export const PASSWORD = "correct horse battery";
