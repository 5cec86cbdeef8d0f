// Loading a map only when it is about to be seen: its element near the viewport (and shown), then Leaflet's
// chunk, the background map's settings and the area outlines, all at once. Nothing is fetched for a map
// a person never scrolls to, or on a page where it stays hidden (the phone's list view).
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { fetchMapSettings, fetchOutlines, type MapSettings } from './api.js';
import type { Outline } from './geo.js';
import type * as LeafletMap from './leaflet-map.js';

type LeafletModule = typeof LeafletMap;

export type MapLoad =
  | { status: 'waiting' }
  | { status: 'loading' }
  | { status: 'offline' }
  | { status: 'error' }
  | { status: 'ready'; leaflet: LeafletModule; settings: MapSettings; outlines: Outline[] };

/** True once the element has come within `margin` of the viewport while displayed; stays true. */
export function useNearViewport(ref: RefObject<HTMLElement | null>, margin = '200px'): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || element === null) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [ref, near, margin]);
  return near;
}

/** Leaflet, the settings and the outlines once `wanted`; `retry` starts again after a failure. */
export function useMapLoad(wanted: boolean): { load: MapLoad; retry: () => void } {
  const [load, setLoad] = useState<MapLoad>({ status: 'waiting' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!wanted) return;
    // Offline (a report written without a network) the map cannot load: it waits for the network instead of
    // failing, and the other ways of giving the place still work.
    if (!navigator.onLine) {
      setLoad({ status: 'offline' });
      const online = () => {
        setAttempt((n) => n + 1);
      };
      window.addEventListener('online', online, { once: true });
      return () => {
        window.removeEventListener('online', online);
      };
    }
    let live = true;
    setLoad({ status: 'loading' });
    Promise.all([import('./leaflet-map.js'), fetchMapSettings(), fetchOutlines()]).then(
      ([leaflet, settings, outlines]) => {
        if (live) setLoad({ status: 'ready', leaflet, settings, outlines });
      },
      () => {
        if (live) setLoad({ status: 'error' });
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, attempt]);
  return {
    load,
    retry: () => {
      setAttempt((n) => n + 1);
    },
  };
}
