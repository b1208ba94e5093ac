// The JSON API under /api. Served by the same Node process as the pages and sockets, ahead of
// Next.js, so it shares the repositories and needs no framework in tests.
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_SETTINGS, schemas } from "../../lib/protocol-schemas";
import { firstIssueMessage } from "../../lib/validation-message";
import type { AuthGate, Instructor } from "../auth/auth-gate";
import type { DatasetRepository } from "../db/dataset-repo";
import type { HistoryRepository } from "../db/history-repo";
import type { SessionRepository } from "../db/session-repo";
import type { ShareRepository } from "../db/share-repo";
import type { RateLimiters } from "../rate-limits";
import type { Clock } from "../rooms/clock";
import { chooseDataset } from "../rooms/dataset-choice";
import { hashToken, newJoinCode, newToken } from "../secrets";
import { CSV_LAYOUTS, sendCsv, wantsGzip, type CsvLayout } from "./csv";
import { createDatasetsApi } from "./datasets-api";
import { createReviewApi, type ReviewApiDeps } from "./review-api";
import { HttpError, readJson, sendError, sendJson, sessionNotFound } from "./http-kit";
import { originAllowed, publicOriginFor, requireSameSite, type OriginPolicy } from "./origin";

export interface ApiDeps extends ReviewApiDeps {
  sessions: SessionRepository;
  history: HistoryRepository;
  shares: ShareRepository;
  /** Instructors' own datasets (/api/datasets, server/http/datasets-api.ts). */
  datasets: DatasetRepository;
  /** Who is signed in (server/auth/auth-gate.ts): sessions belong to instructors. */
  auth: AuthGate;
  clock: Clock;
  /** null when healthy, else what is wrong (for /api/health). */
  checkHealth: () => Promise<string | null>;
  log: (message: string, error?: unknown) => void;
  /** Who may open a socket (and the address phones use); the per-address limits. */
  origins: OriginPolicy;
  limiters: Pick<RateLimiters, "socketOpens" | "sessionCreates" | "connectionChecks">;
}

const PAGE_MAX = 100;
const SESSION_ID = /^[0-9a-f-]{36}$/;

export function createApiHandler(deps: ApiDeps) {
  const handleDatasets = createDatasetsApi(deps);
  // The history and the review routes under a session (review-api.ts), behind the same reading check.
  const handleReview = createReviewApi(deps, (req, url, id) => readableSession(req, url, id));

  /** Per address: nothing else identifies whoever creates a session or asks for a check. */
  function limit(limiter: ApiDeps["limiters"]["sessionCreates"], req: IncomingMessage, res: ServerResponse) {
    if (limiter.take(deps.origins.addressing.address(req), deps.clock.now())) return;
    res.setHeader("retry-after", "1");
    throw new HttpError(429, "RATE_LIMITED", "Too many requests from your network: try again in a moment.");
  }

  /**
   * Would a socket opened by this page be let in? Asked by a page whose socket cannot connect (the
   * browser hides why), and by the projector for the address phones use. Always HTTP 200: the
   * answer is the body. Changes nothing (the socket allowance is read, not taken).
   */
  function connectionCheck(req: IncomingMessage): object {
    const now = deps.clock.now();
    const address = deps.origins.addressing.address(req);
    const publicOrigin = publicOriginFor(req, deps.origins);
    const refused = (code: "ORIGIN_NOT_ALLOWED" | "RATE_LIMITED", message: string, expected?: string | null) => ({
      ok: false,
      error: { code, message, ...(expected ? { expectedOrigin: expected } : {}) },
    });
    if (!deps.limiters.connectionChecks.take(address, now))
      return refused("RATE_LIMITED", "Too many checks from your network: wait a few seconds.");
    if (!originAllowed(req, deps.origins))
      return refused(
        "ORIGIN_NOT_ALLOWED",
        `This page was opened at ${req.headers.origin}, but the server expects ${publicOrigin ?? "another address"}.`,
        publicOrigin,
      );
    if (!deps.limiters.socketOpens.available(address, now))
      return refused("RATE_LIMITED", "Too many connections from your network at once: wait a few seconds.");
    return { ok: true, publicOrigin };
  }

  async function signedIn(req: IncomingMessage): Promise<Instructor> {
    const instructor = await deps.auth.instructorFrom(req.headers);
    if (!instructor) throw new HttpError(401, "SIGNED_OUT", "Sign in as an instructor first.");
    return instructor;
  }

  /**
   * Session `id` if `instructor` owns it or is an admin; else the same 404 as for a missing one,
   * after the same one lookup either way (no extra work only for sessions that exist).
   */
  async function ownedSession(id: string, instructor: Instructor | null): Promise<string> {
    const owner = SESSION_ID.test(id) ? await deps.sessions.ownerOf(id) : undefined;
    if (owner === undefined || !instructor) throw sessionNotFound();
    if (instructor.role !== "admin" && owner !== instructor.id) throw sessionNotFound();
    return id;
  }

  /**
   * Reading a history: `?share=` a live link of this very session, else the owner or an admin. A
   * share link is only ever asked about here: it opens no write and no list.
   */
  async function readableSession(req: IncomingMessage, url: URL, id: string): Promise<void> {
    const share = url.searchParams.get("share");
    if (share !== null && SESSION_ID.test(id) && (await deps.shares.opens(id, hashToken(share)))) return;
    await ownedSession(id, await deps.auth.instructorFrom(req.headers));
  }

  async function createSession(req: IncomingMessage, res: ServerResponse) {
    requireSameSite(req, deps.origins);
    // The body first (bounded, and drained or the connection closed as http-kit decides), so every
    // later refusal leaves a keep-alive connection usable.
    const body = await readJson(req);
    const owner = await signedIn(req);
    limit(deps.limiters.sessionCreates, req, res);
    const parsed = schemas.createSession.safeParse(body);
    if (!parsed.success) throw new HttpError(400, "INVALID_PAYLOAD", firstIssueMessage(parsed.error, "body"));
    const { title, ...settings } = parsed.data;
    // An instructor's own dataset: theirs only, copied now (the session's rounds start from the copy).
    const chosen = await chooseDataset(deps.datasets, owner.id, settings.dataset ?? DEFAULT_SETTINGS.dataset);
    if (!chosen.ok) throw new HttpError(400, chosen.code, chosen.message);
    const hostToken = newToken();
    const id = crypto.randomUUID();
    const code = await deps.sessions.createWithFreshCode(
      {
        id,
        title: title || "Gradient Arena",
        hostTokenHash: hashToken(hostToken),
        ownerId: owner.id,
        settings: { ...DEFAULT_SETTINGS, ...settings },
        datasetCopy: chosen.copy,
        createdAt: new Date(deps.clock.now()),
      },
      newJoinCode,
    );
    sendJson(res, 201, { id, code, hostToken });
  }

  /** The caller's own sessions; an admin's `?all=1`: everybody's. A non-admin's `all` is ignored. */
  async function listSessions(req: IncomingMessage, url: URL, res: ServerResponse) {
    const instructor = await signedIn(req);
    const all = url.searchParams.get("all") === "1" && instructor.role === "admin";
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const cursor = url.searchParams.get("cursor") ?? undefined;
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX)
      throw new HttpError(400, "INVALID_PAYLOAD", `limit must be an integer from 1 to ${PAGE_MAX}.`);
    if (cursor !== undefined && !SESSION_ID.test(cursor)) throw new HttpError(400, "INVALID_PAYLOAD", "Bad cursor.");
    sendJson(res, 200, await deps.sessions.listSessions(all ? { all } : { ownerId: instructor.id }, limit, cursor));
  }

  /** `?layout=long|wide` (docs/protocol.md), gzip if asked; rows read run by run, never all at once. */
  async function sessionCsv(req: IncomingMessage, url: URL, id: string, res: ServerResponse) {
    await readableSession(req, url, id);
    const layout = (url.searchParams.get("layout") ?? "long") as CsvLayout;
    if (!CSV_LAYOUTS.includes(layout))
      throw new HttpError(400, "INVALID_PAYLOAD", `layout must be one of: ${CSV_LAYOUTS.join(", ")}.`);
    const gzipParam = url.searchParams.get("gzip");
    if (gzipParam !== null && gzipParam !== "0" && gzipParam !== "1")
      throw new HttpError(400, "INVALID_PAYLOAD", "gzip must be 0 or 1.");
    const csv = await deps.history.sessionExport(id);
    if (!csv) throw sessionNotFound();
    await sendCsv(res, csv, layout, wantsGzip(gzipParam, req.headers["accept-encoding"]));
  }

  // --- share links: made, listed and revoked by the owner (or an admin) only ---------------------

  async function createShareLink(req: IncomingMessage, sessionId: string, res: ServerResponse) {
    requireSameSite(req, deps.origins);
    const instructor = await signedIn(req);
    await ownedSession(sessionId, instructor);
    const token = newToken();
    const id = crypto.randomUUID();
    const createdAt = new Date(deps.clock.now());
    await deps.shares.create({ id, sessionId, tokenHash: hashToken(token), createdById: instructor.id, createdAt });
    const origin = publicOriginFor(req, deps.origins) ?? "";
    sendJson(res, 201, { id, url: `${origin}/sessions/${sessionId}?share=${token}` });
  }

  async function listShareLinks(req: IncomingMessage, sessionId: string, res: ServerResponse) {
    await ownedSession(sessionId, await signedIn(req));
    sendJson(res, 200, { links: await deps.shares.list(sessionId) });
  }

  async function revokeShareLink(req: IncomingMessage, sessionId: string, linkId: string, res: ServerResponse) {
    requireSameSite(req, deps.origins);
    await ownedSession(sessionId, await signedIn(req));
    if (!SESSION_ID.test(linkId) || !(await deps.shares.revoke(sessionId, linkId, new Date(deps.clock.now()))))
      throw new HttpError(404, "NOT_FOUND", "This session has no such share link.");
    res.writeHead(204, { "cache-control": "no-store" }).end();
  }

  /** Handles /api/* requests; returns false for anything else (left to the pages). */
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith("/api/")) return false;
    const parts = url.pathname.split("/").filter(Boolean); // ["api", ...]
    const method = req.method ?? "GET";
    try {
      if (parts[1] === "health" && parts.length === 2) {
        const problem = await deps.checkHealth();
        if (problem === null) sendJson(res, 200, { ok: true });
        else sendJson(res, 503, { ok: false, error: { code: "UNHEALTHY", message: problem } });
      } else if (parts[1] === "connection-check" && parts.length === 2) {
        if (method !== "POST") throw new HttpError(405, "METHOD_NOT_ALLOWED", "Use POST.");
        sendJson(res, 200, connectionCheck(req));
      } else if (parts[1] === "sessions" && parts.length === 2) {
        if (method === "POST") await createSession(req, res);
        else if (method === "GET") await listSessions(req, url, res);
        else throw new HttpError(405, "METHOD_NOT_ALLOWED", "Use GET or POST.");
      } else if (parts[1] === "sessions" && (await handleReview(req, url, parts, res))) {
        // answered by the review routes
      } else if (parts[1] === "sessions" && parts.length === 4 && parts[3] === "export.csv" && method === "GET") {
        await sessionCsv(req, url, parts[2]!, res);
      } else if (parts[1] === "sessions" && parts[3] === "share" && parts.length === 4) {
        if (method === "POST") await createShareLink(req, parts[2]!, res);
        else if (method === "GET") await listShareLinks(req, parts[2]!, res);
        else throw new HttpError(405, "METHOD_NOT_ALLOWED", "Use GET or POST.");
      } else if (parts[1] === "datasets") {
        await handleDatasets(req, res, parts);
      } else if (parts[1] === "sessions" && parts[3] === "share" && parts.length === 5) {
        if (method !== "DELETE") throw new HttpError(405, "METHOD_NOT_ALLOWED", "Use DELETE.");
        await revokeShareLink(req, parts[2]!, parts[4]!, res);
      } else {
        throw new HttpError(404, "NOT_FOUND", "No such API route.");
      }
    } catch (error) {
      if (error instanceof HttpError) sendError(res, error);
      else {
        deps.log(`API ${method} ${url.pathname} failed`, error);
        if (!res.headersSent) sendError(res, new HttpError(500, "INTERNAL", "Something went wrong on the server."));
        else res.destroy();
      }
    }
    return true;
  };
}
