// t("inbox.title", { name }) looks the dotted key up in the chosen language's catalogue.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { en, type Catalogue } from "./en";
import { nl } from "./nl";

export const CATALOGUES = { en, nl } as const;
export type Language = keyof typeof CATALOGUES;

type Keys<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Keys<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Keys<Catalogue>;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translate(
  catalogue: Catalogue,
  key: MessageKey,
  values?: Record<string, string | number>,
): string {
  let node: unknown = catalogue;
  for (const part of key.split(".")) node = (node as Record<string, unknown>)[part];
  const text = typeof node === "string" ? node : key;
  return values ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`)) : text;
}

const STORAGE_KEY = "helpdesk.language";

export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && stored in CATALOGUES) return stored as Language;
  return navigator.language.toLowerCase().startsWith("nl") ? "nl" : "en";
}

interface I18n {
  t: Translate;
  language: Language;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, language: first }: { children: ReactNode; language?: Language }) {
  const [language, setLanguageState] = useState<Language>(first ?? initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({ language, setLanguage, t: (key, values) => translate(CATALOGUES[language], key, values) }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
