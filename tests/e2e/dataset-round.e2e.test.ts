// A round on the instructor's own data, in the browser: a CSV uploaded on the account page is
// offered (with its stable-rate sentence) when a session is created, two phones play a round on it
// (one converges, one blows up), and the review page shows that round (its dataset's name, the
// landscape, the explanation with this data's bound, each run's notebook), unchanged after the
// dataset is deleted.
import { beforeAll, describe, expect, it } from "vitest";
import { customRound } from "../helpers/dataset-fixtures";
import { expectAccessible } from "./axe";
import { instructorContext, screenshot, serverAndBrowser, watchPageProblems } from "./harness";
import { LONG, joinAsStudent } from "./phone";

const running = serverAndBrowser();
let pageProblems: { list(): string[] };
beforeAll(async () => {
  pageProblems = await watchPageProblems(running.browser);
});

// tests/fixtures/datasets/custom-round.json: standardised, plain descent is stable below 0.922.
const STABLE_SENTENCE = "With raw features only rates below 5.06e-5 are stable; standardised, up to 0.921.";
const OPTION = "flats (24 rows, 3 features)";

describe("a round on the instructor's own dataset", () => {
  it("is chosen at session creation, played on phones, and reviewed after the dataset is deleted", async ({
    onTestFailed,
  }) => {
    const { server, browser } = running;
    onTestFailed(async () => {
      const pages = browser.contexts().flatMap((c) => c.pages());
      await Promise.all(pages.map((page, i) => screenshot(page, `dataset-round-failure-${i}`).catch(() => undefined)));
      console.error(server.output());
    });
    const { context } = await instructorContext(browser, server, { viewport: { width: 1440, height: 900 } });
    const host = await context.newPage();

    // Upload on the account page, as datasets.e2e.test.ts does in detail.
    await host.goto(`${server.url}/account`);
    await host.getByLabel("Or upload a .csv file").setInputFiles({
      name: "flats.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(customRound.csv),
    });
    await host.locator("#datasets").getByTestId("dataset-summary").waitFor(LONG);
    await host.getByRole("button", { name: "Save dataset" }).click();
    await expect.poll(() => host.getByTestId("datasets-status").textContent(), LONG).toBe("Saved “flats”.");

    // The new-session form lists it beside the built-ins, and says how fast it can be trained.
    await host.goto(server.url);
    const dataset = host.getByLabel("Dataset");
    await expect.poll(() => dataset.locator("option").allTextContents(), LONG).toContain(OPTION);
    await dataset.selectOption({ label: OPTION });
    await expect.poll(() => host.getByTestId("dataset-about").textContent(), LONG).toBe(STABLE_SENTENCE);
    await expectAccessible(host, "new session form with the instructor's dataset");
    await host.getByLabel("Session title").fill("Own data class");
    await host.getByLabel("Standardised features").check();
    await host.getByLabel("Max steps").fill("200");
    await host.getByLabel("Speed (steps per second)").fill("30");
    await host.getByRole("button", { name: "Create session" }).click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/, LONG);
    const code = host.url().split("/").pop()!;
    await expect.poll(() => host.getByTestId("join-code").textContent(), LONG).toBe(code);
    await host.getByText("flats · Standardised features").waitFor(LONG);

    const converger = await joinAsStudent(browser, server.url, code, "Ada", "0.3");
    const diverger = await joinAsStudent(browser, server.url, code, "Bo", "2");
    await expect.poll(() => host.getByText("2 of 2 have submitted a learning rate").count(), LONG).toBe(1);
    await host.getByRole("button", { name: /Start/ }).click();
    await converger.getByTestId("own-status").locator('[data-status="converged"]').waitFor(LONG);
    await diverger.getByTestId("own-status").locator('[data-status="diverged"]').waitFor(LONG);
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("finished");
    // Each phone's lesson is re-run from the round's copy of the data: 24 samples, the copy's own start.
    for (const phone of [converger, diverger]) {
      await phone.getByTestId("why-card").waitFor(LONG);
      await phone.getByTestId("notebook").waitFor(LONG);
    }
    expect(await converger.getByTestId("why-verdict").textContent()).toMatch(/^✓/);
    expect(await diverger.getByTestId("why-verdict").textContent()).toMatch(/^✕/);
    expect(await host.getByTestId("explanation").textContent()).toContain("lr < 0.922");
    await host.getByTestId("landscape").waitFor(LONG);
    await screenshot(host, "dataset-round-finished");
    await screenshot(converger, "dataset-round-phone");
    await expectAccessible(converger, "phone after a round on the instructor's dataset");

    // The review: the round names its dataset and draws everything from the round's own copy.
    await host.goto(`${server.url}/sessions`);
    await host.getByRole("link", { name: /Own data class/ }).click();
    const review = async (when: string) => {
      const heading = host.getByRole("heading", { name: /Round 1/ });
      await heading.waitFor(LONG);
      expect(await heading.textContent(), when).toContain("flats · Standardised features");
      await host.getByTestId("loss-chart").locator("canvas").waitFor(LONG);
      await host.getByTestId("landscape").waitFor(LONG);
      await host.getByTestId("run-notebook").waitFor(LONG);
      expect(await host.getByTestId("explanation").textContent(), when).toContain("lr < 0.922");
      const notebook = host.getByTestId("run-notebook");
      await notebook.getByTestId("notebook-line").first().waitFor(LONG);
      expect(await notebook.textContent(), when).toContain("shape (24, 1)");
      return host.getByTestId("replay-ranking").textContent();
    };
    const ranking = await review("before the dataset is deleted");
    await screenshot(host, "dataset-round-review");
    await expectAccessible(host, "review of a round on the instructor's dataset");
    const reviewUrl = host.url();

    await host.goto(`${server.url}/account`);
    await host.getByRole("button", { name: "Delete flats" }).click();
    await host.getByRole("alertdialog", { name: "Delete “flats”?" }).getByTestId("confirm-action").click();
    await expect.poll(() => host.getByTestId("datasets-status").textContent(), LONG).toBe("Deleted “flats”.");
    await host.goto(reviewUrl);
    expect(await review("after the dataset is deleted")).toBe(ranking);

    expect(pageProblems.list()).toEqual([]);
    await context.close();
  });
});
