"use client";
// Holds the current locale for every client component. The server picked the first value (cookie
// or Accept-Language) and passes that locale's texts in, so the first paint is already in the
// right language and no dictionary ships as JavaScript. Switching fetches the other dictionary's
// chunk, then writes both the cookie (for the next server render) and localStorage.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import {
  LOCALE_COOKIE,
  isLocale,
  loadMessages,
  translator,
  type Locale,
  type Messages,
  type Translate,
} from "../../lib/i18n";

interface I18nValue {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);
const STORAGE_KEY = "arena:locale";

export function I18nProvider(props: { locale: Locale; messages: Messages; children: ReactNode }) {
  const [current, setCurrent] = useState({ locale: props.locale, messages: props.messages });
  // Only the latest switch applies if two dictionary downloads overlap.
  const latest = useRef(0);

  const setLocale = useCallback((next: Locale) => {
    const request = ++latest.current;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* storage disabled: the cookie still remembers */
    }
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    void loadMessages(next).then((messages) => {
      if (request === latest.current) setCurrent({ locale: next, messages });
    });
  }, []);

  // A choice saved in localStorage wins over a missing/expired cookie.
  useEffect(() => {
    let saved: string | null = null;
    try {
      saved = window.localStorage.getItem(STORAGE_KEY);
    } catch {
      /* storage disabled */
    }
    if (isLocale(saved) && saved !== props.locale) setLocale(saved);
  }, [props.locale, setLocale]);

  useEffect(() => {
    document.documentElement.lang = current.locale;
  }, [current.locale]);

  const value = useMemo(
    () => ({ locale: current.locale, setLocale, t: translator(current.messages, current.locale) }),
    [current, setLocale],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
