// The session cookie's flags, the library's Origin check against cross-site POSTs, and what never
// leaves the server: passwords, password hashes, session tokens, the auth secret, stack traces.
import { describe, expect, it } from "vitest";
import { call, PASSWORD, type Reply } from "../../helpers/accounts";
import { rawRequest } from "../../helpers/raw-http";
import { signUpInstructor, startTestServer } from "../../helpers/test-server";

const ann = { name: "Ann", email: "ann@school.example", password: PASSWORD };

describe("the session cookie", () => {
  it("is HttpOnly and SameSite=Lax, without Secure on a plain-HTTP server", async () => {
    const server = await startTestServer({ signup: "open" });
    try {
      const reply = await call(server, "/api/auth/sign-up/email", { body: ann });
      const [cookie] = reply.setCookie;
      expect(cookie).toMatch(/^better-auth\.session_token=/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/);
    } finally {
      await server.close();
    }
  });

  it("is also Secure when PUBLIC_URL is https (behind a TLS proxy), and works there", async () => {
    const publicOrigin = "https://arena.school.example";
    const server = await startTestServer({ signup: "open", publicOrigin, trustProxy: ["loopback"] });
    try {
      const viaProxy = {
        host: "arena.school.example",
        "x-forwarded-proto": "https",
        "x-forwarded-for": "192.0.2.7",
        origin: publicOrigin,
        "content-type": "application/json",
      };
      const reply = await rawRequest(`${server.url}/api/auth/sign-up/email`, {
        method: "POST",
        headers: viaProxy,
        body: JSON.stringify(ann),
      });
      expect(reply.status).toBe(200);
      const [cookie] = reply.headers["set-cookie"] as string[];
      expect(cookie).toMatch(/^__Secure-better-auth\.session_token=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      const pair = cookie!.split(";")[0]!;
      expect(await server.app.accounts.gate.instructorFrom({ cookie: pair })).toMatchObject({ email: ann.email });
      // The library saw the client's address, not the proxy's.
      const [session] = await server.database.prisma.authSession.findMany();
      expect(session?.ipAddress).toBe("192.0.2.7");
    } finally {
      await server.close();
    }
  });
});

describe("cross-site requests", () => {
  it("are refused by the library's Origin check: sign-in, sign-out, change-password", async () => {
    const server = await startTestServer({ signup: "open", allowedOrigins: ["https://projector.school.example"] });
    try {
      const { cookie } = await signUpInstructor(server, ann);
      const evil = "https://evil.example";
      const signIn = await call(server, "/api/auth/sign-in/email", { body: ann, origin: evil });
      expect(signIn.status).toBe(403);
      expect(signIn.cookie).toBe("");
      const signOut = await call(server, "/api/auth/sign-out", { body: {}, cookie, origin: evil });
      expect(signOut.status).toBe(403);
      const change = await call(server, "/api/auth/change-password", {
        body: { currentPassword: PASSWORD, newPassword: "attacker-chosen-1" },
        cookie,
        origin: evil,
      });
      expect(change.status).toBe(403);
      // Nothing happened: still signed in, the password unchanged.
      expect((await call(server, "/api/me", { cookie })).body).toMatchObject({ instructor: { email: ann.email } });
      expect((await call(server, "/api/auth/sign-in/email", { body: ann })).status).toBe(200);
      // A configured origin (ALLOWED_ORIGINS) is the server's own.
      expect(
        (await call(server, "/api/auth/sign-in/email", { body: ann, origin: "https://projector.school.example" }))
          .status,
      ).toBe(200);
      // A POST with a cookie and no Origin at all is refused too.
      expect((await call(server, "/api/auth/sign-out", { body: {}, cookie, origin: null })).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe("secrets", () => {
  it("never appear in a reply or a log: a whole tour, then grep", async () => {
    const logs: string[] = [];
    const server = await startTestServer({
      signup: "open",
      log: (message, error) =>
        logs.push(`${message} ${error instanceof Error ? error.stack : JSON.stringify(error ?? "")}`),
    });
    const replies: Reply<unknown>[] = [];
    const tour = async (path: string, options: Parameters<typeof call>[2] = {}) => {
      const reply = await call(server, path, options);
      replies.push(reply);
      return reply;
    };
    try {
      const signedUp = await tour("/api/auth/sign-up/email", { body: ann });
      const cookie = signedUp.cookie;
      await tour("/api/auth/sign-in/email", { body: ann });
      await tour("/api/auth/sign-in/email", { body: { ...ann, password: "wrong password" } });
      await tour("/api/auth/get-session", { cookie });
      await tour("/api/auth/list-sessions", { cookie });
      await tour("/api/me", { cookie });
      await tour("/api/auth/admin/list-users", { cookie });
      const { id: userId } = await server.database.prisma.user.findFirstOrThrow();
      await tour("/api/auth/admin/list-user-sessions", { body: { userId }, cookie });
      await tour("/api/auth/passkey/list-user-passkeys", { cookie });
      await tour("/api/auth/passkey/generate-register-options", { cookie });
      await tour("/api/invitations", { method: "POST", cookie });
      await tour("/api/auth/update-user", { body: { name: "Ann B." }, cookie });
      await tour("/api/auth/change-password", {
        body: { currentPassword: PASSWORD, newPassword: "second password" },
        cookie,
      });
      await tour("/api/setup");
      await tour("/api/auth/sign-up/email", { body: ann }); // taken

      const account = await server.database.prisma.account.findFirstOrThrow();
      const sessions = await server.database.prisma.authSession.findMany();
      const settings = await server.database.prisma.serverSetting.findMany();
      const invitation = await server.database.prisma.invitation.findFirstOrThrow();
      const secrets = [
        PASSWORD,
        "second password",
        account.password!,
        invitation.tokenHash,
        ...sessions.map((s) => s.token),
        ...settings.filter((s) => s.key === "auth.secret").map((s) => s.value),
      ];
      expect(secrets.length).toBeGreaterThanOrEqual(6);
      // Every step answered (the tour went through, it was not refused at the door).
      expect(replies.map((r) => r.status)).toEqual([
        200, 200, 401, 200, 200, 200, 200, 200, 200, 200, 201, 200, 200, 200, 422,
      ]);
      for (const reply of replies)
        for (const secret of secrets)
          expect(reply.text, `a reply contains ${secret.slice(0, 6)}…`).not.toContain(secret);
      for (const secret of secrets) expect(logs.join("\n")).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it("stay hidden when things go wrong: bad bodies get a short answer, a failure no stack trace", async () => {
    const logs: string[] = [];
    const server = await startTestServer({ signup: "open", log: (message) => logs.push(message) });
    try {
      const odd = [
        await rawRequest(`${server.url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: server.url },
          body: "{not json",
        }),
        await rawRequest(`${server.url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: server.url },
          body: JSON.stringify({ email: ["a"], password: { $ne: 1 } }),
        }),
        await rawRequest(`${server.url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: server.url },
          body: JSON.stringify({ email: "a@b.c", password: "x".repeat(20_000) }),
        }),
        await rawRequest(`${server.url}/api/auth/no-such-route`),
      ];
      for (const reply of odd) {
        expect(reply.status).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
        expect(reply.body).not.toMatch(/\n\s+at |node_modules|\.m?js:\d+/);
      }
      // The database is gone: the library fails inside; the caller learns nothing of how.
      await server.database.close();
      const broken = await call(server, "/api/auth/sign-in/email", { body: ann });
      expect(broken.status).toBe(500);
      expect(broken.text).not.toMatch(/\n\s+at |node_modules|prisma|Error:/i);
      expect(broken.body).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
      // ...while the server's own log does say (to whoever runs it).
      expect(logs).toContain("auth POST /api/auth/sign-in/email failed");
    } finally {
      await server.close().catch(() => {});
    }
  });
});
