// The deployment a school runs: the real server behind a real nginx (the guide's own site file,
// docs/deploy/nginx-gradient-arena.conf, with the socket.io documentation's headers) on HTTPS with
// a certificate made here. A host and two phones play a round over HTTPS and WSS, the QR code and
// join link show PUBLIC_URL, and no page logs an error or a CSP violation. Without PUBLIC_URL the
// same proxy's port-less Host makes the socket's Origin wrong, and the host page says so.
import type { Browser, BrowserContext, Page, WebSocket } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HSTS } from "../../server/http/security-headers";
import {
  createSessionAs,
  launchBrowser,
  phoneContext,
  screenshot,
  signUpInstructor,
  startServer,
  watchPageProblems,
  type RunningServer,
} from "./harness";
import { freePort, startNginx, type RunningNginx } from "./nginx";
import { LONG } from "./phone";

let browser: Browser;
let problems: { list(): string[] };
beforeAll(async () => {
  browser = await launchBrowser(["--ignore-certificate-errors"]);
  problems = await watchPageProblems(browser);
});
afterAll(async () => {
  await browser?.close();
});

/** The app behind nginx; both are stopped after the describe block, whatever happened. */
function behindNginx(env: (origin: string) => Record<string, string>) {
  const running = {} as { server: RunningServer; nginx: RunningNginx; origin: string };
  beforeAll(async () => {
    const ports = { httpsPort: await freePort(), httpPort: await freePort() };
    running.origin = `https://localhost:${ports.httpsPort}`;
    running.server = await startServer({ TRUST_PROXY: "loopback", ...env(running.origin) });
    running.nginx = await startNginx(new URL(running.server.url).host, ports);
  });
  afterAll(async () => {
    await running.nginx?.stop();
    await running.server?.stop();
  });
  return running;
}

/** Every WebSocket a page opens, for checking that the socket went over wss://. */
function recordSockets(page: Page): WebSocket[] {
  const sockets: WebSocket[] = [];
  page.on("websocket", (socket) => sockets.push(socket));
  return sockets;
}

async function hostContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US", ignoreHTTPSErrors: true });
}

/** Signs up through the proxy's /sign-up page (SIGNUP=open), as an instructor at school would. */
async function signUpInPage(host: Page, origin: string): Promise<void> {
  await host.goto(`${origin}/sign-up`);
  await host.getByLabel("Your name").fill("Nia Nginx");
  await host.getByLabel("Email").fill(`nginx-${Date.now()}@school.example`);
  await host.getByLabel("Password", { exact: true }).fill("correct horse battery");
  await host.getByLabel("Password again").fill("correct horse battery");
  await host.getByRole("button", { name: "Create account" }).click();
  await host.waitForURL(`${origin}/`, LONG);
}

async function createSession(host: Page, origin: string): Promise<string> {
  await host.goto(origin);
  await host.getByLabel("Session title").fill("Behind nginx");
  await host.getByLabel("Dataset").selectOption("lesson");
  await host.getByLabel("Max steps").fill("60");
  await host.getByLabel("Speed (steps per second)").fill("30");
  await host.getByRole("button", { name: "Create session" }).click();
  await host.waitForURL(/\/host\/[A-Z0-9]{6}$/, LONG);
  return host.url().split("/").pop()!;
}

async function joinOverHttps(joinUrl: string, nickname: string, rate: string) {
  const page = await (await phoneContext(browser, "en-US", { ignoreHTTPSErrors: true })).newPage();
  const sockets = recordSockets(page);
  await page.goto(joinUrl);
  await page.getByLabel("Your nickname").fill(nickname);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await page.getByText(`Hi ${nickname}!`).waitFor(LONG);
  await page.getByLabel("Learning rate", { exact: true }).fill(rate);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.getByTestId("submitted-rate").waitFor(LONG);
  return { page, sockets };
}

/** The page's socket.io connection is a live WebSocket over TLS to PUBLIC_URL's host. */
function expectSecureSocket(sockets: WebSocket[], origin: string): void {
  const wss = `${origin.replace(/^https:/, "wss:")}/socket.io/`;
  const live = sockets.filter((s) => s.url().startsWith(wss) && s.url().includes("transport=websocket"));
  expect(live.length, sockets.map((s) => s.url()).join("\n")).toBeGreaterThan(0);
  expect(live.some((s) => !s.isClosed())).toBe(true);
}

describe("behind nginx with PUBLIC_URL", () => {
  const running = behindNginx((origin) => ({ PUBLIC_URL: origin }));

  it("runs a round over HTTPS and WSS with the public address in the QR code", async ({ onTestFailed }) => {
    const { origin } = running;
    onTestFailed(async () => {
      const pages = browser.contexts().flatMap((c) => c.pages());
      await Promise.all(pages.map((page, i) => screenshot(page, `proxy-failure-${i}`).catch(() => undefined)));
      console.error(running.nginx?.errorLog());
    });
    const host = await (await hostContext()).newPage();
    const hostSockets = recordSockets(host);

    // The page's own headers, as the browser got them through the proxy.
    const home = await host.goto(origin);
    const headers = home!.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["strict-transport-security"]).toBe(HSTS);
    expect(headers["x-content-type-options"]).toBe("nosniff");

    // Signed in over HTTPS: the session cookie is HttpOnly, SameSite=Lax and Secure.
    await signUpInPage(host, origin);
    const cookies = await host.context().cookies(origin);
    const session = cookies.find((cookie) => cookie.name.includes("session_token"));
    expect(session, JSON.stringify(cookies.map((c) => c.name))).toMatchObject({
      httpOnly: true,
      sameSite: "Lax",
      secure: true,
    });
    const code = await createSession(host, origin);
    await expect.poll(() => host.getByTestId("join-code").textContent(), LONG).toBe(code);
    const joinUrl = `${origin}/join/${code}`;
    expect(await host.getByTestId("join-qr").getAttribute("alt")).toContain(joinUrl);
    expect(await host.getByRole("region", { name: "Join code" }).textContent()).toContain(
      `${origin.replace("https://", "")}/join`,
    );

    const diverger = await joinOverHttps(joinUrl, "Ada", "1");
    const converger = await joinOverHttps(joinUrl, "Bo", "1e-4");
    await host.getByText("2 of 2 have submitted a learning rate").waitFor(LONG);
    await host.getByRole("button", { name: /Start/ }).click();
    await diverger.page.getByTestId("own-status").locator('[data-status="diverged"]').waitFor(LONG);
    await converger.page.getByTestId("own-status").locator('[data-status="converged"]').waitFor(LONG);
    await expect.poll(() => host.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("finished");
    await screenshot(host, "proxy-host-finished");

    for (const sockets of [hostSockets, diverger.sockets, converger.sockets]) expectSecureSocket(sockets, origin);

    // Icons and the manifest are served (no 404 for /favicon.ico), through the proxy.
    const linked = await host.evaluate(() =>
      [...document.querySelectorAll('link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]')].map(
        (link) => (link as HTMLLinkElement).href,
      ),
    );
    expect(linked.length).toBe(4); // favicon.ico, icon.svg, apple-icon.png, the manifest
    for (const href of [...linked, `${origin}/favicon.ico`])
      expect((await host.request.get(href)).status(), href).toBe(200);
    const manifestUrl = linked.find((href) => href.includes("manifest"))!;
    const manifest = (await (await host.request.get(manifestUrl)).json()) as {
      start_url: string;
      icons: { src: string }[];
    };
    expect(manifest.start_url).toBe("/join");
    for (const icon of manifest.icons)
      expect((await host.request.get(`${origin}${icon.src}`)).status(), icon.src).toBe(200);

    // Plain HTTP on the proxy only redirects to HTTPS.
    const plain = await fetch(`http://127.0.0.1:${running.nginx.httpPort}/join`, { redirect: "manual" });
    expect(plain.status).toBe(301);
    expect(plain.headers.get("location")).toMatch(/^https:\/\/[^/]+\/join$/);

    expect(problems.list()).toEqual([]);

    // The policy is enforced, not just sent: injected markup's inline handler does not run.
    // (Scripts that scripts create are trusted through 'strict-dynamic': HTML injection is the threat.)
    await host.evaluate(
      `document.body.insertAdjacentHTML("beforeend", '<img src="/favicon.ico" onload="window.__injected = true">')`,
    );
    await expect.poll(() => problems.list().join("\n"), LONG).toContain("script-src");
    expect(await host.evaluate("window.__injected")).toBeUndefined();
  });
});

describe("behind nginx without PUBLIC_URL", () => {
  const running = behindNginx(() => ({}));

  it("tells the host that PUBLIC_URL is needed", async () => {
    // Signing in through this proxy fails the same way (its origin check), so the session is made
    // on the app directly and the host key put in the browser, as the creating browser keeps it.
    const { code, hostToken } = await createSessionAs(running.server, (await signUpInstructor(running.server)).cookie);
    const context = await hostContext();
    await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [
      `arena:host:${code}`,
      hostToken,
    ] as const);
    const host = await context.newPage();
    await host.goto(`${running.origin}/host/${code}`);
    // The proxy's Host is "localhost", the page's Origin https://localhost:<port>: refused, and explained.
    const alert = host.getByRole("alert").filter({ hasText: "PUBLIC_URL" });
    await alert.first().waitFor(LONG);
    await screenshot(host, "proxy-host-wrong-origin");
  });
});
