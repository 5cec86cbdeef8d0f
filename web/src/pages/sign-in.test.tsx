// Sign-in page: the citizen's code or e-mailed link and privacy consent, the officer's password and second factor,
// single sign-on, and the way back to the page the person came from (never to another site).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../session.js';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { groupSecret, returnPathFromSite, SignInPage } from './sign-in.js';

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

/** Who `/auth/me` says is signed in. */
let me: { accountId: string; kind: 'citizen' | 'officer'; roles: string[] } = {
  accountId: 'a1',
  kind: 'officer',
  roles: ['handler'],
};

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
          ? json(me)
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

function start(lang: 'vi' | 'en' = 'vi', step: string | null = null) {
  document.documentElement.lang = lang;
  const page = mount(
    <SessionProvider>
      <SignInPage step={step} />
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

/** The panel shown: citizen or officer, and within the citizen's, phone or e-mail; the page itself elsewhere. */
function shownPanel(container: HTMLElement): HTMLElement {
  const top = [...container.querySelectorAll<HTMLElement>('#panel-citizen, #panel-officer')].find(
    (p) => !p.hidden,
  );
  if (top === undefined) return container;
  const inner = [...top.querySelectorAll<HTMLElement>('#panel-method-phone, #panel-method-email')].find(
    (p) => !p.hidden,
  );
  return inner ?? top;
}

function submit(container: HTMLElement) {
  const button = shownPanel(container).querySelector<HTMLButtonElement>('button[type="submit"]');
  if (!button) throw new Error('No submit button');
  button.click();
}

function errorText(container: HTMLElement): string {
  return text(shownPanel(container).querySelector('[role="alert"]'));
}

function tick(container: HTMLElement, selector: string) {
  const box = container.querySelector<HTMLInputElement>(selector);
  if (box === null) throw new Error(`No checkbox ${selector}`);
  box.checked = true;
  box.dispatchEvent(new Event('change', { bubbles: true }));
}

beforeEach(() => {
  localStorage.clear();
  calls = [];
  signedIn = false;
  me = { accountId: 'a1', kind: 'officer', roles: ['handler'] };
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
    // Focus moves in an effect after the render: waited for, as the render is.
    await vi.waitFor(() => {
      expect(document.activeElement?.id).toBe('privacy-title');
    });

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

  it('moves between phone and e-mail with the arrow keys, as in a radio group', async () => {
    stubAuthApi({});
    const page = start();
    const phone = byTestId(page, 'method-phone');
    expect(phone.tabIndex).toBe(0);
    expect(byTestId(page, 'method-email').tabIndex).toBe(-1);
    phone.focus();
    phone.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await vi.waitFor(() => {
      expect(byTestId(page, 'method-email').getAttribute('aria-checked')).toBe('true');
    });
    expect(document.activeElement).toBe(byTestId(page, 'method-email'));
    expect(page.querySelector<HTMLElement>('#panel-method-phone')?.hidden).toBe(true);
    expect(page.querySelector('#sign-in-email')).not.toBeNull();
    byTestId(page, 'method-email').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }),
    );
    await vi.waitFor(() => {
      expect(byTestId(page, 'method-phone').getAttribute('aria-checked')).toBe('true');
    });
  });
});

describe('groupSecret', () => {
  it('splits a base32 secret into groups of four', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(groupSecret('')).toBe('');
  });
});

const TOKEN = 'k3Jq0m8X2vYb7Tn5Rw1Lp9Hs4Fd6Gc0Az2Ue8Ii3Oo7';
const REPORT = '/phan-anh/PA-2026-000123';

/** Chooses a tab or a sign-in method (`tab-officer`, `method-email`) as a click does. */
async function choose(container: HTMLElement, testId: string) {
  byTestId(container, testId).click();
  await rendered();
}

describe('coming back to the page the person came from', () => {
  const phoneSignIn = async (page: HTMLElement) => {
    await type(page, '#sign-in-phone', '0912345678');
    submit(page);
    await vi.waitFor(() => {
      expect(page.querySelector('#sign-in-code')).not.toBeNull();
    });
    await type(page, '#sign-in-code', '123456');
    submit(page);
  };
  const phoneApi = () => ({
    'POST /api/v1/auth/code': () =>
      json({ sentTo: '•••• ••• 678', expiresInSeconds: 600, resendAfterSeconds: 60 }, 202),
    'POST /api/v1/auth/code/verify': () => {
      signedIn = true;
      return json({ state: 'signed_in', created: false });
    },
  });

  it('goes back to the report page after a phone sign-in, and says so beforehand', async () => {
    window.location.hash = `#/dang-nhap?ve=${encodeURIComponent(REPORT)}`;
    stubAuthApi(phoneApi());
    const page = start();
    expect(text(byTestId(page, 'return-note'))).toBe('Sau khi đăng nhập, bạn sẽ quay lại trang đang xem.');
    await phoneSignIn(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe(`#${REPORT}`);
    });
  });

  it.each([
    'https://lua-dao.example/',
    '//lua-dao.example',
    '/\\lua-dao.example',
    'javascript:alert(1)',
    '/dang-nhap',
    '/dang-nhap/email',
  ])('ignores ve=%s and goes home', async (ve) => {
    window.location.hash = `#/dang-nhap?ve=${encodeURIComponent(ve)}`;
    stubAuthApi(phoneApi());
    const page = start();
    expect(page.querySelector('[data-testid="return-note"]')).toBeNull();
    await phoneSignIn(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/');
    });
    expect(window.location.origin).toBe('http://localhost:3000');
  });

  it('takes an administrator to the administration, unless they came from a page', async () => {
    me = { accountId: 'a2', kind: 'officer', roles: ['admin'] };
    const api = {
      'POST /api/v1/auth/sign-in': () => json({ state: 'second_factor_required' }),
      'POST /api/v1/auth/totp/verify': () => {
        signedIn = true;
        return new Response(null, { status: 204 });
      },
    };
    const officer = async (page: HTMLElement) => {
      await choose(page, 'tab-officer');
      await type(page, '#sign-in-username', 'quantri');
      await type(page, '#sign-in-password', 'x');
      submit(page);
      await vi.waitFor(() => {
        expect(page.querySelector('#sign-in-totp')).not.toBeNull();
      });
      await type(page, '#sign-in-totp', '123456');
      submit(page);
    };
    stubAuthApi(api);
    let page = start();
    await officer(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/quan-tri');
    });
    unmount?.();

    signedIn = false;
    window.location.hash = '#/dang-nhap?ve=%2Fcua-toi';
    stubAuthApi(api);
    page = start();
    await officer(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/cua-toi');
    });
  });
});

describe('citizen sign-in by e-mail', () => {
  it('offers phone first, then e-mail; checks the address before sending, and sends where to come back', async () => {
    window.location.hash = `#/dang-nhap?ve=${encodeURIComponent(REPORT)}`;
    stubAuthApi({
      'POST /api/v1/auth/email-link': () =>
        json({ accepted: true, expiresInSeconds: 1800, resendAfterSeconds: 60 }, 202),
    });
    const page = start();
    expect(text(byTestId(page, 'method-phone'))).toBe('Số điện thoại');
    expect(byTestId(page, 'method-phone').getAttribute('aria-checked')).toBe('true');
    expect(byTestId(page, 'method-email').getAttribute('aria-checked')).toBe('false');
    expect(page.querySelector('[role="radiogroup"][aria-label="Cách đăng nhập"]')).not.toBeNull();
    await choose(page, 'method-email');
    expect(page.querySelector<HTMLElement>('#panel-method-phone')?.hidden).toBe(true);
    expect(text(shownPanel(page).querySelector('h2'))).toBe('Đăng nhập bằng e-mail');

    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('Vui lòng nhập địa chỉ e-mail.');
    });
    await type(page, '#sign-in-email', 'tran.binh@example');
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('Địa chỉ e-mail chưa đúng. Ví dụ: nguyenvana@gmail.com.');
    });
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    await type(page, '#sign-in-email', ' tran.binh@example.vn ');
    submit(page);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'link-sent-to'))).toBe(
        'Đã gửi liên kết đăng nhập tới tran.binh@example.vn. Vui lòng mở thư và bấm vào liên kết để đăng nhập.',
      );
    });
    expect(calls.find((c) => c.url === '/api/v1/auth/email-link')?.body).toEqual({
      email: 'tran.binh@example.vn',
      returnTo: REPORT,
    });
    expect(text(byTestId(page, 'link-sent'))).toContain(
      'Liên kết có hiệu lực trong 30 phút và chỉ dùng được một lần.',
    );
    expect(text(byTestId(page, 'spam-hint'))).toContain('Thư rác (Spam)');
    await vi.waitFor(() => {
      expect(document.activeElement?.textContent).toBe('Kiểm tra hộp thư của bạn');
    });
    expect(text(byTestId(page, 'resend-link'))).toMatch(/^Gửi lại liên kết sau (60|59) giây$/);
    expect(byTestId(page, 'resend-link').getAttribute('aria-disabled')).toBe('true');
  });

  it('counts down to the resend, sends again, and shows the wait the API asks for when it refuses', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    stubAuthApi({
      'POST /api/v1/auth/email-link': [
        () => json({ accepted: true, expiresInSeconds: 1800, resendAfterSeconds: 2 }, 202),
        () => json({ accepted: true, expiresInSeconds: 1800, resendAfterSeconds: 60 }, 202),
        () =>
          new Response(
            JSON.stringify({
              error: { code: 'rate_limited', message: 'Bạn gửi quá nhiều yêu cầu.', requestId: 'r1' },
            }),
            { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '125' } },
          ),
      ],
    });
    window.location.hash = '#/dang-nhap?cach=email';
    const page = start();
    // `cach=email` (the "send a new link" button of a used link) opens on e-mail.
    expect(byTestId(page, 'method-email').getAttribute('aria-checked')).toBe('true');
    await type(page, '#sign-in-email', 'tran.binh@example.vn');
    submit(page);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'resend-link'))).toBe('Gửi lại liên kết sau 2 giây');
    });
    expect(calls.find((c) => c.url === '/api/v1/auth/email-link')?.body).toEqual({
      email: 'tran.binh@example.vn',
    });
    byTestId(page, 'resend-link').click();
    expect(calls.filter((c) => c.url === '/api/v1/auth/email-link')).toHaveLength(1);
    vi.advanceTimersByTime(2000);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'resend-link'))).toBe('Gửi lại liên kết');
    });
    byTestId(page, 'resend-link').click();
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'link-sent-to'))).toBe('Đã gửi một liên kết mới tới tran.binh@example.vn.');
    });
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'resend-link'))).toBe('Gửi lại liên kết');
    });
    byTestId(page, 'resend-link').click();
    await vi.waitFor(() => {
      expect(errorText(page)).toBe(
        'Bạn đã yêu cầu nhiều lần trong thời gian ngắn. Vui lòng thử lại sau 2 phút 5 giây.',
      );
    });
    expect(text(byTestId(page, 'resend-link'))).toBe('Gửi lại liên kết sau 2 phút 5 giây');
    vi.advanceTimersByTime(66_000);
    await vi.waitFor(() => {
      expect(text(byTestId(page, 'resend-link'))).toBe('Gửi lại liên kết sau 59 giây');
    });
    expect(calls.filter((c) => c.url === '/api/v1/auth/email-link')).toHaveLength(3);
  });

  it('refused at the first request: the button waits as long as the API says', async () => {
    stubAuthApi({
      'POST /api/v1/auth/email-link': () =>
        new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.' } }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '40' },
        }),
    });
    const page = start('en');
    await choose(page, 'method-email');
    await type(page, '#sign-in-email', 'tran.binh@example.vn');
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe(
        'You have asked several times in a short while. Please try again in 40 s.',
      );
    });
    const button = shownPanel(page).querySelector('button[type="submit"]')!;
    expect(text(button)).toMatch(/^Send the link in (40|39) s$/);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    submit(page);
    await rendered();
    expect(calls.filter((c) => c.url === '/api/v1/auth/email-link')).toHaveLength(1);
  });

  it('moves on by itself when the link is opened in another tab of this browser', async () => {
    window.location.hash = `#/dang-nhap?ve=${encodeURIComponent(REPORT)}`;
    me = { accountId: 'c1', kind: 'citizen', roles: ['citizen'] };
    stubAuthApi({
      'POST /api/v1/auth/email-link': () =>
        json({ accepted: true, expiresInSeconds: 1800, resendAfterSeconds: 60 }, 202),
    });
    const page = start();
    await choose(page, 'method-email');
    await type(page, '#sign-in-email', 'tran.binh@example.vn');
    submit(page);
    await vi.waitFor(() => {
      expect(page.querySelector('[data-testid="link-sent"]')).not.toBeNull();
    });
    // What the other tab's sign-in leaves in the shared storage, and the event this tab gets for it.
    signedIn = true;
    localStorage.setItem('pakn.session', '1');
    window.dispatchEvent(new StorageEvent('storage', { key: 'pakn.session', newValue: '1' }));
    await vi.waitFor(() => {
      expect(window.location.hash).toBe(`#${REPORT}`);
    });
  });
});

describe('the page an e-mailed link opens', () => {
  const linkHash = (ve?: string) =>
    `#/dang-nhap/email?ma=${TOKEN}${ve === undefined ? '' : `&ve=${encodeURIComponent(ve)}`}`;

  it('asks a new citizen to accept the privacy notice, then signs in and goes back to the report', async () => {
    window.location.hash = linkHash(REPORT);
    stubAuthApi({
      'POST /api/v1/auth/email-link/verify': [
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
    const page = start('vi', 'email');
    await vi.waitFor(() => {
      expect(page.querySelector('[data-testid="privacy-notice"]')).not.toBeNull();
    });
    const notice = byTestId(page, 'privacy-notice');
    expect(text(notice)).toContain('Đây là lần đầu bạn đăng nhập bằng địa chỉ e-mail này.');
    expect(text(notice)).toContain('Hệ thống lưu địa chỉ e-mail');
    expect(text(notice)).toContain('Phiên bản thông báo: 2026-11.');
    const full = byTestId(page, 'privacy-full');
    expect(full.getAttribute('href')).toBe('#/huong-dan/bao-ve-du-lieu-ca-nhan');
    expect(full.getAttribute('target')).toBe('_blank');
    expect(text(full)).toBe('Đọc toàn văn thông báo (mở trong thẻ mới)');
    // Focus moves in an effect after the render: waited for, as the render is.
    await vi.waitFor(() => {
      expect(document.activeElement?.id).toBe('privacy-title');
    });

    // Not ticked: nothing is sent.
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('Vui lòng đánh dấu vào ô đồng ý để tiếp tục.');
    });
    expect(calls.filter((c) => c.url === '/api/v1/auth/email-link/verify')).toHaveLength(1);

    tick(page, '#privacy-accept');
    await rendered();
    submit(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe(`#${REPORT}`);
    });
    expect(calls.filter((c) => c.url === '/api/v1/auth/email-link/verify').map((c) => c.body)).toEqual([
      { token: TOKEN },
      { token: TOKEN, acceptPrivacyVersion: '2026-11' },
    ]);
  });

  it('signs an existing citizen in at once; a return address of another site in the link goes home', async () => {
    window.location.hash = linkHash('//lua-dao.example/dang-nhap');
    stubAuthApi({
      'POST /api/v1/auth/email-link/verify': () => {
        signedIn = true;
        return json({ state: 'signed_in', created: false });
      },
    });
    start('vi', 'email');
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/');
    });
    expect(calls.filter((c) => c.url === '/api/v1/auth/email-link/verify')).toHaveLength(1);
  });

  it('says clearly that a used or expired link no longer works, and offers to send a new one', async () => {
    window.location.hash = linkHash(REPORT);
    stubAuthApi({
      'POST /api/v1/auth/email-link/verify': () =>
        apiError(400, 'invalid_code', 'Mã xác thực không đúng hoặc đã hết hạn.'),
    });
    const page = start('vi', 'email');
    await vi.waitFor(() => {
      expect(page.querySelector('[data-testid="link-invalid"]')).not.toBeNull();
    });
    const invalid = byTestId(page, 'link-invalid');
    expect(text(invalid.querySelector('h2'))).toBe('Liên kết đăng nhập không còn hiệu lực');
    expect(text(invalid)).toContain('mỗi liên kết chỉ dùng được một lần');
    const again = invalid.querySelector('a')!;
    expect(text(again)).toBe('Gửi liên kết mới');
    expect(again.getAttribute('href')).toBe(`#/dang-nhap?cach=email&ve=${encodeURIComponent(REPORT)}`);
    expect(window.location.hash).toBe(linkHash(REPORT));
  });

  it('does not call the API for a link without a token of ours', async () => {
    window.location.hash = '#/dang-nhap/email?ma=abc';
    stubAuthApi({});
    const page = start('en', 'email');
    await rendered();
    expect(text(byTestId(page, 'link-invalid').querySelector('h2'))).toBe(
      'This sign-in link no longer works',
    );
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('offers to try again when the network fails, without using the link up', async () => {
    window.location.hash = linkHash();
    const fetchMock = stubAuthApi({
      'POST /api/v1/auth/email-link/verify': () => {
        signedIn = true;
        return json({ state: 'signed_in', created: false });
      },
    });
    fetchMock.mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')));
    const page = start('vi', 'email');
    await vi.waitFor(() => {
      expect(page.querySelector('[data-testid="link-error"]')).not.toBeNull();
    });
    expect(text(byTestId(page, 'link-error'))).toContain('Không kết nối được với hệ thống.');
    byTestId(page, 'link-error').querySelector('button')!.click();
    await vi.waitFor(() => {
      expect(window.location.hash).toBe('#/');
    });
  });
});

describe('single sign-on', () => {
  it('is offered to citizens when configured, and comes back to the page the person came from', async () => {
    window.location.hash = `#/dang-nhap?ve=${encodeURIComponent(REPORT)}`;
    stubAuthApi({ 'GET /api/v1/auth/methods': () => json({ sso: { accountKind: 'citizen' } }) });
    const page = start();
    await vi.waitFor(() => {
      expect(page.querySelector('#panel-citizen [data-testid="sso-start"]')).not.toBeNull();
    });
    const link = byTestId(page, 'sso-start');
    expect(text(link)).toBe('Đăng nhập một lần (SSO)');
    expect(link.getAttribute('href')).toBe(
      `/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(`/#${REPORT}`)}`,
    );
    // Leaving for the provider: the header will ask who is signed in when the browser comes back.
    link.addEventListener('click', (event) => {
      event.preventDefault();
    });
    link.click();
    expect(localStorage.getItem('pakn.session')).toBe('1');
  });

  it('is offered in the officer tab when it signs officers in, and not at all when not configured', async () => {
    stubAuthApi({ 'GET /api/v1/auth/methods': () => json({ sso: { accountKind: 'officer' } }) });
    let page = start();
    await vi.waitFor(() => {
      expect(page.querySelector('#panel-officer [data-testid="sso-start"]')).not.toBeNull();
    });
    expect(page.querySelector('#panel-citizen [data-testid="sso-start"]')).toBeNull();
    expect(byTestId(page, 'sso-start').getAttribute('href')).toBe('/api/v1/auth/oidc/start');
    unmount?.();

    stubAuthApi({ 'GET /api/v1/auth/methods': () => json({ sso: null }) });
    page = start();
    await vi.waitFor(() => {
      expect(calls.some((c) => c.url === '/api/v1/auth/methods')).toBe(true);
    });
    await rendered();
    expect(page.querySelector('[data-testid="sso-start"]')).toBeNull();
  });

  it('shows a new citizen what the account will hold, records consent, and goes where the sign-in started', async () => {
    window.location.hash = '#/dang-nhap/dong-y';
    stubAuthApi({
      'GET /api/v1/auth/oidc/registration': () =>
        json({
          displayName: 'Phạm Thị Lan',
          email: 'lan.pham@example.vn',
          phone: null,
          privacyVersion: '2026-11',
        }),
      'POST /api/v1/auth/oidc/registration': () => {
        signedIn = true;
        return json({ state: 'signed_in', created: true, returnTo: `/#${REPORT}` });
      },
    });
    const page = start('vi', 'dong-y');
    await vi.waitFor(() => {
      expect(page.querySelector('[data-testid="sso-details"]')).not.toBeNull();
    });
    expect([...byTestId(page, 'sso-details').querySelectorAll('dt, dd')].map((e) => text(e))).toEqual([
      'Họ và tên',
      'Phạm Thị Lan',
      'E-mail',
      'lan.pham@example.vn',
      'Số điện thoại',
      'Không có',
    ]);
    expect(text(byTestId(page, 'privacy-notice'))).toContain(
      'Đây là lần đầu bạn đăng nhập bằng tài khoản này.',
    );
    submit(page);
    await vi.waitFor(() => {
      expect(errorText(page)).toBe('Vui lòng đánh dấu vào ô đồng ý để tiếp tục.');
    });
    tick(page, '#privacy-accept');
    await rendered();
    submit(page);
    await vi.waitFor(() => {
      expect(window.location.hash).toBe(`#${REPORT}`);
    });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ acceptPrivacyVersion: '2026-11' });
  });

  it('says when no sign-in waits for consent, with the way back to the sign-in page', async () => {
    window.location.hash = '#/dang-nhap/dong-y';
    stubAuthApi({
      'GET /api/v1/auth/oidc/registration': () => apiError(400, 'bad_request', 'Yêu cầu không hợp lệ.'),
    });
    const page = start('vi', 'dong-y');
    await vi.waitFor(() => {
      expect(page.querySelector('[data-testid="sso-expired"]')).not.toBeNull();
    });
    expect(text(byTestId(page, 'sso-expired').querySelector('h2'))).toBe('Phiên đăng nhập đã hết hạn');
    expect(byTestId(page, 'sso-expired').querySelector('a')?.getAttribute('href')).toBe('#/dang-nhap');
  });
});

describe('returnPathFromSite', () => {
  it("keeps only a page of this app from the server's return address", () => {
    expect(returnPathFromSite(`/#${REPORT}`)).toBe(REPORT);
    expect(returnPathFromSite('/')).toBeNull();
    expect(returnPathFromSite('/#//lua-dao.example')).toBeNull();
    expect(returnPathFromSite('https://lua-dao.example/#/phan-anh/x')).toBeNull();
  });
});
