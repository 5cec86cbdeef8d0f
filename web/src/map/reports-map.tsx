// The map of public reports (home page, #/phan-anh): area outlines, clusters with their counts, points shaped and
// coloured by status with a popup linking to the report, a text key. Loaded when about to be seen; without
// background tiles (none configured, offline) it still shows the outlines and the reports.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { WorkflowTable } from '../api-follow.js';
import { stateLabel } from '../follow/labels.js';
import { useI18n } from '../i18n/index.js';
import { fetchMapData, type MapData, type MapPoint } from './api.js';
import type { Bounds } from './geo.js';
import { useMapLoad, useNearViewport } from './lazy.js';
import type { ReportsMapController } from './leaflet-map.js';
import { MapPlaceholder } from './map-placeholder.js';

export interface ReportsMapProps {
  /** `home`: a preview in a page people scroll (no wheel zoom); `page`: the reports page's map. */
  variant: 'home' | 'page';
  categoryId?: string | null;
  /** true: answered only, false: still being handled only, null: both. */
  answered?: boolean | null;
  /** The map fits this area's outline (the province for null). */
  areaId?: string | null;
  /** Category names by id, for the popups. */
  categoryNames?: ReadonlyMap<string, { vi: string; en: string }>;
  table?: WorkflowTable | null;
}

type DataState = { status: 'idle' } | { status: 'error' } | { status: 'ready'; data: MapData };

export function ReportsMap({
  variant,
  categoryId = null,
  answered = null,
  areaId = null,
  categoryNames,
  table = null,
}: ReportsMapProps) {
  const { t, lang, formatNumber } = useI18n();
  const frameRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<ReportsMapController | null>(null);
  const near = useNearViewport(frameRef);
  const { load, retry } = useMapLoad(near);
  const [view, setView] = useState<{ bounds: Bounds; zoom: number } | null>(null);
  const [data, setData] = useState<DataState>({ status: 'idle' });
  const [tilesFailed, setTilesFailed] = useState(false);
  const descriptionId = useId();

  // The popup is built when opened, with the labels known then.
  const popupRef = useRef<(point: MapPoint) => HTMLElement>(() => document.createElement('div'));
  popupRef.current = (point) => {
    const box = document.createElement('div');
    const code = document.createElement('p');
    code.className = 'map-popup-code';
    code.textContent = point.code;
    const status = document.createElement('p');
    status.textContent = t('map.popupStatus', { status: stateLabel(table, point.status, lang) });
    box.append(code, status);
    const category = point.categoryId === null ? undefined : categoryNames?.get(point.categoryId);
    if (category !== undefined) {
      const name = document.createElement('p');
      name.textContent = category[lang];
      box.append(name);
    }
    const link = document.createElement('a');
    link.href = `#/phan-anh/${encodeURIComponent(point.code)}`;
    link.textContent = t('map.popupLink', { code: point.code });
    box.append(link);
    return box;
  };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (load.status !== 'ready' || canvas === null) return;
    const controller = load.leaflet.createReportsMap({
      container: canvas,
      settings: load.settings,
      outlines: load.outlines,
      scrollWheelZoom: variant === 'page',
      texts: {
        zoomIn: t('map.zoomIn'),
        zoomOut: t('map.zoomOut'),
        close: t('map.close'),
        label: t('map.label'),
        cluster: (count) => t('map.cluster', { count: formatNumber(count) }),
        formatNumber,
      },
      onTileError: () => {
        setTilesFailed(true);
      },
      onView: setView,
      popup: (point) => popupRef.current(point),
    });
    controllerRef.current = controller;
    // A map laid out while hidden (the phone's list view) or resized with the window is measured again.
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
  }, [load, variant, t, formatNumber]);

  useEffect(() => {
    if (load.status === 'ready') controllerRef.current?.fitArea(areaId);
  }, [load, areaId]);

  // Reports in view: asked a moment after the map stops moving, the previous question dropped.
  useEffect(() => {
    if (view === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchMapData({ ...view, categoryId, answered }, controller.signal).then(
        (found) => {
          if (controller.signal.aborted) return;
          controllerRef.current?.show(found);
          setData({ status: 'ready', data: found });
        },
        () => {
          if (!controller.signal.aborted) setData({ status: 'error' });
        },
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [view, categoryId, answered]);

  const empty = data.status === 'ready' && data.data.clusters.length === 0 && data.data.points.length === 0;
  return (
    <div class={`reports-map reports-map-${variant}`} data-testid="reports-map">
      <div class="map-frame" ref={frameRef}>
        <div class="map-canvas" ref={canvasRef} aria-describedby={descriptionId} data-testid="map-canvas" />
        <MapPlaceholder load={load} retry={retry} />
      </div>
      <div class="map-notices" aria-live="polite" data-testid="map-notices">
        {load.status === 'ready' && load.settings.tileUrl === null && <p>{t('map.noTiles')}</p>}
        {tilesFailed && <p>{t('map.tilesFailed')}</p>}
        {data.status === 'error' && <p>{t('map.dataError')}</p>}
        {data.status === 'ready' && data.data.truncated && <p>{t('map.truncated')}</p>}
        {empty && <p>{t('map.empty')}</p>}
      </div>
      <MapLegend />
      <p class="field-hint" id={descriptionId}>
        {t('map.listAlternative')}
      </p>
    </div>
  );
}

/** The key: what each mark means, in words (shape as well as colour tells the two statuses apart). */
export function MapLegend() {
  const { t } = useI18n();
  return (
    <div class="map-legend" data-testid="map-legend">
      <p class="map-legend-title">{t('map.legend')}</p>
      <ul>
        <li>
          <span class="map-swatch map-point map-point-open" aria-hidden="true" />
          {t('map.legendOpen')}
        </li>
        <li>
          <span class="map-swatch map-point map-point-answered" aria-hidden="true" />
          {t('map.legendAnswered')}
        </li>
        <li>
          <span class="map-swatch map-cluster" aria-hidden="true">
            <span>12</span>
          </span>
          {t('map.legendCluster')}
        </li>
        <li>
          <span class="map-swatch map-swatch-outline" aria-hidden="true" />
          {t('map.legendOutline')}
        </li>
      </ul>
    </div>
  );
}
