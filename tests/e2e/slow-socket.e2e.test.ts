// The live connection's code (socket.io-client) is not part of a phone's first load: it arrives
// just after. On a slow network a student can fill in the form and press Join before it does;
// the join must then wait for it and go through, not be dropped.
import { describe, expect, it } from "vitest";
import { createSessionAs, phoneContext, serverAndBrowser, signUpInstructor } from "./harness";
import { LONG } from "./phone";

/** After Join is pressed, the code is held this much longer: the join has to wait for it. */
const HOLD_AFTER_JOIN_MS = 1_000;
/** Released anyway after this long, so a page that never offers the form fails on its own check. */
const HOLD_AT_MOST_MS = 20_000;
const running = serverAndBrowser();

describe("a phone whose socket code arrives late", () => {
  it("shows the join form at once and joins once the code is there", async () => {
    const { server, browser } = running;
    const { code } = await createSessionAs(server, (await signUpInstructor(server)).cookie, { title: "Slow Wi-Fi" });

    const page = await (await phoneContext(browser)).newPage();
    let held = 0;
    let released = 0;
    let pressJoin = () => {};
    const joinPressed = new Promise<void>((resolve) => (pressJoin = resolve));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Hold back the chunk with engine.io's client code (recognised by its content, the name is a
    // hash) until Join has been pressed, however long the page and the typing take on a busy machine.
    await page.route("**/_next/static/chunks/**", async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      if (body.includes("pingInterval")) {
        held++;
        await Promise.race([joinPressed.then(() => sleep(HOLD_AFTER_JOIN_MS)), sleep(HOLD_AT_MOST_MS)]);
        released = Date.now();
      }
      await route.fulfill({ response, body });
    });
    // /join (typing the code), not the QR link: /join/CODE first looks for an identity to resume,
    // which needs the connection.
    await page.goto(`${server.url}/join`);
    await page.getByLabel("Join code").fill(code);
    await page.getByLabel("Your nickname").fill("Dee");
    await page.getByRole("button", { name: "Join", exact: true }).click();
    const pressedJoin = Date.now();
    pressJoin();
    await page.getByText("Hi Dee!").waitFor(LONG);
    const greeted = Date.now();
    expect(held).toBe(1);
    // Join was pressed while the socket code was held (the form did not wait for it), and the
    // join went through once the code came: the greeting only after its release.
    expect(pressedJoin).toBeLessThan(released);
    expect(greeted).toBeGreaterThanOrEqual(released);
    await page.unrouteAll({ behavior: "ignoreErrors" });
  });
});
