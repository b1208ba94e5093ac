// `npm start` on a fresh data folder prints a one-time set-up link next to the "running" line;
// the link makes the owner account; after a restart there is no link, and the auth secret the
// first start generated is still the one (the owner's cookie survives the restart).
import { describe, expect, it } from "vitest";
import { PASSWORD } from "../../helpers/accounts";
import { scratchDir } from "../../helpers/scratch-dir";
import { startServerProcess, type ServerProcess } from "../../helpers/server-process";
import { sessionCookie } from "../../../scripts/sign-up";

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill("SIGTERM");
  await server.exited;
}

async function printedLink(server: ServerProcess): Promise<string | null> {
  for (let i = 0; i < 40; i++) {
    const match = /First run: create the owner account at (\S+)/.exec(server.output());
    if (match) return match[1]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

describe("first run of the real server", () => {
  const dir = scratchDir("arena-first-run");

  it("prints a set-up link once, which makes the owner; a restart prints none and keeps the sign-in", async () => {
    const env = { DATA_DIR: `${dir.path}/data`, SIGNUP: "", BETTER_AUTH_SECRET: "" };
    const first = await startServerProcess(env);
    let cookie: string;
    try {
      const link = await printedLink(first);
      expect(link).toMatch(new RegExp(`^${first.url}/setup\\?token=[A-Za-z0-9_-]{43}$`));
      const token = new URL(link!).searchParams.get("token");
      const response = await fetch(`${first.url}/api/setup`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: first.url },
        body: JSON.stringify({ token, name: "Olga", email: "olga@school.example", password: PASSWORD }),
      });
      expect(response.status).toBe(201);
      cookie = sessionCookie(response);
      // The password and the token were never printed back.
      expect(first.output()).not.toContain(PASSWORD);
    } finally {
      await stop(first);
    }

    const second = await startServerProcess(env);
    try {
      expect(await printedLink(second)).toBeNull();
      const me = await fetch(`${second.url}/api/me`, { headers: { cookie } });
      expect(await me.json()).toMatchObject({
        instructor: { email: "olga@school.example", role: "admin" },
        signup: "invite",
      });
    } finally {
      await stop(second);
    }
  });

  it("prints no link with SIGNUP=open: the first to sign up is the owner", async () => {
    const server = await startServerProcess({ DATA_DIR: `${dir.path}/open`, SIGNUP: "open" });
    try {
      expect(await printedLink(server)).toBeNull();
    } finally {
      await stop(server);
    }
  });
});
