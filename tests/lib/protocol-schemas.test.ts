import { describe, expect, it } from "vitest";
import { cleanText, normalizeCode, parseLearningRate, schemas, textLength } from "../../lib/protocol-schemas";

describe("parseLearningRate", () => {
  it("accepts numbers and strict decimal strings in (0, 1000]", () => {
    expect(parseLearningRate("1e-4")).toBe(1e-4);
    expect(parseLearningRate("0.0001")).toBe(1e-4);
    expect(parseLearningRate(" 2.5E-4 ")).toBe(2.5e-4);
    expect(parseLearningRate(".5")).toBe(0.5);
    expect(parseLearningRate(1000)).toBe(1000);
    expect(parseLearningRate(1)).toBe(1);
  });
  it.each([
    0,
    -0,
    -1,
    1000.0001,
    Number.NaN,
    Infinity,
    "1e400",
    "",
    " ",
    "1e-4abc",
    "0x10",
    "Infinity",
    "NaN",
    "1,5",
    "--1",
    "1e",
    true,
    null,
    undefined,
    {},
    [1],
    "9".repeat(65),
  ])("rejects %j", (value) => expect(parseLearningRate(value)).toBeNull());
});

describe("text", () => {
  it("trims, folds whitespace and strips invisible and bidi-control characters", () => {
    expect(cleanText("  A\u200bda \u202eLovelace\u2066  ")).toBe("Ada Lovelace");
    expect(cleanText("\ufeff李\u00ad雷\n\t🚀")).toBe("李雷 🚀");
  });
  it("counts user-visible characters, not UTF-16 units", () => {
    expect(textLength("🚀🚀")).toBe(2);
  });
  it("limits nicknames to 1-24 characters after cleaning", () => {
    expect(schemas.join.safeParse({ code: "abc-234", nickname: " 😀".repeat(12) }).success).toBe(true);
    expect(schemas.join.safeParse({ code: "ABC234", nickname: "\u200b\u200b" }).success).toBe(false);
    expect(schemas.join.safeParse({ code: "ABC234", nickname: "x".repeat(25) }).success).toBe(false);
    expect(schemas.join.safeParse({ code: "ABC234", nickname: "<b>bold</b>" })).toMatchObject({
      success: true,
      data: { nickname: "<b>bold</b>" },
    });
  });
});

describe("join codes", () => {
  it("normalises case, spaces and dashes and refuses look-alikes", () => {
    expect(normalizeCode(" abc-234 ")).toBe("ABC234");
    expect(schemas.hostAttach.safeParse({ code: "abc 234", hostToken: "t".repeat(43) }).success).toBe(true);
    for (const code of ["ABC230", "ABC23O", "ABC231", "ABC23I", "ABCD", "ABC2345"])
      expect(schemas.hostAttach.safeParse({ code, hostToken: "t".repeat(43) }).success).toBe(false);
  });
  it("rejects unknown and prototype keys", () => {
    expect(schemas.lock.safeParse(JSON.parse('{"locked":true,"__proto__":{"x":1}}')).success).toBe(false);
    expect(schemas.lock.safeParse({ locked: true, constructor: 1 }).success).toBe(false);
  });
});

describe("optimisers", () => {
  it("newRound takes a non-empty list without repeats, stored in OPTIMIZER_IDS order", () => {
    expect(schemas.newRound.parse({ optimizers: ["adam", "gd"] })).toEqual({ optimizers: ["gd", "adam"] });
    expect(schemas.newRound.parse({ optimizers: ["momentum"] })).toEqual({ optimizers: ["momentum"] });
    for (const optimizers of [[], ["gd", "gd"], ["sgd"], "gd", null, ["gd", "momentum", "adam", "gd"]])
      expect(schemas.newRound.safeParse({ optimizers }).success, JSON.stringify(optimizers)).toBe(false);
  });

  it("submit takes an optional optimizer, and momentum 0 <= beta < 1 only with momentum", () => {
    expect(schemas.submit.parse({ learningRate: 1 })).toEqual({ learningRate: 1 });
    expect(schemas.submit.parse({ learningRate: 1, optimizer: "adam" })).toEqual({
      learningRate: 1,
      optimizer: "adam",
    });
    expect(schemas.submit.parse({ learningRate: 1, optimizer: "momentum", momentum: 0 })).toMatchObject({
      momentum: 0,
    });
    for (const bad of [
      { learningRate: 1, optimizer: "momentum", momentum: 1 },
      { learningRate: 1, optimizer: "momentum", momentum: Number.NaN },
      { learningRate: 1, optimizer: "momentum", momentum: "0.9" },
      { learningRate: 1, momentum: 0.9 },
      { learningRate: 1, optimizer: "adam", momentum: 0.9 },
      { learningRate: 1, optimizer: "Adam" },
    ])
      expect(schemas.submit.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
