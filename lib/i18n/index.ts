// Two locales, chosen by a cookie (so the server renders the right language, no flash) and
// falling back to the browser's Accept-Language / navigator.language.
import { en, type MessageKey, type Messages } from "./messages-en";
import { zh } from "./messages-zh";

export type Locale = "en" | "zh-CN";
export const LOCALES: readonly Locale[] = ["en", "zh-CN"];
export const LOCALE_COOKIE = "arena-locale";
export type { MessageKey };

const DICTIONARIES: Record<Locale, Messages> = { en, "zh-CN": zh };

export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "zh-CN";
}

/** Picks a locale from an Accept-Language header or a navigator.languages list. */
export function localeFromLanguages(languages: string | readonly string[] | null | undefined): Locale {
  const list = typeof languages === "string" ? languages.split(",").map((part) => part.split(";")[0]!.trim()) : languages ?? [];
  for (const tag of list) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const dictionary = DICTIONARIES[locale];
  return (key, values) => {
    const template = dictionary[key] ?? en[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
  };
}

/** The message key for a protocol error code (unknown codes read as a server error). */
export function errorMessageKey(code: string): MessageKey {
  const key = `error.${code}`;
  return key in en ? (key as MessageKey) : "error.INTERNAL";
}
