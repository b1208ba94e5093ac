// Who may make an account under each SIGNUP mode: the public sign-up route only when open;
// invitations (made by an admin, one use, 7 days) unless closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, PASSWORD, whoIs } from "../../helpers/accounts";
import { ManualClock } from "../../helpers/manual-clock";
import { openDatabase } from "../../../server/db/database";
import { signUpInstructor, startTestServer, type TestServer } from "../../helpers/test-server";

const newcomer = (who: string) => ({ name: who, email: `${who.toLowerCase()}@school.example`, password: PASSWORD });
type Invitation = { id: string; url: string; expiresAt: string };
const tokenOf = (invitation: Invitation) => new URL(invitation.url).searchParams.get("token")!;

describe("the public sign-up route", () => {
  it("is open with SIGNUP=open: the first account is the admin, the next ones instructors", async () => {
    const server = await startTestServer({ signup: "open" });
    try {
      const first = await call(server, "/api/auth/sign-up/email", { body: newcomer("Ann") });
      expect(first.status).toBe(200);
      expect(await whoIs(server, first.cookie)).toMatchObject({ email: "ann@school.example", role: "admin" });
      // role is not the caller's to choose
      const grab = await call(server, "/api/auth/sign-up/email", { body: { ...newcomer("Eve"), role: "admin" } });
      expect(grab.status).toBe(400);
      expect(grab.cookie).toBe("");
      const second = await call(server, "/api/auth/sign-up/email", { body: newcomer("Ben") });
      expect(await whoIs(server, second.cookie)).toMatchObject({ role: "instructor" });
      expect(await server.database.prisma.user.count()).toBe(2);
      expect((await call(server, "/api/me")).body).toEqual({ instructor: null, signup: "open" });
    } finally {
      await server.close();
    }
  });

  it.each(["invite", "closed"] as const)("is refused with SIGNUP=%s, however the path is spelled", async (signup) => {
    const server = await startTestServer({ signup });
    try {
      for (const path of ["/api/auth/sign-up/email", "/api/auth//sign-up/email", "/api/auth/Sign-Up/email/"]) {
        const reply = await call(server, path, { body: newcomer("Eve") });
        expect(reply.status, path).toBe(403);
        expect(JSON.stringify(reply.body), path).toContain("SIGNUP_CLOSED");
        expect(reply.cookie).toBe("");
      }
      expect(await server.database.prisma.user.count()).toBe(0);
      expect((await call(server, "/api/me")).body).toEqual({ instructor: null, signup });
    } finally {
      await server.close();
    }
  });
});

describe("invitations (SIGNUP=invite)", () => {
  const clock = new ManualClock();
  let server: TestServer;
  let admin: string;
  let instructor: string;
  beforeAll(async () => {
    server = await startTestServer({ signup: "invite", clock });
    admin = (await signUpInstructor(server, newcomer("Ada"))).cookie; // the owner, through set-up
    instructor = (await signUpInstructor(server, newcomer("Ivo"))).cookie; // through an invitation
  });
  afterAll(() => server?.close());

  const invite = (cookie?: string, origin?: string) =>
    call<Invitation>(server, "/api/invitations", { method: "POST", cookie, origin });

  it("are made by admins only, as a one-time link to the invitation page", async () => {
    expect((await invite()).status).toBe(401);
    expect((await invite()).body).toMatchObject({ error: { code: "SIGNED_OUT" } });
    expect((await invite(instructor)).status).toBe(403);
    expect((await invite(admin, "https://evil.example")).status).toBe(403); // cross-site
    const made = await invite(admin);
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(new RegExp(`^${server.url}/invite\\?token=[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(made.body.expiresAt) - clock.now()).toBe(7 * 24 * 3600_000);
    // Only its hash is stored.
    const stored = await server.database.prisma.invitation.findUniqueOrThrow({ where: { id: made.body.id } });
    expect(JSON.stringify(stored)).not.toContain(tokenOf(made.body));
  });

  it("make one account, once", async () => {
    const token = tokenOf((await invite(admin)).body);
    expect((await call(server, `/api/invitations/${token}`)).body).toEqual({ valid: true });
    const accepted = await call(server, "/api/invitations/accept", { body: { token, ...newcomer("Nia") } });
    expect(accepted.status).toBe(201);
    expect(await whoIs(server, accepted.cookie)).toMatchObject({ email: "nia@school.example", role: "instructor" });
    expect((await call(server, `/api/invitations/${token}`)).body).toEqual({ valid: false });
    const reused = await call(server, "/api/invitations/accept", { body: { token, ...newcomer("Rex") } });
    expect(reused.status).toBe(403);
    expect(reused.body).toMatchObject({ ok: false, error: { code: "INVITATION_INVALID" } });
    expect(reused.cookie).toBe("");
  });

  it("stay usable when the account cannot be made (email taken), and refuse made-up tokens", async () => {
    const token = tokenOf((await invite(admin)).body);
    const taken = await call(server, "/api/invitations/accept", { body: { token, ...newcomer("Nia") } });
    expect(taken.status).toBe(409);
    expect((await call(server, `/api/invitations/${token}`)).body).toEqual({ valid: true });
    for (const fake of ["x".repeat(43), "nope", "a/b"]) {
      if (!fake.includes("/"))
        expect((await call(server, `/api/invitations/${fake}`)).body, fake).toEqual({ valid: false });
      const reply = await call(server, "/api/invitations/accept", { body: { token: fake, ...newcomer("Zed") } });
      expect(reply.status, fake).toBe(403);
    }
  });

  it("expire after 7 days", async () => {
    const token = tokenOf((await invite(admin)).body);
    await clock.advance(7 * 24 * 3600_000 + 1);
    expect((await call(server, `/api/invitations/${token}`)).body).toEqual({ valid: false });
    const late = await call(server, "/api/invitations/accept", { body: { token, ...newcomer("Late") } });
    expect(late.status).toBe(403);
    expect(late.body).toMatchObject({ error: { code: "INVITATION_INVALID" } });
  });
});

describe("SIGNUP=closed", () => {
  it("allows no invitations, not even ones made before", async () => {
    const database = await openDatabase({ kind: "embedded", dataDir: null });
    const open = await startTestServer({ database, signup: "invite" });
    const admin = (await signUpInstructor(open, newcomer("Ada"))).cookie;
    const made = await call<Invitation>(open, "/api/invitations", { method: "POST", cookie: admin });
    await open.close();
    // The same database, restarted with SIGNUP=closed.
    const closed = await startTestServer({ database, signup: "closed" });
    try {
      const refused = await call(closed, "/api/invitations", { method: "POST", cookie: admin });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: "SIGNUP_CLOSED" } });
      const token = tokenOf(made.body);
      expect((await call(closed, `/api/invitations/${token}`)).body).toEqual({ valid: false });
      const accept = await call(closed, "/api/invitations/accept", { body: { token, ...newcomer("Nia") } });
      expect(accept.status).toBe(403);
      expect(await closed.database.prisma.user.count()).toBe(1);
    } finally {
      await closed.close();
      await database.close();
    }
  });
});
