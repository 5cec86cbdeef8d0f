// Test helpers: mount the app or a page in happy-dom with a stubbed public API.
import { render, type ComponentChild } from 'preact';
import { vi } from 'vitest';
import type { PublicStats, SiteInfo } from './api.js';
import { I18nProvider, loadCatalogue, type Lang } from './i18n/index.js';

// English is loaded on first use in the app (i18n/index.tsx); the tests mount pages in either language at once.
await loadCatalogue('en');

export const sampleSite: SiteInfo = {
  name: 'Hệ thống thông tin phản ánh hiện trường',
  shortName: 'PAKN',
  province: 'Bắc Giang',
};

export const zeroStats: PublicStats = {
  received: 0,
  handled: 0,
  onTimePercent: null,
  satisfactionPercent: null,
  asOf: '2026-02-25T10:00:00.000Z',
};

export type Responder = (url: string) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Replaces `fetch` with answers for the public endpoints the home page reads; other URLs get a 404. */
export function stubApi({
  site = sampleSite,
  stats = zeroStats,
}: { site?: SiteInfo; stats?: Responder | PublicStats } = {}) {
  const fetchMock = vi.fn((input: RequestInfo | URL): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith('/api/v1/public/site')) return Promise.resolve(json(site));
    if (url.endsWith('/api/v1/public/stats')) {
      return Promise.resolve(typeof stats === 'function' ? stats(url) : json(stats));
    }
    // The home page's recent answers: none, unless a test says otherwise.
    if (url.includes('/api/v1/public/reports?'))
      return Promise.resolve(json({ items: [], nextCursor: null }));
    return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** Renders `node` inside the i18n provider into a fresh container; returns it and an unmount function. */
export function mount(node: ComponentChild, lang: Lang = 'vi') {
  const container = document.createElement('div');
  document.body.append(container);
  render(<I18nProvider initial={lang}>{node}</I18nProvider>, container);
  return {
    container,
    unmount: () => {
      render(null, container);
      container.remove();
    },
  };
}

export function byTestId(container: ParentNode, id: string): HTMLElement {
  const element = container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (element === null) throw new Error(`No element with data-testid="${id}"`);
  return element;
}

export function text(element: Element | null | undefined): string {
  return element?.textContent.trim() ?? '';
}
