// One HTTP request with exactly the headers a test gives (Host, Origin, X-Forwarded-*), which
// fetch() would rewrite or refuse: what a browser behind a proxy, or a forger, really sends.
import { request } from "node:http";

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** POSTs no body and parses the JSON reply. */
export async function postRaw<T = unknown>(url: string, headers: Record<string, string> = {}) {
  const reply = await rawRequest(url, { method: "POST", headers });
  return { status: reply.status, body: JSON.parse(reply.body) as T };
}
