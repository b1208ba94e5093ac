// The lesson's answer in a browser (issue 14): a lesson round with four students (two phones in
// Chromium, two socket.io bots). The projector's landscape shows every student's point while the
// round runs; after it, the phone with lr = 1 prints the lesson's six lines and its "why" card
// names the factor (−8308) and the bound (2.407e-4); the review's replay slider moves the points
// and its notebook shows any run. Screenshots at 1366×768 and on a 390×844 phone.
import { io, type Socket } from "socket.io-client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol";
import { expectAccessible, switchLanguage } from "./axe";
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

// Sessions belong to instructors: this server lets the test sign one up (SIGNUP=open).
const running = {} as { server: RunningServer; browser: Browser };
beforeAll(async () => {
  running.server = await startServer({ SIGNUP: "open" });
  running.browser = await launchBrowser();
});
afterAll(async () => {
  await running.browser?.close();
  await running.server?.stop();
});
const SIX_LINES = [
  "prediction: [43.05]",
  "loss: 14871.802500000002",
  "delta: [-243.9]",
  "weight: [[ 6854.09 14146.7 ]]",
  "bias: [243.9]",
  "loss: 1026548766283.6302",
];

type Bot = Socket<ServerToClientEvents, ClientToServerEvents>;
async function joinBot(url: string, code: string, nickname: string, learningRate: string): Promise<Bot> {
  const socket: Bot = io(url, { transports: ["websocket"], forceNew: true });
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  const joined = (await socket.timeout(15_000).emitWithAck("student:join", { code, nickname })) as Ack;
  expect(joined.ok).toBe(true);
  const submitted = (await socket.timeout(15_000).emitWithAck("student:submit", { learningRate })) as Ack;
  expect(submitted.ok).toBe(true);
  return socket;
}

async function joinPhone(code: string, nickname: string, rate: string): Promise<Page> {
  const { browser, server } = running;
  const page = await (await phoneContext(browser, "en-US", { viewport: { width: 390, height: 844 } })).newPage();
  await page.goto(`${server.url}/join/${code}`);
  await expect.poll(() => page.getByLabel("Join code").inputValue(), LONG).toBe(code);
  await page.getByLabel("Your nickname").fill(nickname);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await page.getByText(`Hi ${nickname}!`).waitFor(LONG);
  await page.getByLabel("Learning rate", { exact: true }).fill(rate);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.getByTestId("submitted-rate").waitFor(LONG);
  return page;
}

const lines = (page: Page) => page.getByTestId("notebook").first().getByTestId("notebook-line").allTextContents();
const figure = (page: Page) => page.getByTestId("landscape-figure").first();

describe("the lesson's answer", () => {
  it("shows the notebook, the why card and the class's landscape, live and in review", async ({ onTestFailed }) => {
    const { server, browser } = running;
    const problems = await watchPageProblems(browser);
    onTestFailed(async () => {
      const pages = browser.contexts().flatMap((c) => c.pages());
      await Promise.all(pages.map((page, i) => screenshot(page, `lesson-failure-${i}`).catch(() => undefined)));
    });
    const { context: hostContext } = await instructorContext(browser, server, {
      viewport: { width: 1366, height: 768 },
      locale: "en-US",
    });
    const host = await hostContext.newPage();
    await host.goto(server.url);
    await host.getByLabel("Session title").fill("Lesson answer");
    await host.getByLabel("Dataset").selectOption("lesson");
    await host.getByLabel("Max steps").fill("60");
    await host.getByLabel("Speed (steps per second)").fill("5");
    await host.getByRole("button", { name: "Create session" }).click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/, LONG);
    const code = host.url().split("/").pop()!;

    const ada = await joinPhone(code, "Ada", "1");
    const bo = await joinPhone(code, "Bo", "2e-4"); // f = −0.66: zig-zags down
    const bots = [await joinBot(server.url, code, "Cy", "1e-4"), await joinBot(server.url, code, "Di", "1e-6")];
    await host.getByText("4 of 4 have submitted a learning rate").waitFor(LONG);

    // During the round: every student's point is on the parabola; Ada's is marked off the top.
    await host.getByRole("button", { name: /Start/ }).click();
    const landscape = figure(host);
    await landscape.waitFor(LONG);
    await expect.poll(() => landscape.getAttribute("data-drawn"), LONG).toBe("4");
    await expect.poll(() => landscape.getAttribute("data-off"), LONG).toBe("1");
    expect(await host.getByTestId("room-status").getAttribute("data-status")).toBe("running");
    const summary = await host.getByTestId("landscape-summary").textContent();
    expect(summary).toContain("4 runs: 2 converging, 1 oscillating, 1 exploding.");
    expect(summary).toContain("lr < 2.407e-4");
    await host.locator("body").click({ position: { x: 5, y: 300 } }); // focus off the Start button
    await host.keyboard.press("Space"); // pause, to look at it
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("paused");
    await screenshot(host, "lesson-host-landscape");
    await host.getByTestId("landscape").screenshot({ path: "test-results/screenshots/lesson-host-landscape-only.png" });
    await expectAccessible(host, "host with the landscape (paused)");
    // The phone's cards are live too.
    await bo.getByTestId("why-card").waitFor(LONG);
    await bo.getByTestId("own-landscape").waitFor(LONG);
    await screenshot(bo, "lesson-phone-live");
    await expectAccessible(bo, "phone with the lesson cards (live)");
    await host.keyboard.press("Space");
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("finished");

    // After it: the phone with lr = 1 prints the lesson's six lines and says why.
    await ada.getByTestId("own-status").locator('[data-status="diverged"]').waitFor(LONG);
    await expect.poll(() => lines(ada), LONG).toEqual(SIX_LINES);
    expect(await ada.getByTestId("notebook-step").textContent()).toBe("Step 0 → 1");
    expect(await ada.getByTestId("why-factor").textContent()).toContain("= \u22128308.");
    expect(await ada.getByTestId("why-bound").textContent()).toContain("lr < 2.407e-4");
    expect(await ada.getByTestId("why-suggestion").textContent()).toContain("try lr = 1.2e-4");
    expect(await ada.getByTestId("why-card").getAttribute("data-verdict")).toBe("diverges");
    await screenshot(ada, "lesson-phone-diverged");
    await expectAccessible(ada, "phone after the round (lr = 1)");
    expect(await phoneLayoutProblems(ada, 390)).toEqual([]);
    await switchLanguage(ada, "zh-CN");
    await expect.poll(() => ada.getByTestId("why-factor").textContent(), LONG).toContain("\u22128308");
    await screenshot(ada, "lesson-phone-diverged-zh");
    await expectAccessible(ada, "phone after the round (zh-CN)");
    await switchLanguage(ada, "en");

    // The step slider, from the keyboard: Bo's step 1 → 2 differs from step 0 → 1.
    const first = await lines(bo);
    await bo.getByRole("slider", { name: "Notebook step" }).focus();
    await bo.keyboard.press("ArrowRight");
    await expect.poll(() => bo.getByTestId("notebook-step").textContent(), LONG).toBe("Step 1 → 2");
    const second = await lines(bo);
    expect(second[1]).toBe(first[5]); // step 1's loss is the "loss again" of step 0
    expect(second).not.toEqual(first);
    await screenshot(bo, "lesson-phone-oscillating");
    expect(await phoneLayoutProblems(bo, 390)).toEqual([]);
    await screenshot(host, "lesson-host-finished");

    // Review: the replay slider moves the points; any run's notebook.
    await host.goto(`${server.url}/sessions`);
    await host.getByRole("link", { name: /Lesson answer/ }).click();
    const replay = figure(host);
    await replay.waitFor(LONG);
    await expect.poll(() => replay.getAttribute("data-drawn"), LONG).toBe("4");
    const pixels = () =>
      host
        .getByTestId("landscape-figure")
        .first()
        .locator("canvas")
        .evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const atEnd = await pixels();
    await host.getByRole("slider", { name: "Replay step" }).focus();
    await host.keyboard.press("Home");
    await expect.poll(() => replay.getAttribute("data-step"), LONG).toBe("0");
    expect(await replay.getAttribute("data-off")).toBe("0");
    await expect.poll(pixels, LONG).not.toBe(atEnd);
    const atStart = await pixels();
    await host.keyboard.press("ArrowRight");
    await expect.poll(() => replay.getAttribute("data-step"), LONG).toBe("1");
    expect(await replay.getAttribute("data-off")).toBe("1");
    await expect.poll(pixels, LONG).not.toBe(atStart);
    await screenshot(host, "lesson-review-replay");
    await host.getByLabel("Show the notebook of").selectOption({ label: "Ada (lr 1)" });
    await expect.poll(() => lines(host), LONG).toEqual(SIX_LINES);
    await expectAccessible(host, "session review with landscape and notebook");

    // Several samples: the valley plane, raw and standardised side by side, and the mean-gradient notebook.
    await host.goto(`${server.url}/host/${code}`);
    await host.getByRole("button", { name: /New round/ }).click();
    const dialog = host.getByRole("dialog");
    await dialog.getByLabel("Dataset").selectOption("housing");
    await dialog.getByLabel("Max steps").fill("40");
    await dialog.getByLabel("Speed (steps per second)").fill("10");
    await dialog.getByRole("button", { name: "Back to lobby" }).click();
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("lobby");
    await host.getByRole("button", { name: /Start/ }).click();
    await expect.poll(() => host.getByTestId("landscape-figure").count(), LONG).toBe(2);
    for (const panel of await host.getByTestId("landscape-figure").all())
      await expect.poll(() => panel.getAttribute("data-drawn"), LONG).toBe("4");
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("finished");
    const valley = await host.getByTestId("landscape").textContent();
    expect(valley).toContain("condition number 1.8e5");
    expect(valley).toContain("condition number 3.0");
    expect(valley).toContain("The same rates on standardised features");
    await screenshot(host, "lesson-host-valley");
    await expectAccessible(host, "host with the valley plane");
    await bo.getByTestId("notebook").getByText("dL/dw: [[").waitFor(LONG);
    expect(await bo.getByTestId("notebook").textContent()).toContain("shape (12, 1)");
    await screenshot(bo, "lesson-phone-housing");
    await expectAccessible(bo, "phone after a housing round");
    expect(await phoneLayoutProblems(bo, 390)).toEqual([]);

    for (const bot of bots) bot.disconnect();
    expect(problems.list()).toEqual([]);
  });
});
