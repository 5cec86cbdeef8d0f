// Language choice, message lookup and locale-aware number formatting for the web app.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { en } from './en.js';
import { vi, type Catalogue, type MessageKey } from './vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey };
export type MessageParams = Readonly<Record<string, string | number>>;

export const LANGS: readonly Lang[] = ['vi', 'en'];
/** Each language's name in itself, as the language switch shows it. */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = { vi: 'Tiếng Việt', en: 'English' };
export const catalogues: Readonly<Record<Lang, Catalogue>> = { vi, en };

const STORAGE_KEY = 'pakn.lang';
const LOCALES: Readonly<Record<Lang, string>> = { vi: 'vi-VN', en: 'en-GB' };

function isLang(value: string | null): value is Lang {
  return value === 'vi' || value === 'en';
}

/** The message for `key` in `lang`, with each `{name}` replaced by `params.name`. */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const message = catalogues[lang][key];
  if (params === undefined) return message;
  return message.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

/** Storage can be missing or throw (privacy modes, disabled cookies); the app must still work. */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function readStoredLang(): string | null {
  try {
    return storage()?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** `?lang=` (a shared link) wins over the remembered choice, which wins over Vietnamese. */
export function initialLang(search: string = window.location.search): Lang {
  const fromQuery = new URLSearchParams(search).get('lang');
  if (isLang(fromQuery)) return fromQuery;
  const remembered = readStoredLang();
  return isLang(remembered) ? remembered : 'vi';
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, params?: MessageParams) => string;
  setLang: (lang: Lang) => void;
  formatNumber: (value: number) => string;
  /** `percent` is on a 0–100 scale, e.g. 87.5 → `87,5%` in Vietnamese. */
  formatPercent: (percent: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ initial, children }: { initial?: Lang; children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? initialLang());

  // Before paint, not after: the page must never show one language under <html lang> of the other (screen
  // readers pronounce by it, and api.ts asks the server in it).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    document.documentElement.lang = next;
    setLangState(next);
    try {
      storage()?.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits; the choice still applies now.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const numbers = new Intl.NumberFormat(LOCALES[lang]);
    const percents = new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 });
    return {
      lang,
      t: (key, params) => translate(lang, key, params),
      setLang,
      formatNumber: (n) => numbers.format(n),
      formatPercent: (p) => percents.format(p / 100),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new Error('useI18n() needs an <I18nProvider> above it');
  return i18n;
}
