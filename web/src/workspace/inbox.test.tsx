// The inbox: its tabs and counts from the API, a tab's page with each report's deadline in words, switching tabs and
// searching (kept in the address), live updates from the stream (a fake EventSource), the triage keys and bulk actions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, mount, text } from '../test-helpers.js';
import { resetWorkspaceCaches, type InboxItem } from './api.js';
import { Inbox } from './inbox.js';
import { AGENCIES, FakeEventSource, inboxItem, workflowDocument } from './test-fixtures.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

let calls: Call[] = [];
let unmount: (() => void) | undefined;

const RECEIVER_TABS = [
  { id: 'new', role: 'receiver', count: 12 },
  { id: 'returned', role: 'receiver', count: 2 },
  { id: 'extensions', role: 'receiver', count: 0 },
  { id: 'reopen', role: 'receiver', count: 1 },
  { id: 'hotline', role: 'receiver', count: 3 },
];

function stub(pages: { tabs: () => unknown; page: (url: URL) => { items: InboxItem[]; total: number } }) {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? 'GET';
      calls.push({
        url,
        method,
        headers: (init?.headers ?? {}) as Record<string, string>,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      const parsed = new URL(url, 'http://localhost');
      if (parsed.pathname === '/api/v1/inbox/tabs') return Promise.resolve(json(pages.tabs()));
      if (parsed.pathname === '/api/v1/inbox') {
        const { items, total } = pages.page(parsed);
        const page = Number(parsed.searchParams.get('page'));
        return Promise.resolve(
          json({ tab: parsed.searchParams.get('tab'), items, total, page, pageSize: 20 }),
        );
      }
      if (parsed.pathname === '/api/v1/public/workflow') return Promise.resolve(json(workflowDocument()));
      if (parsed.pathname === '/api/v1/org/agencies') return Promise.resolve(json(AGENCIES));
      if (parsed.pathname === '/api/v1/public/categories') return Promise.resolve(json([]));
      if (parsed.pathname === '/api/v1/public/areas') return Promise.resolve(json([]));
      if (/^\/api\/v1\/reports\/[^/]+\/workflow\/\w+$/.test(parsed.pathname) && method === 'POST')
        return Promise.resolve(json({ id: 'x', code: 'x', status: 'accepted', version: 4, eventId: '1' }));
      return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
    }),
  );
}

const inboxCalls = () => calls.filter((c) => c.url.startsWith('/api/v1/inbox?'));
const tabCalls = () => calls.filter((c) => c.url === '/api/v1/inbox/tabs');

function start(roles: string[] = ['receiver']) {
  const page = mount(<Inbox roles={roles} />);
  unmount = page.unmount;
  return page.container;
}

async function items(container: HTMLElement): Promise<HTMLElement[]> {
  return vi.waitFor(() => {
    const found = [...container.querySelectorAll<HTMLElement>('[data-testid="inbox-item"]')];
    expect(found.length).toBeGreaterThan(0);
    return found;
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function key(k: string, target: EventTarget = document.body) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
}

beforeEach(() => {
  calls = [];
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  window.history.replaceState(null, '', '/#/can-bo');
  resetWorkspaceCaches();
  document.documentElement.lang = 'vi';
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('the inbox', () => {
  it('shows the tabs of the officer with their counts and the first tab’s reports, most urgent first as sent', async () => {
    stub({
      tabs: () => ({ tabs: RECEIVER_TABS }),
      page: () => ({
        items: [
          inboxItem(1, { due: { clock: 'intake', dueAt: '2026-03-01T10:00:00.000Z', flag: 'overdue' } }),
          inboxItem(2, { priority: 'urgent', channel: 'hotline', returns: 2 }),
          inboxItem(3, { due: null }),
        ],
        total: 12,
      }),
    });
    const container = start();
    const rows = await items(container);

    const tabs = [...container.querySelectorAll<HTMLElement>('[role="tab"]')];
    expect(tabs.map((t) => t.dataset.tab)).toEqual(['new', 'returned', 'extensions', 'reopen', 'hotline']);
    expect(tabs.map((t) => text(t.querySelector('.ws-tab-name')))).toEqual([
      'Mới',
      'Bị trả lại',
      'Đề nghị gia hạn',
      'Đề nghị xử lý lại',
      'Đường dây nóng',
    ]);
    expect(tabs.map((t) => text(t.querySelector('.ws-tab-count')))).toEqual(['12', '2', '0', '1', '3']);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
    expect(inboxCalls()[0]!.url).toBe('/api/v1/inbox?tab=new&page=1&pageSize=20');

    expect(rows.map((r) => r.dataset.code)).toEqual(['PA-2026-000001', 'PA-2026-000002', 'PA-2026-000003']);
    // The deadline in words (not colour alone), with the time.
    expect(text(rows[0]!.querySelector('[data-testid="item-flag"]'))).toBe('Quá hạn');
    expect(text(rows[0])).toContain('Hạn 17:00 01/03/2026');
    expect(text(rows[1]!.querySelector('[data-testid="item-flag"]'))).toBe('Sắp đến hạn');
    expect(text(rows[1])).toContain('Khẩn');
    expect(text(rows[1])).toContain('Đường dây nóng');
    expect(text(rows[1])).toContain('Bị trả lại 2 lần');
    expect(rows[2]!.querySelector('[data-testid="item-flag"]')).toBeNull();
    expect(rows[0]!.querySelector('a')!.getAttribute('href')).toBe('#/can-bo/phan-anh/PA-2026-000001');
    expect(text(container.querySelector('[data-testid="inbox-count"]'))).toBe(
      '12 phản ánh · Mới, khẩn cấp nhất trước',
    );
  });

  it('switches tabs, searches and pages, keeping them in the address', async () => {
    stub({
      tabs: () => ({ tabs: RECEIVER_TABS }),
      page: (url) => ({
        items: [inboxItem(url.searchParams.get('tab') === 'returned' ? 20 : 1)],
        total: 45,
      }),
    });
    const container = start();
    await items(container);

    container.querySelector<HTMLButtonElement>('[data-tab="returned"]')!.click();
    await vi.waitFor(() => {
      expect(container.querySelector('[data-code="PA-2026-000020"]')).not.toBeNull();
    });
    expect(window.location.hash).toBe('#/can-bo?tab=returned');

    const search = container.querySelector<HTMLInputElement>('[data-testid="inbox-search"]')!;
    search.value = 'duong';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    search.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(inboxCalls().at(-1)!.url).toBe('/api/v1/inbox?tab=returned&q=duong&page=1&pageSize=20');
    });
    expect(window.location.hash).toBe('#/can-bo?tab=returned&q=duong');

    await vi.waitFor(() => {
      expect(container.querySelector('[data-testid="next-page"]')).not.toBeNull();
    });
    container.querySelector<HTMLButtonElement>('[data-testid="next-page"]')!.click();
    await vi.waitFor(() => {
      expect(inboxCalls().at(-1)!.url).toBe('/api/v1/inbox?tab=returned&q=duong&page=2&pageSize=20');
    });
    expect(window.location.hash).toBe('#/can-bo?tab=returned&q=duong&page=2');
    expect(text(container.querySelector('.ws-pager'))).toContain('Trang 2/3');
  });

  it('opens the tab the address names, with its filters', async () => {
    window.history.replaceState(null, '', '/#/can-bo?tab=hotline&priority=urgent&page=2');
    stub({ tabs: () => ({ tabs: RECEIVER_TABS }), page: () => ({ items: [inboxItem(5)], total: 30 }) });
    const container = start();
    await items(container);
    expect(inboxCalls()[0]!.url).toBe('/api/v1/inbox?tab=hotline&priority=urgent&page=2&pageSize=20');
    expect(container.querySelector('[data-tab="hotline"]')!.getAttribute('aria-selected')).toBe('true');
  });

  it('asks again for the counts and the page when the stream says a report changed, and marks the new report', async () => {
    let round = 0;
    stub({
      tabs: () => ({ tabs: RECEIVER_TABS.map((t) => (t.id === 'new' ? { ...t, count: 12 + round } : t)) }),
      page: () => ({
        items: round === 0 ? [inboxItem(1)] : [inboxItem(9, { priority: 'urgent' }), inboxItem(1)],
        total: 12 + round,
      }),
    });
    const container = start();
    await items(container);
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe('/api/v1/inbox/stream');
    expect(text(container.querySelector('[data-testid="live-status"]'))).toBe(
      'Đang kết nối cập nhật trực tiếp…',
    );
    source.emit('open');
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="live-status"]'))).toBe('Cập nhật trực tiếp');
    });
    const before = { tabs: tabCalls().length, pages: inboxCalls().length };

    // A burst of events is one refetch.
    round = 1;
    source.emit('inbox', JSON.stringify({ reportId: 'r9', status: 'submitted', kind: 'submitted' }));
    source.emit('inbox', JSON.stringify({ reportId: 'r9', status: 'submitted', kind: 'submitted' }));
    await vi.waitFor(
      () => {
        expect(container.querySelector('[data-code="PA-2026-000009"]')).not.toBeNull();
      },
      { timeout: 3000 },
    );
    expect(tabCalls().length).toBe(before.tabs + 1);
    expect(inboxCalls().length).toBe(before.pages + 1);
    expect(text(container.querySelector('[data-testid="tab-count-new"]'))).toBe('13');
    const fresh = container.querySelector('[data-code="PA-2026-000009"]')!;
    expect(fresh.classList.contains('ws-item-fresh')).toBe(true);
    expect(text(fresh)).toContain('Mới đến');
    expect(container.querySelector('[data-code="PA-2026-000001"]')!.classList.contains('ws-item-fresh')).toBe(
      false,
    );
    // No "loading" flash for a live update: the list stayed on the screen.
    expect(container.querySelector('[role="status"]:not([data-testid])')).toBeNull();
  });

  it('says when the stream dropped, and catches up once it is back', async () => {
    stub({ tabs: () => ({ tabs: RECEIVER_TABS }), page: () => ({ items: [inboxItem(1)], total: 1 }) });
    const container = start();
    await items(container);
    const source = FakeEventSource.instances[0]!;
    source.emit('open');
    source.emit('error');
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="live-status"]'))).toBe(
        'Mất kết nối cập nhật, đang thử lại…',
      );
    });
    const pages = inboxCalls().length;
    source.emit('open');
    await vi.waitFor(
      () => {
        expect(inboxCalls().length).toBe(pages + 1);
      },
      { timeout: 3000 },
    );
    expect(text(container.querySelector('[data-testid="live-status"]'))).toBe('Cập nhật trực tiếp');
  });

  it('moves with j and k, opens with Enter, searches with / and leaves the keys alone in the search box', async () => {
    stub({
      tabs: () => ({ tabs: RECEIVER_TABS }),
      page: () => ({ items: [inboxItem(1), inboxItem(2), inboxItem(3)], total: 3 }),
    });
    const container = start();
    const rows = await items(container);
    expect(rows[0]!.classList.contains('ws-item-current')).toBe(true);

    key('j');
    await vi.waitFor(() => {
      expect(rows[1]!.classList.contains('ws-item-current')).toBe(true);
    });
    expect(document.activeElement).toBe(rows[1]!.querySelector('a'));
    key('j', document.activeElement!);
    key('k', document.activeElement!);
    await vi.waitFor(() => {
      expect(document.activeElement).toBe(rows[1]!.querySelector('a'));
    });

    key('/');
    const search = container.querySelector<HTMLInputElement>('[data-testid="inbox-search"]')!;
    expect(document.activeElement).toBe(search);
    // Typing "j" in the search box is a letter, not a move.
    key('j', search);
    key('a', search);
    expect(rows[1]!.classList.contains('ws-item-current')).toBe(true);
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    search.blur();
    key('Enter');
    expect(window.location.hash).toBe('#/can-bo/phan-anh/PA-2026-000002');
  });

  it('accepts the report under the cursor with a, with its version and a key, then asks again', async () => {
    stub({
      tabs: () => ({ tabs: RECEIVER_TABS }),
      page: () => ({ items: [inboxItem(1, { version: 5 }), inboxItem(2, { status: 'accepted' })], total: 2 }),
    });
    const container = start();
    await items(container);
    await vi.waitFor(() => {
      expect(calls.some((c) => c.url === '/api/v1/public/workflow')).toBe(true);
    });
    await settle();
    const pages = inboxCalls().length;
    key('a');
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="inbox-outcome"]'))).toContain(
        'Tiếp nhận: đã thực hiện 1/1',
      );
    });
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/reports/00000000-0000-4000-8000-000000000001/workflow/accept');
    expect(post.body).toEqual({ input: {}, version: 5 });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);
    await vi.waitFor(() => {
      expect(inboxCalls().length).toBe(pages + 1);
    });

    // An accepted report cannot be accepted again: the key says so and sends nothing.
    key('j');
    key('a');
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="inbox-outcome"]'))).toBe(
        'Không thể tiếp nhận phản ánh PA-2026-000002 ở trạng thái hiện tại.',
      );
    });
    expect(calls.filter((c) => c.method === 'POST').length).toBe(1);
  });

  it('shows the shortcuts with ?', async () => {
    stub({ tabs: () => ({ tabs: RECEIVER_TABS }), page: () => ({ items: [inboxItem(1)], total: 1 }) });
    const container = start();
    await items(container);
    key('?');
    await vi.waitFor(() => {
      expect(container.querySelector('[data-testid="shortcuts"]')).not.toBeNull();
    });
    expect(text(container.querySelector('[data-testid="shortcuts"]'))).toContain(
      'Tiếp nhận phản ánh đang chọn',
    );
    key('Escape');
    await vi.waitFor(() => {
      expect(container.querySelector('[data-testid="shortcuts"]')).toBeNull();
    });
  });

  it('assigns the reports ticked to one agency, and merges duplicates into the one kept', async () => {
    stub({
      tabs: () => ({ tabs: RECEIVER_TABS }),
      page: () => ({
        items: [
          inboxItem(1, { status: 'accepted', version: 2 }),
          inboxItem(2, { status: 'accepted', version: 8 }),
          inboxItem(3, { status: 'submitted' }),
        ],
        total: 3,
      }),
    });
    const container = start();
    const rows = await items(container);
    await vi.waitFor(() => {
      expect(calls.some((c) => c.url === '/api/v1/org/agencies')).toBe(true);
    });
    const tick = (row: HTMLElement) => {
      const box = row.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
      box.checked = true;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    };
    tick(rows[0]!);
    tick(rows[1]!);
    await settle();
    const bar = await vi.waitFor(() => {
      const found = container.querySelector<HTMLElement>('[data-testid="bulk-bar"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(text(bar.querySelector('h2'))).toBe('Đã chọn 2 phản ánh');
    // Accepted reports: assign and merge, not accept.
    expect([...bar.querySelectorAll<HTMLElement>('[data-bulk]')].map((b) => b.dataset.bulk)).toEqual([
      'assign',
      'merge',
    ]);
    bar.querySelector<HTMLButtonElement>('[data-bulk="assign"]')!.click();
    const select = await vi.waitFor(() => {
      const found = bar.querySelector<HTMLSelectElement>('#ws-bulk-agency');
      expect(found).not.toBeNull();
      return found!;
    });
    select.value = AGENCIES[0]!.id;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    select.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(calls.filter((c) => c.method === 'POST').length).toBe(2);
    });
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((p) => [p.url, p.body])).toEqual([
      [
        '/api/v1/reports/00000000-0000-4000-8000-000000000001/workflow/assign',
        { input: { leadAgencyId: AGENCIES[0]!.id }, version: 2 },
      ],
      [
        '/api/v1/reports/00000000-0000-4000-8000-000000000002/workflow/assign',
        { input: { leadAgencyId: AGENCIES[0]!.id }, version: 8 },
      ],
    ]);
    expect(posts[0]!.headers['idempotency-key']).not.toBe(posts[1]!.headers['idempotency-key']);
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="inbox-outcome"]'))).toBe(
        'Chuyển xử lý: đã thực hiện 2/2 phản ánh.',
      );
    });

    // Mixed states have no common action but what the table allows for all.
    const again = await items(container);
    tick(again[0]!);
    tick(again[2]!);
    await settle();
    const mixed = await vi.waitFor(() => {
      const found = container.querySelector<HTMLElement>('[data-testid="bulk-bar"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect([...mixed.querySelectorAll<HTMLElement>('[data-bulk]')].map((b) => b.dataset.bulk)).toEqual([
      'merge',
    ]);
    mixed.querySelector<HTMLButtonElement>('[data-bulk="merge"]')!.click();
    const keep = await vi.waitFor(() => {
      const found = mixed.querySelectorAll<HTMLInputElement>('input[name="ws-merge-target"]');
      expect(found.length).toBe(2);
      return found[0]!;
    });
    keep.checked = true;
    keep.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    keep.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(calls.filter((c) => c.method === 'POST').length).toBe(3);
    });
    expect(calls.filter((c) => c.method === 'POST').at(-1)).toMatchObject({
      url: '/api/v1/reports/00000000-0000-4000-8000-000000000003/workflow/merge',
      body: { input: { targetReportId: '00000000-0000-4000-8000-000000000001' }, version: 3 },
    });
  });

  it('says when the inbox cannot be loaded, and tries again', async () => {
    let fail = true;
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL): Promise<Response> => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url === '/api/v1/inbox/tabs')
          return Promise.resolve(
            fail ? json({ error: { code: 'internal' } }, 500) : json({ tabs: RECEIVER_TABS }),
          );
        if (url.startsWith('/api/v1/inbox?'))
          return Promise.resolve(json({ tab: 'new', items: [], total: 0, page: 1, pageSize: 20 }));
        return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
      }),
    );
    const container = start();
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="inbox-error"]'))).toContain(
        'Không tải được hộp phản ánh.',
      );
    });
    fail = false;
    container.querySelector<HTMLButtonElement>('[data-testid="inbox-error"] button')!.click();
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="inbox-empty"]'))).toBe(
        'Không có phản ánh nào trong mục này.',
      );
    });
  });

  it('names the tabs as the server does, and shows the suggestion, the coordination and a pending extension', async () => {
    stub({
      tabs: () => ({
        tabs: [
          { id: 'assigned', role: 'agency', count: 4, label: { vi: 'Mới được giao', en: 'Assigned to us' } },
          {
            id: 'approval',
            role: 'leader',
            count: 1,
            label: { vi: 'Chờ duyệt kết quả', en: 'Answers to approve' },
          },
        ],
      }),
      page: () => ({
        items: [
          inboxItem(1, {
            status: 'in_progress',
            suggestedAgency: { id: 's1', name: 'UBND huyện Lục Ngạn' },
            involvement: 'coordinating',
            pendingExtension: {
              proposedDueAt: '2026-03-20T10:00:00.000Z',
              requestedAt: '2026-03-10T01:00:00.000Z',
            },
          }),
        ],
        total: 1,
      }),
    });
    const container = start(['handler', 'agency_leader']);
    const [row] = await items(container);
    const tabs = [...container.querySelectorAll<HTMLElement>('[role="tab"]')];
    // Tabs of two roles: each says whose it is.
    expect(tabs.map((t) => text(t))).toEqual(['Đơn vịMới được giao4', 'Lãnh đạoChờ duyệt kết quả1']);
    expect(text(row)).toContain('Đề xuất: UBND huyện Lục Ngạn');
    expect(text(row)).toContain('Phối hợp');
    expect(text(row)).toContain('Đề nghị gia hạn đến 17:00 20/03/2026');
  });

  it('reads in English', async () => {
    stub({ tabs: () => ({ tabs: RECEIVER_TABS }), page: () => ({ items: [inboxItem(1)], total: 1 }) });
    unmount = mount(<Inbox roles={['receiver']} />, 'en').unmount;
    const container = document.body.lastElementChild as HTMLElement;
    await items(container);
    expect(text(container.querySelector('[data-tab="new"] .ws-tab-name'))).toBe('New');
    expect(text(container.querySelector('[data-testid="item-flag"]'))).toBe('Due soon');
  });
});
