// The workspace page: who sees it, its navigation by role, and the hotline entry (sent once with a key kept for
// retries, its code given back).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app.js';
import { SessionProvider } from '../session.js';
import { json, mount, text } from '../test-helpers.js';
import { resetWorkspaceCaches } from '../workspace/api.js';
import { FakeEventSource } from '../workspace/test-fixtures.js';
import { WorkspacePage } from './workspace.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

let calls: Call[] = [];
let unmount: (() => void) | undefined;

const CATEGORIES = [
  {
    id: '22222222-2222-4222-8222-222222222222',
    slug: 've-sinh',
    parentId: null,
    name: { vi: 'Vệ sinh môi trường', en: 'Sanitation' },
    description: { vi: null, en: null },
    photoRequired: false,
    questions: [
      {
        code: 'so_ho',
        datatype: 'number',
        required: true,
        order: 1,
        descriptionVi: 'Số hộ bị ảnh hưởng',
        descriptionEn: 'Households affected',
      },
    ],
    emergency: null,
    icon: null,
  },
];
const AREAS = [
  { id: '33333333-3333-4333-8333-333333333330', parentId: null, level: 'province', name: 'Tỉnh Bắc Giang' },
  {
    id: '33333333-3333-4333-8333-333333333331',
    parentId: '33333333-3333-4333-8333-333333333330',
    level: 'district',
    name: 'Huyện Lục Ngạn',
  },
  {
    id: '33333333-3333-4333-8333-333333333332',
    parentId: '33333333-3333-4333-8333-333333333331',
    level: 'commune',
    name: 'Xã Đồng Cốc',
  },
];

function stub(me: { kind: 'officer' | 'citizen'; roles: string[] } | null, hotline: (() => Response)[] = []) {
  const replies = [...hotline];
  localStorage.setItem('pakn.session', '1');
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
      if (url === '/api/v1/auth/me')
        return Promise.resolve(
          me === null ? json({ error: { code: 'unauthenticated' } }, 401) : json({ accountId: 'a1', ...me }),
        );
      if (url === '/api/v1/me/profile')
        return Promise.resolve(
          json({ displayName: 'Trần Thị Tiếp Nhận', username: 'canbo.tiepnhan1', phone: null }),
        );
      if (url === '/api/v1/public/site')
        return Promise.resolve(json({ name: 'Hệ thống PAKN', shortName: 'PAKN', province: 'Bắc Giang' }));
      if (url === '/api/v1/public/categories') return Promise.resolve(json(CATEGORIES));
      if (url === '/api/v1/public/areas') return Promise.resolve(json(AREAS));
      if (url === '/api/v1/inbox/tabs')
        return Promise.resolve(json({ tabs: [{ id: 'new', role: 'receiver', count: 0 }] }));
      if (url.startsWith('/api/v1/inbox?'))
        return Promise.resolve(json({ tab: 'new', items: [], total: 0, page: 1, pageSize: 20 }));
      if (url === '/api/v1/reports/hotline' && method === 'POST') {
        const reply = replies.shift();
        if (reply) return Promise.resolve(reply());
      }
      return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
    }),
  );
}

function start(node = <WorkspacePage view="inbox" />) {
  const page = mount(<SessionProvider>{node}</SessionProvider>);
  unmount = page.unmount;
  return page.container;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  calls = [];
  resetWorkspaceCaches();
  vi.stubGlobal('EventSource', FakeEventSource);
  document.documentElement.lang = 'vi';
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('who sees the workspace', () => {
  it('asks someone signed out to sign in as an officer, and comes back here afterwards', async () => {
    stub(null);
    const container = start(<WorkspacePage view="report" code="PA-2026-000042" />);
    await vi.waitFor(() => {
      expect(container.querySelector('[data-testid="workspace-required"]')).not.toBeNull();
    });
    const box = container.querySelector('[data-testid="workspace-required"]')!;
    expect(text(box)).toContain('Trang này dành cho cán bộ tiếp nhận, xử lý phản ánh.');
    expect(box.querySelector('a')!.getAttribute('href')).toBe(
      `#/dang-nhap?ve=${encodeURIComponent('/can-bo/phan-anh/PA-2026-000042')}`,
    );
    expect(container.querySelector('[data-testid="workspace-nav"]')).toBeNull();
    expect(calls.some((c) => c.url.startsWith('/api/v1/reports'))).toBe(false);
  });

  it('tells a citizen it is for officers', async () => {
    stub({ kind: 'citizen', roles: ['citizen'] });
    const container = start();
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="workspace-required"]'))).toContain(
        'không phải tài khoản cán bộ',
      );
    });
  });

  it('gives a receiver the inbox, the hotline entry and the statistics; an administrator also the administration', async () => {
    stub({ kind: 'officer', roles: ['receiver', 'admin'] });
    const container = start();
    await vi.waitFor(() => {
      expect(container.querySelector('[data-testid="workspace-nav"]')).not.toBeNull();
    });
    const links = [...container.querySelectorAll<HTMLAnchorElement>('[data-testid="workspace-nav"] a')];
    expect(links.map((a) => [a.getAttribute('href'), text(a)])).toEqual([
      ['#/can-bo', 'Hộp phản ánh'],
      ['#/can-bo/nhap-phan-anh', 'Nhập phản ánh'],
      ['#/can-bo/thong-ke', 'Thống kê'],
      ['#/quan-tri', 'Quản trị'],
    ]);
    expect(links[0]!.getAttribute('aria-current')).toBe('page');
    expect(text(container.querySelector('h1'))).toBe('Hộp phản ánh');
  });

  it('gives a handler the inbox only, and tells them the hotline is the receivers’', async () => {
    stub({ kind: 'officer', roles: ['handler'] });
    const container = start(<WorkspacePage view="hotline" />);
    await vi.waitFor(() => {
      expect(container.querySelector('[data-testid="hotline-receivers-only"]')).not.toBeNull();
    });
    const links = [...container.querySelectorAll<HTMLAnchorElement>('[data-testid="workspace-nav"] a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#/can-bo']);
  });

  it('puts "Cán bộ" in the header of the app for officers, and routes #/can-bo to the workspace', async () => {
    stub({ kind: 'officer', roles: ['receiver'] });
    window.history.replaceState(null, '', '/#/can-bo');
    const page = mount(<App />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(page.container.querySelector('[data-testid="workspace-nav"]')).not.toBeNull();
    });
    const nav = page.container.querySelector('.site-nav')!;
    const link = [...nav.querySelectorAll('a')].find((a) => text(a) === 'Cán bộ')!;
    expect(link.getAttribute('href')).toBe('#/can-bo');
    expect(link.getAttribute('aria-current')).toBe('page');
  });
});

describe('the hotline entry', () => {
  async function fillForm(container: HTMLElement) {
    const set = (selector: string, value: string, event = 'input') => {
      const element = container.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
        selector,
      )!;
      element.value = value;
      element.dispatchEvent(new Event(event, { bubbles: true }));
    };
    set('#ws-hotline-categoryId', CATEGORIES[0]!.id, 'change');
    await settle();
    set('#ws-hotline-description', '  Bãi rác tự phát cạnh chợ, bốc mùi.  ');
    set('#ws-hotline-q-so_ho', '12');
    set('#ws-hotline-area', AREAS[1]!.id, 'change');
    await settle();
    set('#ws-hotline-commune', AREAS[2]!.id, 'change');
    set('#ws-hotline-address', 'Cạnh chợ Đồng Cốc');
    set('#ws-hotline-name', 'Lê Văn Bình');
    set('#ws-hotline-phone', '0912 345 678');
    await settle();
  }

  it('checks what is missing before sending', async () => {
    stub({ kind: 'officer', roles: ['receiver'] });
    const container = start(<WorkspacePage view="hotline" />);
    const form = await vi.waitFor(() => {
      const found = container.querySelector<HTMLFormElement>('[data-testid="hotline-form"]');
      expect(found).not.toBeNull();
      return found!;
    });
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(container.querySelector('[role="alert"]'))).toBe(
        'Vui lòng bổ sung các thông tin còn thiếu.',
      );
    });
    expect(text(form)).toContain('Vui lòng chọn lĩnh vực.');
    expect(text(form)).toContain('Vui lòng nhập nội dung phản ánh.');
    expect(text(form)).toContain('Vui lòng chọn địa bàn hoặc vị trí trên bản đồ.');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('sends the report once with a key kept for a retry, and gives its code', async () => {
    stub({ kind: 'officer', roles: ['receiver'] }, [
      () => json({ error: { code: 'internal', message: 'Lỗi hệ thống.' } }, 503),
      () =>
        json(
          {
            id: 'r1',
            code: 'PA-2026-000321',
            status: 'submitted',
            submittedAt: '2026-03-02T01:00:00.000Z',
            trackUrl: '/',
          },
          201,
        ),
    ]);
    const container = start(<WorkspacePage view="hotline" />);
    const form = await vi.waitFor(() => {
      const found = container.querySelector<HTMLFormElement>('[data-testid="hotline-form"]');
      expect(found).not.toBeNull();
      return found!;
    });
    await fillForm(container);
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(container.querySelector('[role="alert"]'))).toBe('Lỗi hệ thống.');
    });
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="hotline-code"]'))).toBe('PA-2026-000321');
    });
    const posts = calls.filter((c) => c.url === '/api/v1/reports/hotline');
    expect(posts.length).toBe(2);
    expect(posts[0]!.headers['idempotency-key']).toBe(posts[1]!.headers['idempotency-key']);
    expect(posts[0]!.body).toEqual({
      categoryId: CATEGORIES[0]!.id,
      reportType: 'field',
      description: 'Bãi rác tự phát cạnh chợ, bốc mùi.',
      answers: { so_ho: 12 },
      location: { source: 'area', areaId: AREAS[2]!.id, address: 'Cạnh chợ Đồng Cốc' },
      contact: { name: 'Lê Văn Bình', phone: '0912 345 678' },
    });
    const open = container.querySelector<HTMLAnchorElement>('[data-testid="hotline-entered"] a')!;
    expect(open.getAttribute('href')).toBe('#/can-bo/phan-anh/PA-2026-000321');

    // Another report gets another key.
    const again = [
      ...container.querySelectorAll<HTMLButtonElement>('[data-testid="hotline-entered"] button'),
    ][0]!;
    again.click();
    await vi.waitFor(() => {
      expect(container.querySelector('[data-testid="hotline-form"]')).not.toBeNull();
    });
    expect(container.querySelector<HTMLTextAreaElement>('#ws-hotline-description')!.value).toBe('');
  });
});
