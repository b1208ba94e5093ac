import { describe, expect, it } from "vitest";
import { z } from "zod";
import { schemas } from "../../lib/protocol-schemas";
import { firstIssueMessage, issueMessages } from "../../lib/validation-message";

describe("validation messages", () => {
  it("say where the problem is, or name the whole thing when it is the top level", () => {
    const joined = schemas.join.safeParse({ code: "ABC234", nickname: "" });
    expect(joined.success).toBe(false);
    if (joined.success) return;
    expect(firstIssueMessage(joined.error)).toBe("nickname: a nickname has 1 to 24 characters");
    const top = z.object({}).strict().safeParse(7);
    expect(top.success || firstIssueMessage(top.error, "body")).toMatch(/^body: /);
  });

  it("lists every problem for configuration errors, one line each", () => {
    const env = z.object({ PORT: z.coerce.number().int(), HOST: z.string().min(1) }).safeParse({ PORT: "x", HOST: "" });
    expect(env.success).toBe(false);
    if (env.success) return;
    const lines = issueMessages(env.error, "environment");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^PORT: /);
    expect(lines[1]).toMatch(/^HOST: /);
  });
});
