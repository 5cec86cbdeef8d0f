// "Phản ánh của tôi": signed out it says how to see it; signed in it lists the reports with their status.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetWorkflowTable } from '../api-follow.js';
import { SessionProvider } from '../session.js';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { MyReportsPage } from './my-reports.js';

let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  resetWorkflowTable();
  window.localStorage.clear();
});

function stub(routes: Record<string, () => Response>) {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const route = routes[url];
      return Promise.resolve(route ? route() : json({ error: { code: 'unauthenticated' } }, 401));
    }),
  );
}

describe('my reports', () => {
  it('asks a visitor who is not signed in to sign in', async () => {
    stub({});
    const page = mount(
      <SessionProvider>
        <MyReportsPage />
      </SessionProvider>,
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'mine-signed-out'))).toContain(
        'Hãy đăng nhập để xem các phản ánh bạn đã gửi và đang theo dõi.',
      );
    });
    expect(byTestId(page.container, 'mine-signed-out').querySelector('a')?.getAttribute('href')).toBe(
      '#/dang-nhap?ve=%2Fcua-toi',
    );
  });

  it("lists the citizen's reports with code, category, status, date and link, in English when chosen", async () => {
    window.localStorage.setItem('pakn.session', '1');
    stub({
      '/api/v1/auth/me': () => json({ accountId: 'a1', kind: 'citizen', roles: ['citizen'] }),
      '/api/v1/me/profile': () => json({ displayName: '', username: null, phone: '0912000111' }),
      '/api/v1/public/workflow': () =>
        json({
          states: [{ code: 'submitted', label: { vi: 'Chờ tiếp nhận', en: 'Awaiting intake' } }],
          actions: [],
        }),
      '/api/v1/me/reports': () =>
        json([
          {
            code: 'PA-2026-000002',
            status: 'submitted',
            submittedAt: '2026-02-25T18:00:00.000Z',
            description: 'Đèn đường hỏng.',
            category: { nameVi: 'Chiếu sáng công cộng', nameEn: 'Street lighting' },
            role: 'reporter',
          },
          {
            code: 'PA-2026-000001',
            status: 'submitted',
            submittedAt: '2026-02-24T01:00:00.000Z',
            description: '',
            category: null,
            role: 'follower',
          },
        ]),
    });
    const page = mount(
      <SessionProvider>
        <MyReportsPage />
      </SessionProvider>,
      'en',
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'status'))).toBe('Awaiting intake');
    });
    const items = [...byTestId(page.container, 'mine-list').querySelectorAll('li')];
    expect(items.map((li) => li.querySelector('a')?.getAttribute('href'))).toEqual([
      '#/phan-anh/PA-2026-000002',
      '#/phan-anh/PA-2026-000001',
    ]);
    // 18:00 UTC is the next morning in Vietnam.
    expect(text(items[0]?.querySelector('.follow-item-meta'))).toBe(
      'Street lighting · 26/02/2026 · Sent by you',
    );
    expect(text(items[1]?.querySelector('.follow-item-meta'))).toBe(
      'Not yet classified · 24/02/2026 · Following',
    );
  });
});
