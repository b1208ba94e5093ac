// JSON calls of the account pages, to our own API (`{ ok: false, error: { code } }`) and to Better
// Auth's routes (`{ code, message }`): both come back as a status and an error code, never a throw
// (a network failure reads as code "NETWORK").

export interface JsonReply<T> {
  status: number;
  body: T | null;
  /** The refusal's code, "" when the call succeeded. */
  code: string;
  /** A refusal's whole answer, for callers that read more of it than the code. */
  refusal?: unknown;
}

export async function callJson<T>(url: string, method = "GET", payload?: unknown): Promise<JsonReply<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      cache: "no-store",
      ...(payload === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(payload) }),
    });
  } catch {
    return { status: 0, body: null, code: "NETWORK" };
  }
  const body = (await response.json().catch(() => null)) as (T & { code?: unknown; error?: { code?: unknown } }) | null;
  if (response.ok) return { status: response.status, body, code: "" };
  const code = body?.error?.code ?? body?.code;
  return {
    status: response.status,
    body: null,
    code: typeof code === "string" ? code : `HTTP_${response.status}`,
    refusal: body,
  };
}
