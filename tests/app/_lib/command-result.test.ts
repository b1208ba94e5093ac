import { describe, expect, it } from "vitest";
import { failureMessageKey, failureOf, OFFLINE } from "../../../app/_lib/command-result";

describe("a command that did not go through", () => {
  it("is offline when no ack came, not a server error", () => {
    const failure = failureOf(OFFLINE);
    expect(failure).toEqual({ kind: "offline" });
    expect(failureMessageKey(failure)).toBe("error.network");
  });

  it("keeps the server's code when the server refused it", () => {
    const failure = failureOf({ ok: false, error: { code: "NICKNAME_TAKEN", message: "taken" } });
    expect(failure).toEqual({ kind: "refused", code: "NICKNAME_TAKEN" });
    expect(failureMessageKey(failure)).toBe("error.NICKNAME_TAKEN");
  });

  it("reads a refusal whose message happens to be 'network' as the refusal it is", () => {
    const failure = failureOf({ ok: false, error: { code: "INTERNAL", message: "network" } });
    expect(failureMessageKey(failure)).toBe("error.INTERNAL");
  });
});
