// Two locales, chosen by a cookie (so the server renders the right language, no flash) and
// falling back to the browser's Accept-Language / navigator.language.
// No dictionary is imported here at run time: a phone downloads only the active locale's texts
// (the layout passes them down), and the other one only if the student switches (loadMessages).
import type { ErrorCode } from "../protocol";
import type { Message, MessageKey, Messages, PluralForms } from "./messages-en";

export type Locale = "en" | "zh-CN";
export const LOCALES: readonly Locale[] = ["en", "zh-CN"];
export const LOCALE_COOKIE = "arena-locale";
export type { Message, MessageKey, Messages, PluralForms };

export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "zh-CN";
}

/** Picks a locale from an Accept-Language header or a navigator.languages list. */
export function localeFromLanguages(languages: string | readonly string[] | null | undefined): Locale {
  const list =
    typeof languages === "string" ? languages.split(",").map((part) => part.split(";")[0]!.trim()) : (languages ?? []);
  for (const tag of list) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

/** One chunk per dictionary, fetched on demand (server render and language switch). */
export async function loadMessages(locale: Locale): Promise<Messages> {
  return locale === "zh-CN" ? (await import("./messages-zh")).zh : (await import("./messages-en")).en;
}

/** Fills `{name}` placeholders; a plural message picks its form by `values.count`. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(dictionary: Messages, locale: Locale): Translate {
  const plurals = new Intl.PluralRules(locale);
  return (key, values) => {
    // An error code this build does not know (a newer server) reads as a server error.
    const message: Message = dictionary[key] ?? (key.startsWith("error.") ? dictionary["error.INTERNAL"] : key);
    // No count (or not a number) selects `other`, the one form every plural message has.
    const template =
      typeof message === "string" ? message : (message[plurals.select(Number(values?.count))] ?? message.other);
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
  };
}

// Every protocol error code has a text (a missing `error.<CODE>` key fails type-checking here).
type ErrorKey = `error.${ErrorCode}`;
const errorKeysExist: ErrorKey extends MessageKey ? true : never = true;

/** The message key for a protocol error code (unknown codes fall back in translator()). */
export function errorMessageKey(code: string): MessageKey {
  // No list of codes at run time (it would ship to every phone): the dictionary is the list.
  return errorKeysExist && /^[A-Z_]+$/.test(code) ? (`error.${code}` as ErrorKey) : "error.INTERNAL";
}
