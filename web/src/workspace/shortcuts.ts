// Single-key shortcuts of the receivers' triage (j/k move, Enter opens, a accepts, / searches, ? helps). They never
// fire while a person types: not in a text field, a list, a text area or an editable region, and not with Ctrl,
// Alt or Meta held (the browser's and the screen reader's own keys).
import { useEffect, useRef } from 'preact/hooks';

/** True when the key belongs to what has focus: typing in a field, choosing in a list, pressing a button. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  // A checkbox or a radio button takes no letters; the shortcuts still work there.
  return type !== 'checkbox' && type !== 'radio' && type !== 'button' && type !== 'submit';
}

/** The keys of `bindings`, as `KeyboardEvent.key` names them (`j`, `Enter`, `/`, `?`). */
export type Bindings = Readonly<Record<string, (event: KeyboardEvent) => void>>;

/** Listens on the document while mounted and `enabled`. */
export function useShortcuts(bindings: Bindings, enabled = true): void {
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      if (isTypingTarget(event.target)) return;
      // Enter on a link or a button is theirs (it follows the link, presses the button).
      if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.closest('a, button'))
        return;
      const action = current.current[event.key];
      if (action === undefined) return;
      event.preventDefault();
      action(event);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, [enabled]);
}
