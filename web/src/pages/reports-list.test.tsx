// The public reports page in happy-dom: filters read from a shared address and sent to the API, a search kept in
// the address, paging that moves focus to the first new report, the empty and failed states, the view toggle.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, mount, text } from '../test-helpers.js';
import { ReportsListPage } from './reports-list.js';

const CATEGORY = '00000000-0000-4000-8000-000000000001';
const DISTRICT = '00000000-0000-4000-8000-0000000000d1';

const CATEGORIES = [
  {
    id: CATEGORY,
    slug: 'giao-thong',
    parentId: null,
    name: { vi: 'Giao thông', en: 'Traffic' },
    description: { vi: null, en: null },
    photoRequired: false,
    questions: [],
  },
];
const AREAS = [
  {
    id: '00000000-0000-4000-8000-0000000000a0',
    parentId: null,
    level: 'province',
    kind: 'tỉnh',
    name: 'Bắc Giang',
  },
  {
    id: DISTRICT,
    parentId: '00000000-0000-4000-8000-0000000000a0',
    level: 'legacy_district',
    kind: 'huyện',
    name: 'Lục Ngạn',
  },
  {
    id: '00000000-0000-4000-8000-0000000000c1',
    parentId: DISTRICT,
    level: 'commune',
    kind: 'thị trấn',
    name: 'Chũ',
  },
];

function report(n: number, status = 'published') {
  return {
    code: `PA-2026-${String(n).padStart(6, '0')}`,
    status,
    reportType: 'field',
    category: { id: CATEGORY, nameVi: 'Giao thông', nameEn: 'Traffic' },
    area: { id: DISTRICT, name: 'Lục Ngạn' },
    agency: null,
    description: `Ổ gà trên đường số ${n}`,
    latitude: 21.37,
    longitude: 106.58,
    submittedAt: '2026-03-01T02:00:00.000Z',
    resolvedAt: status === 'published' ? '2026-03-04T02:00:00.000Z' : null,
    supporters: 1,
    thumbUrl: null,
  };
}

let unmount: (() => void) | undefined;
let listCalls: URL[] = [];

/** Answers the page's requests; `reports` gives each list request's answer. */
function stub(reports: (url: URL) => Response) {
  listCalls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) => {
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        'http://x',
      );
      if (url.pathname === '/api/v1/public/categories') return Promise.resolve(json(CATEGORIES));
      if (url.pathname === '/api/v1/public/areas') return Promise.resolve(json(AREAS));
      if (url.pathname === '/api/v1/public/reports') {
        listCalls.push(url);
        return Promise.resolve(reports(url));
      }
      return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
    }),
  );
}

function open(hash: string) {
  window.history.replaceState(null, '', `/${hash}`);
  const page = mount(<ReportsListPage />);
  unmount = page.unmount;
  return page.container;
}

beforeEach(() => {
  window.history.replaceState(null, '', '/');
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
});

const cards = (container: HTMLElement) =>
  [...container.querySelectorAll('[data-testid="report-card"]')].map((c) => c.getAttribute('data-code'));

describe('public reports page', () => {
  it('asks the API with the filters of a shared address and shows them chosen', async () => {
    stub(() => json({ items: [report(1)], nextCursor: null }));
    const container = open(`#/phan-anh?q=o%20ga&category=${CATEGORY}&area=${DISTRICT}&status=answered`);
    await vi.waitFor(() => {
      expect(cards(container)).toEqual(['PA-2026-000001']);
    });
    const asked = listCalls[0]!.searchParams;
    expect(asked.get('q')).toBe('o ga');
    expect(asked.get('categoryId')).toBe(CATEGORY);
    expect(asked.get('areaId')).toBe(DISTRICT);
    expect(asked.getAll('status')).toEqual(['approved', 'published', 'reopen_requested', 'closed']);
    await vi.waitFor(() => {
      expect(container.querySelector<HTMLSelectElement>('#reports-area')?.value).toBe(DISTRICT);
    });
    expect(container.querySelector<HTMLInputElement>('#reports-q')?.value).toBe('o ga');
    expect(container.querySelector<HTMLSelectElement>('#reports-status')?.value).toBe('answered');
    // Districts are groups: the whole district, then its communes, with their kind words.
    const group = container.querySelector('#reports-area optgroup');
    expect(group?.getAttribute('label')).toBe('Huyện Lục Ngạn');
    expect([...(group?.querySelectorAll('option') ?? [])].map((o) => text(o))).toEqual([
      'Toàn huyện Lục Ngạn',
      'Thị trấn Chũ',
    ]);
    expect(text(container.querySelector('[data-testid="reports-count"]'))).toBe('Có 1 phản ánh phù hợp.');
    const link = container.querySelector('[data-testid="report-card"] a');
    expect(link?.getAttribute('href')).toBe('#/phan-anh/PA-2026-000001');
    expect(text(container.querySelector('[data-testid="report-card"]'))).toContain('Gửi ngày 01/03/2026');
  });

  it('searches on submit and keeps the search and a filter in the address', async () => {
    stub(() => json({ items: [report(1)], nextCursor: null }));
    const container = open('#/phan-anh');
    await vi.waitFor(() => {
      expect(cards(container)).toHaveLength(1);
    });
    const input = container.querySelector<HTMLInputElement>('#reports-q')!;
    input.value = 'duong';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    container.querySelector<HTMLButtonElement>('[data-testid="reports-search"]')!.click();
    await vi.waitFor(() => {
      expect(listCalls.at(-1)?.searchParams.get('q')).toBe('duong');
    });
    expect(window.location.hash).toBe('#/phan-anh?q=duong');
    const status = container.querySelector<HTMLSelectElement>('#reports-status')!;
    status.value = 'open';
    status.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/phan-anh?q=duong&status=open');
    });
    await vi.waitFor(() => {
      expect(listCalls.at(-1)?.searchParams.getAll('status')).toContain('in_progress');
    });
    expect(listCalls.at(-1)?.searchParams.get('q')).toBe('duong');
  });

  it('says when nothing matches, and clears the filters from there', async () => {
    stub((url) => json({ items: url.searchParams.has('q') ? [] : [report(2)], nextCursor: null }));
    const container = open('#/phan-anh?q=khong%20co');
    const empty = await vi.waitFor(() => {
      const found = container.querySelector('[data-testid="reports-empty"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(text(empty)).toContain('Không có phản ánh nào phù hợp');
    expect(text(empty)).toContain('Hãy thử bỏ bớt bộ lọc');
    empty.querySelector('button')!.click();
    await vi.waitFor(() => {
      expect(cards(container)).toEqual(['PA-2026-000002']);
    });
    expect(window.location.hash).toBe('#/phan-anh');
    expect(container.querySelector<HTMLInputElement>('#reports-q')?.value).toBe('');
  });

  it('invites the first report when nothing is public yet', async () => {
    stub(() => json({ items: [], nextCursor: null }));
    const container = open('#/phan-anh');
    const empty = await vi.waitFor(() => {
      const found = container.querySelector('[data-testid="reports-empty"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(text(empty)).toContain('Chưa có phản ánh nào được công khai.');
    expect(empty.querySelector('a')?.getAttribute('href')).toBe('#/gui-phan-anh');
  });

  it('pages with "Xem thêm" and moves focus to the first report added', async () => {
    stub((url) =>
      url.searchParams.get('cursor') === 'next'
        ? json({ items: [report(3), report(4)], nextCursor: null })
        : json({ items: [report(1), report(2)], nextCursor: 'next' }),
    );
    const container = open('#/phan-anh');
    await vi.waitFor(() => {
      expect(cards(container)).toHaveLength(2);
    });
    expect(text(container.querySelector('[data-testid="reports-count"]'))).toBe(
      'Đang hiển thị 2 phản ánh mới nhất phù hợp.',
    );
    container.querySelector<HTMLButtonElement>('[data-testid="reports-more"]')!.click();
    await vi.waitFor(() => {
      expect(cards(container)).toEqual([
        'PA-2026-000001',
        'PA-2026-000002',
        'PA-2026-000003',
        'PA-2026-000004',
      ]);
    });
    await vi.waitFor(() => {
      expect(document.activeElement?.textContent).toBe('PA-2026-000003');
    });
    expect(container.querySelector('[data-testid="reports-more"]')).toBeNull();
    expect(text(container.querySelector('[data-testid="reports-count"]'))).toBe('Có 4 phản ánh phù hợp.');
  });

  it('shows a failed load with a retry that loads the list', async () => {
    let calls = 0;
    stub(() => {
      calls += 1;
      return calls === 1
        ? json({ error: { code: 'internal' } }, 500)
        : json({ items: [report(5)], nextCursor: null });
    });
    const container = open('#/phan-anh');
    const alert = await vi.waitFor(() => {
      const found = container.querySelector('[role="alert"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(text(alert)).toContain('Không tải được danh sách phản ánh.');
    alert.querySelector('button')!.click();
    await vi.waitFor(() => {
      expect(cards(container)).toEqual(['PA-2026-000005']);
    });
  });

  it('switches between the list and the map, and keeps the choice in the address', async () => {
    stub(() => json({ items: [report(1)], nextCursor: null }));
    const container = open('#/phan-anh?status=open');
    await vi.waitFor(() => {
      expect(cards(container)).toHaveLength(1);
    });
    const layout = container.querySelector('.reports-layout')!;
    expect(layout.getAttribute('data-view')).toBe('list');
    container.querySelector<HTMLButtonElement>('[data-testid="view-map"]')!.click();
    await vi.waitFor(() => {
      expect(layout.getAttribute('data-view')).toBe('map');
    });
    expect(container.querySelector('[data-testid="view-map"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(container.querySelector('[data-testid="view-list"]')?.getAttribute('aria-pressed')).toBe('false');
    expect(window.location.hash).toBe('#/phan-anh?status=open&view=map');
    // The key of the map is words, not only colours.
    expect(text(container.querySelector('[data-testid="map-legend"]'))).toContain('Đã có kết quả trả lời');
  });
});
