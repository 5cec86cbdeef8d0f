// The statistics page: what it asks the API for (from the address), the figures it shows and how, sorting,
// switching grouping and period (kept in the address), and its loading, error, empty and small-sample states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FigureGroup, Figures, FiguresReply } from '../stats/api.js';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { StatisticsPage } from './statistics.js';

// 10:00 on 25 February 2026 in Vietnam: "the last 12 months" are March 2025 to February 2026.
const NOW = new Date('2026-02-25T03:00:00Z');

const figures = (f: Partial<Figures>): Figures => ({
  received: 0,
  handled: 0,
  rejected: 0,
  onTimeRate: null,
  satisfactionRate: null,
  cameDue: 0,
  late: 0,
  rated: 0,
  ...f,
});
const group = (key: string | null, nameVi: string, nameEn: string, f: Partial<Figures>): FigureGroup => ({
  key,
  nameVi,
  nameEn,
  ...figures(f),
});

const BY_AGENCY: FiguresReply = {
  total: figures({
    received: 1234,
    handled: 1000,
    onTimeRate: 0.875,
    satisfactionRate: 0.8,
    cameDue: 1100,
    late: 137,
    rated: 500,
  }),
  groups: [
    group('a-transport', 'Sở Giao thông vận tải', 'Department of Transport', {
      received: 800,
      handled: 700,
      onTimeRate: 0.9,
      satisfactionRate: 0.75,
      cameDue: 750,
      late: 75,
      rated: 300,
    }),
    group('a-environment', 'Sở Tài nguyên và Môi trường', 'Department of Natural Resources', {
      received: 430,
      handled: 299,
      onTimeRate: 0.8,
      satisfactionRate: 0.667,
      cameDue: 349,
      late: 60,
      rated: 3,
    }),
    group(null, 'Chưa xác định', 'Not determined', {
      received: 4,
      handled: 1,
      onTimeRate: 0,
      cameDue: 2,
      late: 2,
    }),
  ],
  asOf: '2026-02-25T02:59:00Z',
};

const BY_MONTH: FiguresReply = {
  total: figures({ received: 30, handled: 20, onTimeRate: 0.5, cameDue: 20, late: 10, rated: 0 }),
  groups: [
    group('2026-02-01', 'Tháng 02/2026', '2026-02', {
      received: 10,
      handled: 5,
      onTimeRate: 0.5,
      cameDue: 6,
    }),
    group('2025-03-01', 'Tháng 03/2025', '2025-03', {
      received: 20,
      handled: 15,
      onTimeRate: 0.6,
      cameDue: 14,
    }),
  ],
  asOf: '2026-02-25T02:59:00Z',
};

const EMPTY: FiguresReply = { total: figures({}), groups: [], asOf: '2026-02-25T02:59:00Z' };

type Answer = FiguresReply | ((url: URL) => Response | Promise<Response>);

/** Answers `/api/v1/public/figures` by grouping; records the queries asked. */
function stubFigures(answers: Partial<Record<string, Answer>>) {
  const asked: URL[] = [];
  const fetchMock = vi.fn((input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://x',
    );
    if (url.pathname !== '/api/v1/public/figures') return Promise.resolve(json({}, 404));
    asked.push(url);
    const answer = answers[url.searchParams.get('groupBy') ?? ''] ?? EMPTY;
    return Promise.resolve(typeof answer === 'function' ? answer(url) : json(answer));
  });
  vi.stubGlobal('fetch', fetchMock);
  return asked;
}

let unmount: (() => void) | undefined;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  window.location.hash = '#/thong-ke';
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  vi.useRealTimers();
  window.location.hash = '';
});

function open(lang: 'vi' | 'en' = 'vi') {
  const page = mount(<StatisticsPage />, lang);
  unmount = page.unmount;
  return page.container;
}

async function ready(page: HTMLElement) {
  await vi.waitFor(() => {
    expect(page.querySelector('[data-testid="stats-results"]')?.getAttribute('aria-busy')).toBe('false');
  });
}

const rowNames = (page: HTMLElement) =>
  [...page.querySelectorAll('[data-testid="stats-table"] tbody th')].map((th) => text(th));
const cell = (page: HTMLElement, key: string, col: string) =>
  text(page.querySelector(`tr[data-key="${key}"] [data-col="${col}"]`));
const sortState = (page: HTMLElement) =>
  [...page.querySelectorAll('[data-testid="stats-table"] thead th')]
    .filter((th) => th.hasAttribute('aria-sort'))
    .map((th) => [text(th), th.getAttribute('aria-sort')]);

describe('statistics page', () => {
  it('asks for the last 12 months by agency and shows the province’s figures in Vietnamese format', async () => {
    const asked = stubFigures({ agency: BY_AGENCY });
    const page = open();
    await ready(page);

    expect(asked.map((u) => u.search)).toEqual(['?groupBy=agency&from=2025-03&to=2026-02']);
    expect(text(byTestId(page, 'stats-period'))).toBe('Từ tháng 03/2025 đến tháng 02/2026');
    expect(text(byTestId(page, 'total-received'))).toBe('1.234');
    expect(text(byTestId(page, 'total-handled'))).toBe('1.000');
    expect(text(byTestId(page, 'total-ontime'))).toBe('87,5%');
    expect(text(byTestId(page, 'total-late'))).toBe('137');
    expect(text(byTestId(page, 'total-satisfaction'))).toBe('80%');
    expect(page.textContent).toContain('trên 1.100 phản ánh đến hạn');
    expect(page.textContent).toContain('trên 500 lượt đánh giá');
    expect(page.textContent).toContain('Số liệu cập nhật lúc 09:59 25/02/2026 và được tính lại mỗi phút.');
    // What the rates mean, from the workflow.
    expect(page.textContent).toContain('trước thời hạn xử lý ban đầu');
    expect(page.textContent).toContain('số lượt người phản ánh đánh giá “Hài lòng” / tổng số lượt đánh giá');

    // The most reports first; "not determined" is a row like the others.
    expect(rowNames(page)).toEqual(['Sở Giao thông vận tải', 'Sở Tài nguyên và Môi trường', 'Chưa xác định']);
    expect(sortState(page)).toEqual([['Tiếp nhận', 'descending']]);
    expect(cell(page, 'a-transport', 'received')).toBe('800');
    expect(cell(page, 'a-transport', 'onTime')).toBe('90%');
    expect(cell(page, 'a-transport', 'late')).toBe('75');
    expect(cell(page, 'a-transport', 'satisfaction')).toBe('75%');
    expect(text(page.querySelector('#stats-table-title'))).toBe(
      'Theo cơ quan xử lý — Từ tháng 03/2025 đến tháng 02/2026',
    );
    expect(byTestId(page, 'stats-table').getAttribute('aria-labelledby')).toBe('stats-table-title');
    // No rate: a dash, and words for a screen reader.
    expect(cell(page, '', 'satisfaction')).toBe('—chưa có số liệu');
    expect(
      page.querySelector('tr[data-key=""] [data-col="satisfaction"] [aria-hidden="true"]'),
    ).not.toBeNull();
  });

  it('shows a rate over fewer than 5 ratings with its count and a note, and leaves it out of the chart’s “highest”', async () => {
    stubFigures({ agency: BY_AGENCY });
    const page = open();
    await ready(page);

    const small = page.querySelector('tr[data-key="a-environment"] [data-col="satisfaction"]');
    expect(text(small)).toBe('66,7%trên 3 lượt đánh giá');
    expect(small?.classList.contains('small-sample')).toBe(true);
    expect(
      page.querySelector('tr[data-key="a-transport"] [data-col="satisfaction"]')?.classList,
    ).not.toContain('small-sample');
    expect(text(byTestId(page, 'small-note'))).toContain('dưới 5 lượt đánh giá');
    // 0 % on time, of two reports due: not a misleading bare 0 %.
    expect(cell(page, '', 'onTime')).toBe('0%trên 2 phản ánh đến hạn');
    expect(page.querySelector('tr[data-key=""] [data-col="onTime"]')?.classList).toContain('small-sample');
    // Nothing rated: no rate, and no count either.
    expect(page.querySelector('tr[data-key=""] [data-col="satisfaction"]')?.classList).not.toContain(
      'small-sample',
    );

    byTestId(page, 'sort-satisfaction').click();
    await vi.waitFor(() => {
      expect(sortState(page)).toEqual([['Hài lòng', 'descending']]);
    });
    const caption = text(page.querySelector('[data-testid="stats-chart"] figcaption'));
    expect(caption).toBe(
      'Biểu đồ: Tỷ lệ hài lòng của tất cả các dòng trong bảng. Cao nhất: Sở Giao thông vận tải, 75%.',
    );
    // The chart is decoration: hidden from screen readers, who have the sentence and the table.
    expect(page.querySelector('.bars')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('sorts by each column from its header button, both ways, rows without a rate last', async () => {
    stubFigures({ agency: BY_AGENCY });
    const page = open();
    await ready(page);

    byTestId(page, 'sort-name').click();
    await vi.waitFor(() => {
      expect(sortState(page)).toEqual([['Cơ quan xử lý', 'ascending']]);
    });
    // Vietnamese order: "Giao" before "Tài"; "not determined" stays last.
    expect(rowNames(page)).toEqual(['Sở Giao thông vận tải', 'Sở Tài nguyên và Môi trường', 'Chưa xác định']);
    byTestId(page, 'sort-name').click();
    await vi.waitFor(() => {
      expect(sortState(page)).toEqual([['Cơ quan xử lý', 'descending']]);
    });
    expect(rowNames(page)).toEqual(['Sở Tài nguyên và Môi trường', 'Sở Giao thông vận tải', 'Chưa xác định']);

    byTestId(page, 'sort-onTime').click();
    await vi.waitFor(() => {
      expect(sortState(page)).toEqual([['Đúng hạn', 'descending']]);
    });
    expect(rowNames(page)).toEqual(['Sở Giao thông vận tải', 'Sở Tài nguyên và Môi trường', 'Chưa xác định']);
    byTestId(page, 'sort-onTime').click();
    await vi.waitFor(() => {
      expect(sortState(page)).toEqual([['Đúng hạn', 'ascending']]);
    });
    expect(rowNames(page)).toEqual(['Chưa xác định', 'Sở Tài nguyên và Môi trường', 'Sở Giao thông vận tải']);

    // No rate is not a low rate: last whichever way.
    byTestId(page, 'sort-satisfaction').click();
    await vi.waitFor(() => {
      expect(sortState(page)).toEqual([['Hài lòng', 'descending']]);
    });
    expect(rowNames(page).at(-1)).toBe('Chưa xác định');
    byTestId(page, 'sort-satisfaction').click();
    await vi.waitFor(() => {
      expect(sortState(page)).toEqual([['Hài lòng', 'ascending']]);
    });
    expect(rowNames(page)).toEqual(['Sở Tài nguyên và Môi trường', 'Sở Giao thông vận tải', 'Chưa xác định']);

    byTestId(page, 'sort-late').click();
    await vi.waitFor(() => {
      expect(sortState(page)).toEqual([['Trễ hạn', 'descending']]);
    });
    expect(rowNames(page)).toEqual(['Sở Giao thông vận tải', 'Sở Tài nguyên và Môi trường', 'Chưa xác định']);
    // The chart follows the sorted column.
    expect(text(page.querySelector('[data-testid="stats-chart"] figcaption'))).toContain('Biểu đồ: Trễ hạn');
    // Sort buttons are real buttons in the column headers.
    expect(page.querySelectorAll('thead th[scope="col"] > button[type="button"]')).toHaveLength(6);
  });

  it('switches the grouping, puts it in the address, and lists every month of the period in order', async () => {
    const asked = stubFigures({ agency: BY_AGENCY, month: BY_MONTH });
    const page = open();
    await ready(page);
    byTestId(page, 'sort-handled').click();

    byTestId(page, 'group-month').click();
    await vi.waitFor(() => {
      expect(asked.at(-1)?.search).toBe('?groupBy=month&from=2025-03&to=2026-02');
    });
    await ready(page);
    expect(window.location.hash).toBe('#/thong-ke?ky=12-thang&theo=thang');
    expect(text(page.querySelector('#stats-groups-title'))).toBe('Theo tháng');
    // Twelve months, oldest first (the new grouping's own order), months without reports as zeros.
    expect(rowNames(page)).toHaveLength(12);
    expect(rowNames(page)[0]).toBe('Tháng 03/2025');
    expect(rowNames(page)[11]).toBe('Tháng 02/2026');
    expect(sortState(page)).toEqual([['Tháng', 'ascending']]);
    expect(cell(page, '2025-04-01', 'received')).toBe('0');
    expect(cell(page, '2026-02-01', 'received')).toBe('10');
    // A time line: the chart has every month, the latest included.
    expect(page.querySelectorAll('.bar-row')).toHaveLength(12);
    expect(text(page.querySelector('[data-testid="stats-chart"] figcaption'))).toBe(
      'Biểu đồ: Phản ánh tiếp nhận của tất cả các dòng trong bảng. Cao nhất: Tháng 03/2025, 20.',
    );
  });

  it('charts the first 10 agencies of the table, and says so', async () => {
    const many: FiguresReply = {
      ...BY_AGENCY,
      groups: Array.from({ length: 12 }, (_, i) =>
        group(`a-${i}`, `Đơn vị ${String(i + 1).padStart(2, '0')}`, `Unit ${i + 1}`, { received: 100 - i }),
      ),
    };
    stubFigures({ agency: many });
    const page = open();
    await ready(page);
    expect(rowNames(page)).toHaveLength(12);
    expect(page.querySelectorAll('.bar-row')).toHaveLength(10);
    expect(text(page.querySelector('[data-testid="stats-chart"] figcaption'))).toBe(
      'Biểu đồ: Phản ánh tiếp nhận của 10 dòng đầu tiên trong bảng, theo thứ tự đang sắp xếp. Cao nhất: Đơn vị 01, 100.',
    );
  });

  it('opens the figures a shared link names, and changes period from the radio buttons', async () => {
    window.location.hash = '#/thong-ke?ky=nam-nay&theo=linh-vuc';
    const asked = stubFigures({});
    const page = open();
    await ready(page);
    expect(asked.map((u) => u.search)).toEqual(['?groupBy=category&from=2026-01&to=2026-02']);
    expect((byTestId(page, 'period-this-year') as HTMLInputElement).checked).toBe(true);
    expect((byTestId(page, 'group-category') as HTMLInputElement).checked).toBe(true);

    byTestId(page, 'period-this-month').click();
    await vi.waitFor(() => {
      expect(asked.at(-1)?.search).toBe('?groupBy=category&from=2026-02&to=2026-02');
    });
    expect(window.location.hash).toBe('#/thong-ke?ky=thang-nay&theo=linh-vuc');
    await ready(page);
    expect(text(byTestId(page, 'stats-period'))).toBe('Tháng 02/2026');
  });

  it('takes a custom range of months, refusing one that ends before it starts', async () => {
    const asked = stubFigures({ agency: BY_AGENCY });
    const page = open();
    await ready(page);

    byTestId(page, 'period-custom').click();
    const from = await vi.waitFor(() => {
      const input = page.querySelector<HTMLInputElement>('#stats-from');
      expect(input).not.toBeNull();
      return input!;
    });
    const to = page.querySelector<HTMLInputElement>('#stats-to')!;
    // It starts from the months on screen: the figures do not change until asked.
    expect([from.value, to.value]).toEqual(['2025-03', '2026-02']);
    expect(page.querySelector('label[for="stats-from"]')?.textContent).toBe('Từ tháng');
    expect(asked).toHaveLength(1);

    const type = (input: HTMLInputElement, value: string) => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    type(from, '2025-06');
    type(to, '2025-04');
    byTestId(page, 'apply-range').click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('#stats-to-error'))).toBe(
        'Tháng kết thúc không được trước tháng bắt đầu.',
      );
    });
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(to.getAttribute('aria-describedby')).toContain('stats-to-error');
    expect(asked).toHaveLength(1);

    type(to, 'tháng 8');
    byTestId(page, 'apply-range').click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('#stats-to-error'))).toBe(
        'Vui lòng nhập tháng theo dạng năm-tháng, ví dụ 2026-01.',
      );
    });

    type(to, '2025-08');
    byTestId(page, 'apply-range').click();
    await vi.waitFor(() => {
      expect(asked.at(-1)?.search).toBe('?groupBy=agency&from=2025-06&to=2025-08');
    });
    expect(window.location.hash).toBe('#/thong-ke?ky=tuy-chon&theo=co-quan&tu=2025-06&den=2025-08');
    expect(page.querySelector('#stats-to-error')).toBeNull();
  });

  it('says so when a link’s period is broken, and shows the last 12 months instead', async () => {
    window.location.hash = '#/thong-ke?ky=tuy-chon&tu=2025-09&den=2025-02&theo=dia-ban';
    const asked = stubFigures({});
    const page = open();
    await ready(page);
    expect(asked.map((u) => u.search)).toEqual(['?groupBy=area&from=2025-03&to=2026-02']);
    expect(text(byTestId(page, 'link-invalid'))).toContain('Khoảng thời gian trong liên kết không hợp lệ');
  });

  it('follows a link to other figures while open', async () => {
    const asked = stubFigures({ agency: BY_AGENCY, month: BY_MONTH });
    const page = open();
    await ready(page);
    window.location.hash = '#/thong-ke?ky=tuy-chon&tu=2025-03&den=2025-05&theo=thang';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.waitFor(() => {
      expect(asked.at(-1)?.search).toBe('?groupBy=month&from=2025-03&to=2025-05');
    });
    expect((byTestId(page, 'period-custom') as HTMLInputElement).checked).toBe(true);
    expect((byTestId(page, 'group-month') as HTMLInputElement).checked).toBe(true);
  });

  it('shows a loading state with placeholders until the figures arrive', () => {
    stubFigures({ agency: () => new Promise<Response>(() => undefined) });
    const page = open();
    expect(byTestId(page, 'stats-results').getAttribute('aria-busy')).toBe('true');
    expect(text(byTestId(page, 'total-received'))).toBe('…');
    expect(text(byTestId(page, 'total-ontime'))).toBe('…');
    expect(text(page.querySelector('[role="status"]'))).toBe('Đang tải số liệu…');
    expect(page.querySelector('[data-testid="stats-table"]')).toBeNull();
  });

  it('shows an error with a retry that loads again, and treats a malformed answer as an error', async () => {
    let calls = 0;
    const asked = stubFigures({
      agency: () => {
        calls += 1;
        return calls === 1 ? json({ error: { code: 'internal' } }, 500) : json(BY_AGENCY);
      },
      month: () => json({ total: { received: '1' }, groups: [] }),
    });
    const page = open();
    const alert = await vi.waitFor(() => {
      const found = page.querySelector('[role="alert"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(text(alert)).toContain('Không tải được số liệu thống kê.');
    alert.querySelector('button')!.click();
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'total-received'))).toBe('1.234');
    });
    expect(page.querySelector('[role="alert"]')).toBeNull();
    expect(asked).toHaveLength(2);

    byTestId(page, 'group-month').click();
    await vi.waitFor(() => {
      expect(page.querySelector('[role="alert"]')).not.toBeNull();
    });
  });

  it('says there is nothing in an empty period instead of an empty table', async () => {
    stubFigures({ agency: EMPTY });
    const page = open();
    await ready(page);
    expect(text(byTestId(page, 'stats-empty'))).toBe('Không có phản ánh nào được tiếp nhận trong kỳ này.');
    expect(text(byTestId(page, 'total-received'))).toBe('0');
    expect(text(byTestId(page, 'total-ontime'))).toBe('—');
    expect(page.textContent).toContain('chưa có phản ánh đến hạn');
    expect(page.textContent).toContain('chưa có lượt đánh giá');
    expect(page.querySelector('[data-testid="stats-table"]')).toBeNull();
    expect(page.querySelector('[data-testid="stats-chart"]')).toBeNull();
  });

  it('reads in English with English names and number format', async () => {
    stubFigures({ agency: BY_AGENCY, month: BY_MONTH });
    const page = open('en');
    await ready(page);
    expect(text(byTestId(page, 'stats-period'))).toBe('March 2025 to February 2026');
    expect(text(byTestId(page, 'total-received'))).toBe('1,234');
    expect(text(byTestId(page, 'total-ontime'))).toBe('87.5%');
    expect(rowNames(page)).toEqual([
      'Department of Transport',
      'Department of Natural Resources',
      'Not determined',
    ]);
    expect(cell(page, 'a-environment', 'satisfaction')).toBe('66.7%out of 3 rated');
    expect(sortState(page)).toEqual([['Received', 'descending']]);

    byTestId(page, 'group-month').click();
    await vi.waitFor(() => {
      expect(rowNames(page)[0]).toBe('Mar 2025');
    });
  });
});
