// The officers' statistics page: who sees it (officers; others the sign-in prompt; an officer without the
// permission a notice), what it asks the API for (from the address, then from the filters, kept in the address),
// the figures in the summary, the table (total row, a dash for no figure) and the chart, in both languages, the
// download links carrying the same query, and the error of a link to an agency outside one's scope.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../session.js';
import type { LeaderFigures, LeaderReply, LeaderRow } from '../stats/leader-api.js';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { LeaderStatisticsPage } from './leader-statistics.js';

// 10:00 on 25 February 2026 in Vietnam: "the last 12 months" are March 2025 to February 2026.
const NOW = new Date('2026-02-25T03:00:00Z');
const GTVT = '11111111-1111-4111-8111-111111111111';
const TNMT = '22222222-2222-4222-8222-222222222222';

const figures = (f: Partial<LeaderFigures>): LeaderFigures => ({
  received: 0,
  rejected: 0,
  inProgress: 0,
  handled: 0,
  onTime: 0,
  late: 0,
  overdue: 0,
  onTimePercent: null,
  avgHandlingDays: null,
  returns: 0,
  rated: 0,
  satisfied: 0,
  satisfactionPercent: null,
  cameDue: 0,
  ...f,
});
const row = (key: string | null, nameVi: string, nameEn: string, f: Partial<LeaderFigures>): LeaderRow => ({
  key,
  nameVi,
  nameEn,
  ...figures(f),
});

const COLUMNS: LeaderReply['columns'] = [
  'received',
  'rejected',
  'inProgress',
  'handled',
  'onTime',
  'late',
  'overdue',
  'onTimePercent',
  'avgHandlingDays',
  'returns',
  'rated',
  'satisfied',
  'satisfactionPercent',
];

const BY_AGENCY: LeaderReply = {
  groupBy: 'agency',
  from: '2025-03',
  to: '2026-02',
  filters: { agency: null, category: null, area: null },
  scope: { everything: true, units: [] },
  columns: COLUMNS,
  rows: [
    row(GTVT, 'Sở Giao thông vận tải', 'Department of Transport', {
      received: 1234,
      inProgress: 234,
      handled: 1000,
      onTime: 875,
      late: 125,
      overdue: 12,
      onTimePercent: 87.5,
      avgHandlingDays: 4.4,
      returns: 3,
      rated: 500,
      satisfied: 400,
      satisfactionPercent: 80,
      cameDue: 1000,
    }),
    row(null, 'Chưa giao cơ quan xử lý', 'Not yet assigned to an agency', {
      received: 20,
      rejected: 5,
      inProgress: 15,
    }),
  ],
  total: figures({
    received: 1254,
    rejected: 5,
    inProgress: 249,
    handled: 1000,
    onTime: 875,
    late: 125,
    overdue: 12,
    onTimePercent: 87.5,
    avgHandlingDays: 4.4,
    returns: 3,
    rated: 500,
    satisfied: 400,
    satisfactionPercent: 80,
    cameDue: 1000,
  }),
  asOf: '2026-02-25T02:59:00Z',
};

let asked: URL[] = [];

/** The session (`roles` null: nobody), the statistics (a reply or a status with an error code), the filters' lists. */
function stub({
  roles = ['agency_leader'],
  kind = 'officer',
  stats = () => json(BY_AGENCY),
}: {
  roles?: string[] | null;
  kind?: 'officer' | 'citizen';
  stats?: (url: URL) => Response;
} = {}) {
  asked = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL): Promise<Response> => {
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        'http://x',
      );
      switch (url.pathname) {
        case '/api/v1/auth/me':
          return Promise.resolve(
            roles === null
              ? json({ error: { code: 'unauthenticated' } }, 401)
              : json({ accountId: 'a1', kind, roles }),
          );
        case '/api/v1/me/profile':
          return Promise.resolve(json({ displayName: 'Trịnh Xuân Bách', username: 'lanhdao', phone: null }));
        case '/api/v1/stats/leader':
          asked.push(url);
          return Promise.resolve(stats(url));
        case '/api/v1/stats/leader/agencies':
          return Promise.resolve(
            json({
              agencies: [
                { id: GTVT, parentId: null, name: 'Sở Giao thông vận tải', depth: 0 },
                { id: TNMT, parentId: null, name: 'Sở Tài nguyên và Môi trường', depth: 0 },
              ],
            }),
          );
        case '/api/v1/public/categories':
          return Promise.resolve(json([]));
        case '/api/v1/public/areas':
          return Promise.resolve(json([]));
        default:
          return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
      }
    }),
  );
}

let unmount: (() => void) | undefined;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  localStorage.clear();
  window.location.hash = '#/can-bo/thong-ke';
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  vi.useRealTimers();
  window.location.hash = '';
  document.documentElement.lang = 'vi';
});

function open(lang: 'vi' | 'en' = 'vi') {
  document.documentElement.lang = lang;
  const page = mount(
    <SessionProvider>
      <LeaderStatisticsPage />
    </SessionProvider>,
    lang,
  );
  unmount = page.unmount;
  return page.container;
}

async function ready(page: HTMLElement) {
  await vi.waitFor(() => {
    expect(page.querySelector('[data-testid="leader-results"]')?.getAttribute('aria-busy')).toBe('false');
  });
}

const cell = (page: HTMLElement, key: string, col: string) =>
  text(page.querySelector(`[data-testid="leader-table"] tr[data-key="${key}"] [data-col="${col}"]`));

describe('officers’ statistics page', () => {
  it('asks an officer’s figures for the last 12 months by agency and shows them in Vietnamese format', async () => {
    stub();
    const page = open();
    await ready(page);

    expect(asked.map((u) => u.search)).toEqual(['?groupBy=agency&from=2025-03&to=2026-02']);
    expect(text(byTestId(page, 'leader-period'))).toBe('Từ tháng 03/2025 đến tháng 02/2026');
    expect(text(byTestId(page, 'leader-scope'))).toBe('Phạm vi: toàn tỉnh');
    expect(text(byTestId(page, 'total-received'))).toBe('1.254');
    expect(text(byTestId(page, 'total-onTimePercent'))).toBe('87,5');
    expect(text(byTestId(page, 'total-avgHandlingDays'))).toBe('4,4');
    expect(text(byTestId(page, 'total-satisfactionPercent'))).toBe('80,0');
    expect(text(byTestId(page, 'total-overdue'))).toBe('12');

    // Every column the API lists, headed as the files head them; the total row last.
    const heads = [...page.querySelectorAll('[data-testid="leader-table"] thead th')].map((th) => text(th));
    expect(heads).toEqual([
      'Cơ quan xử lý',
      'Tiếp nhận',
      'Từ chối',
      'Đang xử lý',
      'Đã xử lý xong',
      'Đúng hạn',
      'Trễ hạn',
      'Đang quá hạn',
      'Tỷ lệ đúng hạn (%)',
      'Thời gian xử lý bình quân (ngày làm việc)',
      'Trả lại',
      'Được đánh giá',
      'Hài lòng',
      'Tỷ lệ hài lòng (%)',
    ]);
    expect(cell(page, GTVT, 'received')).toBe('1.234');
    expect(cell(page, GTVT, 'onTimePercent')).toBe('87,5');
    expect(cell(page, GTVT, 'avgHandlingDays')).toBe('4,4');
    expect(cell(page, GTVT, 'returns')).toBe('3');
    // No figure: a dash, and words for a screen reader.
    expect(cell(page, '', 'onTimePercent')).toBe('—không có số liệu');
    expect(cell(page, 'total', 'received')).toBe('1.254');
    expect(text(page.querySelector('tr[data-key="total"] th'))).toBe('Tổng cộng');

    // The chart: one bar per row, named by its caption, with its figure in text.
    const svg = page.querySelector('[data-testid="leader-chart"] svg');
    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-labelledby')).toBe('leader-chart-caption');
    expect(text(page.querySelector('#leader-chart-caption'))).toBe('Tiếp nhận, theo cơ quan xử lý');
    expect([...page.querySelectorAll('[data-testid="chart-value"]')].map((t) => text(t))).toEqual([
      '1.234',
      '20',
    ]);
    byTestId(page, 'metric-onTimePercent').click();
    await vi.waitFor(() => {
      expect([...page.querySelectorAll('[data-testid="chart-value"]')].map((t) => text(t))).toEqual([
        '87,5',
        '—',
      ]);
    });
    expect(text(page.querySelector('#leader-chart-caption'))).toBe('Tỷ lệ đúng hạn (%), theo cơ quan xử lý');

    // The files of exactly these figures.
    expect(byTestId(page, 'download-xlsx').getAttribute('href')).toBe(
      '/api/v1/stats/leader/export.xlsx?groupBy=agency&from=2025-03&to=2026-02&lang=vi',
    );
    expect(byTestId(page, 'download-csv').getAttribute('href')).toBe(
      '/api/v1/stats/leader/export.csv?groupBy=agency&from=2025-03&to=2026-02&lang=vi',
    );
  });

  it('follows the address, and keeps the grouping and filters chosen in it', async () => {
    window.location.hash = `#/can-bo/thong-ke?ky=tuy-chon&tu=2025-01&den=2025-06&theo=trang-thai&co-quan=${GTVT}`;
    stub({ stats: (url) => json({ ...BY_AGENCY, groupBy: url.searchParams.get('groupBy') }) });
    const page = open();
    await ready(page);
    expect(asked.at(-1)?.search).toBe(`?groupBy=status&from=2025-01&to=2025-06&agencyId=${GTVT}`);
    expect(text(byTestId(page, 'leader-period'))).toBe('Từ tháng 01/2025 đến tháng 06/2025');

    byTestId(page, 'group-month').click();
    await vi.waitFor(() => {
      expect(asked.at(-1)?.searchParams.get('groupBy')).toBe('month');
    });
    expect(window.location.hash).toBe(
      `#/can-bo/thong-ke?ky=tuy-chon&theo=thang&tu=2025-01&den=2025-06&co-quan=${GTVT}`,
    );

    const agency = page.querySelector<HTMLSelectElement>('#leader-agency')!;
    await vi.waitFor(() => {
      expect(agency.options.length).toBe(3);
    });
    agency.value = TNMT;
    agency.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => {
      expect(asked.at(-1)?.searchParams.get('agencyId')).toBe(TNMT);
    });
    expect(window.location.hash).toContain(`co-quan=${TNMT}`);

    byTestId(page, 'period-this-year').click();
    await vi.waitFor(() => {
      expect(asked.at(-1)?.search).toBe(`?groupBy=month&from=2026-01&to=2026-02&agencyId=${TNMT}`);
    });
  });

  it('speaks English', async () => {
    stub();
    const page = open('en');
    await ready(page);
    expect(text(page.querySelector('h1'))).toBe('Report statistics');
    expect(text(byTestId(page, 'leader-period'))).toBe('March 2025 to February 2026');
    expect(text(byTestId(page, 'total-received'))).toBe('1,254');
    expect(text(page.querySelector(`tr[data-key="${GTVT}"] th`))).toBe('Department of Transport');
    expect(byTestId(page, 'download-xlsx').getAttribute('href')).toContain('&lang=en');
  });

  it('asks people who are not signed in as an officer to sign in', async () => {
    stub({ roles: null });
    let page = open();
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'officer-required'))).toContain('Vui lòng đăng nhập bằng tài khoản cán bộ');
    });
    expect(byTestId(page, 'officer-required').querySelector('a')?.getAttribute('href')).toBe(
      '#/dang-nhap?ve=%2Fcan-bo%2Fthong-ke',
    );
    expect(asked).toEqual([]);
    unmount?.();

    stub({ roles: [], kind: 'citizen' });
    page = open();
    await vi.waitFor(() => {
      expect(page.querySelector('[data-testid="officer-required"]')).not.toBeNull();
    });
    expect(asked).toEqual([]);
  });

  it('tells an officer without the permission so, and one outside their scope how to get back to it', async () => {
    const refusal = (code: string, message: string) => () =>
      json({ error: { code, message, messages: { vi: message, en: message } } }, 403);
    stub({ roles: ['handler'], stats: refusal('forbidden', 'Bạn không có quyền thực hiện thao tác này.') });
    let page = open();
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'stats-forbidden'))).toContain('không có quyền xem thống kê');
    });
    unmount?.();

    window.location.hash = `#/can-bo/thong-ke?co-quan=${TNMT}`;
    const scope = 'Bạn chỉ được xem số liệu của cơ quan, địa bàn mình phụ trách và các đơn vị trực thuộc.';
    stub({
      stats: (url) =>
        url.searchParams.has('agencyId') ? refusal('stats_out_of_scope', scope)() : json(BY_AGENCY),
    });
    page = open();
    const alert = await vi.waitFor(() => {
      const found = page.querySelector('[role="alert"]');
      expect(text(found)).toContain(scope);
      return found!;
    });
    alert.querySelector('button')!.click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="total-received"]'))).toBe('1.254');
    });
    expect(asked.at(-1)?.searchParams.has('agencyId')).toBe(false);
    expect(window.location.hash).toBe('#/can-bo/thong-ke?ky=12-thang&theo=co-quan');
  });

  it('says so when nothing was received in the period and scope', async () => {
    stub({ stats: () => json({ ...BY_AGENCY, rows: [], total: figures({}) }) });
    const page = open();
    await ready(page);
    expect(text(byTestId(page, 'leader-empty'))).toBe('Không có phản ánh nào trong kỳ và phạm vi đã chọn.');
    expect(page.querySelector('[data-testid="leader-table"]')).toBeNull();
  });
});
