import { describe, expect, it } from "vitest";
import { refusalOf, troubleFromCheck } from "../../../app/_lib/connection-trouble";

const refused = (error: object) => ({ status: 200, body: { ok: false, error } });

describe("reading the server's connection check", () => {
  it("names a refused origin, with the address the server expects when it says", () => {
    expect(
      troubleFromCheck(
        refused({ code: "ORIGIN_NOT_ALLOWED", message: "no", expectedOrigin: "https://arena.school.example" }),
      ),
    ).toEqual({ kind: "origin", expectedOrigin: "https://arena.school.example" });
    expect(troubleFromCheck(refused({ code: "ORIGIN_NOT_ALLOWED", message: "no" }))).toEqual({
      kind: "origin",
      expectedOrigin: null,
    });
    expect(troubleFromCheck(refused({ code: "ORIGIN_NOT_ALLOWED", expectedOrigin: 42 }))).toEqual({
      kind: "origin",
      expectedOrigin: null,
    });
  });

  it("names a rate limit, in the body or as a plain 429", () => {
    expect(troubleFromCheck(refused({ code: "RATE_LIMITED", message: "slow down" }))).toEqual({
      kind: "rate-limited",
    });
    expect(troubleFromCheck({ status: 429, body: null })).toEqual({ kind: "rate-limited" });
  });

  it("reads no answer, or a proxy's 'server down', as unreachable", () => {
    expect(troubleFromCheck(null)).toEqual({ kind: "unreachable" });
    for (const status of [502, 503, 504])
      expect(troubleFromCheck({ status, body: null })).toEqual({ kind: "unreachable" });
  });

  it("cannot tell more when the check passes, is missing or says something else", () => {
    expect(troubleFromCheck({ status: 200, body: { ok: true, publicOrigin: "http://x" } })).toEqual({
      kind: "unknown",
    });
    expect(troubleFromCheck({ status: 404, body: null })).toEqual({ kind: "unknown" });
    expect(troubleFromCheck({ status: 200, body: "<html>" })).toEqual({ kind: "unknown" });
    expect(troubleFromCheck(refused({ code: "SOMETHING_NEW" }))).toEqual({ kind: "unknown" });
  });

  it("reads a connection middleware's refusal data the same way", () => {
    expect(refusalOf({ code: "RATE_LIMITED" })).toEqual({ kind: "rate-limited" });
    expect(refusalOf(undefined)).toBeNull();
    expect(refusalOf({ code: "ORIGIN_NOT_ALLOWED", expectedOrigin: "" })).toEqual({
      kind: "origin",
      expectedOrigin: null,
    });
  });
});
