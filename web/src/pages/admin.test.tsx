// Administration: who sees it, its menu of sections, the officer file's check and import, and a refused file's
// problems by row.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app.js';
import { json, mount, text } from '../test-helpers.js';
import { SessionProvider } from '../session.js';
import { AdminPage } from './admin.js';

let unmount: (() => void) | undefined;
let requests: { url: string; method: string; contentType: string | undefined; body: unknown }[] = [];

const RESULT = {
  dryRun: true,
  rows: 1234,
  accountsCreated: 1200,
  accountsUpdated: 30,
  accountsUnchanged: 4,
  positionsCreated: 1230,
  positionsUpdated: 0,
  positionsEnded: 2,
  positionsUnchanged: 2,
  ignoredColumns: ['STT'],
  createdAccountIds: [],
};

const REFUSAL = {
  error: {
    code: 'validation_failed',
    message: 'Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra lại các trường được nêu.',
    messages: {
      vi: 'Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra lại các trường được nêu.',
      en: 'The submitted data is not valid. Please check the fields listed.',
    },
    requestId: 'r1',
    details: [
      {
        field: '/file/rows/3/Vai trò',
        problem: 'Row 3, column "Vai trò": unknown role',
        messages: {
          vi: 'Dòng 3, cột “Vai trò”: không có vai trò “Giám đốc”.',
          en: 'Row 3, column "Vai trò": there is no role "Giám đốc".',
        },
      },
      {
        field: '/file/rows/7/Cơ quan',
        problem: 'Row 7, column "Cơ quan": unknown agency',
        messages: {
          vi: 'Dòng 7, cột “Cơ quan”: không tìm thấy cơ quan “so-abc”.',
          en: 'Row 7, column "Cơ quan": there is no agency "so-abc".',
        },
      },
    ],
  },
};

function stub({ roles, importReplies }: { roles: string[] | null; importReplies?: (() => Response)[] }) {
  const replies = [...(importReplies ?? [])];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const headers = (init?.headers ?? {}) as Record<string, string>;
      requests.push({
        url,
        method: init?.method ?? 'GET',
        contentType: headers['content-type'],
        body: init?.body,
      });
      if (url === '/api/v1/auth/me') {
        return Promise.resolve(
          roles === null
            ? json({ error: { code: 'unauthenticated' } }, 401)
            : json({ accountId: 'a1', kind: 'officer', roles }),
        );
      }
      if (url === '/api/v1/me/profile') {
        return Promise.resolve(json({ displayName: 'Quản trị viên', username: 'admin', phone: null }));
      }
      if (url.startsWith('/api/v1/admin/officers/import')) {
        const reply = replies.shift();
        if (reply) return Promise.resolve(reply());
      }
      // The officers section's list and the units its forms offer: none here.
      if (url.startsWith('/api/v1/admin/accounts?')) return Promise.resolve(json({ total: 0, items: [] }));
      if (url === '/api/v1/org/agencies' || url === '/api/v1/org/areas') return Promise.resolve(json([]));
      if (url === '/api/v1/public/site') {
        return Promise.resolve(json({ name: 'Hệ thống PAKN', shortName: 'PAKN', province: 'Bắc Giang' }));
      }
      return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
    }),
  );
}

function startAdmin(lang: 'vi' | 'en' = 'vi') {
  document.documentElement.lang = lang;
  const page = mount(
    <SessionProvider>
      <AdminPage section="can-bo" />
    </SessionProvider>,
    lang,
  );
  unmount = page.unmount;
  return page.container;
}

function rendered(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function chooseFile(container: HTMLElement, file: File) {
  const input = await vi.waitFor(() => {
    const found = container.querySelector<HTMLInputElement>('#officer-file');
    expect(found).not.toBeNull();
    return found!;
  });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await rendered();
}

function click(container: HTMLElement, testId: string) {
  const button = container.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
  if (button === null) throw new Error(`No ${testId}`);
  button.click();
}

beforeEach(() => {
  localStorage.clear();
  requests = [];
  window.location.hash = '#/quan-tri';
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  document.documentElement.lang = 'vi';
});

describe('admin screen', () => {
  it('is in the navigation for administrators only', async () => {
    stub({ roles: ['handler'] });
    let page = mount(<App />);
    await vi.waitFor(() => {
      expect(page.container.querySelector('[data-testid="account-name"]')).not.toBeNull();
    });
    expect(page.container.querySelector('nav a[href="#/quan-tri"]')).toBeNull();
    expect(text(page.container.querySelector('main'))).toContain('Trang này dành cho quản trị hệ thống.');
    page.unmount();

    stub({ roles: ['admin'] });
    page = mount(<App />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(page.container.querySelector('nav a[href="#/quan-tri"]'))).toBe('Quản trị');
    });
    expect(text(page.container.querySelector('[data-testid="account-name"]'))).toBe(
      'Đã đăng nhập: Quản trị viên',
    );
    expect(text(page.container.querySelector('main h1'))).toBe('Quản trị hệ thống');
    const menu = [...page.container.querySelectorAll('[data-testid="admin-menu"] a')];
    expect(menu.map((a) => a.getAttribute('href'))).toEqual([
      '#/quan-tri/linh-vuc',
      '#/quan-tri/mau-tra-loi',
      '#/quan-tri/lich-nghi',
      '#/quan-tri/can-bo',
      '#/quan-tri/co-quan',
      '#/quan-tri/don-vi-hanh-chinh',
      '#/quan-tri/tham-quyen',
      '#/quan-tri/huong-dan',
    ]);
    expect(text(menu[0]?.querySelector('strong'))).toBe('Lĩnh vực và thời hạn');
  });

  it('opens a section by its address, marked in the section menu', async () => {
    stub({ roles: ['admin'] });
    window.location.hash = '#/quan-tri/can-bo';
    const page = mount(<App />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(page.container.querySelector('main h1'))).toBe('Cán bộ và vị trí công tác');
    });
    expect(text(page.container.querySelector('.adm-nav a[aria-current="page"]'))).toBe(
      'Cán bộ và vị trí công tác',
    );
    expect([...page.container.querySelectorAll('main h2')].map((h) => text(h))).toContain('Tài khoản cán bộ');
  });

  it('offers the officer list as XLSX and CSV', async () => {
    stub({ roles: ['admin'] });
    const page = startAdmin();
    await vi.waitFor(() => {
      expect(page.querySelectorAll('.downloads a')).toHaveLength(2);
    });
    expect([...page.querySelectorAll('.downloads a')].map((a) => a.getAttribute('href'))).toEqual([
      '/api/v1/admin/officers/export?format=xlsx&lang=vi',
      '/api/v1/admin/officers/export?format=csv&lang=vi',
    ]);
  });

  it('checks the file first, shows the counts, then imports it for real', async () => {
    stub({
      roles: ['admin'],
      importReplies: [() => json(RESULT), () => json({ ...RESULT, dryRun: false })],
    });
    const page = startAdmin();
    const file = new File(['Tên đăng nhập,Họ và tên\n'], 'can-bo.csv', { type: '' });
    await chooseFile(page, file);
    expect(page.querySelector('[data-testid="import-file"]')).toBeNull();
    click(page, 'check-file');
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="import-result"] p'))).toBe(
        'Tệp hợp lệ, gồm 1.234 dòng. Khi bấm “Nhập”, hệ thống sẽ thực hiện:',
      );
    });
    expect(page.querySelector('[data-testid="import-result"]')?.getAttribute('aria-live')).toBe('polite');
    expect(text(page.querySelector('[data-testid="count-accountsCreated"]'))).toBe('1.200');
    expect(text(page.querySelector('[data-testid="count-positionsEnded"]'))).toBe('2');
    expect(text(page.querySelector('[data-testid="import-result"]'))).toContain(
      'Các cột không nhận diện được, đã bỏ qua: STT.',
    );
    const check = requests.find((r) => r.url.startsWith('/api/v1/admin/officers/import'));
    expect(check).toMatchObject({
      url: '/api/v1/admin/officers/import?dryRun=true',
      method: 'POST',
      contentType: 'text/csv',
    });
    expect(check?.body).toBe(file);

    click(page, 'import-file');
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="import-result"] p'))).toBe('Đã nhập xong 1.234 dòng:');
    });
    expect(
      requests.filter((r) => r.url.startsWith('/api/v1/admin/officers/import')).map((r) => r.url),
    ).toEqual(['/api/v1/admin/officers/import?dryRun=true', '/api/v1/admin/officers/import']);
    // Done: no second import from the same check.
    expect(page.querySelector('[data-testid="import-file"]')).toBeNull();
  });

  it.each([
    {
      lang: 'vi' as const,
      problems: [
        'Dòng 3, cột “Vai trò”: không có vai trò “Giám đốc”.',
        'Dòng 7, cột “Cơ quan”: không tìm thấy cơ quan “so-abc”.',
      ],
    },
    {
      lang: 'en' as const,
      problems: [
        'Row 3, column "Vai trò": there is no role "Giám đốc".',
        'Row 7, column "Cơ quan": there is no agency "so-abc".',
      ],
    },
  ])(
    'lists each problem of a refused file by row, in the UI language ($lang)',
    async ({ lang, problems }) => {
      stub({ roles: ['admin'], importReplies: [() => json(REFUSAL, 400)] });
      const page = startAdmin(lang);
      await chooseFile(page, new File(['x'], 'can-bo.xlsx'));
      click(page, 'check-file');
      const alert = page.querySelector('[data-testid="import-error"]');
      await vi.waitFor(() => {
        expect(alert?.querySelectorAll('li')).toHaveLength(2);
      });
      expect(alert?.getAttribute('role')).toBe('alert');
      expect([...(alert?.querySelectorAll('li') ?? [])].map((li) => text(li))).toEqual(problems);
      expect(requests.find((r) => r.url.startsWith('/api/v1/admin/officers/import'))?.contentType).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(page.querySelector('[data-testid="import-file"]')).toBeNull();
    },
  );

  it('refuses other files without sending them', async () => {
    stub({ roles: ['admin'] });
    const page = startAdmin();
    await chooseFile(page, new File(['x'], 'danh-sach.pdf', { type: 'application/pdf' }));
    click(page, 'check-file');
    await vi.waitFor(() => {
      expect(text(page.querySelector('[data-testid="import-error"]'))).toBe('Chỉ nhận tệp .xlsx hoặc .csv.');
    });
    expect(requests.some((r) => r.url.startsWith('/api/v1/admin/officers/import'))).toBe(false);
  });
});
