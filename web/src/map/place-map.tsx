// The report flow's map (step "Địa điểm"): a tap on the map, or the button that takes the crosshair in its middle,
// chooses the place of the report. Shows the place already had from the phone or the photo, so it can be
// corrected. A point outside the province is refused here, before the server would.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { inProvince } from './geo.js';
import { useMapLoad, useNearViewport } from './lazy.js';
import type { PlaceMapController } from './leaflet-map.js';
import { MapPlaceholder } from './map-placeholder.js';

export interface PlaceMapProps {
  latitude: number | null;
  longitude: number | null;
  /** A place chosen on the map, rounded to 6 decimals (≈ 0.1 m). */
  onPick: (latitude: number, longitude: number) => void;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export function PlaceMap({ latitude, longitude, onPick }: PlaceMapProps) {
  const { t, formatNumber } = useI18n();
  const frameRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<PlaceMapController | null>(null);
  const near = useNearViewport(frameRef);
  const { load, retry } = useMapLoad(near);
  const [outside, setOutside] = useState(false);
  const [tilesFailed, setTilesFailed] = useState(false);
  const hintId = useId();

  /** The place last chosen on this map: already where the person looks, so the map does not move to it. */
  const tapped = useRef<string | null>(null);
  const pickRef = useRef<(lat: number, lon: number) => void>(() => undefined);
  pickRef.current = (lat, lon) => {
    if (load.status === 'ready' && !inProvince(load.outlines, lat, lon)) {
      setOutside(true);
      return;
    }
    setOutside(false);
    tapped.current = `${round6(lat)},${round6(lon)}`;
    onPick(round6(lat), round6(lon));
  };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (load.status !== 'ready' || canvas === null) return;
    const controller = load.leaflet.createPlaceMap({
      container: canvas,
      settings: load.settings,
      outlines: load.outlines,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      point: null,
      markerTitle: t('map.marker'),
      texts: {
        zoomIn: t('map.zoomIn'),
        zoomOut: t('map.zoomOut'),
        close: t('map.close'),
        label: t('map.pickLabel'),
        cluster: (count) => t('map.cluster', { count: formatNumber(count) }),
        formatNumber,
      },
      onTileError: () => {
        setTilesFailed(true);
      },
      onPick: (lat, lon) => {
        pickRef.current(lat, lon);
      },
    });
    controllerRef.current = controller;
    const resized =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            controller.resize();
          });
    resized?.observe(canvas);
    return () => {
      resized?.disconnect();
      controllerRef.current = null;
      controller.destroy();
    };
  }, [load, t, formatNumber]);

  // The marker follows the draft's place: chosen here, the phone's position, the photo's, or cleared. A place
  // from elsewhere is brought into view, zoomed in.
  useEffect(() => {
    const place = latitude !== null && longitude !== null ? { lat: latitude, lon: longitude } : null;
    controllerRef.current?.setPoint(place, place !== null && `${place.lat},${place.lon}` !== tapped.current);
  }, [load, latitude, longitude]);

  return (
    <section class="place-map" aria-labelledby={`${hintId}-title`} data-testid="place-map">
      <h3 id={`${hintId}-title`}>{t('map.pickTitle')}</h3>
      <p class="field-hint" id={hintId}>
        {t('map.pickHint')}
      </p>
      <div class="map-frame map-frame-pick" ref={frameRef}>
        <div class="map-canvas" ref={canvasRef} aria-describedby={hintId} data-testid="place-map-canvas" />
        <span class="map-crosshair" aria-hidden="true" />
        <MapPlaceholder load={load} retry={retry} />
      </div>
      <div class="map-notices" aria-live="polite">
        {outside && <p class="field-error">{t('map.outside')}</p>}
        {load.status === 'ready' && load.settings.tileUrl === null && <p>{t('map.noTiles')}</p>}
        {tilesFailed && <p>{t('map.tilesFailed')}</p>}
      </div>
      <button
        type="button"
        class="button"
        data-testid="place-map-centre"
        disabled={load.status !== 'ready'}
        onClick={() => {
          const centre = controllerRef.current?.centre();
          if (!centre) return;
          pickRef.current(centre.lat, centre.lon);
        }}
      >
        {t('map.pickCentre')}
      </button>
    </section>
  );
}
