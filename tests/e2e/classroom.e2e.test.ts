// The whole lesson in a browser: an instructor creates a session on "/", two phones join through
// the QR link, submit lr = 1 and lr = 1e-4, the round runs, one diverges and one converges, and
// the history page and its CSV export hold both runs with the lesson's printed numbers.
import { beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, switchLanguage } from "./axe";
import { instructorContext, screenshot, serverAndBrowser, watchPageProblems } from "./harness";
import { checkSessionReview } from "./history-checks";
import { LONG, joinAsStudent as join, openJoin, phoneLayoutProblems } from "./phone";

const running = serverAndBrowser();
// Every page of the tour (host, phones, review) in every context: no console error, no CSP refusal.
let pageProblems: { list(): string[] };
beforeAll(async () => {
  pageProblems = await watchPageProblems(running.browser);
});

const joinAsStudent = (code: string, nickname: string, rate: string) =>
  join(running.browser, running.server.url, code, nickname, rate);

describe("a classroom round", () => {
  it("runs from session creation to the CSV export", async ({ onTestFailed }) => {
    const { server, browser } = running;
    // On failure, keep a picture of every open page for diagnosis.
    onTestFailed(async () => {
      const pages = browser.contexts().flatMap((c) => c.pages());
      await Promise.all(pages.map((page, i) => screenshot(page, `failure-${i}`).catch(() => undefined)));
    });
    // Hosting needs a signed-in instructor (tests/e2e/accounts.e2e.test.ts signs in through the pages).
    const { context: hostContext } = await instructorContext(browser, server, {
      viewport: { width: 1440, height: 900 },
      locale: "en-US",
    });
    const host = await hostContext.newPage();
    await host.goto(server.url);
    await host.getByLabel("Session title").waitFor(LONG);
    await expectAccessible(host, "home page (new session form)");
    await host.getByLabel("Session title").fill("E2E class");
    await host.getByLabel("Dataset").selectOption("lesson");
    await host.getByLabel("Max steps").fill("60");
    await host.getByLabel("Speed (steps per second)").fill("30");
    await host.getByRole("button", { name: "Create session" }).click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/, LONG);
    const code = host.url().split("/").pop()!;
    expect(host.url()).not.toContain("token");
    await expect.poll(() => host.getByTestId("join-code").textContent(), LONG).toBe(code);
    await host.getByTestId("join-qr").waitFor(LONG);

    const diverger = await joinAsStudent(code, "Ada", "1");
    const converger = await joinAsStudent(code, "Bo", "1e-4");
    await expect.poll(() => host.getByText("2 of 2 have submitted a learning rate").count(), LONG).toBe(1);
    await screenshot(host, "host-lobby");
    await expectAccessible(host, "host lobby");

    // Inline validation on the phone, before anything is sent.
    await converger.getByLabel("Learning rate", { exact: true }).fill("1e-4abc");
    await converger.getByText("Enter a number above 0 and at most 1000").waitFor(LONG);
    await expectAccessible(converger, "phone lobby with a rate error");
    await converger.getByLabel("Learning rate", { exact: true }).fill("1e-4");

    // Reloads keep everyone in place: the host re-attaches with its stored key, the phone
    // re-joins with its resume token (no retyping).
    await host.reload();
    await host.getByText("2 of 2 have submitted a learning rate").waitFor(LONG);
    await converger.reload();
    await converger.getByText("Hi Bo!").waitFor(LONG);
    await converger.getByTestId("submitted-rate").waitFor(LONG);
    await screenshot(converger, "student-lobby");
    await expectAccessible(converger, "phone lobby");
    expect(await phoneLayoutProblems(converger)).toEqual([]);

    // Start with the keyboard shortcut (Space), as an instructor at a projector would.
    await host.locator("body").click({ position: { x: 5, y: 300 } });
    await host.keyboard.press("Space");
    await host.getByTestId("loss-chart").locator("canvas").waitFor(LONG);
    await host.getByTestId("leaderboard").waitFor(LONG);

    // The status is words (plus a shape), not just a colour: check the words.
    await diverger.getByTestId("own-status").locator('[data-status="diverged"]').waitFor(LONG);
    expect(await diverger.getByTestId("own-status").textContent()).toMatch(/diverged at step 1/);
    await converger.getByTestId("own-status").locator('[data-status="converged"]').waitFor(LONG);
    expect(await converger.getByTestId("own-status").textContent()).toMatch(/converged/);
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("finished");
    await host.getByTestId("explanation").waitFor(LONG);
    await screenshot(host, "host-round-finished");
    await screenshot(diverger, "student-diverged");
    await screenshot(converger, "student-converged");
    await expectAccessible(host, "host finished (results, explanation)");
    await expectAccessible(diverger, "phone finished (diverged)");
    await expectAccessible(converger, "phone finished (converged)");
    expect(await phoneLayoutProblems(diverger)).toEqual([]);
    expect(await phoneLayoutProblems(converger)).toEqual([]);

    // History lists the session; its page replays the round and links the CSV.
    await checkSessionReview(host, server.url);
    await expectAccessible(host, "session review after replay");
    const reviewUrl = host.url();

    // Round 2 on the projector, driven from the keyboard: new settings, live chart, pause, step.
    await host.goto(`${server.url}/host/${code}`);
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("finished");
    // The shortcut listener is attached after hydration, which may trail the first paint by a
    // moment on a busy machine: press until the dialog opens, as a person would.
    const dialog = host.getByRole("dialog");
    await expect
      .poll(async () => {
        if (!(await dialog.isVisible())) await host.keyboard.press("n");
        return dialog.isVisible();
      }, LONG)
      .toBe(true);
    await expectAccessible(host, "new round dialog");
    await dialog.getByLabel("Dataset").selectOption("housing");
    await dialog.getByLabel("Standardised features").check();
    await dialog.getByLabel("Max steps").fill("300");
    await dialog.getByLabel("Speed (steps per second)").fill("5");
    await dialog.getByRole("button", { name: "Back to lobby" }).click();
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("lobby");

    // Removing a student asks first, in a dialog run from the keyboard: Esc keeps them, Enter on
    // "Remove" removes them.
    const cy = await openJoin(browser, server.url, code, "Cy");
    // The Chinese pages: the host's lobby and a phone's, then back to English for the checks below.
    for (const [page, state] of [
      [host, "host lobby (zh-CN)"],
      [cy, "phone lobby (zh-CN)"],
    ] as const) {
      await switchLanguage(page, "zh-CN");
      await expectAccessible(page, state);
      await switchLanguage(page, "en");
    }
    const kick = host.getByRole("button", { name: "Remove Cy from the session" });
    await kick.focus();
    await host.keyboard.press("Enter");
    const confirmKick = host.getByRole("alertdialog", { name: "Remove Cy?" });
    await confirmKick.waitFor(LONG);
    expect(await host.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await screenshot(host, "host-kick-confirm");
    await expectAccessible(host, "host kick confirmation");
    await host.keyboard.press("Escape");
    await confirmKick.waitFor({ state: "hidden", ...LONG });
    expect(await kick.isVisible()).toBe(true);
    // Dismissed and asked again at once (requestClose is what Esc does): the question is shown
    // again, not swallowed by the first dialog's late "close" event.
    await kick.focus();
    await host.keyboard.press("Enter");
    await confirmKick.waitFor(LONG);
    await host.evaluate(`document.querySelector("dialog[open]").requestClose();
      document.querySelector('[aria-label="Remove Cy from the session"]').click();`);
    await host.waitForTimeout(300); // the late "close" event, had it been waiting, is long gone
    expect(await confirmKick.isVisible()).toBe(true);
    await host.keyboard.press("Escape");
    await confirmKick.waitFor({ state: "hidden", ...LONG });
    await kick.focus();
    await host.keyboard.press("Enter");
    await confirmKick.waitFor(LONG);
    await host.keyboard.press("Tab");
    await host.keyboard.press("Enter");
    await cy.getByTestId("student-end").waitFor(LONG);
    expect(await cy.getByTestId("student-end").textContent()).toMatch(/removed/);
    await expectAccessible(cy, "phone after removal");
    await kick.waitFor({ state: "detached", ...LONG });
    await cy.context().close();
    await converger.getByLabel("Learning rate", { exact: true }).fill("0.05");
    await converger.getByRole("button", { name: "Update" }).click();
    await converger.getByText("Submitted: 0.05").waitFor(LONG);
    await host.getByRole("button", { name: /Start/ }).click();
    const step = async () =>
      Number((await host.getByTestId("step-counter").textContent())?.match(/(\d+) \//)?.[1] ?? -1);
    await expect.poll(step, LONG).toBeGreaterThanOrEqual(12);
    await screenshot(host, "host-running");
    await screenshot(converger, "student-running");
    await expectAccessible(host, "host running");
    await expectAccessible(converger, "phone running");
    expect(await phoneLayoutProblems(converger)).toEqual([]);
    // The same view on a phone held sideways.
    await converger.setViewportSize({ width: 740, height: 360 });
    await screenshot(converger, "student-running-landscape");
    expect(await phoneLayoutProblems(converger, 740)).toEqual([]);
    await converger.setViewportSize({ width: 360, height: 740 });
    await host.keyboard.press("Space");
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("paused");
    const pausedAt = await step();
    await host.keyboard.press("s");
    await expect.poll(step, LONG).toBe(pausedAt + 1);
    // Ending asks first too (no window.confirm): E opens the dialog, Cancel has focus, Tab + Enter ends.
    await host.keyboard.press("e");
    const confirmEnd = host.getByRole("alertdialog", { name: "End the session?" });
    await confirmEnd.waitFor(LONG);
    await host.keyboard.press("Tab");
    expect(await host.evaluate(() => document.activeElement?.textContent)).toBe("End session");
    await host.keyboard.press("Enter");
    await host.getByText("This session has ended").waitFor(LONG);
    await expectAccessible(host, "host after the session ended");
    await converger.getByTestId("student-end").waitFor(LONG);

    // Switching the language switches the pages (and is remembered on the phone).
    await converger.goto(`${server.url}/join`);
    await converger.getByRole("button", { name: "Join", exact: true }).waitFor(LONG);
    // The join form with an error shown (the ended session's code is no longer live).
    await converger.getByLabel("Join code").fill(code);
    await converger.getByLabel("Your nickname").fill("Bo");
    await converger.getByRole("button", { name: "Join", exact: true }).click();
    await converger.getByRole("alert").getByText("No live session has that code").waitFor(LONG);
    await expectAccessible(converger, "join form with an error");
    await converger.getByTestId("language-toggle").click();
    await converger.getByRole("button", { name: "加入", exact: true }).waitFor(LONG);
    await converger.reload();
    await converger.getByRole("button", { name: "加入", exact: true }).waitFor(LONG);
    await screenshot(converger, "student-join-zh");
    expect(await phoneLayoutProblems(converger)).toEqual([]);
    await expectAccessible(converger, "join form (zh-CN)");
    // A student sees the results after class through the share link the instructor made.
    const shared = await host.request.post(`${reviewUrl.replace("/sessions/", "/api/sessions/")}/share`, {
      headers: { origin: server.url },
    });
    expect(shared.status()).toBe(201);
    const { url: shareUrl } = (await shared.json()) as { url: string };
    await converger.goto(shareUrl.replace(/^https?:\/\/[^/]+/, server.url));
    await converger.getByTestId("csv-link").waitFor(LONG);
    await converger.getByTestId("loss-chart").first().locator("canvas").waitFor(LONG);
    await screenshot(converger, "history-session-zh");
    await expectAccessible(converger, "session review (zh-CN)");
    expect(pageProblems.list()).toEqual([]);
  });
});
