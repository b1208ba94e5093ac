// "Load more" on /sessions: more sessions than one page (20), created through the API, are all
// reachable, newest first, and focus moves to the first newly loaded one. The session page reads
// the summary, not the whole history: its chart gets ready, its replay ranking is the server's
// ranking at that step, and a run's notebook reads that run's series.
import { describe, expect, it } from "vitest";
import type { CreatedShareLink, RoundRanking, SessionReviewSummary } from "../../lib/api-types";
import { axeViolations, expectAccessible } from "./axe";
import { createSessionAs, screenshot, serverAndBrowser, signedInContext, signUpInstructor } from "./harness";
import { LONG } from "./phone";
import { checkReviewFromSummary, checkSharedReview } from "./review-checks";
import { playStoredRound } from "./review-round";

const COUNT = 25;
const running = serverAndBrowser();

describe("session history", () => {
  it("pages through more sessions than fit on one page", async () => {
    const { server, browser } = running;
    const titles: string[] = [];
    // "My sessions": the instructor's own, so one instructor makes them all (createSessionAs checks the 201).
    const { cookie } = await signUpInstructor(server);
    for (let i = 1; i <= COUNT; i++) {
      const title = `Bulk ${String(i).padStart(2, "0")}`;
      await createSessionAs(server, cookie, { title });
      titles.push(title);
    }
    const page = await (
      await signedInContext(browser, server.url, cookie, { viewport: { width: 1024, height: 800 }, locale: "en-US" })
    ).newPage();
    await page.goto(`${server.url}/sessions`);
    const items = page.getByTestId("session-list").locator("li");
    await expect.poll(() => items.count(), LONG).toBe(20);
    const loadMore = page.getByRole("button", { name: "Load more" });
    await loadMore.click();
    await expect.poll(() => items.count(), LONG).toBe(COUNT);
    await loadMore.waitFor({ state: "detached", ...LONG });
    const shown = (await items.locator("a span.text-xl").allTextContents()).map((t) => t.trim());
    expect(shown).toEqual(titles.slice().reverse());
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(titles[COUNT - 21]);
    await page.getByText(`${COUNT - 20} more sessions loaded`).waitFor({ state: "attached", ...LONG });
    await screenshot(page, "history-load-more");
    await expectAccessible(page, "history list after load more");
  });

  it("reviews a session from its summary: chart, the server's ranking at the replay step, a run's series", async () => {
    const { server, browser } = running;
    const { cookie } = await signUpInstructor(server);
    const id = await playStoredRound(server, cookie, { title: "Replay class", maxSteps: 30, stepsPerSecond: 60 }, [
      ["Ada", "1"], // blows up at step 1
      ["Bo", "2e-4"], // zig-zags down
      ["Cy", "1e-4"],
      ["Di", "1e-6"],
    ]);
    const api = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    };
    // The round is stored as it ends; wait until the summary says so.
    await expect
      .poll(async () => (await api<SessionReviewSummary>(`/api/sessions/${id}/summary`)).rounds[0]?.status, LONG)
      .toBe("finished");
    const context = await signedInContext(browser, server.url, cookie, { viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await checkReviewFromSummary(page, server.url, id, (path) => api<RoundRanking | SessionReviewSummary>(path));
    await context.close();

    const made = await fetch(`${server.url}/api/sessions/${id}/share`, {
      method: "POST",
      headers: { cookie, origin: server.url },
    });
    expect(made.status).toBe(201);
    const { url: shareUrl } = (await made.json()) as CreatedShareLink;
    const viewer = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "en-US" });
    await checkSharedReview(await viewer.newPage(), shareUrl.replace(/^https?:\/\/[^/]+/, server.url), id);
    await viewer.close();
  });

  it("the accessibility check finds a violation, and names the rule and the element", async () => {
    // Guards the check itself: a nameless button, a label-less input and a name that does not
    // contain the visible text (the old language button) must all fail it.
    const page = await running.browser.newPage();
    await page.setContent(`<html lang="en"><head><title>t</title></head><body><main>
      <button id="nameless"></button><input id="bare">
      <button id="mismatch" aria-label="Switch language to Chinese">中文</button></main></body></html>`);
    const found = (await axeViolations(page)).join("\n");
    expect(found).toMatch(/^button-name \(critical\):.*\n {2}at #nameless/m);
    expect(found).toMatch(/^label \(critical\):.*\n {2}at #bare/m);
    expect(found).toMatch(/^label-content-name-mismatch \(serious\):.*\n {2}at #mismatch/m);
    await page.close();
  });
});
