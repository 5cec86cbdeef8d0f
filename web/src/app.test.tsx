// App shell: site name from the API, language switch, hash navigation.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './app.js';
import { byTestId, mount, stubApi, text } from './test-helpers.js';

let unmount: (() => void) | undefined;

beforeEach(() => {
  window.location.hash = '';
  localStorage.clear();
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  document.documentElement.lang = 'vi';
});

function start() {
  const page = mount(<App />);
  unmount = page.unmount;
  return page.container;
}

describe('app shell', () => {
  it('has the landmarks, a skip link and the site name from the API', async () => {
    stubApi({ site: { name: 'Hệ thống PAKN thử nghiệm', shortName: 'PAKN', province: 'Bắc Giang' } });
    const app = start();
    expect(app.querySelector('header')).not.toBeNull();
    expect(app.querySelector('nav')).not.toBeNull();
    expect(app.querySelector('main#main')).not.toBeNull();
    expect(app.querySelector('footer')).not.toBeNull();
    expect(app.querySelector('a.skip-link')?.getAttribute('href')).toBe('#main');
    // The catalogue's name until the API answers.
    expect(text(app.querySelector('.brand-name'))).toBe('Hệ thống thông tin phản ánh hiện trường');
    await vi.waitFor(() => {
      expect(text(app.querySelector('.brand-name'))).toBe('Hệ thống PAKN thử nghiệm');
    });
    expect(text(app.querySelector('.brand-province'))).toBe('Tỉnh Bắc Giang');
  });

  it('switches the labels to English and back, and remembers the choice', async () => {
    stubApi();
    const app = start();
    await vi.waitFor(() => {
      expect(text(byTestId(app, 'stat-received'))).toBe('0');
    });
    expect(app.textContent).toContain('Phản ánh đã tiếp nhận');
    expect(byTestId(app, 'lang-vi').getAttribute('aria-pressed')).toBe('true');
    expect(byTestId(app, 'lang-en').getAttribute('aria-pressed')).toBe('false');

    byTestId(app, 'lang-en').click();
    await vi.waitFor(() => {
      expect(app.textContent).toContain('Reports received');
    });
    expect(app.textContent).toContain('Reports handled');
    expect(app.textContent).toContain('Handled on time');
    expect(app.textContent).toContain('no report has come due yet');
    expect(text(app.querySelector('nav'))).toContain('Send a report');
    expect(app.textContent).not.toContain('Phản ánh đã tiếp nhận');
    expect(byTestId(app, 'lang-en').getAttribute('aria-pressed')).toBe('true');
    expect(byTestId(app, 'lang-vi').getAttribute('aria-pressed')).toBe('false');
    expect(localStorage.getItem('pakn.lang')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    // The figures themselves do not change with the language.
    expect(text(byTestId(app, 'stat-ontime'))).toBe('—');

    byTestId(app, 'lang-vi').click();
    await vi.waitFor(() => {
      expect(app.textContent).toContain('Phản ánh đã tiếp nhận');
    });
    expect(document.documentElement.lang).toBe('vi');
  });

  it('moves to another section, marks the current one and continues reading from it', async () => {
    stubApi();
    const app = start();
    await vi.waitFor(() => {
      expect(text(byTestId(app, 'stat-received'))).toBe('0');
    });
    const guides = app.querySelector<HTMLAnchorElement>('nav a[href="#/huong-dan"]');
    expect(guides).not.toBeNull();
    expect(app.querySelector('nav a[href="#/"]')?.getAttribute('aria-current')).toBe('page');

    window.location.hash = '#/huong-dan';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.waitFor(() => {
      expect(text(app.querySelector('main h1'))).toBe('Hướng dẫn');
    });
    // Keyboard and screen-reader users continue from the new page, not from the link they followed.
    expect(document.activeElement).toBe(app.querySelector('main'));
    expect(guides?.getAttribute('aria-current')).toBe('page');
    expect(app.querySelector('nav a[href="#/"]')?.getAttribute('aria-current')).toBeNull();
  });

  it("leads from the header's sign-in link back to the page it was followed from", async () => {
    stubApi();
    const app = start();
    await vi.waitFor(() => {
      expect(byTestId(app, 'sign-in-link').getAttribute('href')).toBe('#/dang-nhap');
    });
    window.location.hash = '#/phan-anh/PA-2026-000123';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.waitFor(() => {
      expect(byTestId(app, 'sign-in-link').getAttribute('href')).toBe(
        '#/dang-nhap?ve=%2Fphan-anh%2FPA-2026-000123',
      );
    });
    // The page an e-mailed link opens is the sign-in page too, not an unknown address.
    window.location.hash = '#/dang-nhap/email?ma=abc';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.waitFor(() => {
      expect(text(app.querySelector('main h1'))).toBe('Đăng nhập');
    });
    expect(byTestId(app, 'sign-in-link').getAttribute('href')).toBe('#/dang-nhap');
  });

  it('says so for an unknown address', async () => {
    stubApi();
    window.location.hash = '#/khong-co';
    const app = start();
    await vi.waitFor(() => {
      expect(text(app.querySelector('main h1'))).toBe('Không tìm thấy trang');
    });
  });
});
