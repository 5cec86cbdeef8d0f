// The report page in happy-dom: the first step's search, the emergency stop of a category that has one
// (from the API), moving between steps with focus on the step's heading, and a failed category load.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CURRENT_DRAFT, reportStore } from '../report/store.js';
import { SessionProvider } from '../session.js';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { ReportNewPage } from './report-new.js';

function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

const CATEGORIES = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    slug: 've-sinh-moi-truong-rac-thai',
    parentId: null,
    name: { vi: 'Vệ sinh môi trường – rác thải', en: 'Sanitation and waste' },
    description: { vi: null, en: null },
    photoRequired: false,
    questions: [],
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    slug: 'chay-no',
    parentId: null,
    name: { vi: 'Cháy, nổ', en: 'Fire and explosions' },
    description: { vi: 'Khẩn cấp', en: 'Emergency' },
    photoRequired: false,
    questions: [],
    emergency: { notice: { vi: 'Có cháy: gọi ngay 114.', en: 'Fire: call 114 now.' }, hotline: '114' },
  },
];

let unmount: (() => void) | undefined;

afterEach(async () => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  // Without IndexedDB (happy-dom) drafts live in memory for the module's life: each test starts afresh.
  await reportStore().drafts.delete(CURRENT_DRAFT);
});

function stub(categories: () => Response) {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) => {
      const url = urlOf(input);
      if (url.endsWith('/api/v1/public/categories')) return Promise.resolve(categories());
      if (url.includes('/api/v1/public/figures'))
        return Promise.resolve(json({ total: {}, groups: [], asOf: null }));
      return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
    }),
  );
}

function open() {
  const page = mount(
    <SessionProvider>
      <ReportNewPage />
    </SessionProvider>,
  );
  unmount = page.unmount;
  return page.container;
}

const options = (container: HTMLElement) =>
  [...container.querySelectorAll('[data-testid="category-option"] .category-name')].map((e) => text(e));

function search(container: HTMLElement, query: string) {
  const input = container.querySelector<HTMLInputElement>('#report-category-search');
  if (!input) throw new Error('no search field');
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('report page, first step', () => {
  it('finds categories without diacritics', async () => {
    stub(() => json(CATEGORIES));
    const container = open();
    await vi.waitFor(() => {
      expect(options(container)).toEqual(['Vệ sinh môi trường – rác thải', 'Cháy, nổ']);
    });
    search(container, 'rac thai');
    await vi.waitFor(() => {
      expect(options(container)).toEqual(['Vệ sinh môi trường – rác thải']);
    });
    search(container, 'chay no');
    await vi.waitFor(() => {
      expect(options(container)).toEqual(['Cháy, nổ']);
    });
  });

  it("stops at the category's emergency notice until the person confirms, then moves focus to the next step", async () => {
    stub(() => json(CATEGORIES));
    const container = open();
    await vi.waitFor(() => {
      expect(options(container)).toHaveLength(2);
    });
    container.querySelectorAll<HTMLInputElement>('input[name="category"]')[1]?.click();
    await vi.waitFor(() => {
      expect(text(byTestId(container, 'emergency-stop'))).toContain('Có cháy: gọi ngay 114.');
    });
    expect(byTestId(container, 'emergency-stop').querySelector('a')?.getAttribute('href')).toBe('tel:114');

    byTestId(container, 'report-next').click();
    await vi.waitFor(() => {
      expect(text(byTestId(container, 'emergency-stop'))).toContain(
        'Vui lòng đọc thông báo khẩn cấp và xác nhận trước khi tiếp tục.',
      );
    });
    expect(text(byTestId(container, 'step-title'))).toBe('Lĩnh vực phản ánh');

    const confirm = [...byTestId(container, 'emergency-stop').querySelectorAll('button')].find(
      (b) => text(b) === 'Không khẩn cấp, tôi tiếp tục gửi phản ánh',
    );
    confirm?.click();
    await vi.waitFor(() => {
      expect(text(byTestId(container, 'emergency-stop'))).toContain('Bạn đã xác nhận');
    });
    byTestId(container, 'report-next').click();
    await vi.waitFor(() => {
      expect(text(byTestId(container, 'step-title'))).toBe('Ảnh hiện trường');
    });
    expect(document.activeElement).toBe(byTestId(container, 'step-title'));
  });

  it('shows the way on only once the categories are there, so that nothing moves under the reader', async () => {
    let answer: (response: Response) => void = () => undefined;
    const pending = new Promise<Response>((resolve) => (answer = resolve));
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL) =>
        urlOf(input).endsWith('/api/v1/public/categories')
          ? pending
          : Promise.resolve(json({ error: { code: 'not_found' } }, 404)),
      ),
    );
    const container = open();
    await vi.waitFor(() => {
      expect(text(container.querySelector('.report-step [role="status"]'))).toBe('Đang tải…');
    });
    expect(container.querySelector('[data-testid="report-next"]')).toBeNull();
    answer(json(CATEGORIES));
    await vi.waitFor(() => {
      expect(options(container)).toHaveLength(2);
    });
    expect(text(byTestId(container, 'report-next'))).toBe('Tiếp tục');
  });

  it('says when the categories cannot be loaded, and loads them again on request', async () => {
    let fail = true;
    stub(() => (fail ? json({ error: { code: 'internal' } }, 500) : json(CATEGORIES)));
    const container = open();
    await vi.waitFor(() => {
      expect(container.textContent).toContain('Không tải được danh sách lĩnh vực.');
    });
    fail = false;
    [...container.querySelectorAll('button')].find((b) => text(b) === 'Thử lại')?.click();
    await vi.waitFor(() => {
      expect(options(container)).toHaveLength(2);
    });
  });

  it('offers the saved draft back when the page opens again, with what was chosen', async () => {
    stub(() => json(CATEGORIES));
    let container = open();
    await vi.waitFor(() => {
      expect(options(container)).toHaveLength(2);
    });
    container.querySelectorAll<HTMLInputElement>('input[name="category"]')[0]?.click();
    await vi.waitFor(async () => {
      expect((await reportStore().drafts.get(CURRENT_DRAFT))?.categoryId).toBe(CATEGORIES[0]?.id);
    });
    unmount?.();

    container = open();
    await vi.waitFor(() => {
      expect(text(byTestId(container, 'draft-offer'))).toContain('Bạn có một bản nháp phản ánh chưa gửi');
    });
    [...container.querySelectorAll('button')].find((b) => text(b) === 'Tiếp tục bản nháp')?.click();
    await vi.waitFor(() => {
      expect(container.querySelectorAll<HTMLInputElement>('input[name="category"]')[0]?.checked).toBe(true);
    });
  });
});
