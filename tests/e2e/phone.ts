// Student-side helpers: join through the QR link, and check a phone layout (no sideways scroll,
// touch targets of at least 44 x 44 CSS px, as the issue asks).
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { phoneContext } from "./harness";

export const LONG = { timeout: 60_000 };

export async function openJoin(browser: Browser, url: string, code: string, nickname: string): Promise<Page> {
  const page = await (await phoneContext(browser)).newPage();
  await page.goto(`${url}/join/${code}`);
  await expect.poll(() => page.getByLabel("Join code").inputValue(), LONG).toBe(code);
  await page.getByLabel("Your nickname").fill(nickname);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await page.getByText(`Hi ${nickname}!`).waitFor(LONG);
  return page;
}

export async function joinAsStudent(
  browser: Browser,
  url: string,
  code: string,
  nickname: string,
  rate: string,
): Promise<Page> {
  const page = await openJoin(browser, url, code, nickname);
  await page.getByLabel("Learning rate", { exact: true }).fill(rate);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.getByTestId("submitted-rate").waitFor(LONG);
  return page;
}

// Evaluated in the page as a string: a compiled function could carry bundler helpers
// (e.g. esbuild's __name) that do not exist in the browser.
// The width is given, not read from window.innerWidth: a mobile browser zooms out to fit content
// that overflows, which widens innerWidth and would hide the very overflow being checked.
const LAYOUT_CHECK = (width: number) => `((width) => {
  const problems = [];
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width) problems.push("page is " + scrollWidth + "px wide in a " + width + "px viewport");
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue; // not rendered (closed dialog, hidden)
    const label = (el.textContent || el.tagName).trim().slice(0, 30);
    if (box.right > width + 0.5) problems.push(label + " sticks out to x=" + Math.round(box.right));
    if (box.width < 44 || box.height < 44) {
      const name = (el.getAttribute("aria-label") || el.textContent || el.tagName).trim().slice(0, 30);
      problems.push(name + " is " + Math.round(box.width) + "x" + Math.round(box.height));
    }
  }
  return problems;
})(${width})`;

/** Layout problems of the page as it is now, for a phone `width` CSS px wide (empty when fine). */
export async function phoneLayoutProblems(page: Page, width = 360): Promise<string[]> {
  return page.evaluate<string[]>(LAYOUT_CHECK(width));
}
