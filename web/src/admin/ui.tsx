// Pieces every administration section uses: loading a list, turning an API refusal into sentences in the page's
// language, the alert that shows them, and the "saved" line.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { LoadError } from '../components/load-error.js';
import { useI18n } from '../i18n/index.js';

export type Loaded<T> = { status: 'loading' } | { status: 'error' } | { status: 'ready'; data: T };

/** Loads with `fetcher` on mount and whenever `key` changes; `reload` asks again. */
export function useLoad<T>(
  fetcher: (signal: AbortSignal) => Promise<T>,
  key = '',
): [Loaded<T>, () => void, (data: T) => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    fetcher(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      () => {
        if (!controller.signal.aborted) setState({ status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
    // `fetcher` is a new function at every render: `key` says when what it fetches changed.
  }, [key, attempt]);
  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);
  const replace = useCallback((data: T) => {
    setState({ status: 'ready', data });
  }, []);
  return [state, reload, replace];
}

/** A refusal as people read it: the API's message and one sentence per problem, in the page's language. */
export interface Refusal {
  message: string;
  problems: string[];
}

export function useRefusal(): (error: unknown) => Refusal {
  const { t, lang } = useI18n();
  return useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) return { message: t('signIn.unexpected'), problems: [] };
      if (error.status === 0) return { message: t('signIn.unexpected'), problems: [] };
      return {
        message: error.userMessage ?? t('adm.failed'),
        problems: error.details.map(
          (d) => d.messages?.[lang] ?? `${d.field.replace(/^\/body\//, '')}: ${d.problem}`,
        ),
      };
    },
    [t, lang],
  );
}

/** An alert region, kept in the page while empty so that a message put in it is announced. */
export function Alert({ refusal, testId }: { refusal: Refusal | null; testId?: string }) {
  const { t } = useI18n();
  return (
    <div class="adm-alert" role="alert" data-testid={testId}>
      {refusal !== null && (
        <div class="notice notice-error">
          <p>{refusal.message}</p>
          {refusal.problems.length > 0 && (
            <>
              <p class="problems-intro">{t('adm.fixThese')}</p>
              <ul class="problems">
                {refusal.problems.map((problem, index) => (
                  <li key={index}>{problem}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** A polite status line ("Đã lưu."), kept in the page while empty. */
export function Status({ text, testId }: { text: string | null; testId?: string }) {
  return (
    <p class="adm-status" role="status" data-testid={testId}>
      {text}
    </p>
  );
}

/** The loading line or the error with "Thử lại" of a list; the list itself once it is there. */
export function LoadedView<T>({
  state,
  reload,
  children,
}: {
  state: Loaded<T>;
  reload: () => void;
  children: (data: T) => ComponentChildren;
}) {
  const { t } = useI18n();
  if (state.status === 'loading')
    return (
      <p class="adm-loading" role="status">
        {t('adm.loading')}
      </p>
    );
  if (state.status === 'error')
    return <LoadError message={t('adm.loadError')} retry={t('page.retry')} onRetry={reload} />;
  return <>{children(state.data)}</>;
}

/** Today in Vietnam, `YYYY-MM-DD`. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
}

/** `2026-01-02` → `02/01/2026` (Vietnamese) or the ISO date itself (English). */
export function showDate(date: string, lang: 'vi' | 'en'): string {
  return lang === 'vi' ? date.split('-').reverse().join('/') : date;
}

/** The name of a thing in the page's language, falling back to Vietnamese. */
export const inLang = (pair: { vi: string; en: string }, lang: 'vi' | 'en') => pair[lang] || pair.vi;

export function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint !== undefined && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
    </div>
  );
}

/**
 * For an editor opened below a long list: once shown, it is scrolled to and focused, so the person (and a screen
 * reader) lands on it instead of staying on the button far above. Give the element `tabIndex={-1}`.
 */
export function useReveal<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    if (typeof element.scrollIntoView === 'function') element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
  }, []);
  return ref;
}

/**
 * A button whose action cannot be undone from here (ending a rule or a position, deleting a day): the first press
 * asks, the second acts. `label` may carry a visually hidden part that names what it acts on.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  busy,
  onConfirm,
}: {
  label: ComponentChildren;
  confirmLabel: ComponentChildren;
  busy: boolean;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        class="button adm-item-action"
        aria-disabled={busy}
        onClick={() => {
          if (!busy) setAsking(true);
        }}
      >
        {label}
      </button>
    );
  return (
    <span class="adm-item-actions">
      <button
        type="button"
        class="button button-danger"
        aria-disabled={busy}
        onClick={() => {
          if (busy) return;
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        class="link-button"
        onClick={() => {
          setAsking(false);
        }}
      >
        {t('adm.cancel')}
      </button>
    </span>
  );
}

/** A search key that ignores case and Vietnamese accents (`Đường` = `duong`). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** An area as people write it, capitalised: its kind, then its name (`tỉnh`, `Bắc Giang` → `Tỉnh Bắc Giang`). */
export function areaName(area: { kind: string; name: string }): string {
  const text = `${area.kind.trim()} ${area.name}`.trim();
  return `${text.charAt(0).toLocaleUpperCase('vi')}${text.slice(1)}`;
}
