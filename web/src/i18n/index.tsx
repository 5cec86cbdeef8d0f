// Language choice, message lookup and locale-aware number formatting for the web app.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { formatDecimal } from '../format.js';
import { vi, type Catalogue, type MessageKey } from './vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey };
export type MessageParams = Readonly<Record<string, string | number>>;

export const LANGS: readonly Lang[] = ['vi', 'en'];
/** Each language's name in itself, as the language switch shows it. */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = { vi: 'Tiếng Việt', en: 'English' };

/**
 * The catalogues loaded so far. Vietnamese, the language of nearly every visitor, is part of the app's first
 * script; English is a chunk of its own, loaded when chosen (a third of the app's first JavaScript otherwise, on
 * every phone that never shows it). Until it has arrived the page stays in Vietnamese, under `<html lang="vi">`.
 */
const loaded: Partial<Record<Lang, Catalogue>> = { vi };
let englishLoading: Promise<Catalogue> | undefined;

/** Whether `lang`'s messages can be shown now. */
export function catalogueLoaded(lang: Lang): boolean {
  return loaded[lang] !== undefined;
}

/** Loads `lang`'s catalogue; a failed load (offline, the chunk not kept yet) is tried again on the next call. */
export function loadCatalogue(lang: Lang): Promise<Catalogue> {
  const catalogue = loaded[lang];
  if (catalogue !== undefined) return Promise.resolve(catalogue);
  englishLoading ??= import('./en.js').then(
    (module) => {
      loaded.en = module.en;
      return module.en;
    },
    (error: unknown) => {
      englishLoading = undefined;
      throw error;
    },
  );
  return englishLoading;
}

const STORAGE_KEY = 'pakn.lang';

function isLang(value: string | null): value is Lang {
  return value === 'vi' || value === 'en';
}

/**
 * The message for `key` in `lang`, with each `{name}` replaced by `params.name`; in Vietnamese while `lang`'s
 * catalogue is not loaded (see loadCatalogue).
 */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const message = (loaded[lang] ?? vi)[key];
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
  /** The language chosen; shown once its catalogue has loaded, Vietnamese until then. */
  const [chosen, setChosen] = useState<Lang>(() => {
    const first = initial ?? initialLang();
    // Asked for now rather than after the first paint: an English reader waits one round trip less.
    if (!catalogueLoaded(first)) loadCatalogue(first).catch(() => undefined);
    return first;
  });
  const [attempt, setAttempt] = useState(0);
  const [, setArrived] = useState(0);
  const lang: Lang = catalogueLoaded(chosen) ? chosen : 'vi';

  useEffect(() => {
    // Shown already. (Loaded but not shown yet happens too: the load started at the first render may finish
    // before this effect runs; then it only re-renders.)
    if (lang === chosen) return undefined;
    let live = true;
    loadCatalogue(chosen).then(
      () => {
        if (live) setArrived((n) => n + 1);
      },
      () => {
        // Not loaded (offline, the chunk not kept yet): the page stays in Vietnamese; choosing again retries.
      },
    );
    return () => {
      live = false;
    };
  }, [chosen, lang, attempt]);

  // Before paint, not after: the page must never show one language under <html lang> of the other (screen
  // readers pronounce by it, and api.ts asks the server in it).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setChosen(next);
    setAttempt((n) => n + 1);
    try {
      storage()?.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits; the choice still applies now.
    }
  }, []);

  // Numbers as vi-VN and en-GB write them, without Intl (see ../format.ts: its first use costs a cheap phone
  // tens of milliseconds before the first page answers).
  const value = useMemo<I18n>(
    () => ({
      lang,
      t: (key, params) => translate(lang, key, params),
      setLang,
      formatNumber: (n) => formatDecimal(n, lang),
      formatPercent: (p) => `${formatDecimal(p, lang, 1)}%`,
    }),
    [lang, setLang],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new Error('useI18n() needs an <I18nProvider> above it');
  return i18n;
}
