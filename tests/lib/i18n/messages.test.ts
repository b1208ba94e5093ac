// The two dictionaries must match: same keys, same placeholders in every form (a placeholder
// missing from one language shows up as a literal "{name}" on its pages).
import { describe, expect, it } from "vitest";
import type { Message } from "../../../lib/i18n";
import { en } from "../../../lib/i18n/messages-en";
import { zh } from "../../../lib/i18n/messages-zh";

const forms = (message: Message): string[] => (typeof message === "string" ? [message] : Object.values(message));
const placeholders = (text: string): string[] => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
const dictionaries = { en: en as Record<string, Message>, zh: zh as Record<string, Message> };
const PLURAL_CATEGORIES = ["zero", "one", "two", "few", "many", "other"];

describe("dictionaries", () => {
  it("have the same keys", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))("%s has the same placeholders in every form of both languages", (key) => {
    const expected = placeholders(forms(en[key as keyof typeof en])[0]!);
    for (const [name, dictionary] of Object.entries(dictionaries)) {
      for (const text of forms(dictionary[key]!))
        expect(placeholders(text), `${name} ${key}: ${text}`).toEqual(expected);
    }
  });

  it("give every plural message `other`, only known categories, and a {count}", () => {
    for (const [name, dictionary] of Object.entries(dictionaries)) {
      for (const [key, message] of Object.entries(dictionary)) {
        if (typeof message === "string") continue;
        expect(typeof message.other, `${name} ${key}`).toBe("string");
        for (const category of Object.keys(message)) expect(PLURAL_CATEGORIES, `${name} ${key}`).toContain(category);
        for (const text of forms(message)) expect(text, `${name} ${key}`).toContain("{count}");
      }
    }
  });

  it("have no empty texts", () => {
    for (const [name, dictionary] of Object.entries(dictionaries)) {
      for (const [key, message] of Object.entries(dictionary))
        for (const text of forms(message)) expect(text.trim(), `${name} ${key}`).not.toBe("");
    }
  });
});
