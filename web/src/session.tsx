// Who is signed in, shared by the header, the sign-in page and the admin screen; and the way back to the page a
// person was on when they went to sign in (`#/dang-nhap?ve=/phan-anh/PA-2026-000123`).
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fetchMe, fetchProfile, signOut as apiSignOut, type Me, type Profile } from './api.js';

export type SessionState =
  { status: 'loading' } | { status: 'signed_out' } | { status: 'signed_in'; me: Me; profile: Profile | null };

export interface Session {
  state: SessionState;
  /** Asks the API again who is signed in (after signing in); returns what it answered. */
  refresh: () => Promise<SessionState>;
  signOut: () => Promise<void>;
  /** Asks the API who is signed in unless it was asked already (pages that need to know for sure). */
  ensureChecked: () => void;
}

/**
 * Set while this browser has signed in through the app. The session cookie is HttpOnly, so the app
 * cannot see it; without this hint every visit would ask the API and get a 401, which browsers log
 * as an error. Pages that need the answer (administration) ask anyway.
 */
const HINT_KEY = 'pakn.session';

function readHint(): boolean {
  try {
    return window.localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return false;
  }
}

function writeHint(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(HINT_KEY, '1');
    else window.localStorage.removeItem(HINT_KEY);
  } catch {
    // Without storage the header shows "Đăng nhập" after a reload until a page asks the API.
  }
}

/**
 * Called just before the browser leaves for single sign-on: it comes back signed in on a fresh page load, and
 * the header should ask who it is (if the sign-in failed, the first answer, a 401, clears this again).
 */
export function expectSignIn(): void {
  writeHint(true);
}

const SessionContext = createContext<Session | null>(null);

async function load(): Promise<SessionState> {
  const me = await fetchMe();
  if (me === null) return { status: 'signed_out' };
  // The name is for the header only; without it the header names the kind of account.
  const profile = await fetchProfile().catch(() => null);
  return { status: 'signed_in', me, profile };
}

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>(() =>
    readHint() ? { status: 'loading' } : { status: 'signed_out' },
  );
  const checked = useRef(false);

  const refresh = useCallback(async (): Promise<SessionState> => {
    checked.current = true;
    let next: SessionState;
    try {
      next = await load();
      writeHint(next.status === 'signed_in');
    } catch {
      // The API is unreachable: offer to sign in rather than claim a session nobody can check.
      next = { status: 'signed_out' };
    }
    setState(next);
    return next;
  }, []);

  const signOut = useCallback(async () => {
    await apiSignOut();
    writeHint(false);
    setState({ status: 'signed_out' });
  }, []);

  const ensureChecked = useCallback(() => {
    if (checked.current) return;
    setState({ status: 'loading' });
    void refresh();
  }, [refresh]);

  useEffect(() => {
    // A page may have asked already (its effects run before this one).
    if (readHint() && !checked.current) void refresh();
  }, [refresh]);

  useEffect(() => {
    // Signed in or out in another tab of this browser (an e-mailed link opened there): this tab follows.
    const onStorage = (event: StorageEvent) => {
      if (event.key !== HINT_KEY && event.key !== null) return;
      if (readHint()) void refresh();
      else setState({ status: 'signed_out' });
    };
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener('storage', onStorage);
    };
  }, [refresh]);

  const value = useMemo<Session>(
    () => ({ state, refresh, signOut, ensureChecked }),
    [state, refresh, signOut, ensureChecked],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession() needs a <SessionProvider> above it');
  return session;
}

export function isAdmin(state: SessionState): boolean {
  return state.status === 'signed_in' && state.me.roles.includes('admin');
}

/** The sign-in page's path. */
export const SIGN_IN_PATH = '/dang-nhap';

/**
 * Only a path of this app: `/` then letters, digits and `-._~%/`, never `//host` or `/\host` (which browsers
 * read as another site) nor a scheme. The server checks the links it e-mails by the same rule
 * (`RETURN_PATH_PATTERN` in src/modules/auth/schemas.ts).
 */
const RETURN_PATH = /^\/(?![/\\])[A-Za-z0-9._~%/-]{0,199}$/;

/**
 * The page to come back to after signing in, as a hash path (`/phan-anh/PA-2026-000123`), or null when
 * `value` is none or not one we go to: anything outside this app (an open redirect would lend our address
 * to phishing) and the sign-in pages themselves.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (value === null || value === undefined || !RETURN_PATH.test(value)) return null;
  if (value === SIGN_IN_PATH || value.startsWith(`${SIGN_IN_PATH}/`)) return null;
  return value;
}

/** The sign-in page's address that comes back to `returnPath` afterwards (home needs no `ve`). */
export function signInHref(returnPath?: string | null, options: { method?: 'email' } = {}): string {
  const back = safeReturnPath(returnPath);
  const params = new URLSearchParams();
  if (options.method !== undefined) params.set('cach', options.method);
  if (back !== null && back !== '/') params.set('ve', back);
  const query = params.toString();
  return query === '' ? `#${SIGN_IN_PATH}` : `#${SIGN_IN_PATH}?${query}`;
}

/** The parameters after `?` in a location hash (`#/dang-nhap?ve=…` → `ve`). */
export function hashParams(hash: string = window.location.hash): URLSearchParams {
  const start = hash.indexOf('?');
  return new URLSearchParams(start === -1 ? '' : hash.slice(start + 1));
}
