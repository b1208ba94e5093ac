// Why a page's socket does not connect. A browser cannot read why a WebSocket handshake was
// refused, so the page asks the server over plain HTTP (POST /api/connection-check: the same
// Origin header, the same limits) and turns the answer into something a person can act on.

export type ConnectionTrouble =
  | { kind: "origin"; expectedOrigin: string | null } // the server refuses this page's Origin
  | { kind: "rate-limited" } // too many attempts from this address
  | { kind: "unreachable" } // no answer at all, or a proxy saying the server is down
  | { kind: "unknown" }; // the server answers but the socket still does not get through

/** Not connected for this long (from the first attempt or a drop) and the page says why. */
export const TROUBLE_AFTER_MS = 4_000;
/** While still not connected, ask again at most this often (a class of phones asks together). */
export const RECHECK_MS = 15_000;
const CHECK_TIMEOUT_MS = 4_000;

export interface CheckAnswer {
  status: number;
  body: unknown;
}

/** Reads the connection check's answer; `null` means the request itself failed. */
export function troubleFromCheck(answer: CheckAnswer | null): ConnectionTrouble {
  if (answer === null) return { kind: "unreachable" };
  const refused = refusalOf(answer.body);
  if (refused) return refused;
  if (answer.status === 429) return { kind: "rate-limited" };
  // What a reverse proxy answers when the app server behind it is down.
  if (answer.status === 502 || answer.status === 503 || answer.status === 504) return { kind: "unreachable" };
  return { kind: "unknown" };
}

/**
 * A refusal the server explained: `{ ok: false, error: { code, expectedOrigin? } }` from the check,
 * or the `data` of a socket's connect_error when a connection middleware refused it.
 */
export function refusalOf(body: unknown): ConnectionTrouble | null {
  if (!isObject(body)) return null;
  const error = isObject(body.error) ? body.error : body;
  if (error.code === "RATE_LIMITED") return { kind: "rate-limited" };
  if (error.code === "ORIGIN_NOT_ALLOWED") {
    const expected = error.expectedOrigin;
    return { kind: "origin", expectedOrigin: typeof expected === "string" && expected !== "" ? expected : null };
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Asks the server whether a socket from this page would be accepted. */
export async function checkConnection(): Promise<ConnectionTrouble> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CHECK_TIMEOUT_MS);
  try {
    const response = await fetch("/api/connection-check", {
      method: "POST",
      cache: "no-store",
      signal: controller.signal,
    });
    const body: unknown = await response.json().catch(() => null);
    return troubleFromCheck({ status: response.status, body });
  } catch {
    return troubleFromCheck(null);
  } finally {
    clearTimeout(timer);
  }
}
