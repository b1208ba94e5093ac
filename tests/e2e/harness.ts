// Starts the production server (`tsx server/main.ts`, the pages from `next build`) on a free port
// with a throw-away data directory, and Debian's Chromium through playwright-core.
import { waitForServerUrl } from "../helpers/server-url";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const SCREENSHOTS = path.resolve("test-results/screenshots");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** `env` adds to or overrides the server's environment (e.g. PUBLIC_URL, TRUST_PROXY). */
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
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so npx and its tsx child stop together
  });
  const url = await waitForServerUrl(child, 90_000).url;
  return {
    url,
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
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: [...CHROMIUM_ARGS, ...extraArgs] });
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
export function serverAndBrowser(): { readonly server: RunningServer; readonly browser: Browser } {
  const running = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    running.server = await startServer();
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
