// The history pages after the classroom round: the list, the replay slider (keyboard), the
// ranking at a step, and the CSV export with the lesson's printed numbers.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { screenshot } from "./harness";
import { LONG } from "./phone";

export async function checkSessionReview(host: Page, url: string): Promise<void> {
  await host.goto(`${url}/sessions`);
  await host.getByRole("link", { name: /E2E class/ }).waitFor(LONG);
  await screenshot(host, "history-list");
  await host.getByRole("link", { name: /E2E class/ }).click();
  await host.getByTestId("csv-link").waitFor(LONG);
  await host.getByTestId("loss-chart").locator("canvas").waitFor(LONG);
  await screenshot(host, "history-session");

  // Replay with the keyboard: Home = step 0 (both running), → = step 1 (Ada has blown up),
  // End = the last step. The label, the ranking and the chart follow the slider.
  const label = host.getByTestId("replay-step");
  const slider = host.getByRole("slider", { name: "Replay step" });
  const max = Number((await label.textContent())?.match(/of (\d+)/)?.[1]);
  expect(max).toBeGreaterThan(1);
  expect(await label.textContent()).toBe(`Replay: step ${max} of ${max}`);
  const ranking = host.getByTestId("replay-ranking");
  const chartPixels = () =>
    host
      .getByTestId("loss-chart")
      .locator("canvas")
      .first()
      .evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const atEnd = await chartPixels();
  await slider.focus();
  await host.keyboard.press("Home");
  await expect.poll(() => label.textContent(), LONG).toBe(`Replay: step 0 of ${max}`);
  await expect.poll(() => ranking.locator('[data-status="running"]').count(), LONG).toBe(2);
  await expect.poll(chartPixels, LONG).not.toBe(atEnd);
  await screenshot(host, "history-replay-step0");
  await host.keyboard.press("ArrowRight");
  await expect.poll(() => label.textContent(), LONG).toBe(`Replay: step 1 of ${max}`);
  await expect.poll(() => ranking.getByText("diverged at step 1").count(), LONG).toBe(1);
  expect(await ranking.locator("li").nth(1).textContent()).toMatch(/^2Ada/);
  await host.keyboard.press("End");
  await expect.poll(() => label.textContent(), LONG).toBe(`Replay: step ${max} of ${max}`);
  await expect.poll(() => ranking.locator('[data-status="converged"]').count(), LONG).toBe(1);

  const href = await host.getByTestId("csv-link").getAttribute("href");
  // With the page's own cookies: the export is the signed-in owner's, like the page.
  const csv = await (await host.request.get(new URL(href!, url).toString())).text();
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe("round,participant_id,nickname,learning_rate,status,step,loss,optimizer,momentum");
  const rows = lines.slice(1).map((line) => line.split(","));
  const ada = rows.filter((r) => r[0] === "1" && r[2] === "Ada");
  const bo = rows.filter((r) => r[0] === "1" && r[2] === "Bo");
  expect(ada.length).toBeGreaterThanOrEqual(2);
  expect(bo.length).toBeGreaterThanOrEqual(2);
  expect(ada.find((r) => r[5] === "0")?.[6]).toBe("14871.802500000002");
  expect(bo.find((r) => r[5] === "0")?.[6]).toBe("14871.802500000002");
  expect(ada.find((r) => r[5] === "1")?.[6]).toBe("1026548766283.6302");
  expect(ada.every((r) => r[4] === "diverged")).toBe(true);
  expect(bo.every((r) => r[4] === "converged")).toBe(true);
}
