// Sign-in page: the citizen's code and privacy consent, the officer's password and second factor.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../session.js';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { groupSecret, SignInPage } from './sign-in.js';

interface Call {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (call: Call) => Response;

let unmount: (() => void) | undefined;
let calls: Call[] = [];
let signedIn = false;

/** Replaces `fetch`: `/auth/me` answers per `signedIn`, other routes by `handlers` (`POST /api/...`). */
function stubAuthApi(handlers: Record<string, Handler | Handler[]>) {
  const queues = new Map(Object.entries(handlers).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : (init?.body ?? null);
    const call = { method, url, body, headers };
    calls.push(call);
    if (url === '/api/v1/auth/me') {
      return Promise.resolve(
        signedIn
          ? json({ accountId: 'a1', kind: 'officer', roles: ['handler'] })
          : json({ error: { code: 'unauthenticated', message: 'Bạn cần đăng nhập.' } }, 401),
      );
    }
    if (url === '/api/v1/me/profile') {
      return Promise.resolve(json({ displayName: 'Trần Văn Xử', username: 'xuly.sogtvt', phone: null }));
    }
    const entry = queues.get(`${method} ${url}`);
    const handler = Array.isArray(entry) ? entry.shift() : entry;
    if (handler === undefined) return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
    return Promise.resolve(handler(call));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function apiError(status: number, code: string, message: string): Response {
  return json({ error: { code, message, messages: { vi: message, en: message }, requestId: 'r1' } }, status);
}

function start(lang: 'vi' | 'en' = 'vi') {
  document.documentElement.lang = lang;
  const page = mount(
    <SessionProvider>
      <SignInPage />
    </SessionProvider>,
    lang,
  );
  unmount = page.unmount;
  return page.container;
}

/** Types into the input and lets Preact render the new state, as it does between two keystrokes. */
async function type(container: HTMLElement, selector: string, value: string) {
  const input = container.querySelector<HTMLInputElement>(selector);
  if (input === null) throw new Error(`No input ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await rendered();
}

function rendered(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function submit(container: HTMLElement) {
  const panel = [...container.querySelectorAll<HTMLElement>('[role="tabpanel"]')].find((p) => !p.hidden);
  const button = panel?.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (!button) throw new Error('No submit button');
  button.click();
}

function errorText(container: HTMLElement): string {
  const panel = [...container.querySelectorAll<HTMLElement>('[role="tabpanel"]')].find((p) => !p.hidden);
  return text(panel?.querySelector('[role="alert"]'));
}

beforeEach(() => {
  localStorage.clear();
  calls = [];
  signedIn = false;
  window.location.hash = '#/dang-nhap';
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  vi.useRealTimers();
  document.documentElement.lang = 'vi';
});

describe('citizen sign-in', () => {
  it('sends the code, shows where it went with a resend countdown, asks for consent on first sign-in', async () => {
    stubAuthApi({
      'POST /api/v1/auth/code': () =>
        json({ sentTo: '•••• ••• 678', expiresInSeconds: 600, resendAfterSeconds: 60 }, 202),
      'POST /api/v1/auth/code/verify': [
        () =>
          apiError(
            400,
            'privacy_consent_required',
            'Vui lòng đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân để tạo tài khoản.',
          ),
        () => {
          signedIn = true;
          return json({ state: 'signed_in', created: true });
        },
      ],
    });
    const page = start();
    expect(text(byTestId(page, 'tab-citizen'))).toBe('Người dân');
    expect(byTestId(page, 'tab-citizen').getAttribute('aria-selected')).toBe('true');

    await type(page, '#sign-in-phone', '0912 345 678');
    submit(page);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'code-sent'))).toBe('Mã đã được gửi tới •••• ••• 678.');
    });
    expect(calls.find((c) => c.url === '/api/v1/auth/code')?.body).toEqual({ phone: '0912 345 678' });
    const resend = byTestId(page, 'resend');
    expect(text(resend)).toMatch(/^Gửi lại mã sau (60|59) giây$/);
    expect(resend.getAttribute('aria-disabled')).toBe('true');

    await type(page, '#sign-in-code', '123456');
    submit(page);
    await vi.waitFor(() => {
      expect(page.querySelector('[data-testid="privacy-notice"]')).not.toBeNull();
    });
    // The consent step is not an error: nothing red, the notice and its checkbox instead.
    expect(errorText(page)).toBe('');
    expect(text(byTestId(page, 'privacy-notice'))).toContain(
      'Tôi đã đọc và đồng ý với thông báo về xử lý dữ liệu cá nhân.',
    );
    expect(document.activeElement?.id).toBe('privacy-title');

    // Without the tick the page says so and sends nothing.
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('Vui lòng đánh dấu vào ô đồng ý để tiếp tục.');
    });
    expect(calls.filter((c) => c.url === '/api/v1/auth/code/verify')).toHaveLength(1);

    const box = page.querySelector<HTMLInputElement>('#privacy-accept')!;
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    await rendered();
    submit(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/');
    });
    expect(calls.filter((c) => c.url === '/api/v1/auth/code/verify').map((c) => c.body)).toEqual([
      { phone: '0912 345 678', code: '123456' },
      { phone: '0912 345 678', code: '123456', acceptPrivacyVersion: '2026-11' },
    ]);
  });

  it('counts down to the resend and sends a new code when it reaches zero', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    stubAuthApi({
      'POST /api/v1/auth/code': () =>
        json({ sentTo: '•••• ••• 678', expiresInSeconds: 600, resendAfterSeconds: 3 }, 202),
    });
    const page = start();
    await type(page, '#sign-in-phone', '0912345678');
    submit(page);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'resend'))).toBe('Gửi lại mã sau 3 giây');
    });
    vi.advanceTimersByTime(1000);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'resend'))).toBe('Gửi lại mã sau 2 giây');
    });
    // Pressing it early does nothing.
    byTestId(page, 'resend').click();
    expect(calls.filter((c) => c.url === '/api/v1/auth/code')).toHaveLength(1);
    vi.advanceTimersByTime(2000);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'resend'))).toBe('Gửi lại mã');
    });
    expect(byTestId(page, 'resend').getAttribute('aria-disabled')).toBe('false');
    byTestId(page, 'resend').click();
    await vi.waitFor(() => {
      expect(calls.filter((c) => c.url === '/api/v1/auth/code')).toHaveLength(2);
    });
  });

  it("shows the API's own message for a wrong code, and sends the UI language", async () => {
    stubAuthApi({
      'POST /api/v1/auth/code': () =>
        json({ sentTo: '•••• ••• 678', expiresInSeconds: 600, resendAfterSeconds: 60 }, 202),
      'POST /api/v1/auth/code/verify': () =>
        apiError(400, 'invalid_code', 'The code is wrong or has expired.'),
    });
    const page = start('en');
    await type(page, '#sign-in-phone', '0912345678');
    submit(page);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'code-sent'))).toBe('A code has been sent to •••• ••• 678.');
    });
    await type(page, '#sign-in-code', '000000');
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('The code is wrong or has expired.');
    });
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.headers['accept-language'])).toEqual([
      'en',
      'en',
    ]);
  });

  it('says when the phone number is missing, without calling the API', async () => {
    stubAuthApi({});
    const page = start();
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('Vui lòng nhập số điện thoại.');
    });
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});

describe('officer sign-in', () => {
  async function openOfficerTab(page: HTMLElement) {
    byTestId(page, 'tab-officer').click();
    await rendered();
  }

  it('signs in with username and password when no second factor is needed', async () => {
    stubAuthApi({
      'POST /api/v1/auth/sign-in': () => {
        signedIn = true;
        return json({ state: 'signed_in' });
      },
    });
    const page = start();
    await openOfficerTab(page);
    await vi.waitFor(() => {
      expect(byTestId(page, 'tab-officer').getAttribute('aria-selected')).toBe('true');
    });
    expect(page.querySelector<HTMLElement>('#panel-citizen')?.hidden).toBe(true);
    await type(page, '#sign-in-username', 'xuly.sogtvt');
    await type(page, '#sign-in-password', 'mật khẩu đúng');
    submit(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/');
    });
    expect(calls.find((c) => c.url === '/api/v1/auth/sign-in')?.body).toEqual({
      username: 'xuly.sogtvt',
      password: 'mật khẩu đúng',
    });
  });

  it("shows the API's message for wrong credentials", async () => {
    stubAuthApi({
      'POST /api/v1/auth/sign-in': () =>
        apiError(401, 'invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.'),
    });
    const page = start();
    await openOfficerTab(page);
    await type(page, '#sign-in-username', 'xuly.sogtvt');
    await type(page, '#sign-in-password', 'sai');
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    });
    expect(window.location.hash).toBe('#/dang-nhap');
  });

  it('asks for the TOTP code when the account has a second factor', async () => {
    stubAuthApi({
      'POST /api/v1/auth/sign-in': () => json({ state: 'second_factor_required' }),
      'POST /api/v1/auth/totp/verify': [
        () => apiError(400, 'invalid_code', 'Mã xác thực không đúng hoặc đã hết hạn.'),
        () => {
          signedIn = true;
          return new Response(null, { status: 204 });
        },
      ],
    });
    const page = start();
    await openOfficerTab(page);
    await type(page, '#sign-in-username', 'lanhdao.sogtvt');
    await type(page, '#sign-in-password', 'x');
    submit(page);
    await vi.waitFor(() => {
      expect(text(page.querySelector('#panel-officer h2'))).toBe('Xác thực hai lớp');
    });
    expect(page.querySelector('#sign-in-totp')).not.toBeNull();
    await type(page, '#sign-in-totp', '111111');
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('Mã xác thực không đúng hoặc đã hết hạn.');
    });
    await type(page, '#sign-in-totp', ' 222222 ');
    submit(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/');
    });
    expect(calls.filter((c) => c.url === '/api/v1/auth/totp/verify').map((c) => c.body)).toEqual([
      { code: '111111' },
      { code: '222222' },
    ]);
  });

  it('sets up the second factor: shows the secret in groups of four and the otpauth link', async () => {
    const uri = 'otpauth://totp/PAKN:admin?issuer=PAKN&secret=JBSWY3DPEHPK3PXPJBSWY3DP';
    stubAuthApi({
      'POST /api/v1/auth/sign-in': () => json({ state: 'second_factor_setup_required' }),
      'POST /api/v1/auth/totp/setup': () => json({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', uri }),
      'POST /api/v1/auth/totp/verify': () => {
        signedIn = true;
        return new Response(null, { status: 204 });
      },
    });
    const page = start();
    await openOfficerTab(page);
    await type(page, '#sign-in-username', 'admin');
    await type(page, '#sign-in-password', 'x');
    submit(page);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'totp-secret'))).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
    });
    expect(text(page.querySelector('#panel-officer h2'))).toBe('Thiết lập xác thực hai lớp');
    expect(byTestId(page, 'totp-uri').getAttribute('href')).toBe(uri);
    await type(page, '#sign-in-totp', '123456');
    submit(page);
    await vi.waitFor(() => {
      expect(calls.some((c) => c.url === '/api/v1/auth/totp/verify')).toBe(true);
    });
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/');
    });
  });

  it('moves between the tabs with the arrow keys', async () => {
    stubAuthApi({});
    const page = start();
    const citizen = byTestId(page, 'tab-citizen');
    citizen.focus();
    citizen.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await vi.waitFor(() => {
      expect(byTestId(page, 'tab-officer').getAttribute('aria-selected')).toBe('true');
    });
    expect(document.activeElement).toBe(byTestId(page, 'tab-officer'));
    expect(byTestId(page, 'tab-officer').tabIndex).toBe(0);
    expect(citizen.tabIndex).toBe(-1);
  });
});

describe('groupSecret', () => {
  it('splits a base32 secret into groups of four', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(groupSecret('')).toBe('');
  });
});
