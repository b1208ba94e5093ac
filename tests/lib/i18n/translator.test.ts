import { describe, expect, it } from "vitest";
import { errorMessageKey, translator, type MessageKey, type Messages } from "../../../lib/i18n";
import { en } from "../../../lib/i18n/messages-en";
import { zh } from "../../../lib/i18n/messages-zh";

describe("plurals", () => {
  const tEn = translator(en, "en");
  const tZh = translator(zh, "zh-CN");

  it.each([
    [0, "0 more sessions loaded"],
    [1, "1 more session loaded"],
    [2, "2 more sessions loaded"],
    [21, "21 more sessions loaded"],
    [1000, "1000 more sessions loaded"],
  ])("English picks the form for %i", (count, text) => {
    expect(tEn("history.moreLoaded", { count })).toBe(text);
  });

  it("English agrees the verb with the count, not the total", () => {
    expect(tEn("host.ratesSubmitted", { count: 1, total: 3 })).toBe("1 of 3 has submitted a learning rate");
    expect(tEn("host.ratesSubmitted", { count: 0, total: 1 })).toBe("0 of 1 have submitted a learning rate");
    expect(tEn("host.ratesSubmitted", { count: 2, total: 2 })).toBe("2 of 2 have submitted a learning rate");
    expect(tEn("history.participants", { count: 1 })).toBe("1 participant");
    expect(tEn("history.rounds", { count: 0 })).toBe("0 rounds");
  });

  it.each([0, 1, 2, 25])("Chinese has one form (%i)", (count) => {
    expect(tZh("history.moreLoaded", { count })).toBe(`又加载了 ${count} 个课堂`);
    expect(tZh("history.rounds", { count })).toBe(`${count} 轮`);
  });

  it("uses the locale's rules, not English's", () => {
    // Both forms given, but zh-CN's rules only ever select `other`.
    const forms: Messages = { ...en, "history.rounds": { one: "ONE {count}", other: "OTHER {count}" } };
    expect(translator(forms, "zh-CN")("history.rounds", { count: 1 })).toBe("OTHER 1");
    expect(translator(forms, "en")("history.rounds", { count: 1 })).toBe("ONE 1");
  });

  it("falls back to `other` without a count or for a form the message lacks", () => {
    expect(tEn("history.moreLoaded")).toBe("{count} more sessions loaded");
    expect(tEn("history.moreLoaded", { count: "many" })).toBe("many more sessions loaded");
    const onlyOther: Messages = { ...en, "history.rounds": { other: "{count} rounds" } };
    expect(translator(onlyOther, "en")("history.rounds", { count: 1 })).toBe("1 rounds");
  });
});

describe("translator", () => {
  const t = translator(en, "en");

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("join.welcome", { name: "Ada" })).toBe("Hi Ada!");
    expect(t("join.welcome", {})).toBe("Hi {name}!");
    expect(t("common.round", { n: 3, extra: "x" })).toBe("Round 3");
  });

  it("shows a missing key as itself, and a missing error text as the server-error text", () => {
    const partial = { ...en } as Record<string, unknown>;
    delete partial["join.welcome"];
    delete partial["error.ROOM_FULL"];
    const tPartial = translator(partial as Messages, "en");
    expect(tPartial("join.welcome", { name: "Ada" })).toBe("join.welcome");
    expect(tPartial("error.ROOM_FULL")).toBe(en["error.INTERNAL"]);
  });

  it("maps error codes to keys, unknown or odd codes to the server error", () => {
    expect(t(errorMessageKey("ROOM_FULL"))).toBe("This session is full.");
    expect(t(errorMessageKey("FROM_A_NEWER_SERVER"))).toBe(en["error.INTERNAL"]);
    expect(errorMessageKey("network; drop")).toBe("error.INTERNAL" satisfies MessageKey);
  });

  it("translates the storage warning from its code in both languages", () => {
    expect(t("warning.STORAGE_DEGRADED")).toMatch(/^Storage warning: the database is not answering/);
    expect(translator(zh, "zh-CN")("warning.STORAGE_DEGRADED")).toMatch(/^存储警告：数据库没有响应/);
  });
});
