// A tiny hash router: `#/gui-phan-anh` → `/gui-phan-anh`. Static hosting needs no server routes.
import { useEffect, useState } from 'preact/hooks';

/**
 * The path a location hash names, or null when the hash is not a route (`#main`, an in-page
 * target such as the skip link's): the page shown must not change then.
 */
export function pathFromHash(hash: string): string | null {
  if (hash === '' || hash === '#') return '/';
  if (!hash.startsWith('#/')) return null;
  const path = hash.slice(1).split('?')[0] ?? '/';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export function useHashPath(): string {
  const [path, setPath] = useState(() => pathFromHash(window.location.hash) ?? '/');
  useEffect(() => {
    const onChange = () => {
      const next = pathFromHash(window.location.hash);
      if (next !== null) setPath(next);
    };
    window.addEventListener('hashchange', onChange);
    // The hash may have changed between the first render and this effect.
    onChange();
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);
  return path;
}
