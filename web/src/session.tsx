// Who is signed in, shared by the header, the sign-in page and the admin screen.
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
