// Automatic accessibility check: axe-core run in the page as it is now, WCAG 2.0/2.1/2.2
// A and AA rules. `@axe-core/playwright` needs Node 22, so the plain script is injected instead.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
// WCAG 2.0, 2.1 and 2.2, levels A and AA. label-content-name-mismatch (2.5.3, a name that does not
// contain the visible text) is one of axe's "experimental" rules, which tags alone do not run.
const OPTIONS = JSON.stringify({
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  rules: { "label-content-name-mismatch": { enabled: true } },
});

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** The page's axe violations, one readable paragraph each: rule, impact, where, what to fix. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script> tag: the pages' Content-Security-Policy (nonces) refuses
  // inline scripts, and DevTools evaluation is exempt. axe.run itself needs no eval.
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  // Evaluated as a string, as in phone.ts: a compiled function could carry bundler helpers.
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, ${OPTIONS}).then((r) => r.violations)`);
  return violations.map((v) => {
    const nodes = v.nodes.map(
      (n) => `  at ${n.target.map(String).join(" > ")}\n    ${(n.failureSummary ?? "").replace(/\n/g, "\n    ")}`,
    );
    return `${v.id} (${v.impact ?? "?"}): ${v.help}\n${nodes.join("\n")}`;
  });
}

/** Fails (at the end of the test) with every violation spelled out; `state` names the page state in the message. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  // Soft: the test goes on, so one run lists the violations of every state it passes through.
  expect.soft((await axeViolations(page)).join("\n\n"), `axe violations on ${state}`).toBe("");
}

/** Switches a page's language with the header button, as a person would, and waits until it applies. */
export async function switchLanguage(page: Page, locale: "en" | "zh-CN"): Promise<void> {
  const current = () => page.evaluate("document.documentElement.lang");
  if ((await current()) !== locale) await page.getByTestId("language-toggle").click();
  await expect.poll(current, { timeout: 60_000 }).toBe(locale);
}
