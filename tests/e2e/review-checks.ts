// The session page on the review API (issue 16): it asks for the summary and never the whole
// history, its chart says when it has drawn, its replay ranking is the server's ranking at the
// slider's step, and a run's notebook reads that run's full series.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { RoundRanking, SessionReviewSummary } from "../../lib/api-types";
import { screenshot } from "./harness";
import { LONG } from "./phone";

type Api = (path: string) => Promise<RoundRanking | SessionReviewSummary>;

/** The ranking's rows as the page shows them: rank, nickname, status. */
async function shownRanking(page: Page): Promise<string[]> {
  const rows = await page.getByTestId("replay-ranking").locator("li").all();
  return Promise.all(
    rows.map(async (row) => {
      const rank = await row.locator(":scope > span").nth(0).textContent();
      const name = (await row.locator(":scope > span").nth(1).textContent())?.split(" lr ")[0]?.trim();
      const status = await row.locator("[data-status]").getAttribute("data-status");
      return `${rank} ${name} ${status}`;
    }),
  );
}

/** Moves the replay slider to `step` with the keyboard and waits for the ranking of that step. */
async function replayTo(page: Page, step: number): Promise<void> {
  const slider = page.getByRole("slider", { name: "Replay step" });
  await slider.focus();
  await page.keyboard.press("Home");
  for (let k = 0; k < step; k++) await page.keyboard.press("ArrowRight");
  await expect.poll(() => page.getByTestId("replay-ranking").getAttribute("data-step"), LONG).toBe(String(step));
  await page
    .locator('section[aria-busy="false"]')
    .filter({ has: page.getByTestId("replay-ranking") })
    .waitFor(LONG);
}

export async function checkReviewFromSummary(page: Page, url: string, id: string, api: Api): Promise<void> {
  const asked: URL[] = [];
  page.on("request", (request) => asked.push(new URL(request.url())));
  await page.goto(`${url}/sessions/${id}`);
  await page.locator('[data-testid="loss-chart"][data-chart-ready="true"]').waitFor(LONG);
  const paths = () => asked.map((u) => u.pathname);
  expect(paths()).toContain(`/api/sessions/${id}/summary`);
  expect(paths()).not.toContain(`/api/sessions/${id}`); // the whole history (or a page of it)

  const summary = (await api(`/api/sessions/${id}/summary`)) as SessionReviewSummary;
  const round = summary.rounds[0]!;
  const expected = async (step: number) => {
    const answer = (await api(`/api/sessions/${id}/rounds/1/ranking?step=${step}&limit=10`)) as RoundRanking;
    expect(answer.step).toBe(step);
    return answer.ranking.map((e) => `${e.rank} ${round.runs[e.run]!.nickname} ${e.status}`);
  };

  // The results come after the chart: every run's row (a class of more than 50 shows its top 50 first).
  await page.getByTestId("results-table").waitFor(LONG);
  expect(await page.getByTestId("results-table").locator("tbody tr").count()).toBe(Math.min(50, round.runs.length));

  await replayTo(page, 3);
  const atThree = await shownRanking(page);
  expect(atThree).toEqual(await expected(3));
  expect(atThree.some((row) => row.endsWith("Ada diverged"))).toBe(true);
  const rankingAsks = asked.filter((u) => u.pathname === `/api/sessions/${id}/rounds/1/ranking`);
  expect(rankingAsks.map((u) => u.searchParams.get("step"))).toContain("3");
  expect(rankingAsks.every((u) => u.searchParams.get("limit") === "10")).toBe(true);
  await screenshot(page, "review-summary-step3");

  await replayTo(page, 0);
  const atZero = await shownRanking(page);
  expect(atZero).toEqual(await expected(0));
  expect(atZero).not.toEqual(atThree); // at step 0 nobody has blown up yet
  expect(atZero.every((row) => row.endsWith("running"))).toBe(true);

  // The notebook reads the chosen run's full series, and only when chosen.
  // The second run (the first one's notebook is open from the start).
  const bo = 1;
  const boPath = `/api/sessions/${id}/rounds/1/runs/${round.runs[bo]!.participantId}`;
  expect(paths()).not.toContain(boPath);
  await page.getByTestId("run-notebook-select").selectOption({ index: bo });
  await expect.poll(() => paths().includes(boPath), LONG).toBe(true);
  await expect
    .poll(() => page.getByTestId("run-series").textContent(), LONG)
    .toContain(`${round.runs[bo]!.seriesLength} losses stored`);
  await page.getByTestId("notebook").first().waitFor(LONG);
  expect(paths()).not.toContain(`/api/sessions/${id}`);
}

/** Through a share link, signed out: every read carries the link's token, and the ranking follows the slider. */
export async function checkSharedReview(page: Page, shareUrl: string, id: string): Promise<void> {
  const asked: URL[] = [];
  page.on("request", (request) => asked.push(new URL(request.url())));
  const token = new URL(shareUrl).searchParams.get("share")!;
  await page.goto(shareUrl);
  await page.getByTestId("shared-note").waitFor(LONG);
  await page.locator('[data-testid="loss-chart"][data-chart-ready="true"]').waitFor(LONG);
  expect(await page.getByTestId("csv-link").getAttribute("href")).toBe(
    `/api/sessions/${id}/export.csv?share=${encodeURIComponent(token)}`,
  );
  await replayTo(page, 1);
  expect((await shownRanking(page)).some((row) => row.endsWith("Ada diverged"))).toBe(true);
  await expect.poll(() => page.getByTestId("run-series").textContent(), LONG).toContain("losses stored");
  const api = asked.filter((u) => u.pathname.startsWith(`/api/sessions/${id}`));
  expect(api.map((u) => u.pathname.slice(`/api/sessions/${id}`.length).replace(/[^/]+$/, "…"))).toEqual(
    expect.arrayContaining(["/…", "/rounds/1/…", "/rounds/1/runs/…"]),
  );
  expect(api.every((u) => u.searchParams.get("share") === token)).toBe(true);
  expect(api.map((u) => u.pathname)).not.toContain(`/api/sessions/${id}`);
}
