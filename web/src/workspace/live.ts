// The inboxes' live updates: `GET /api/v1/inbox/stream` (Server-Sent Events fed by PostgreSQL LISTEN/NOTIFY) says
// a report changed; the inbox then asks again for its counts and its page, once for a burst of events.
import { useEffect, useRef, useState } from 'preact/hooks';

export const INBOX_STREAM_URL = '/api/v1/inbox/stream';

/**
 * `connecting` until the stream opens; `live` while it is open; `reconnecting` after it dropped (EventSource tries
 * again by itself; if it gave up — the server refused the stream — it is opened again after a pause);
 * `unavailable` where the browser has no EventSource (the inbox still works, by hand).
 */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

/** Pauses before opening a stream the browser gave up on again: 5 s, then longer, at most a minute. */
const RETRY_MS = [5_000, 15_000, 30_000, 60_000];

/**
 * Calls `onChange` after events arrive (at most once per `debounceMs`, after the last of a burst), and when the
 * stream opens again after a drop (events may have been missed meanwhile). Returns the stream's state.
 */
export function useInboxStream(onChange: () => void, debounceMs = 800): LiveState {
  const [state, setState] = useState<LiveState>(() =>
    typeof EventSource === 'undefined' ? 'unavailable' : 'connecting',
  );
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    let source: EventSource | null = null;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let dropped = false;
    let stopped = false;

    const schedule = () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        changed.current();
      }, debounceMs);
    };

    const open = () => {
      if (stopped) return;
      const current = new EventSource(INBOX_STREAM_URL, { withCredentials: true });
      source = current;
      current.addEventListener('open', () => {
        failures = 0;
        setState('live');
        if (dropped) schedule();
        dropped = false;
      });
      current.addEventListener('inbox', () => {
        schedule();
      });
      current.addEventListener('error', () => {
        dropped = true;
        setState('reconnecting');
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error status, a wrong type).
        if (current.readyState !== EventSource.CLOSED) return;
        current.close();
        const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 60_000;
        failures += 1;
        retry = setTimeout(open, wait);
      });
    };

    open();
    return () => {
      stopped = true;
      clearTimeout(debounce);
      clearTimeout(retry);
      source?.close();
    };
  }, [debounceMs]);

  return state;
}
