import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config";
import { startServerProcess } from "../helpers/server-process";

describe("configuration", () => {
  it("has safe defaults: port 3000, the embedded database in ./data", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      maxParticipants: 2000,
      allowedOrigins: [],
      publicOrigin: null,
      trustProxy: 0, // X-Forwarded-* ignored
      signup: "invite", // the set-up link, then invitations
      authSecret: undefined, // generated once and kept in the database
    });
    expect(config.database).toEqual({ kind: "embedded", dataDir: path.resolve("./data") });
  });

  it("uses PostgreSQL when DATABASE_URL says so", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/arena" }).database).toEqual({
      kind: "postgres",
      url: "postgres://u:p@db:5432/arena",
    });
  });

  it("is one process of several when REDIS_URL is set with DATABASE_URL, and only then", () => {
    expect(loadConfig({}).cluster).toBeNull();
    const both = { DATABASE_URL: "postgres://db/arena", REDIS_URL: "redis://cache:6379/0" };
    expect(loadConfig(both).cluster).toEqual({ redisUrl: "redis://cache:6379/0", prefix: "arena" });
    expect(loadConfig({ ...both, REDIS_PREFIX: "school-b" }).cluster?.prefix).toBe("school-b");
    expect(() => loadConfig({ REDIS_URL: "redis://cache:6379" })).toThrow(
      /REDIS_URL is set but DATABASE_URL is not.*embedded database serves a single process/s,
    );
  });

  it("reads PUBLIC_URL as an origin and TRUST_PROXY as a hop count or a list of proxies", () => {
    const config = loadConfig({ PUBLIC_URL: "https://Arena.School.Example/", TRUST_PROXY: "loopback, 10.0.0.0/8" });
    expect(config.publicOrigin).toBe("https://arena.school.example");
    expect(config.trustProxy).toEqual(["loopback", "10.0.0.0/8"]);
    expect(loadConfig({ PUBLIC_URL: "http://192.168.1.23:3000", TRUST_PROXY: "1" })).toMatchObject({
      publicOrigin: "http://192.168.1.23:3000",
      trustProxy: 1,
    });
  });

  it("reads SIGNUP and BETTER_AUTH_SECRET; a short secret is refused without being echoed", () => {
    const secret = "s".repeat(32);
    expect(loadConfig({ SIGNUP: "open", BETTER_AUTH_SECRET: secret })).toMatchObject({
      signup: "open",
      authSecret: secret,
    });
    expect(loadConfig({ SIGNUP: "closed" }).signup).toBe("closed");
    const short = "tooShortSecret123";
    expect(() => loadConfig({ BETTER_AUTH_SECRET: short })).toThrow(/BETTER_AUTH_SECRET: at least 32 characters/);
    expect(() => loadConfig({ BETTER_AUTH_SECRET: short })).not.toThrow(new RegExp(short));
  });

  it.each([
    [{ SIGNUP: "anyone" }, /SIGNUP/],
    [{ PUBLIC_URL: "arena.school.example" }, /PUBLIC_URL/],
    [{ PUBLIC_URL: "https://arena.school.example/join" }, /PUBLIC_URL: an origin/],
    [{ PUBLIC_URL: "https://arena.school.example?x=1" }, /PUBLIC_URL/],
    [{ PUBLIC_URL: "ftp://arena.school.example" }, /PUBLIC_URL/],
    [{ TRUST_PROXY: "true" }, /TRUST_PROXY: "true" is not an address/],
    [{ TRUST_PROXY: "loopback, 300.1.1.1" }, /TRUST_PROXY: "300\.1\.1\.1"/],
    [{ TRUST_PROXY: "-1" }, /TRUST_PROXY/],
    [{ PORT: "http" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: must be a postgres/],
    [{ MAX_PARTICIPANTS: "0" }, /MAX_PARTICIPANTS/],
    [{ ALLOWED_ORIGINS: "evil" }, /ALLOWED_ORIGINS/],
    [{ DATABASE_URL: "postgres://db/a", REDIS_URL: "http://cache" }, /REDIS_URL: must be a redis/],
    [{ DATABASE_URL: "postgres://db/a", REDIS_URL: "redis://c", REDIS_PREFIX: "a b" }, /REDIS_PREFIX/],
  ])("refuses %j with a message naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("stops the real server at start-up with that message, and no stack trace", async () => {
    await expect(startServerProcess({ PORT: "not-a-port" }, 30_000)).rejects.toThrow(/Invalid environment:\s+PORT/);
    const failure = await startServerProcess({ PORT: "not-a-port" }, 30_000).catch((error: Error) => error.message);
    expect(failure).not.toMatch(/\n\s+at /);
  });
});
