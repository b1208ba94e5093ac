// The history's full data over HTTP on both databases: the unpaged history is the same bytes it
// was before it was streamed, pages of runs join back into it exactly, one run's series comes by
// step range, and a round in play is summarised right as its chunks are stored and when it ends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSeriesRange, SessionHistory, SessionHistoryPage, SessionReviewSummary } from "../../../lib/api-types";
import type { DatabaseTarget } from "../../../server/db/database";
import { HistoryRepository } from "../../../server/db/history-repo";
import { RoundRepository } from "../../../server/db/round-repo";
import { decodeSummarySeries } from "../../../lib/series/summary-series";
import { onBothDatabases } from "../../helpers/postgres";
import { writeReviewSession } from "../../helpers/review-fixtures";
import { apiJson, fixtureInstructor, type SignedIn } from "../../helpers/session-fixture";
import { startTestServer, type TestServer } from "../../helpers/test-server";

const BIG = { runs: 120, steps: 2_000 };

function pagesSuite(name: string, target: () => Promise<DatabaseTarget>, cleanUp: () => Promise<void>) {
  describe(name, () => {
    let server: TestServer;
    let owner: SignedIn;
    let session: { id: string };
    let history: SessionHistory;
    const get = <T>(path: string) => apiJson<T>(server, path, { cookie: owner.cookie });

    beforeAll(async () => {
      server = await startTestServer({ target: await target() });
      owner = await fixtureInstructor(server);
      session = await writeReviewSession(server, owner, BIG);
      history = (await get<SessionHistory>(`/api/sessions/${session.id}`)).body;
    }, 120_000);
    afterAll(async () => {
      await server.close();
      await cleanUp();
    });

    it("sends the unpaged history as the same bytes as the whole history stringified at once", async () => {
      const response = await fetch(`${server.url}/api/sessions/${session.id}`, { headers: { cookie: owner.cookie } });
      const stored = await new HistoryRepository(server.database.prisma).getSessionHistory(session.id);
      const asLists = (_key: string, value: unknown) => (value instanceof Float64Array ? Array.from(value) : value);
      expect(await response.text()).toBe(JSON.stringify(stored, asLists));
      expect(history.rounds.map((round) => round.runs.length)).toEqual([BIG.runs, 37]);
    });

    for (const limit of [7, 100]) {
      it(`gives pages of ${limit} runs that join back into the full history exactly`, async () => {
        const joined: SessionHistory = { ...history, rounds: history.rounds.map((round) => ({ ...round, runs: [] })) };
        let offset: number | null = 0;
        let pages = 0;
        while (offset !== null) {
          const page: SessionHistoryPage = (
            await get<SessionHistoryPage>(`/api/sessions/${session.id}?offset=${offset}&limit=${limit}`)
          ).body;
          expect(page).toMatchObject({ runCount: BIG.runs + 37, offset, limit });
          expect(page.rounds.reduce((sum, round) => sum + round.runs.length, 0)).toBe(
            Math.min(limit, page.runCount - offset),
          );
          for (const [r, round] of page.rounds.entries()) {
            const { runs, ...head } = round;
            const { runs: _, ...fullHead } = history.rounds[r]!;
            expect(head).toEqual(fullHead);
            joined.rounds[r]!.runs.push(...runs);
          }
          const { runCount: _, offset: _o, limit: _l, nextOffset, ...rest } = page;
          expect({ ...rest, rounds: [] }).toEqual({ ...history, rounds: [] });
          offset = nextOffset;
          pages++;
        }
        expect(pages).toBe(Math.ceil((BIG.runs + 37) / limit));
        expect(joined).toEqual(history);
      });
    }

    it("gives one run's full series for a range of steps", async () => {
      for (const round of history.rounds) {
        for (const run of [round.runs[0]!, round.runs.at(-1)!, round.runs.find((r) => r.status === "diverged")]) {
          if (!run) continue;
          const path = `/api/sessions/${session.id}/rounds/${round.number}/runs/${run.participantId}`;
          const whole = (await get<RunSeriesRange>(path)).body;
          const { losses, ...results } = run;
          expect(whole).toEqual({
            round: round.number,
            ...results,
            seriesLength: losses.length,
            from: 0,
            to: losses.length,
            losses,
          });
          const part = (await get<RunSeriesRange>(`${path}?from=3&to=9`)).body;
          expect([part.from, part.to, part.losses]).toEqual([3, Math.min(9, losses.length), losses.slice(3, 9)]);
          // Past the run's end (within the round): an empty range at `from`.
          const past = (await get<RunSeriesRange>(`${path}?from=${losses.length}`)).body;
          expect([past.from, past.to, past.losses]).toEqual([losses.length, losses.length, []]);
        }
      }
    });

    it("summarises a round in play as its chunks are stored, and again once it has ended", async () => {
      const created = await apiJson<{ id: string }>(server, "/api/sessions", { body: {}, cookie: owner.cookie });
      const sessionId = created.body.id;
      const prisma = server.database.prisma;
      const ids = [crypto.randomUUID(), crypto.randomUUID()];
      await prisma.participant.createMany({
        data: ids.map((id, i) => ({ id, sessionId, nickname: `p${i}`, nicknameKey: `p${i}`, resumeTokenHash: "x" })),
      });
      const roster = ids.map((participantId, index) => ({
        index,
        participantId,
        nickname: `p${index}`,
        learningRate: 1e-4,
        optimizer: "gd" as const,
        momentum: null,
      }));
      const settings = {
        dataset: "lesson",
        standardized: false,
        maxSteps: 10,
        stepsPerSecond: 5,
        optimizers: ["gd" as const],
      };
      const rounds = new RoundRepository(prisma);
      const roundId = crypto.randomUUID();
      await rounds.startRound({ id: roundId, sessionId, number: 1, settings, roster, startedAt: new Date() });
      const summary = async () =>
        (await get<SessionReviewSummary>(`/api/sessions/${sessionId}/summary`)).body.rounds[0]!;
      const valuesOf = (round: Awaited<ReturnType<typeof summary>>) =>
        round.runs.map((run) => Array.from(decodeSummarySeries(run.series).values));

      // steps x runs; run 1 stops after step 2 (NaN: no value).
      await rounds.appendChunk(roundId, 0, 3, Float64Array.from([4, 8, 3, 6, 2, 5]));
      const first = await summary();
      expect([first.status, first.span, first.lastStep]).toEqual(["running", 3, 2]);
      expect(valuesOf(first)).toEqual([
        [4, 3, 2],
        [8, 6, 5],
      ]);
      await rounds.appendChunk(roundId, 3, 5, Float64Array.from([1, NaN, 0.5, NaN]));
      const second = await summary();
      expect([second.span, second.lastStep]).toEqual([5, 4]);
      expect(valuesOf(second)).toEqual([
        [4, 3, 2, 1, 0.5],
        [8, 6, 5],
      ]);
      const ranking = await get<{ ranking: Array<{ run: number; loss: number }> }>(
        `/api/sessions/${sessionId}/rounds/1/ranking?step=4`,
      );
      expect(ranking.body.ranking.map((entry) => [entry.run, entry.loss])).toEqual([
        [0, 0.5],
        [1, 5],
      ]);
      const runs = [
        { losses: [4, 3, 2, 1, 0.5], status: "converged" as const, rank: 1 },
        { losses: [8, 6, 5], status: "converged" as const, rank: 2 },
      ].map((run, i) => ({ ...roster[i]!, ...run, losses: Float64Array.from(run.losses), divergedAtStep: null }));
      await rounds.finishRound(roundId, runs, "finished", new Date());
      const ended = await summary();
      expect(ended.status).toBe("finished");
      expect(ended.runs.map((run) => [run.status, run.rank, run.finalLoss])).toEqual([
        ["converged", 1, 0.5],
        ["converged", 2, 5],
      ]);
    });
  });
}

onBothDatabases(pagesSuite);
