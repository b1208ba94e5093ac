// Three optimisers in one round (issue 15), in Chromium: the host allows gd, momentum and Adam;
// four phones pick (gd lr = 1, momentum β = 0.9 lr = 4e-4, Adam lr = 1, gd lr = 1e-4). The round
// plays: the gd phone with lr = 1 diverges, Adam's with the same rate does not. The projector's
// chart and landscape show the optimisers' legends and the explanation takes each run by its own
// optimiser; the momentum phone's why card names its own bound
// (lr < 4.573e-4 = 1.9 × plain descent's 2.407e-4) and Adam's explains its step of about lr.
// Screenshots at 1366×768 and on a 390×844 phone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./axe";
import {
  instructorContext,
  launchBrowser,
  phoneContext,
  screenshot,
  startServer,
  watchPageProblems,
  type RunningServer,
} from "./harness";
import { LONG, phoneLayoutProblems } from "./phone";

const running = {} as { server: RunningServer; browser: Browser };
beforeAll(async () => {
  running.server = await startServer({ SIGNUP: "open" });
  running.browser = await launchBrowser();
});
afterAll(async () => {
  await running.browser?.close();
  await running.server?.stop();
});

type Choice = { optimizer: "Gradient descent" | "Momentum" | "Adam"; rate: string };

async function joinPhone(code: string, nickname: string, pick: Choice): Promise<Page> {
  const { browser, server } = running;
  const page = await (await phoneContext(browser, "en-US", { viewport: { width: 390, height: 844 } })).newPage();
  await page.goto(`${server.url}/join/${code}`);
  await expect.poll(() => page.getByLabel("Join code").inputValue(), LONG).toBe(code);
  await page.getByLabel("Your nickname").fill(nickname);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await page.getByText(`Hi ${nickname}!`).waitFor(LONG);
  await page.getByRole("radio", { name: new RegExp(pick.optimizer) }).check();
  await page.getByLabel("Learning rate", { exact: true }).fill(pick.rate);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.getByTestId("submitted-rate").waitFor(LONG);
  return page;
}

const ownStatus = (page: Page) => page.getByTestId("own-status").locator("[data-status]").getAttribute("data-status");

describe("an optimisers race", () => {
  it("plays gd, momentum and Adam side by side and explains each", async ({ onTestFailed }) => {
    const { server, browser } = running;
    const problems = await watchPageProblems(browser);
    onTestFailed(async () => {
      const pages = browser.contexts().flatMap((c) => c.pages());
      await Promise.all(pages.map((page, i) => screenshot(page, `optimizers-failure-${i}`).catch(() => undefined)));
    });
    const { context: hostContext } = await instructorContext(browser, server, {
      viewport: { width: 1366, height: 768 },
      locale: "en-US",
    });
    const host = await hostContext.newPage();
    await host.goto(server.url);
    await host.getByLabel("Session title").fill("Optimisers race");
    await host.getByLabel("Dataset").selectOption("lesson");
    await host.getByLabel("Max steps").fill("80");
    await host.getByLabel("Speed (steps per second)").fill("10");
    await host.getByRole("button", { name: "Create session" }).click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/, LONG);
    const code = host.url().split("/").pop()!;

    // The round's optimisers, before anyone joins.
    await host.getByRole("button", { name: /Round settings/ }).click();
    const dialog = host.getByRole("dialog");
    await dialog.getByRole("checkbox", { name: /Momentum/ }).check();
    await dialog.getByRole("checkbox", { name: /Adam/ }).check();
    await dialog.getByRole("button", { name: "Back to lobby" }).click();
    await expect.poll(() => dialog.isVisible(), LONG).toBe(false);

    const gd = await joinPhone(code, "Gia", { optimizer: "Gradient descent", rate: "1" });
    const mo = await joinPhone(code, "Mo", { optimizer: "Momentum", rate: "4e-4" });
    const ad = await joinPhone(code, "Ada", { optimizer: "Adam", rate: "1" });
    const slow = await joinPhone(code, "Sol", { optimizer: "Gradient descent", rate: "1e-4" });
    await host.getByText("4 of 4 have submitted a learning rate").waitFor(LONG);

    await host.getByRole("button", { name: /Start/ }).click();
    const landscape = host.getByTestId("landscape-figure").first();
    await expect.poll(() => landscape.getAttribute("data-drawn"), LONG).toBe("4");
    const legend = await host.getByTestId("landscape-legend").textContent();
    expect(legend).toContain("○ plain descent · △ momentum · □ Adam");
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("finished");
    // Only the gd run with lr = 1 leaves the parabola; Adam at lr = 1 stays on it.
    expect(await landscape.getAttribute("data-off")).toBe("1");
    expect(await host.getByTestId("landscape-summary").textContent()).toContain("1 exploding");
    // The chart's legend: which line is which optimiser (all solid: thin, thick, hollow).
    const chartLegend = host.getByTestId("chart-legend");
    expect(await chartLegend.locator("li").evaluateAll((items) => items.map((li) => li.textContent))).toEqual([
      "Gradient descent",
      "Momentum",
      "Adam",
    ]);
    // The class's explanation: each run by its own optimiser.
    const explanation = host.getByTestId("explanation");
    expect(await explanation.getByTestId("explain-momentum").textContent()).toContain("lr < 4.573e-4");
    expect(await explanation.locator('tr[data-optimizer="adam"]').textContent()).toContain("about lr per parameter");
    expect(await explanation.locator('tr[data-optimizer="momentum"]').textContent()).toContain("spirals in");
    expect(await explanation.locator('tr[data-optimizer="gd"]').last().textContent()).toContain("grows ×8308");
    await screenshot(host, "optimizers-host-finished");
    await host.getByTestId("landscape").screenshot({ path: "test-results/screenshots/optimizers-landscape.png" });
    await expectAccessible(host, "host after an optimisers race");

    await expect.poll(() => ownStatus(gd), LONG).toBe("diverged");
    await expect.poll(() => ownStatus(ad), LONG).not.toBe("running");
    expect(await ownStatus(ad)).not.toBe("diverged");
    expect(await ownStatus(slow)).not.toBe("diverged");

    // The momentum phone names its own bound; plain descent's is given to compare.
    const bound = mo.getByTestId("why-momentum-bound");
    await bound.waitFor(LONG);
    expect(await bound.textContent()).toContain("2 + 2β = 3.8");
    expect(await bound.textContent()).toContain("for you lr < 4.573e-4 (plain descent: lr < 2.407e-4)");
    expect(await mo.getByTestId("why-card").getAttribute("data-verdict")).not.toBe("diverged");
    await mo.getByTestId("why-card").scrollIntoViewIfNeeded();
    await screenshot(mo, "optimizers-phone-momentum");
    expect(await phoneLayoutProblems(mo, 390)).toEqual([]);

    // Adam's phone: about lr per parameter, against plain descent's 243.9·x.
    const adam = ad.getByTestId("why-optimizer");
    await adam.waitFor(LONG);
    expect(await adam.getAttribute("data-optimizer")).toBe("adam");
    const words = await adam.textContent();
    expect(words).toContain("lr·sign(g), here 1.");
    expect(words).toContain("moves the bias by 243.9 and each weight by 243.9·x");
    expect(await ad.getByTestId("why-verdict-gd").textContent()).toContain("Too large");
    await ad.getByTestId("why-card").scrollIntoViewIfNeeded();
    await screenshot(ad, "optimizers-phone-adam");
    await expectAccessible(ad, "Adam phone after the round");
    expect(await phoneLayoutProblems(ad, 390)).toEqual([]);

    // The gd phone's card is the lesson's own answer, as before.
    expect(await gd.getByTestId("why-card").getAttribute("data-verdict")).toBe("diverges");
    expect(await gd.getByTestId("why-optimizer").count()).toBe(0);
    expect(problems.list()).toEqual([]);
  });
});
