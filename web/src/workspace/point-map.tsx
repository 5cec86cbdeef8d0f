// A small map of where a report is, on the report screen: the area outlines and the report's point, loaded (with
// Leaflet) only when it comes into view. The place in words and a link to OpenStreetMap stand beside it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { useMapLoad, useNearViewport } from '../map/lazy.js';
import { MapPlaceholder } from '../map/map-placeholder.js';

export function PointMap({ latitude, longitude }: { latitude: number; longitude: number }) {
  const { t, formatNumber } = useI18n();
  const frameRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const near = useNearViewport(frameRef);
  const { load, retry } = useMapLoad(near);
  const [tilesFailed, setTilesFailed] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (load.status !== 'ready' || canvas === null) return;
    const controller = load.leaflet.createPlaceMap({
      container: canvas,
      settings: load.settings,
      outlines: load.outlines,
      scrollWheelZoom: false,
      point: { lat: latitude, lon: longitude },
      markerTitle: t('workspace.report.mapMarker'),
      texts: {
        zoomIn: t('map.zoomIn'),
        zoomOut: t('map.zoomOut'),
        close: t('map.close'),
        label: t('workspace.report.mapLabel'),
        cluster: (count) => t('map.cluster', { count: formatNumber(count) }),
        formatNumber,
      },
      onTileError: () => {
        setTilesFailed(true);
      },
      // Looking only: a tap on the map chooses nothing.
      onPick: () => undefined,
    });
    const resized =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            controller.resize();
          });
    resized?.observe(canvas);
    return () => {
      resized?.disconnect();
      controller.destroy();
    };
  }, [load, latitude, longitude, t, formatNumber]);

  return (
    <div class="ws-point-map">
      <div class="map-frame ws-map-frame" ref={frameRef}>
        <div class="map-canvas" ref={canvasRef} data-testid="report-map" />
        <MapPlaceholder load={load} retry={retry} />
      </div>
      <div class="map-notices" aria-live="polite">
        {load.status === 'ready' && load.settings.tileUrl === null && <p>{t('map.noTiles')}</p>}
        {tilesFailed && <p>{t('map.tilesFailed')}</p>}
      </div>
    </div>
  );
}
