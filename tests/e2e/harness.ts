// Starts the production server (`tsx server/main.ts`, the pages from `next build`) on a free port
// with a throw-away data directory, and Debian's Chromium through playwright-core.
import { waitForServerUrl } from "../helpers/server-url";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { signUpOpen } from "../../scripts/sign-up";
import { launchChromium } from "../helpers/chromium";

export const SCREENSHOTS = path.resolve("test-results/screenshots");

export interface RunningServer {
  url: string;
  /** Everything the server printed so far (stdout and stderr, the last 50,000 characters). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `env` adds to or overrides the server's environment (e.g. PUBLIC_URL, TRUST_PROXY). SIGNUP=open
 * unless a test says otherwise, so a test makes its instructor with signUpInstructor; the accounts
 * test starts with the default (invite) to go through the printed set-up link.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "arena-e2e-"));
  const child: ChildProcess = spawn("npx", ["tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      NODE_ENV: "production",
      DATABASE_URL: "",
      SIGNUP: "open",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so npx and its tsx child stop together
  });
  const started = waitForServerUrl(child, 90_000);
  const url = await started.url;
  return {
    url,
    output: started.output,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid, "SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `extraArgs` e.g. `--ignore-certificate-errors` for a test's self-signed HTTPS proxy. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return launchChromium(extraArgs);
}

export async function phoneContext(
  browser: Browser,
  locale = "en-US",
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale,
    ...options,
  });
}

const watchedBrowsers = new WeakSet<Browser>();

/**
 * Collects what a page reports as wrong: console errors (failed loads, CSP refusals are logged
 * as such by Chromium), uncaught exceptions and Content-Security-Policy violations. Given a
 * Browser, it watches every context created from then on (newContext is wrapped, so helpers
 * that make their own contexts are covered too); given a context, that context's pages.
 */
export async function watchPageProblems(target: Browser | BrowserContext): Promise<{ list(): string[] }> {
  const problems: string[] = [];
  const watch = async (context: BrowserContext) => {
    context.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()} (${message.page()?.url() ?? "?"})`);
    });
    context.on("weberror", (error) => problems.push(`uncaught: ${error.error().message}`));
    // The event carries the directive and what was blocked, which the console line may not.
    await context.exposeBinding("__arenaCspViolation", ({ page }, text: string) =>
      problems.push(`csp: ${text} (${page?.url() ?? "?"})`),
    );
    await context.addInitScript(`document.addEventListener("securitypolicyviolation", (e) =>
      window.__arenaCspViolation(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
        " at " + e.sourceFile + ":" + e.lineNumber));`);
  };
  if ("contexts" in target) {
    const browser = target;
    // A second wrapper would register the CSP binding twice on each new context, which fails.
    if (watchedBrowsers.has(browser)) throw new Error("watchPageProblems: this browser is already watched");
    watchedBrowsers.add(browser);
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (options) => {
      const context = await newContext(options);
      await watch(context);
      return context;
    };
  } else await watch(target);
  return { list: () => [...problems] };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Starts the server and Chromium before a file's tests and stops both after them. */
export function serverAndBrowser(env: Record<string, string> = {}): {
  readonly server: RunningServer;
  readonly browser: Browser;
} {
  const running = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    running.server = await startServer(env);
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

export interface InstructorAccount {
  name: string;
  email: string;
  password: string;
}

let accounts = 0;
/** A fresh instructor's details (unique email per call). */
export function newInstructor(name = "Ines Instructor"): InstructorAccount {
  accounts++;
  return { name, email: `instructor${accounts}-${Date.now()}@school.example`, password: "correct horse battery" };
}

/**
 * SIGNUP=open (the harness's default): makes an instructor through Better Auth's sign-up route,
 * as the /sign-up page does, and returns the session cookie. The Origin is the page's own: the
 * library refuses a POST without one.
 */
export async function signUpInstructor(
  server: RunningServer,
  account: InstructorAccount = newInstructor(),
): Promise<{ cookie: string; account: InstructorAccount }> {
  return { cookie: await signUpOpen(server.url, account), account };
}

/** POST /api/sessions as a signed-in instructor (scripts and tests do; pages use the form). */
export async function createSessionAs(
  server: RunningServer,
  cookie: string,
  body: Record<string, unknown> = {},
): Promise<{ id: string; code: string; hostToken: string }> {
  const response = await fetch(`${server.url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: server.url },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`creating a session: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; code: string; hostToken: string };
}

/** A browser context signed in with `cookie` (from signUpInstructor), for `url`'s site. */
export async function signedInContext(
  browser: Browser,
  url: string,
  cookie: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US", ...options });
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url };
    }),
  );
  return context;
}

/** A new instructor (SIGNUP=open) and a browser context signed in as them: the host of most tests. */
export async function instructorContext(
  browser: Browser,
  server: RunningServer,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; cookie: string; account: InstructorAccount }> {
  const { cookie, account } = await signUpInstructor(server);
  return { context: await signedInContext(browser, server.url, cookie, options), cookie, account };
}
