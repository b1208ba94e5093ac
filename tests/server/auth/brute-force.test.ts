// Sign-in brute force is slowed per address (the library's limiter, fed the TRUST_PROXY-aware
// address, so a forged X-Forwarded-For buys no fresh bucket) and per account (from any number of
// addresses); a class of students behind the same address is not affected at all.
import { describe, expect, it } from "vitest";
import { call, PASSWORD } from "../../helpers/accounts";
import { ManualClock } from "../../helpers/manual-clock";
import { hostSession, joinStudent } from "../../helpers/session-fixture";
import { signUpInstructor, startTestServer } from "../../helpers/test-server";

const wrong = (email: string, from?: string) => ({
  body: { email, password: "not the password" },
  headers: from ? { "x-forwarded-for": from } : undefined,
});

describe("sign-in brute force", () => {
  it("is limited per address: 30 tries a minute, then 429; the next address (via a trusted proxy) is not", async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ signup: "open", trustProxy: ["loopback"], clock });
    try {
      const statuses: number[] = [];
      // Many accounts from one address: the per-account limit never starts.
      for (let i = 0; i < 31; i++)
        statuses.push(
          (await call(server, "/api/auth/sign-in/email", wrong(`u${i}@school.example`, "10.0.0.1"))).status,
        );
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
      expect((await call(server, "/api/auth/sign-in/email", wrong("x@school.example", "10.0.0.2"))).status).toBe(401);
      await clock.advance(60_000);
      expect((await call(server, "/api/auth/sign-in/email", wrong("y@school.example", "10.0.0.1"))).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("believes no X-Forwarded-For without TRUST_PROXY: a forger keeps its own bucket", async () => {
    const server = await startTestServer({ signup: "open", authLimits: { signInPerAddress: { window: 60, max: 5 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (await call(server, "/api/auth/sign-in/email", wrong(`u${i}@school.example`, `10.9.9.${i}`))).status,
        );
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await server.close();
    }
  });

  it("is limited per account from any number of addresses: 10 tries, then one a minute", async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ signup: "open", trustProxy: ["loopback"], clock });
    try {
      const { cookie } = await signUpInstructor(server, {
        name: "Ann",
        email: "ann@school.example",
        password: PASSWORD,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push(
          (
            await call(
              server,
              "/api/auth/sign-in/email",
              wrong(i % 2 ? "ANN@School.Example" : "ann@school.example", `10.1.0.${i}`),
            )
          ).status,
        );
      expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
      // Even the right password waits: the limit does not tell a guess from the owner.
      const right = {
        body: { email: "ann@school.example", password: PASSWORD },
        headers: { "x-forwarded-for": "10.2.0.1" },
      };
      const blocked = await call(server, "/api/auth/sign-in/email", right);
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ code: "RATE_LIMITED" });
      expect(blocked.cookie).toBe("");
      // The owner's open session is untouched, and other accounts sign in as usual.
      expect((await call(server, "/api/me", { cookie })).body).toMatchObject({
        instructor: { email: "ann@school.example" },
      });
      expect((await call(server, "/api/auth/sign-in/email", wrong("ben@school.example", "10.2.0.2"))).status).toBe(401);
      await clock.advance(60_000);
      expect((await call(server, "/api/auth/sign-in/email", right)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("leaves a class behind the same address alone: students never touch the auth limiter", async () => {
    const server = await startTestServer({ signup: "open" });
    try {
      const session = await hostSession(server);
      for (let i = 0; i < 31; i++) await call(server, "/api/auth/sign-in/email", wrong(`u${i}@school.example`));
      expect((await call(server, "/api/auth/sign-in/email", wrong("z@school.example"))).status).toBe(429);
      // Same address (127.0.0.1), a whole row of phones joining.
      const students = await Promise.all(
        Array.from({ length: 20 }, (_, i) => joinStudent(server, session.code, `Student ${i}`, 0.01)),
      );
      expect(students).toHaveLength(20);
      // And the instructor's own session keeps working (a server-side check, not rate limited).
      for (let i = 0; i < 50; i++) expect((await call(server, "/api/me", { cookie: session.cookie })).status).toBe(200);
      expect((await call(server, "/api/me", { cookie: session.cookie })).body).toMatchObject({
        instructor: { role: "admin" },
      });
    } finally {
      await server.close();
    }
  });
});
