// The maps themselves, drawn with Leaflet, in a chunk of their own: the components load this module with
// `import()` only when a map is about to be seen, so no page's first download carries Leaflet or its CSS.
// Everything put in the map from data (names, codes, the attribution) goes in as text, never as HTML.
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { MapData, MapPoint, MapSettings } from './api.js';
import { statusGroupOf } from './filters.js';
import { boundsOf, labelPoint, outermost, type Bounds, type Outline } from './geo.js';

export interface MapTexts {
  zoomIn: string;
  zoomOut: string;
  /** The popups' close button (Leaflet's own label is English). */
  close: string;
  /** What the map is and how to move it, for screen readers (the container's label). */
  label: string;
  /** A cluster's tooltip: "27 phản ánh – bấm để phóng to". */
  cluster: (count: number) => string;
  formatNumber: (n: number) => string;
}

export interface BaseOptions {
  container: HTMLElement;
  settings: MapSettings;
  outlines: readonly Outline[];
  texts: MapTexts;
  /** Told once, when a background tile fails to load (offline, blocked, server down). */
  onTileError: () => void;
  /** Wheel zoom: off where the map sits in a page people scroll through. */
  scrollWheelZoom: boolean;
  /** Zoom on a double tap: off where a tap chooses a place (two quick taps are two choices). */
  doubleClickZoom?: boolean;
}

/** Vietnam, when no outline says where the province is. */
const FALLBACK_VIEW = { center: [16.2, 106.3] as [number, number], zoom: 5 };
/** District names are written on the map between these zooms (farther out they crowd, closer in they are known). */
const LABEL_ZOOMS = { min: 9, max: 13 };
/** Points (rather than clusters) come from this zoom (as the API's cellSizeFor). */
export const POINT_ZOOM = 14;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function latLngBounds([south, west, north, east]: Bounds): L.LatLngBounds {
  return L.latLngBounds([south, west], [north, east]);
}

function textElement(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}

function createBaseMap(options: BaseOptions): {
  map: L.Map;
  fitOutlines: (outlines: readonly Outline[]) => void;
} {
  const { container, settings, outlines, texts } = options;
  const map = L.map(container, {
    zoomControl: false,
    attributionControl: false,
    scrollWheelZoom: options.scrollWheelZoom,
    doubleClickZoom: options.doubleClickZoom ?? true,
    // Quarter steps, so that the province fills a phone's narrow map rather than a third of it.
    zoomSnap: 0.25,
    minZoom: 5,
    maxZoom: 19,
  });
  // Leaflet makes the map focusable (arrow keys move it); a named region says what it is.
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', texts.label);
  L.control.zoom({ zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut }).addTo(map);
  L.control.attribution({ prefix: false }).addTo(map);
  map.on('popupopen', (event: L.PopupEvent) => {
    event.popup
      .getElement()
      ?.querySelector('.leaflet-popup-close-button')
      ?.setAttribute('aria-label', texts.close);
  });

  if (settings.tileUrl !== null) {
    let told = false;
    L.tileLayer(settings.tileUrl, { attribution: escapeHtml(settings.attribution), maxZoom: 19 })
      .on('tileerror', () => {
        if (!told) options.onTileError();
        told = true;
      })
      .addTo(map);
  }

  const roots = new Set(outermost(outlines).map((o) => o.id));
  const collection: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: outlines.map((o) => ({ type: 'Feature', properties: { id: o.id }, geometry: o.geometry })),
  };
  L.geoJSON(collection, {
    interactive: false,
    style: (feature) =>
      roots.has(String((feature?.properties as { id?: unknown } | undefined)?.id))
        ? { color: '#0b4f8a', weight: 3, opacity: 0.9, fill: false }
        : { color: '#0b4f8a', weight: 1.5, opacity: 0.75, fillColor: '#0b4f8a', fillOpacity: 0.05 },
  }).addTo(map);

  // The units' names, so that the map can be read without a background (no tiles, or offline); under the
  // reports' marks, which matter more.
  map.createPane('areaLabels').style.zIndex = '450';
  const labels = L.layerGroup();
  for (const outline of outlines) {
    if (roots.has(outline.id)) continue;
    const at = labelPoint(outline.geometry);
    if (at === null) continue;
    labels.addLayer(
      L.tooltip({
        permanent: true,
        direction: 'center',
        className: 'map-area-label',
        interactive: false,
        pane: 'areaLabels',
      })
        .setLatLng(at)
        .setContent(textElement(outline.name)),
    );
  }
  const showLabels = () => {
    const zoom = map.getZoom();
    const wanted = zoom >= LABEL_ZOOMS.min && zoom <= LABEL_ZOOMS.max;
    if (wanted && !map.hasLayer(labels)) labels.addTo(map);
    if (!wanted && map.hasLayer(labels)) labels.remove();
  };
  map.on('zoomend', showLabels);

  const fitOutlines = (chosen: readonly Outline[]) => {
    const bounds = boundsOf(chosen);
    if (bounds === null) map.setView(FALLBACK_VIEW.center, FALLBACK_VIEW.zoom);
    else map.fitBounds(latLngBounds(bounds), { padding: [8, 8] });
  };
  fitOutlines(outermost(outlines));
  showLabels();
  return { map, fitOutlines };
}

/** The view in degrees, clamped to the world the API accepts. */
function viewOf(map: L.Map): { bounds: Bounds; zoom: number } {
  const b = map.getBounds();
  return {
    bounds: [
      Math.max(-90, b.getSouth()),
      Math.max(-180, b.getWest()),
      Math.min(90, b.getNorth()),
      Math.min(180, b.getEast()),
    ],
    zoom: map.getZoom(),
  };
}

/** Clusters closer on screen than their marks are wide are drawn as one: the server's grid ignores the zoom's pixels. */
const MERGE_PIXELS = 50;

function mergeOnScreen(map: L.Map, clusters: readonly MapData['clusters'][number][]): MapData['clusters'] {
  const groups: { x: number; y: number; lat: number; lon: number; count: number }[] = [];
  for (const c of [...clusters].sort((a, b) => b.count - a.count)) {
    const p = map.latLngToLayerPoint([c.latitude, c.longitude]);
    const near = groups.find((g) => Math.hypot(g.x - p.x, g.y - p.y) < MERGE_PIXELS);
    if (near === undefined) {
      groups.push({ x: p.x, y: p.y, lat: c.latitude * c.count, lon: c.longitude * c.count, count: c.count });
      continue;
    }
    near.lat += c.latitude * c.count;
    near.lon += c.longitude * c.count;
    near.count += c.count;
  }
  return groups.map((g) => ({ latitude: g.lat / g.count, longitude: g.lon / g.count, count: g.count }));
}

export interface ReportsMapController {
  show(data: MapData): void;
  /** Fits the map to an area's outline (the whole province for null); false when the area has none. */
  fitArea(areaId: string | null): boolean;
  resize(): void;
  destroy(): void;
}

/** Public reports: clusters with their counts, or points shaped and coloured by status, each with a popup. */
export function createReportsMap(
  options: BaseOptions & {
    onView: (view: { bounds: Bounds; zoom: number }) => void;
    popup: (point: MapPoint) => HTMLElement;
  },
): ReportsMapController {
  const { map, fitOutlines } = createBaseMap(options);
  const clusters = L.layerGroup().addTo(map);
  const points = new Map<string, L.Marker>();
  map.on('moveend', () => {
    options.onView(viewOf(map));
  });
  options.onView(viewOf(map));

  return {
    show(data) {
      clusters.clearLayers();
      for (const c of mergeOnScreen(map, data.clusters)) {
        const size = c.count < 10 ? 32 : c.count < 100 ? 38 : c.count < 1000 ? 44 : 52;
        const marker = L.marker([c.latitude, c.longitude], {
          icon: L.divIcon({
            className: 'map-cluster',
            html: `<span>${escapeHtml(options.texts.formatNumber(c.count))}</span>`,
            iconSize: [size, size],
          }),
          keyboard: false,
          title: options.texts.cluster(c.count),
        });
        marker.on('click', () => {
          map.setView([c.latitude, c.longitude], Math.min(POINT_ZOOM, map.getZoom() + 2));
        });
        clusters.addLayer(marker);
      }
      // Points are kept from one answer to the next: an open popup (whose opening may pan the map and so
      // ask again) stays open.
      const wanted = new Set(data.points.map((p) => p.code));
      for (const [code, marker] of points)
        if (!wanted.has(code) && !marker.isPopupOpen()) {
          marker.remove();
          points.delete(code);
        }
      for (const p of data.points) {
        if (points.has(p.code)) continue;
        const marker = L.marker([p.latitude, p.longitude], {
          icon: L.divIcon({
            className: `map-point map-point-${statusGroupOf(p.status)}`,
            iconSize: [18, 18],
          }),
          keyboard: false,
          title: p.code,
        });
        marker.bindPopup(() => options.popup(p), { className: 'map-popup' });
        marker.addTo(map);
        points.set(p.code, marker);
      }
    },
    fitArea(areaId) {
      const chosen =
        areaId === null ? outermost(options.outlines) : options.outlines.filter((o) => o.id === areaId);
      if (areaId !== null && chosen.length === 0) return false;
      fitOutlines(chosen);
      return true;
    },
    resize() {
      map.invalidateSize();
    },
    destroy() {
      map.remove();
    },
  };
}

export interface PlaceMapController {
  /** Shows the chosen place (or none); `centre` also brings it into view, zoomed in. */
  setPoint(point: { lat: number; lon: number } | null, centre: boolean): void;
  /** The middle of the map: where the crosshair is, for choosing without a pointer. */
  centre(): { lat: number; lon: number };
  resize(): void;
  destroy(): void;
}

/** The report flow's map: a tap (a click, or the crosshair's button) chooses the place of the report. */
export function createPlaceMap(
  options: BaseOptions & {
    point: { lat: number; lon: number } | null;
    markerTitle: string;
    onPick: (lat: number, lon: number) => void;
  },
): PlaceMapController {
  const { map } = createBaseMap(options);
  const marker = L.marker([0, 0], {
    icon: L.divIcon({ className: 'map-pick', iconSize: [28, 28], iconAnchor: [14, 28] }),
    keyboard: false,
    interactive: false,
    title: options.markerTitle,
  });
  map.on('click', (event: L.LeafletMouseEvent) => {
    options.onPick(event.latlng.lat, event.latlng.lng);
  });
  const controller: PlaceMapController = {
    setPoint(point, centre) {
      if (point === null) {
        marker.remove();
        return;
      }
      marker.setLatLng([point.lat, point.lon]);
      if (!map.hasLayer(marker)) marker.addTo(map);
      if (centre) map.setView([point.lat, point.lon], Math.max(map.getZoom(), 15));
    },
    centre() {
      const c = map.getCenter();
      return { lat: c.lat, lon: c.lng };
    },
    resize() {
      map.invalidateSize();
    },
    destroy() {
      map.remove();
    },
  };
  controller.setPoint(options.point, true);
  return controller;
}
