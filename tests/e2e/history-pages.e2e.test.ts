// "Load more" on /sessions: more sessions than one page (20), created through the API, are all
// reachable, newest first, and focus moves to the first newly loaded one.
import { describe, expect, it } from "vitest";
import { axeViolations, expectAccessible } from "./axe";
import { createSessionAs, screenshot, serverAndBrowser, signedInContext, signUpInstructor } from "./harness";
import { LONG } from "./phone";

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
