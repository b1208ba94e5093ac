// The review endpoints on the real server and both databases (docs/protocol.md): the summary
// (results, series reduced within a per-round budget that keeps every run's ends and extremes),
// the exact ranking at any step (against lib/series/ranking-at-step.ts on the full history, and
// against what the live room told each student), who may read them, and refusals of bad requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, RoundRanking, SessionHistory, SessionReviewSummary } from "../../../lib/api-types";
import type { StudentTick } from "../../../lib/protocol";
import { rankingAtStep } from "../../../lib/series/ranking-at-step";
import { decodeSummarySeries, summaryColumns } from "../../../lib/series/summary-series";
import type { DatabaseTarget } from "../../../server/db/database";
import { onBothDatabases } from "../../helpers/postgres";
import { outcomeOf, writeReviewSession } from "../../helpers/review-fixtures";
import { apiJson, hostSession, joinStudent, type SignedIn } from "../../helpers/session-fixture";
import { nextEvent, request, signUpInstructor, startTestServer, type TestServer } from "../../helpers/test-server";

const BIG = { runs: 300, steps: 3_000 };
/** Small enough that the big round's replay is read in windows of ~800 steps. */
const REPLAY_BYTES = 2 * 1024 * 1024;

/** The ranking at `step` as lib/series/ranking-at-step.ts makes it from the full history. */
function expectedRanking(history: SessionHistory, round: number, step: number) {
  const { runs } = history.rounds[round - 1]!;
  const { order, ranks, losses, status, divergedAtStep } = rankingAtStep(runs.map(outcomeOf), step);
  const names = ["running", "converged", "diverged", "max_steps"];
  return Array.from(order, (run) => ({
    run,
    rank: ranks[run],
    loss: losses[run],
    status: names[status[run]!],
    divergedAtStep: divergedAtStep[run]! >= 0 ? divergedAtStep[run] : null,
  }));
}

function reviewSuite(name: string, target: () => Promise<DatabaseTarget>, cleanUp: () => Promise<void>) {
  describe(name, () => {
    let server: TestServer;
    let ada: SignedIn, bo: SignedIn;
    let big: { id: string };
    let history: SessionHistory;
    const get = <T>(path: string, cookie: string | null = ada.cookie) => apiJson<T>(server, path, { cookie });

    beforeAll(async () => {
      server = await startTestServer({ target: await target(), reviewCache: { replayBytes: REPLAY_BYTES } });
      const account = (who: string) => ({ name: who, email: `${who}@school.test`, password: "pass-word-123" });
      await signUpInstructor(server, account("admin")); // the first account is the admin
      ada = await signUpInstructor(server, account("ada"));
      bo = await signUpInstructor(server, account("bo"));
      big = await writeReviewSession(server, ada, BIG);
      history = (await get<SessionHistory>(`/api/sessions/${big.id}`)).body;
    }, 120_000);
    afterAll(async () => {
      await server.close();
      await cleanUp();
    });

    it("summarises every round within its budget, every run keeping its first, last, lowest and highest loss", async () => {
      const response = await fetch(`${server.url}/api/sessions/${big.id}/summary`, {
        headers: { cookie: ada.cookie, "accept-encoding": "identity" },
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text.length).toBeLessThan(5_000_000);
      const summary = JSON.parse(text) as SessionReviewSummary;
      const { rounds: _, ...head } = history;
      expect(summary).toMatchObject(head);
      expect(summary.rounds).toHaveLength(2);
      for (const [r, round] of summary.rounds.entries()) {
        const full = history.rounds[r]!;
        const { runs: fullRuns, ...roundHead } = full;
        expect(round).toMatchObject(roundHead);
        const span = Math.max(...fullRuns.map((run) => run.losses.length));
        expect(round.span).toBe(span);
        expect(round.columns).toBe(summaryColumns(fullRuns.length, span));
        let seriesChars = 0;
        for (const [i, run] of round.runs.entries()) {
          const { losses, ...results } = fullRuns[i]!;
          expect(run).toMatchObject({ ...results, seriesLength: losses.length });
          seriesChars += run.series.length;
          const { steps, values } = decodeSummarySeries(run.series);
          expect(steps.length).toBeLessThanOrEqual(4 * round.columns);
          const kept = new Map(Array.from(steps, (step, k) => [step, values[k]!]));
          const low = losses.indexOf(Math.min(...losses));
          const high = losses.indexOf(Math.max(...losses));
          for (const step of [0, losses.length - 1, low, high]) {
            // float32 (rounded) unless the run holds values float32 cannot: then float64, exact.
            const value = kept.get(step);
            expect(value === losses[step] || value === Math.fround(losses[step]!)).toBe(true);
          }
          expect(Math.min(...values)).toBe(kept.get(low));
          expect(Math.max(...values)).toBe(kept.get(high));
        }
        if (r === 0) expect(seriesChars).toBeGreaterThan(2_500_000); // the budget binds: noisy runs
        expect(seriesChars).toBeLessThanOrEqual(3_500_000);
      }
      // Asked again: the same bytes, from the cache. Gzip when the client takes it.
      const again = await fetch(`${server.url}/api/sessions/${big.id}/summary`, { headers: { cookie: ada.cookie } });
      expect(again.headers.get("content-encoding")).toBe("gzip");
      expect(await again.text()).toBe(text);
    }, 60_000);

    it("ranks at any step exactly as lib/series/ranking-at-step.ts does on the full history", async () => {
      const lastStep = Math.max(...history.rounds[0]!.runs.map((run) => run.divergedAtStep ?? run.losses.length - 1));
      // Both ends, the first steps, and a walk across the replay windows, back and forth.
      const steps = [0, 1, 2, lastStep, lastStep - 1, 2_999, 1_500, 805, 806, 100, 2_400, 1_200, 3, 2_999, 0];
      for (const step of steps) {
        const reply = await get<RoundRanking>(`/api/sessions/${big.id}/rounds/1/ranking?step=${step}`);
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual({ round: 1, step, runCount: BIG.runs, ranking: expectedRanking(history, 1, step) });
      }
      const top = await get<RoundRanking>(`/api/sessions/${big.id}/rounds/2/ranking?step=20&limit=10`);
      expect(top.body.ranking).toEqual(expectedRanking(history, 2, 20).slice(0, 10));
    }, 60_000);

    it("ranks a played round as the live room ranked each student at every step", async () => {
      const session = await hostSession(server, { maxSteps: 60 }, ada);
      const rates = { ada: 1, bo: 1e-4, cy: 2.5e-4, dee: 1e-4, eve: 1e-6, fay: 5e-5 };
      const seen = new Map<string, Map<number, StudentTick["you"]>>();
      for (const [nickname, rate] of Object.entries(rates)) {
        const student = await joinStudent(server, session.code, nickname, rate);
        const ticks = new Map<number, StudentTick["you"]>();
        seen.set(student.participantId, ticks);
        student.socket.on("room:tick", (tick) => {
          if (tick.view === "student") ticks.set(tick.step, tick.you);
        });
      }
      const finished = nextEvent(session.host, "room:finished");
      await request(session.host, "host:start", {});
      await finished;
      const summary = (await get<SessionReviewSummary>(`/api/sessions/${session.id}/summary`)).body;
      const runs = summary.rounds[0]!.runs;
      let compared = 0;
      for (let step = 0; step <= summary.rounds[0]!.lastStep; step++) {
        const reply = await get<RoundRanking>(`/api/sessions/${session.id}/rounds/1/ranking?step=${step}`);
        for (const entry of reply.body.ranking) {
          const you = seen.get(runs[entry.run]!.participantId)!.get(step);
          if (!you) continue; // no tick for that step reached this phone
          expect([entry.loss, entry.rank, entry.divergedAtStep ?? -1]).toEqual([you[0], you[2], you[3]]);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(6 * 10);
    }, 60_000);

    it("opens the summary, ranking and series to the owner, an admin and a share link only (404 like a missing id)", async () => {
      const paths = [
        "summary",
        "rounds/1/ranking?step=3",
        `rounds/1/runs/${history.rounds[0]!.runs[0]!.participantId}`,
      ];
      const notFound = { ok: false, error: { code: "NOT_FOUND", message: "No session with that id." } };
      const link = await apiJson<{ url: string }>(server, `/api/sessions/${big.id}/share`, {
        body: {},
        cookie: ada.cookie,
      });
      const share = new URL(link.body.url).searchParams.get("share")!;
      for (const path of paths) {
        const url = `/api/sessions/${big.id}/${path}`;
        expect((await get(url)).status).toBe(200);
        expect((await get(`${url}${url.includes("?") ? "&" : "?"}share=${share}`, null)).status).toBe(200);
        expect(await get(url, bo.cookie)).toEqual({ status: 404, body: notFound });
        expect(await get(url, null)).toEqual({ status: 404, body: notFound });
        // Refused before the parameters are looked at: nothing tells another instructor what is there.
        expect(await get(`${url.replace("/1/", "/9/")}`, bo.cookie)).toEqual({ status: 404, body: notFound });
      }
      const missing = `/api/sessions/${crypto.randomUUID()}/summary`;
      expect(await get(missing)).toEqual({ status: 404, body: notFound });
    });

    it("refuses bad parameters with a clear 400 and changes nothing", async () => {
      const before = await get<string>(`/api/sessions/${big.id}/summary`);
      const rows = await server.database.prisma.run.count();
      const runId = history.rounds[0]!.runs[0]!.participantId;
      const lastStep = (before.body as unknown as SessionReviewSummary).rounds[0]!.lastStep;
      const bad = [
        ["rounds/1/ranking", /step must be an integer from 0 to/],
        [`rounds/1/ranking?step=${lastStep + 1}`, /step must be an integer from 0 to \d+ \(round 1's last step\)/],
        ["rounds/1/ranking?step=-1", /step/],
        ["rounds/1/ranking?step=abc", /step/],
        ["rounds/1/ranking?step=1.5", /step/],
        ["rounds/1/ranking?step=1e3", /step/],
        ["rounds/1/ranking?step=3&limit=0", /limit/],
        ["rounds/3/ranking?step=1", /no round "3" \(it has rounds 1 to 2\)/],
        ["rounds/0/ranking?step=1", /no round "0"/],
        ["rounds/one/ranking?step=1", /no round "one"/],
        [`rounds/1/runs/${runId}?from=-1`, /from must be an integer/],
        [`rounds/1/runs/${runId}?from=10&to=5`, /to must be an integer from 10/],
        [`rounds/1/runs/${runId}?to=${BIG.steps + 2}`, /to must be an integer/],
        [`rounds/1/runs/${crypto.randomUUID()}`, /Round 1 has no run of participant/],
        [`rounds/2/runs/${runId}`, /Round 2 has no run of participant/],
        ["summary?gzip=yes", /gzip must be 0 or 1/],
        ["?offset=-1", /offset must be an integer/],
        [`?offset=${BIG.runs + 37}`, /offset 337 is past the end: the session has 337 runs/],
        ["?offset=0&limit=101", /limit must be an integer from 1 to 100/],
        ["?limit=ten", /limit/],
      ] as const;
      for (const [path, message] of bad) {
        const reply = await get<ApiError>(`/api/sessions/${big.id}${path.startsWith("?") ? "" : "/"}${path}`);
        expect(reply.status, path).toBe(400);
        const { ok, error } = reply.body;
        expect([ok, Object.keys(error), error.code]).toEqual([false, ["code", "message"], "INVALID_PAYLOAD"]);
        expect(error.message).toMatch(message);
      }
      expect((await get(`/api/sessions/${big.id}/summary`)).body).toEqual(before.body);
      expect(await server.database.prisma.run.count()).toBe(rows);
      const wrongMethod = await apiJson<ApiError>(server, `/api/sessions/${big.id}/summary`, {
        method: "DELETE",
        cookie: ada.cookie,
      });
      expect(wrongMethod.status).toBe(405);
    });
  });
}

onBothDatabases(reviewSuite);
