// Admins list instructors and disable one with the admin plugin's own routes; a disabled
// instructor's live session cookie stops working at once, and signing in again is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, PASSWORD, whoIs } from "../../helpers/accounts";
import { signUpInstructor, startTestServer, type TestServer } from "../../helpers/test-server";

describe("admin: list and disable instructors", () => {
  let server: TestServer;
  let admin: string;
  let ivo: { cookie: string; instructor: { id: string } };
  beforeAll(async () => {
    server = await startTestServer({ signup: "open" });
    admin = (await signUpInstructor(server, { name: "Ada", email: "ada@school.example", password: PASSWORD })).cookie;
    ivo = await signUpInstructor(server, { name: "Ivo", email: "ivo@school.example", password: PASSWORD });
  });
  afterAll(() => server?.close());

  it("lists instructors to admins only, with no password hash", async () => {
    const listed = await call<{ users: Array<{ email: string; role: string }>; total: number }>(
      server,
      "/api/auth/admin/list-users",
      { cookie: admin },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((u) => [u.email, u.role]).sort()).toEqual([
      ["ada@school.example", "admin"],
      ["ivo@school.example", "instructor"],
    ]);
    expect(listed.text).not.toMatch(/password|scrypt|"token"/i);
    expect((await call(server, "/api/auth/admin/list-users", { cookie: ivo.cookie })).status).toBe(403);
    expect((await call(server, "/api/auth/admin/list-users")).status).toBe(401);
    // An instructor cannot disable anybody, nor make themself an admin.
    const ban = await call(server, "/api/auth/admin/ban-user", {
      cookie: ivo.cookie,
      body: { userId: ivo.instructor.id },
    });
    expect(ban.status).toBe(403);
    const promote = await call(server, "/api/auth/admin/set-role", {
      cookie: ivo.cookie,
      body: { userId: ivo.instructor.id, role: "admin" },
    });
    expect(promote.status).toBe(403);
    expect(await whoIs(server, ivo.cookie)).toMatchObject({ role: "instructor" });
  });

  it("offers no way to act as somebody else, or to make accounts around SIGNUP", async () => {
    for (const path of ["/api/auth/admin/impersonate-user", "/api/auth/admin/create-user", "/api/auth/delete-user"]) {
      const reply = await call(server, path, { cookie: admin, body: { userId: ivo.instructor.id, email: "x@y.z" } });
      expect(reply.status, path).toBe(404);
    }
  });

  it("disables an instructor: their open session stops at once, signing in is refused, until re-enabled", async () => {
    const gate = server.app.accounts.gate;
    expect(await gate.instructorFrom({ cookie: ivo.cookie })).toMatchObject({ email: "ivo@school.example" });
    const banned = await call(server, "/api/auth/admin/ban-user", {
      cookie: admin,
      body: { userId: ivo.instructor.id },
    });
    expect(banned.status).toBe(200);

    expect(await gate.instructorFrom({ cookie: ivo.cookie })).toBeNull();
    expect(await whoIs(server, ivo.cookie)).toBeNull();
    expect((await call(server, "/api/auth/get-session", { cookie: ivo.cookie })).body).toBeNull();
    const signIn = await call(server, "/api/auth/sign-in/email", {
      body: { email: "ivo@school.example", password: PASSWORD },
    });
    expect(signIn.status).toBe(403);
    expect(signIn.cookie).toBe("");
    // The ban ended every session of theirs.
    expect(await server.database.prisma.authSession.count({ where: { userId: ivo.instructor.id } })).toBe(0);

    const unbanned = await call(server, "/api/auth/admin/unban-user", {
      cookie: admin,
      body: { userId: ivo.instructor.id },
    });
    expect(unbanned.status).toBe(200);
    const again = await call(server, "/api/auth/sign-in/email", {
      body: { email: "ivo@school.example", password: PASSWORD },
    });
    expect(again.status).toBe(200);
    expect(await whoIs(server, again.cookie)).toMatchObject({ email: "ivo@school.example" });
  });
});
