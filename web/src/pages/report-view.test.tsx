// A report's page: status and timeline in words from the workflow table, the 404 message, and the
// reporter's rating form through its states (choice missing, reason missing, refusal, sent).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MyReport, PublicReport, WorkflowTable } from '../api-follow.js';
import { preloadPublicReport, resetWorkflowTable } from '../api-follow.js';
import { RatingForm } from '../follow/rating-form.js';
import { SessionProvider } from '../session.js';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { ReportViewPage } from './report-view.js';

const table: WorkflowTable = {
  states: [
    { code: 'accepted', label: { vi: 'Đã tiếp nhận', en: 'Accepted' } },
    { code: 'published', label: { vi: 'Đã công khai kết quả', en: 'Answer published' } },
  ],
  actions: [{ code: 'note', label: { vi: 'Ghi chú nội bộ', en: 'Internal note' }, event: { kind: 'note' } }],
};

const report: PublicReport = {
  code: 'PA-2026-000007',
  status: 'published',
  category: { nameVi: 'Giao thông', nameEn: 'Traffic' },
  area: { name: 'Xã Tân Sơn' },
  agency: { name: 'Sở Giao thông vận tải' },
  description: 'Ổ gà lớn trên đường.',
  submittedAt: '2026-02-20T01:00:00.000Z',
  supporters: 3,
  media: [{ id: 'm1', kind: 'photo', url: '/media/m1/large', thumbUrl: '/media/m1/thumb' }],
  timeline: [
    { at: '2026-02-20T01:00:00.000Z', kind: 'submitted', data: {} },
    { at: '2026-02-21T02:30:00.000Z', kind: 'accepted', data: {} },
    { at: '2026-02-25T10:00:00.000Z', kind: 'published', data: {} },
    { at: '2026-02-26T10:00:00.000Z', kind: 'rated', data: { rating: 'satisfied' } },
  ],
  mergedInto: null,
  answer: { text: 'Đã vá ổ gà.', publishedAt: '2026-02-25T10:00:00.000Z' },
  visibility: 'public',
};

const mine: MyReport = {
  code: report.code,
  status: 'published',
  submittedAt: report.submittedAt,
  description: 'Ổ gà lớn trên đường, số nhà 12.',
  category: report.category,
  rating: null,
  timeline: report.timeline.slice(0, 3),
  answer: { text: 'Đã vá ổ gà.', approvedAt: '2026-02-24T10:00:00.000Z' },
  openQuestion: null,
};

let unmount: (() => void) | undefined;

/** Lets Preact render the state a click or keystroke set. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  resetWorkflowTable();
  window.localStorage.clear();
});

/** Answers by URL; anything else is a 404. */
function stub(routes: Record<string, () => Response>) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const key = `${init?.method ?? 'GET'} ${url}`;
    const route = routes[key];
    return Promise.resolve(
      route ? route() : json({ error: { code: 'not_found', message: 'Không tìm thấy.' } }, 404),
    );
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('report page', () => {
  it('shows the status, the facts, the answer and the timeline in Vietnamese words and Vietnam time', async () => {
    stub({
      'GET /api/v1/public/workflow': () => json(table),
      'GET /api/v1/public/reports/PA-2026-000007': () => json(report),
    });
    const page = mount(
      <SessionProvider>
        <ReportViewPage code="pa-2026-000007" />
      </SessionProvider>,
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'status'))).toBe('Đã công khai kết quả');
    });
    expect(text(page.container.querySelector('h1'))).toBe('Phản ánh PA-2026-000007');
    const items = [...byTestId(page.container, 'timeline').querySelectorAll('li')].map((li) => text(li));
    expect(items).toEqual([
      '08:00 20/02/2026Đã gửi phản ánh',
      '09:30 21/02/2026Đã tiếp nhận phản ánh',
      '17:00 25/02/2026Đã công bố kết quả trả lời',
      '17:00 26/02/2026Người phản ánh đánh giá kết quảHài lòng',
    ]);
    expect(text(byTestId(page.container, 'answer'))).toContain('Đã vá ổ gà.');
    expect(text(byTestId(page.container, 'answer'))).toContain('Công bố lúc 17:00 25/02/2026');
    expect(page.container.textContent).toContain('20/02/2026');
    expect(page.container.textContent).toContain('Xã Tân Sơn');
    expect(page.container.querySelector('img')?.getAttribute('src')).toBe('/media/m1/thumb');
    expect(page.container.querySelector('.follow-photos a')?.getAttribute('href')).toBe('/media/m1/large');
    // Signed out: following means signing in first.
    expect(byTestId(page.container, 'follow-sign-in').getAttribute('href')).toBe(
      '#/dang-nhap?ve=%2Fphan-anh%2FPA-2026-000007',
    );
    expect(page.container.querySelector('[data-testid="rating-form"]')).toBeNull();
  });

  it('takes the answer asked for ahead of the page, without asking again', async () => {
    const fetchMock = stub({
      'GET /api/v1/public/workflow': () => json(table),
      'GET /api/v1/public/reports/PA-2026-000007': () => json(report),
    });
    preloadPublicReport('PA-2026-000007', 'vi');
    const page = mount(
      <SessionProvider>
        <ReportViewPage code="PA-2026-000007" />
      </SessionProvider>,
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'status'))).toBe('Đã công khai kết quả');
    });
    const asked = () =>
      fetchMock.mock.calls.filter(
        ([url]) => typeof url === 'string' && url.endsWith('/reports/PA-2026-000007'),
      );
    expect(asked()).toHaveLength(1);
    // Taken once: opening the page again asks the server again (fresh figures, not a kept answer).
    page.unmount();
    const again = mount(
      <SessionProvider>
        <ReportViewPage code="PA-2026-000007" />
      </SessionProvider>,
    );
    unmount = again.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(again.container, 'status'))).toBe('Đã công khai kết quả');
    });
    expect(asked()).toHaveLength(2);
  });

  it('gives the place in words with a map link, and every way to follow without an account', async () => {
    stub({
      'GET /api/v1/public/workflow': () => json(table),
      'GET /api/v1/public/reports/PA-2026-000007': () =>
        json({
          ...report,
          latitude: 21.2731,
          longitude: 106.1946,
          place: {
            address: 'Đầu ngõ 12, phố Thanh Xuân (gọi [đã ẩn])',
            areaName: 'Xã Tân Sơn, huyện Lục Ngạn, tỉnh Bắc Giang',
          },
        }),
    });
    const page = mount(
      <SessionProvider>
        <ReportViewPage code="PA-2026-000007" />
      </SessionProvider>,
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(byTestId(page.container, 'place')).toBeTruthy();
    });
    const place = byTestId(page.container, 'place');
    expect([...place.querySelectorAll('dd')].map((dd) => text(dd))).toEqual([
      'Đầu ngõ 12, phố Thanh Xuân (gọi [đã ẩn])',
      'Xã Tân Sơn, huyện Lục Ngạn, tỉnh Bắc Giang',
      'Xem vị trí trên bản đồ (mở OpenStreetMap trong thẻ mới)',
    ]);
    expect(byTestId(page.container, 'map-link').getAttribute('href')).toBe(
      'https://www.openstreetmap.org/?mlat=21.273100&mlon=106.194600#map=18/21.273100/106.194600',
    );
    // Signed out: this device (no Web Push in this test browser), e-mail, or signing in; headings in order.
    const box = byTestId(page.container, 'follow-box');
    expect([...box.querySelectorAll('h2, h3')].map((h) => `${h.tagName} ${text(h)}`)).toEqual([
      'H2 Theo dõi phản ánh',
      'H3 Thông báo trên thiết bị này',
      'H3 Theo dõi qua thư điện tử',
      'H3 Theo dõi bằng tài khoản',
    ]);
    await vi.waitFor(() => {
      expect(byTestId(box, 'device-push').dataset.state).toBe('unsupported');
    });
    expect(byTestId(box, 'email-follow')).toBeTruthy();
  });

  it('is in English when English is chosen, the status from the table', async () => {
    stub({
      'GET /api/v1/public/workflow': () => json(table),
      'GET /api/v1/public/reports/PA-2026-000007': () => json(report),
    });
    const page = mount(
      <SessionProvider>
        <ReportViewPage code="PA-2026-000007" />
      </SessionProvider>,
      'en',
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'status'))).toBe('Answer published');
    });
    expect(text(byTestId(page.container, 'timeline').querySelector('li'))).toBe(
      '08:00 20/02/2026Report sent',
    );
    expect(page.container.textContent).toContain('Traffic');
  });

  it('says clearly that no report has the code, with the form to try another', async () => {
    stub({ 'GET /api/v1/public/workflow': () => json(table) });
    const page = mount(
      <SessionProvider>
        <ReportViewPage code="PA-2026-999999" />
      </SessionProvider>,
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'not-found'))).toContain('Không tìm thấy phản ánh với mã này');
    });
    expect(page.container.querySelector<HTMLInputElement>('#track-code')?.value).toBe('PA-2026-999999');
  });

  it('shows only the status of a report that is not public', async () => {
    stub({
      'GET /api/v1/public/workflow': () => json(table),
      'GET /api/v1/public/reports/PA-2026-000007': () =>
        json({
          ...report,
          status: 'accepted',
          visibility: 'tracking_only',
          description: '',
          area: null,
          media: [],
          answer: null,
        }),
    });
    const page = mount(
      <SessionProvider>
        <ReportViewPage code="PA-2026-000007" />
      </SessionProvider>,
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'status'))).toBe('Đã tiếp nhận');
    });
    expect(byTestId(page.container, 'tracking-only')).toBeTruthy();
    expect(page.container.querySelector('[data-testid="follow-box"]')).toBeNull();
  });

  it('lets the signed-in reporter rate, sending the version and an idempotency key, then shows the rating', async () => {
    window.localStorage.setItem('pakn.session', '1');
    let rated: string | null = null;
    const fetchMock = stub({
      'GET /api/v1/auth/me': () => json({ accountId: 'a1', kind: 'citizen', roles: ['citizen'] }),
      'GET /api/v1/me/profile': () => json({ displayName: 'Hùng', username: null, phone: '0912000111' }),
      'GET /api/v1/public/workflow': () => json(table),
      'GET /api/v1/public/reports/PA-2026-000007': () => json(report),
      'GET /api/v1/me/reports/PA-2026-000007': () => json({ ...mine, rating: rated }),
      'GET /api/v1/reports/PA-2026-000007/workflow': () =>
        json({
          status: 'published',
          version: 7,
          actions: rated ? [] : ['rate_satisfied', 'rate_unsatisfied'],
        }),
      'POST /api/v1/reports/PA-2026-000007/workflow/rate_unsatisfied': () => {
        rated = 'unsatisfied';
        return json({ id: 'r1', code: report.code, status: 'reopen_requested', version: 8, eventId: '9' });
      },
    });
    const page = mount(
      <SessionProvider>
        <ReportViewPage code="PA-2026-000007" />
      </SessionProvider>,
    );
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(byTestId(page.container, 'rating-form')).toBeTruthy();
    });
    // Said plainly, with the way to all their reports; no e-mail form for the reporter (they are told already).
    expect(text(byTestId(page.container, 'you-sent'))).toBe(
      'Bạn là người gửi phản ánh này. Xem tất cả phản ánh của bạn',
    );
    expect(byTestId(page.container, 'you-sent').querySelector('a')?.getAttribute('href')).toBe('#/cua-toi');
    expect(page.container.querySelector('[data-testid="email-follow"]')).toBeNull();
    page.container.querySelector<HTMLInputElement>('#rating-rate_unsatisfied')?.click();
    const comment = page.container.querySelector<HTMLTextAreaElement>('#rating-comment');
    if (comment === null) throw new Error('no comment field');
    comment.value = 'Vẫn còn ổ gà.';
    comment.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve();
    page.container
      .querySelector('[data-testid="rating-form"]')
      ?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'your-rating'))).toBe('Bạn đã đánh giá: Chưa hài lòng');
    });
    expect(page.container.querySelector('[data-testid="rating-form"]')).toBeNull();
    expect(text(byTestId(page.container, 'action-done'))).toBe('Cảm ơn bạn đã đánh giá.');
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    const init = post?.[1];
    expect(JSON.parse(init?.body as string)).toEqual({ input: { comment: 'Vẫn còn ổ gà.' }, version: 7 });
    expect((init?.headers as Record<string, string>)['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);
  });
});

describe('rating form', () => {
  function form(allowed: string[], onSubmit = vi.fn(() => Promise.resolve())) {
    const page = mount(<RatingForm allowed={allowed} onSubmit={onSubmit} />);
    unmount = page.unmount;
    const submit = async () => {
      await tick();
      page.container
        .querySelector('form')
        ?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    return { ...page, submit, onSubmit };
  }

  it('offers only the choices allowed, and nothing when none is', () => {
    const one = form(['rate_satisfied']);
    expect([...one.container.querySelectorAll('label')].map((l) => text(l))).toEqual([
      'Hài lòng',
      'Ý kiến của bạn',
    ]);
    one.unmount();
    const none = form(['note']);
    expect(none.container.querySelector('form')).toBeNull();
  });

  it('asks for a choice, then for the reason when not satisfied, without sending', async () => {
    const f = form(['rate_satisfied', 'rate_unsatisfied']);
    await f.submit();
    await tick();
    expect(text(f.container.querySelector('#rating-choose-error'))).toBe(
      'Vui lòng chọn “Hài lòng” hoặc “Chưa hài lòng”.',
    );
    f.container.querySelector<HTMLInputElement>('#rating-rate_unsatisfied')?.click();
    await f.submit();
    await tick();
    const comment = f.container.querySelector('#rating-comment');
    expect(comment?.getAttribute('aria-invalid')).toBe('true');
    expect(comment?.getAttribute('aria-describedby')).toBe('rating-comment-error');
    expect(text(f.container.querySelector('#rating-comment-error'))).toBe(
      'Vui lòng cho biết lý do bạn chưa hài lòng.',
    );
    expect(f.onSubmit).not.toHaveBeenCalled();
  });

  it('sends "satisfied" without a comment', async () => {
    const f = form(['rate_satisfied', 'rate_unsatisfied']);
    f.container.querySelector<HTMLInputElement>('#rating-rate_satisfied')?.click();
    await f.submit();
    expect(f.onSubmit).toHaveBeenCalledWith('rate_satisfied', '');
  });

  it("shows the API's refusal and lets the person try again", async () => {
    const { ApiError } = await import('../api.js');
    const onSubmit = vi.fn(() =>
      Promise.reject(new ApiError('409', 409, 'conflict', 'Phản ánh đã thay đổi, vui lòng tải lại trang.')),
    );
    const f = form(['rate_satisfied'], onSubmit);
    f.container.querySelector<HTMLInputElement>('#rating-rate_satisfied')?.click();
    await f.submit();
    await vi.waitFor(() => {
      expect(text(byTestId(f.container, 'rating-error'))).toBe(
        'Phản ánh đã thay đổi, vui lòng tải lại trang.',
      );
    });
    expect(text(f.container.querySelector('button[type="submit"]'))).toBe('Gửi đánh giá');
  });
});
