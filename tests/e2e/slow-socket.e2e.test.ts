// The live connection's code (socket.io-client) is not part of a phone's first load: it arrives
// just after. On a slow network a student can fill in the form and press Join before it does;
// the join must then wait for it and go through, not be dropped.
import { describe, expect, it } from "vitest";
import { createSessionAs, phoneContext, serverAndBrowser, signUpInstructor } from "./harness";
import { LONG } from "./phone";

const HOLD_MS = 3_000;
const running = serverAndBrowser();

describe("a phone whose socket code arrives late", () => {
  it("shows the join form at once and joins once the code is there", async () => {
    const { server, browser } = running;
    const { code } = await createSessionAs(server, (await signUpInstructor(server)).cookie, { title: "Slow Wi-Fi" });

    const page = await (await phoneContext(browser)).newPage();
    let held = 0;
    let released = 0;
    // Hold back the chunk with engine.io's client code (recognised by its content, the name is a hash).
    await page.route("**/_next/static/chunks/**", async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      if (body.includes("pingInterval")) {
        held++;
        await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
        released = Date.now();
      }
      await route.fulfill({ response, body });
    });
    // /join (typing the code), not the QR link: /join/CODE first looks for an identity to resume,
    // which needs the connection.
    await page.goto(`${server.url}/join`);
    await page.getByLabel("Join code").fill(code);
    await page.getByLabel("Your nickname").fill("Dee");
    const pressedJoin = Date.now();
    await page.getByRole("button", { name: "Join", exact: true }).click();
    await page.getByText("Hi Dee!").waitFor(LONG);
    expect(held).toBe(1);
    // The form was used before the socket code had arrived, so this really waited for it.
    expect(pressedJoin).toBeLessThan(released);
  });
});
