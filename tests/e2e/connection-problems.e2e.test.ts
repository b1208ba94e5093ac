// A page whose socket cannot connect says why and what to do within a few seconds, instead of
// "Connecting…" forever, and the message goes once the socket gets through. Chromium reaches the
// server through a gate (socket-gate.ts) that cuts the socket off, or sends Host without its port
// as a misconfigured reverse proxy does, so the server refuses the page's Origin for real.
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./axe";
import { createSessionAs, phoneContext, screenshot, serverAndBrowser, signUpInstructor } from "./harness";
import { startSocketGate, type SocketGate } from "./socket-gate";

const running = serverAndBrowser();
let gate: SocketGate;
beforeAll(async () => {
  gate = await startSocketGate(running.server.url);
});
afterAll(() => gate?.close());

// The page waits 4 s before it says anything, then asks the server (at most 4 s more).
const SOON = { timeout: 15_000 };
// socket.io retries every ~5 s (randomised by half) once it has failed a few times.
const RETRY = { timeout: 30_000 };

/** One instructor's session, made over the API (the host page then attaches with its host key). */
let instructorCookie: Promise<string> | null = null;
async function createSession(): Promise<{ code: string; hostToken: string }> {
  instructorCookie ??= signUpInstructor(running.server).then((made) => made.cookie);
  return createSessionAs(running.server, await instructorCookie, { title: "Blocked socket" });
}

describe("a socket that cannot connect", () => {
  it("tells a phone the server does not answer, in English and Chinese, until it does", async () => {
    const { code } = await createSession();
    for (const [locale, text, codeLabel] of [
      ["en-US", "No answer from the server", "Join code"],
      ["zh-CN", "服务器没有响应", "加入代码"],
    ] as const) {
      gate.mode = "drop";
      const context = await phoneContext(running.browser, locale);
      const page = await context.newPage();
      // The server is gone: its connection check does not answer either.
      await page.route("**/api/connection-check", (route) => route.abort());
      const opened = Date.now();
      // The QR link: it waits for the connection to look for an identity to resume.
      await page.goto(`${gate.url}/join/${code}`);
      const banner = page.getByTestId("connection-trouble");
      await banner.waitFor(SOON);
      console.log(`[connection-problems] ${locale}: explained ${Date.now() - opened} ms after opening`);
      expect(await banner.getAttribute("role")).toBe("alert");
      expect(await banner.getAttribute("data-kind")).toBe("unreachable");
      expect(await banner.innerText()).toContain(text);
      await expectAccessible(page, `phone, server unreachable (${locale})`);
      await screenshot(page, `connection-unreachable-${locale}`);

      gate.mode = "open";
      await banner.waitFor({ state: "detached", ...RETRY });
      await page.getByLabel(codeLabel).waitFor(SOON);
      await context.close();
    }
  });

  it("tells the host the server refused the page's address, and what the administrator does", async () => {
    const { code, hostToken } = await createSession();
    gate.mode = "strip-port";
    const context: BrowserContext = await running.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
    });
    await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [
      `arena:host:${code}`,
      hostToken,
    ] as const);
    const page = await context.newPage();
    let checks = 0;
    await page.route("**/api/connection-check", (route) => {
      checks++;
      return route.fulfill({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify({
          ok: false,
          error: {
            code: "ORIGIN_NOT_ALLOWED",
            message: "This page's origin is not allowed.",
            expectedOrigin: "https://arena.school.example",
          },
        }),
      });
    });
    await page.goto(`${gate.url}/host/${code}`);
    const banner = page.getByTestId("connection-trouble");
    await banner.waitFor(SOON);
    expect(await banner.getAttribute("data-kind")).toBe("origin");
    const text = await banner.innerText();
    expect(text).toContain(gate.url); // the address the page was opened at
    expect(text).toContain("PUBLIC_URL");
    expect(text).toContain("https://arena.school.example");
    expect(checks).toBeGreaterThanOrEqual(1);
    await expectAccessible(page, "host console, origin refused");
    await screenshot(page, "connection-origin-host");

    gate.mode = "open";
    await banner.waitFor({ state: "detached", ...RETRY });
    await page.getByTestId("room-status").waitFor(SOON);
    await context.close();
  });

  it("hears the same from the server's own connection check", async () => {
    const { code } = await createSession();
    gate.mode = "strip-port";
    const context = await phoneContext(running.browser);
    const page = await context.newPage();
    const answers: unknown[] = [];
    page.on("response", (response) => {
      if (response.url().endsWith("/api/connection-check")) void response.json().then((body) => answers.push(body));
    });
    await page.goto(`${gate.url}/join/${code}`);
    const banner = page.getByTestId("connection-trouble");
    await banner.waitFor(SOON);
    expect(await banner.getAttribute("data-kind")).toBe("origin");
    expect(answers[0]).toMatchObject({ ok: false, error: { code: "ORIGIN_NOT_ALLOWED" } });
    gate.mode = "open";
    await banner.waitFor({ state: "detached", ...RETRY });
    await context.close();
  });
});
