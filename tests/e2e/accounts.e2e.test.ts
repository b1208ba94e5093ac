// Instructor accounts in the browser, on a fresh server with the default SIGNUP=invite: the owner
// sets up through the link the server printed, creates a session, runs it from a second browser
// after signing in there (no host key copied), shares the results (read-only, signed out) and
// revokes the link; a passkey registered with Chromium's virtual authenticator signs in; an invited
// second instructor sees none of the owner's sessions. Phones and share viewers make no account
// call. The new pages pass axe in English and Chinese.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, switchLanguage } from "./axe";
import { screenshot, serverAndBrowser, signedInContext, watchPageProblems } from "./harness";
import { LONG, joinAsStudent } from "./phone";

const running = serverAndBrowser({ SIGNUP: "invite" });
let pageProblems: { list(): string[] };
beforeAll(async () => {
  pageProblems = await watchPageProblems(running.browser);
});

const OWNER = { name: "Olga Owner", email: "olga@school.example", password: "correct horse battery" };
const SECOND = { name: "Sam Second", email: "sam@school.example", password: "another good password" };

const desktop = () => running.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });

/** Every request a context makes to the account routes (students' and share viewers' must be none). */
function accountCalls(context: BrowserContext): string[] {
  const calls: string[] = [];
  context.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path === "/api/me" || path.startsWith("/api/auth") || path === "/api/setup") calls.push(path);
  });
  return calls;
}

/** Axe in both languages, ending in English. */
async function accessibleInBoth(page: Page, state: string): Promise<void> {
  await expectAccessible(page, `${state} (en)`);
  await switchLanguage(page, "zh-CN");
  await expectAccessible(page, `${state} (zh-CN)`);
  await switchLanguage(page, "en");
}

async function fillAccountForm(page: Page, who: typeof OWNER, again = who.password): Promise<void> {
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByLabel("Password again").fill(again);
}

async function signIn(page: Page, who: typeof OWNER): Promise<void> {
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

describe("instructor accounts", () => {
  it("set-up, a console on a second device, share links, passkeys and a second instructor", async ({
    onTestFailed,
  }) => {
    const { server, browser } = running;
    onTestFailed(async () => {
      const pages = browser.contexts().flatMap((c) => c.pages());
      await Promise.all(pages.map((page, i) => screenshot(page, `accounts-failure-${i}`).catch(() => undefined)));
      console.error(server.output());
    });

    // The set-up link is in the server's output, as `npm start` shows it.
    await expect.poll(() => /\/setup\?token=([\w-]+)/.exec(server.output())?.[1], LONG).toBeTruthy();
    const token = /\/setup\?token=([\w-]+)/.exec(server.output())![1]!;

    // Signed out, home offers sign-in instead of the "new session" form.
    const ownerContext = await desktop();
    const owner = await ownerContext.newPage();
    await owner.goto(server.url);
    await owner.getByTestId("host-sign-in").getByRole("link", { name: "Sign in to host" }).waitFor(LONG);
    expect(await owner.getByLabel("Session title").count()).toBe(0);

    // Owner set-up: a mistake is announced and focused, then the account is made and signed in.
    await owner.goto(`${server.url}/setup?token=${token}`);
    await owner.getByLabel("Your name").waitFor(LONG);
    await accessibleInBoth(owner, "owner set-up");
    await fillAccountForm(owner, OWNER, "not the same password");
    await owner.getByRole("button", { name: "Create the owner account" }).click();
    const mismatch = owner.getByRole("alert").filter({ hasText: "The two passwords are not the same." });
    await mismatch.waitFor(LONG);
    expect(await owner.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("alert");
    await expectAccessible(owner, "owner set-up with an error");
    await owner.getByLabel("Password again").fill(OWNER.password);
    await owner.getByRole("button", { name: "Create the owner account" }).click();
    await owner.waitForURL(`${server.url}/`, LONG);
    await owner.getByLabel("Session title").waitFor(LONG);
    await owner
      .getByTestId("account-menu")
      .getByRole("button", { name: /Olga Owner/ })
      .waitFor(LONG);
    // The link works once: the same page now says the server is set up.
    await owner.goto(`${server.url}/setup?token=${token}`);
    await owner.getByText("This server is already set up.").waitFor(LONG);

    // A session, made on the home page.
    await owner.goto(server.url);
    await owner.getByLabel("Session title").fill("Accounts class");
    await owner.getByLabel("Max steps").fill("60");
    await owner.getByLabel("Speed (steps per second)").fill("30");
    await owner.getByRole("button", { name: "Create session" }).click();
    await owner.waitForURL(/\/host\/[A-Z0-9]{6}$/, LONG);
    const code = owner.url().split("/").pop()!;
    await expect.poll(() => owner.getByTestId("join-code").textContent(), LONG).toBe(code);

    // The classroom PC: no host key, not signed in. The console says to sign in, and after signing
    // in there (and coming back by itself) it runs the session.
    const pcContext = await desktop();
    const pc = await pcContext.newPage();
    await pc.goto(`${server.url}/host/${code}`);
    await pc.getByText("Sign in as the session's instructor").waitFor(LONG);
    await pc.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await pc.waitForURL(/\/sign-in\?next=/, LONG);
    await pc.getByLabel("Email").waitFor(LONG);
    await accessibleInBoth(pc, "sign-in page");
    await pc.getByLabel("Email").fill(OWNER.email);
    await pc.getByLabel("Password", { exact: true }).fill("wrong password!");
    await pc.getByRole("button", { name: "Sign in", exact: true }).click();
    await pc.getByRole("alert").filter({ hasText: "Wrong email or password." }).waitFor(LONG);
    await expectAccessible(pc, "sign-in page with an error");
    await signIn(pc, OWNER);
    await pc.waitForURL(`${server.url}/host/${code}`, LONG);
    await expect.poll(() => pc.getByTestId("join-code").textContent(), LONG).toBe(code);
    expect(
      await pc.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith("arena:host:"))),
    ).toEqual([]);

    // Two phones, a round run from the classroom PC. Phones make no account call at all.
    const phoneCalls: string[] = [];
    const ada = await joinAsStudent(browser, server.url, code, "Ada", "1");
    const bo = await joinAsStudent(browser, server.url, code, "Bo", "1e-4");
    for (const phone of [ada, bo]) {
      phoneCalls.push(...accountCalls(phone.context()));
      await phone.reload();
      await phone.getByTestId("submitted-rate").waitFor(LONG);
      expect(await phone.getByTestId("account-menu").count()).toBe(0);
    }
    await pc.getByText("2 of 2 have submitted a learning rate").waitFor(LONG);
    await pc.getByRole("button", { name: /Start/ }).click();
    await expect.poll(() => pc.getByTestId("room-status").getAttribute("data-status"), LONG).toBe("finished");
    expect(phoneCalls).toEqual([]);

    // Share the results: the owner's review page makes a link.
    await owner.goto(`${server.url}/sessions`);
    await owner.getByRole("link", { name: /Accounts class/ }).click();
    await owner.waitForURL(/\/sessions\/[^/?]+$/, LONG);
    const reviewUrl = owner.url();
    const share = owner.getByTestId("share-controls");
    await share.getByRole("button", { name: "Make a share link" }).click();
    const shareUrl = await share.getByTestId("share-url").inputValue();
    expect(shareUrl).toMatch(new RegExp(`/sessions/[^/?]+\\?share=[\\w-]+$`));
    await share.getByText(/· active/).waitFor(LONG);
    await screenshot(owner, "accounts-share-controls");
    await accessibleInBoth(owner, "session review with share controls");

    // Opened signed out (a student after class): the results, read-only, with no account call.
    const viewerContext = await desktop();
    const viewerCalls = accountCalls(viewerContext);
    const viewer = await viewerContext.newPage();
    await viewer.goto(shareUrl.replace(/^https?:\/\/[^/]+/, server.url));
    await viewer.getByTestId("shared-note").waitFor(LONG);
    await viewer.getByRole("heading", { name: "Accounts class" }).waitFor(LONG);
    await viewer.getByText("Ada").first().waitFor(LONG);
    expect(await viewer.getByTestId("share-controls").count()).toBe(0);
    expect(await viewer.getByRole("link", { name: /All sessions/ }).count()).toBe(0);
    const csvHref = await viewer.getByTestId("csv-link").getAttribute("href");
    const csv = await viewer.request.get(new URL(csvHref!, server.url).toString());
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain("Ada");
    await screenshot(viewer, "accounts-shared-review");
    await expectAccessible(viewer, "shared review (read-only)");
    expect(viewerCalls).toEqual([]);

    // Revoked: the same link now finds nothing.
    await share.getByRole("button", { name: /Revoke the link made/ }).click();
    await share.getByText("Link revoked: it no longer opens this session.").waitFor(LONG);
    await share.getByText(/· revoked/).waitFor(LONG);
    await viewer.reload();
    await viewer.getByTestId("not-found").waitFor(LONG);
    expect(await viewer.getByTestId("shared-note").count()).toBe(0);
    // Signed out on the plain review URL: sign in, then back there.
    await viewer.goto(reviewUrl);
    await viewer.getByTestId("signed-out").waitFor(LONG);
    await expectAccessible(viewer, "signed-out page");
    await viewer.getByTestId("signed-out").getByRole("link", { name: "Sign in" }).click();
    await viewer.waitForURL(/\/sign-in\?next=/, LONG);
    await signIn(viewer, OWNER);
    await viewer.waitForURL(reviewUrl, LONG);
    await viewer.getByTestId("share-controls").waitFor(LONG);

    // Passkeys: WebAuthn refuses an IP address as a site, so at 127.0.0.1 the page says why...
    await owner
      .getByTestId("account-menu")
      .getByRole("button", { name: /Olga Owner/ })
      .click();
    await owner.getByRole("link", { name: "Add a passkey" }).click();
    await owner.waitForURL(/\/account#passkey$/, LONG);
    await owner.getByRole("button", { name: "Add a passkey" }).click();
    await owner.getByRole("alert").filter({ hasText: "not at an IP address" }).waitFor(LONG);
    await accessibleInBoth(owner, "account page");

    // ...and at localhost (a name, and a secure context over http) one is registered with
    // Chromium's virtual authenticator, then it is the way back in after signing out.
    const named = server.url.replace("127.0.0.1", "localhost");
    const keyContext = await desktop();
    const keyPage = await keyContext.newPage();
    const cdp = await keyContext.newCDPSession(keyPage);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await keyPage.goto(`${named}/sign-in?next=%2Faccount`);
    await signIn(keyPage, OWNER);
    await keyPage.waitForURL(`${named}/account`, LONG);
    await keyPage.getByRole("button", { name: "Add a passkey" }).click();
    await keyPage.getByTestId("passkey-status").getByText("Passkey added.", { exact: false }).waitFor(LONG);
    // The credential lives on the (virtual) device and is resident: a passkey, not only a second factor.
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    await keyPage
      .getByTestId("account-menu")
      .getByRole("button", { name: /Olga Owner/ })
      .click();
    await keyPage.getByRole("button", { name: "Sign out" }).click();
    await keyPage.waitForURL(`${named}/sign-in`, LONG);
    await keyPage.goto(`${named}/sessions`);
    await keyPage.getByTestId("signed-out").waitFor(LONG);
    await keyPage.goto(`${named}/sign-in`);
    await keyPage.getByRole("button", { name: "Sign in with a passkey" }).click();
    await keyPage.waitForURL(`${named}/`, LONG);
    await keyPage
      .getByTestId("account-menu")
      .getByRole("button", { name: /Olga Owner/ })
      .waitFor(LONG);
    await keyPage.getByLabel("Session title").waitFor(LONG);

    // A second instructor through an invitation: sees none of the owner's sessions.
    await owner.goto(`${server.url}/instructors#invite`);
    await owner.getByRole("button", { name: "Make an invitation link" }).click();
    const invitation = await owner.getByTestId("invitation-link").inputValue();
    await accessibleInBoth(owner, "instructors page with an invitation");
    const secondContext = await desktop();
    const second = await secondContext.newPage();
    await second.goto(invitation.replace(/^https?:\/\/[^/]+/, server.url));
    await second.getByLabel("Your name").waitFor(LONG);
    await accessibleInBoth(second, "invitation page");
    await fillAccountForm(second, SECOND);
    await second.getByRole("button", { name: "Create my account" }).click();
    await second.waitForURL(`${server.url}/`, LONG);
    await second.getByLabel("Session title").waitFor(LONG);
    await second.goto(`${server.url}/sessions`);
    await second.getByTestId("history-empty").waitFor(LONG);
    await second.goto(reviewUrl);
    await second.getByTestId("not-found").waitFor(LONG);
    const notFoundText = await second.getByTestId("not-found").innerText();
    await second.goto(`${server.url}/sessions/no-such-session`);
    await second.getByTestId("not-found").waitFor(LONG);
    expect(await second.getByTestId("not-found").innerText()).toBe(notFoundText); // same words for both
    expect((await second.request.get(`${server.url}/api/sessions/${reviewUrl.split("/").pop()}`)).status()).toBe(404);
    await second.goto(`${server.url}/host/${code}`);
    await second.getByText("Sign in as the session's instructor").waitFor(LONG);

    // The admin sees everybody's sessions with their owners, and can disable the second instructor,
    // whose open page is signed out from then on.
    await owner.goto(`${server.url}/sessions`);
    await owner.getByTestId("all-sessions").check();
    await owner.getByText("by Olga Owner").waitFor(LONG);
    await owner.goto(`${server.url}/instructors`);
    await owner.getByRole("button", { name: "Disable Sam Second" }).click();
    const confirm = owner.getByRole("alertdialog", { name: "Disable Sam Second?" });
    await confirm.waitFor(LONG);
    await confirm.getByRole("button", { name: "Disable" }).click();
    await owner.getByText("Sam Second is now disabled.").waitFor(LONG);
    await second.goto(`${server.url}/sessions`);
    await second.getByTestId("signed-out").waitFor(LONG);
    await second.goto(`${server.url}/sign-in`);
    await signIn(second, SECOND);
    await second.getByRole("alert").filter({ hasText: "This account is disabled." }).waitFor(LONG);

    expect(pageProblems.list().filter((p) => !/401|403|404/.test(p))).toEqual([]);
  });

  it("a signed-in context made from a cookie is the same instructor (the other tests' shortcut)", async () => {
    // Guards the harness helper the other browser tests rely on: a made-up cookie is signed out.
    const context = await signedInContext(running.browser, running.server.url, "better-auth.session_token=forged");
    const page = await context.newPage();
    await page.goto(`${running.server.url}/sessions`);
    await page.getByTestId("signed-out").waitFor(LONG);
    await context.close();
  });
});
