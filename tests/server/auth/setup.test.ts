// First run: the owner account can be made only with the one-time set-up token the server
// printed, becomes the admin, is signed in at once; the token works once, and never after an
// account exists. On the embedded database and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, PASSWORD, whoIs } from "../../helpers/accounts";
import { createEmptyDatabase, postgresProblem } from "../../helpers/postgres";
import { startTestServer, type TestServer } from "../../helpers/test-server";
import type { DatabaseTarget } from "../../../server/db/database";

const owner = { name: "Olga Owner", email: "olga@school.example", password: PASSWORD };

const targets: Array<[string, () => Promise<{ target: DatabaseTarget; drop: () => Promise<void> }>]> = [
  ["embedded", () => Promise.resolve({ target: { kind: "embedded", dataDir: null }, drop: () => Promise.resolve() })],
];
if (postgresProblem === null)
  targets.push([
    "PostgreSQL",
    async () => {
      const { url, drop } = await createEmptyDatabase();
      return { target: { kind: "postgres", url }, drop };
    },
  ]);

describe.each(targets)("owner set-up (%s)", (_name, makeTarget) => {
  let server: TestServer;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const made = await makeTarget();
    drop = made.drop;
    server = await startTestServer({ target: made.target, signup: "invite" });
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  it("accepts only the newest token, once; then the server is set up", async () => {
    expect((await call(server, "/api/setup")).body).toEqual({ needed: true });
    const first = await server.app.accounts.startFirstRun();
    const token = await server.app.accounts.startFirstRun(); // a restart replaces the printed link
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const wrong = await call(server, "/api/setup", { body: { ...owner, token: `${token}x` } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ ok: false, error: { code: "SETUP_REFUSED" } });
    const stale = await call(server, "/api/setup", { body: { ...owner, token: first } });
    expect(stale.status).toBe(403);
    expect(wrong.cookie).toBe("");

    // A password the library refuses changes nothing: the link still works afterwards.
    const weak = await call(server, "/api/setup", { body: { ...owner, token, password: "short" } });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });

    const done = await call<{ instructor: unknown }>(server, "/api/setup", { body: { ...owner, token } });
    expect(done.status).toBe(201);
    const instructor = { name: owner.name, email: owner.email, role: "admin" };
    expect(done.body.instructor).toMatchObject(instructor);
    expect(await whoIs(server, done.cookie)).toMatchObject(instructor); // signed in at once

    const again = await call(server, "/api/setup", { body: { ...owner, email: "eve@example.com", token } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ ok: false, error: { code: "SETUP_DONE" } });
    expect((await call(server, "/api/setup")).body).toEqual({ needed: false });
    // Once an account exists, a restart prints no link and keeps no token.
    expect(await server.app.accounts.startFirstRun()).toBeNull();
    const users = await server.database.prisma.user.findMany();
    expect(users.map((u) => [u.email, u.role])).toEqual([[owner.email, "admin"]]);
  });

  it("lets two requests with the same token make one account at most", async () => {
    const made = await makeTarget();
    const other = await startTestServer({ target: made.target, signup: "invite" });
    try {
      const token = await other.app.accounts.startFirstRun();
      const replies = await Promise.all(
        ["a", "b", "c"].map((who) =>
          call(other, "/api/setup", { body: { token, name: who, email: `${who}@school.example`, password: PASSWORD } }),
        ),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([201, 403, 403]);
      expect(await other.database.prisma.user.count()).toBe(1);
    } finally {
      await other.close();
      await made.drop();
    }
  });
});

describe("set-up and the SIGNUP modes", () => {
  it("is not needed with SIGNUP=open (the first to sign up is the owner) and still works with SIGNUP=closed", async () => {
    const open = await startTestServer({ signup: "open" });
    const closed = await startTestServer({ signup: "closed" });
    try {
      expect((await call(open, "/api/setup")).body).toEqual({ needed: false });
      expect(await open.app.accounts.startFirstRun()).toBeNull();
      expect((await call(closed, "/api/setup")).body).toEqual({ needed: true });
      // Closed to everyone, except the owner of an empty server: else nobody could ever get in.
      const token = await closed.app.accounts.startFirstRun();
      const done = await call(closed, "/api/setup", { body: { ...owner, token } });
      expect(done.status).toBe(201);
      expect(await whoIs(closed, done.cookie)).toMatchObject({ role: "admin" });
    } finally {
      await open.close();
      await closed.close();
    }
  });

  it("refuses a set-up POST from a page on another site", async () => {
    const server = await startTestServer({ signup: "invite" });
    try {
      const token = await server.app.accounts.startFirstRun();
      const forged = await call(server, "/api/setup", { body: { ...owner, token }, origin: "https://evil.example" });
      expect(forged.status).toBe(403);
      expect(forged.body).toMatchObject({ error: { code: "ORIGIN_NOT_ALLOWED" } });
      expect(await server.database.prisma.user.count()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
