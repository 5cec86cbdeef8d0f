// The administration sections against a stubbed API: a category's deadlines checked before saving and sent, a
// reply template created, a holiday exception recorded, and the API's refusals shown in the page's language.
import type { ComponentChild } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, mount, text } from '../test-helpers.js';
import type { Lang } from '../i18n/index.js';
import { CalendarSection } from './calendar.js';
import { CategoriesSection, policyProblems } from './categories.js';
import { TemplatesSection } from './templates.js';
import type { DeadlinePolicy } from './api.js';
import { areaName, foldText } from './ui.js';

const POLICY: DeadlinePolicy = {
  urgent: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 4, unit: 'working_hours' },
    resolve: { amount: 1, unit: 'working_days' },
  },
  normal: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 8, unit: 'working_hours' },
    resolve: { amount: 5, unit: 'working_days' },
  },
  complex: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 8, unit: 'working_hours' },
    resolve: { amount: 10, unit: 'working_days' },
  },
};

const CATEGORY = {
  id: 'c1',
  slug: 'cay-xanh',
  parentId: null,
  name: { vi: 'Cây xanh', en: 'Trees' },
  description: { vi: null, en: null },
  defaultPriority: 'normal',
  photoRequired: false,
  publicByDefault: true,
  sortOrder: 5,
  active: true,
  deadlines: POLICY,
  questions: [],
  icon: 'tree',
  emergency: null,
};

type Handler = (body: unknown) => Response;
let routes: Record<string, Handler>;
let sent: { method: string; url: string; body: unknown }[];
let unmount: (() => void) | undefined;

beforeEach(() => {
  sent = [];
  routes = {};
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? 'GET';
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
      sent.push({ method, url, body });
      const handler = routes[`${method} ${url}`];
      return Promise.resolve(handler ? handler(body) : json({ error: { code: 'not_found' } }, 404));
    }),
  );
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  document.documentElement.lang = 'vi';
});

function show(node: ComponentChild, lang: Lang = 'vi') {
  document.documentElement.lang = lang;
  const page = mount(node, lang);
  unmount = page.unmount;
  return page.container;
}

/** Types into a field, then lets the page render (a person is never faster than a frame). */
async function input(container: HTMLElement, selector: string, value: string) {
  const element = container.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
    selector,
  );
  if (element === null) throw new Error(`No ${selector}`);
  element.value = value;
  element.dispatchEvent(
    new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }),
  );
}

const refusal = (problems: { field: string; vi: string; en: string }[]) =>
  json(
    {
      error: {
        code: 'validation_failed',
        message: 'Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra lại các trường được nêu.',
        messages: { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The submitted data is not valid.' },
        requestId: 'r1',
        details: problems.map((p) => ({ field: p.field, problem: p.en, messages: { vi: p.vi, en: p.en } })),
      },
    },
    400,
  );

describe('deadline policy rules', () => {
  it('accept the defaults and name each broken rule', () => {
    expect(policyProblems(POLICY)).toEqual([]);
    const broken = structuredClone(POLICY);
    broken.normal.acknowledge = { amount: 6, unit: 'working_days' };
    broken.complex.intake = { amount: 0, unit: 'working_minutes' };
    expect(policyProblems(broken)).toEqual([
      { key: 'adm.cat.ackLonger', priority: 'normal' },
      { key: 'adm.cat.amountInvalid', priority: 'complex' },
    ]);
    const slowUrgent = structuredClone(POLICY);
    slowUrgent.urgent.resolve = { amount: 6, unit: 'working_days' };
    slowUrgent.urgent.acknowledge = { amount: 1, unit: 'working_days' };
    expect(policyProblems(slowUrgent)).toEqual([{ key: 'adm.cat.urgentLonger' }]);
  });
});

describe('names and search keys', () => {
  it('write an area with its kind capitalised and fold accents for searching', () => {
    expect(areaName({ kind: 'tỉnh', name: 'Bắc Giang' })).toBe('Tỉnh Bắc Giang');
    expect(areaName({ kind: '', name: 'xã Tân Dĩnh' })).toBe('Xã Tân Dĩnh');
    expect(foldText('Sở Giao thông Vận tải – Đường')).toBe('so giao thong van tai – duong');
  });
});

describe('categories section', () => {
  it('edits a category’s deadline, refusing a policy that breaks the rules before sending it', async () => {
    routes['GET /api/v1/org/categories'] = () => json([CATEGORY]);
    routes['PATCH /api/v1/admin/org/categories/c1'] = (body) =>
      json({ ...CATEGORY, ...(body as object), name: CATEGORY.name, description: CATEGORY.description });
    const page = show(<CategoriesSection />);
    const edit = await vi.waitFor(() => {
      const button = page.querySelector<HTMLButtonElement>('[data-testid="edit-category-cay-xanh"]');
      expect(button).not.toBeNull();
      return button!;
    });
    edit.click();
    await vi.waitFor(() => {
      expect(page.querySelector('#category-editor')).not.toBeNull();
    });

    await input(page, '[data-testid="clock-normal-acknowledge"]', '3');
    await input(page, '[data-testid="clock-normal-acknowledge-unit"]', 'working_days');
    await input(page, '[data-testid="clock-normal-resolve"]', '2');
    page.querySelector<HTMLButtonElement>('[data-testid="save-category"]')!.click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="category-error"]'))).toContain(
        'Mức “Thông thường”: thời hạn nhận xử lý dài hơn thời hạn xử lý và trả lời.',
      );
    });
    expect(sent.some((r) => r.method === 'PATCH')).toBe(false);

    await input(page, '[data-testid="clock-normal-acknowledge"]', '1');
    await input(page, '[data-testid="clock-normal-resolve"]', '7');
    page.querySelector<HTMLButtonElement>('[data-testid="save-category"]')!.click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="category-status"]'))).toBe('Đã lưu thay đổi.');
    });
    const patch = sent.find((r) => r.method === 'PATCH');
    expect(patch?.body).toMatchObject({
      nameVi: 'Cây xanh',
      icon: 'tree',
      emergency: null,
      deadlines: {
        normal: {
          acknowledge: { amount: 1, unit: 'working_days' },
          resolve: { amount: 7, unit: 'working_days' },
        },
        urgent: POLICY.urgent,
      },
    });
    expect(text(page.querySelector('[data-testid="category-error"]'))).toBe('');
  });
});

describe('reply templates section', () => {
  it('creates a template for a category and shows a refusal in English', async () => {
    routes['GET /api/v1/admin/reply-templates'] = () => json([]);
    routes['GET /api/v1/org/categories'] = () => json([CATEGORY]);
    let answer: Response = refusal([
      {
        field: '/body/title',
        vi: 'Vui lòng nhập tên mẫu trả lời.',
        en: 'Please enter the template’s title.',
      },
    ]);
    routes['POST /api/v1/admin/reply-templates'] = () => answer;
    const page = show(<TemplatesSection />, 'en');
    await vi.waitFor(() => {
      expect(text(page)).toContain('There are no reply templates yet.');
    });
    page.querySelector<HTMLButtonElement>('[data-testid="add-template"]')!.click();
    await vi.waitFor(() => {
      expect(page.querySelector('#tpl-title')).not.toBeNull();
    });
    await input(page, '#tpl-category', 'c1');
    await input(page, '#tpl-title', 'Đã cắt tỉa cây');
    await input(page, '#tpl-body', 'Kính gửi Ông/Bà, cơ quan đã cắt tỉa cây.');
    page.querySelector<HTMLButtonElement>('[data-testid="save-template"]')!.click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="template-error"] li'))).toBe(
        'Please enter the template’s title.',
      );
    });
    answer = json({
      id: 't1',
      categoryId: 'c1',
      categoryName: CATEGORY.name,
      title: 'Đã cắt tỉa cây',
      body: 'Kính gửi Ông/Bà, cơ quan đã cắt tỉa cây.',
      updatedAt: '2026-11-29T10:00:00.000Z',
    });
    page.querySelector<HTMLButtonElement>('[data-testid="save-template"]')!.click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="template-status"]'))).toBe(
        'The reply template has been added.',
      );
    });
    expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      { categoryId: 'c1', title: 'Đã cắt tỉa cây', body: 'Kính gửi Ông/Bà, cơ quan đã cắt tỉa cây.' },
      { categoryId: 'c1', title: 'Đã cắt tỉa cây', body: 'Kính gửi Ông/Bà, cơ quan đã cắt tỉa cây.' },
    ]);
  });
});

describe('holiday calendar section', () => {
  it('shows the year’s holidays and records an exception, showing the API’s reason when refused', async () => {
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
    );
    routes[`GET /api/v1/admin/calendar?year=${year}`] = () =>
      json({
        year,
        holidays: [{ date: `${year}-09-02`, name: { vi: 'Quốc khánh (2/9)', en: 'National Day' } }],
        exceptions: [],
      });
    let answer = refusal([
      {
        field: '/body/kind',
        vi: 'Chủ nhật, 04/01/2026 vốn là ngày nghỉ (cuối tuần hoặc ngày lễ); không cần ghi ngày nghỉ bù.',
        en: 'Sunday 2026-01-04 is already a day off (a weekend or a public holiday); no day off is needed.',
      },
    ]);
    routes['POST /api/v1/admin/calendar/exceptions'] = () => answer;
    const page = show(<CalendarSection />);
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="holiday-list"]'))).toContain('Quốc khánh (2/9)');
    });
    await input(page, '#exception-date', '2026-01-04');
    page.querySelector<HTMLButtonElement>('[data-testid="add-exception"]')!.click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="exception-error"] li'))).toBe(
        'Chủ nhật, 04/01/2026 vốn là ngày nghỉ (cuối tuần hoặc ngày lễ); không cần ghi ngày nghỉ bù.',
      );
    });
    answer = json({ date: '2026-01-02', kind: 'day_off', note: 'Nghỉ bù' });
    await input(page, '#exception-date', '2026-01-02');
    await input(page, '#exception-note', 'Nghỉ bù');
    page.querySelector<HTMLButtonElement>('[data-testid="add-exception"]')!.click();
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="exception-status"]'))).toBe('Đã ghi ngày 02/01/2026.');
    });
    expect(sent.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      date: '2026-01-02',
      kind: 'day_off',
      note: 'Nghỉ bù',
    });
  });
});
