// The review page's reads (docs/protocol.md, "Review: summary, replay ranking, pages of the full
// data"): the summary for the chart and the results, the exact ranking at the replay step, and
// one run's full series when its notebook is opened. Opened through a share link, every read
// carries the link's token, as the page's own URL does.
import type { RoundRanking, RunSeriesRange, SessionReviewSummary } from "../../../lib/api-types";

function sessionPath(id: string, rest = ""): string {
  return `/api/sessions/${encodeURIComponent(id)}${rest}`;
}

/** `params` plus the share token, as a query string ("" for none). */
function query(share: string, params: Record<string, string | number> = {}): string {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  if (share) search.set("share", share);
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function readJson<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** null: 404 or 401, which is both "no such session" and "not yours" (and a revoked share link). */
export async function fetchReviewSummary(id: string, share: string): Promise<SessionReviewSummary | null> {
  const response = await fetch(sessionPath(id, `/summary${query(share)}`), { cache: "no-store" });
  if (response.status === 404 || response.status === 401) return null;
  return readJson<SessionReviewSummary>(response);
}

export async function fetchRankingAt(
  where: { id: string; share: string; round: number },
  step: number,
  limit: number,
  signal: AbortSignal,
): Promise<RoundRanking> {
  const path = sessionPath(where.id, `/rounds/${where.round}/ranking${query(where.share, { step, limit })}`);
  return readJson<RoundRanking>(await fetch(path, { cache: "no-store", signal }));
}

export async function fetchRunSeries(
  where: { id: string; share: string; round: number },
  participantId: string,
  signal: AbortSignal,
): Promise<RunSeriesRange> {
  const path = sessionPath(
    where.id,
    `/rounds/${where.round}/runs/${encodeURIComponent(participantId)}${query(where.share)}`,
  );
  return readJson<RunSeriesRange>(await fetch(path, { cache: "no-store", signal }));
}

/** CSV export link of the session (the share token too when viewed through a link). */
export function csvHref(id: string, share: string): string {
  return sessionPath(id, `/export.csv${query(share)}`);
}
