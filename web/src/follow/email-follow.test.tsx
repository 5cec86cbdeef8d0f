// Following by e-mail: the form (address missing, malformed, sent, refused by the server's limit) and the pages
// the mailed links open (nothing happens until the button is pressed; an unknown link says so).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { EmailFollowForm } from './email-follow.js';
import { EmailLinkPage } from './email-link.js';

const CODE = 'PA-2026-000007';
const TOKEN = 'ab'.repeat(32);

let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
});

function stubFetch(answer: (key: string, body: unknown) => Response) {
  const calls: { key: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const key = `${init?.method ?? 'GET'} ${url}`;
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      calls.push({ key, body });
      return Promise.resolve(answer(key, body));
    }),
  );
  return calls;
}

/** Types into the address field and lets Preact render what it set. */
async function type(container: HTMLElement, value: string) {
  const input = container.querySelector<HTMLInputElement>('#email-follow-address')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function submit(container: HTMLElement) {
  container.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

describe('the e-mail follow form', () => {
  it('asks for an address, refuses a malformed one before sending, then says where the mail went', async () => {
    const calls = stubFetch(() => json({ confirmationSent: true }, 202));
    const page = mount(<EmailFollowForm code={CODE} />);
    unmount = page.unmount;
    const input = page.container.querySelector<HTMLInputElement>('#email-follow-address')!;
    expect(input.type).toBe('email');
    expect(input.autocomplete).toBe('email');
    expect(text(page.container.querySelector('label'))).toBe('Địa chỉ thư điện tử');

    submit(page.container);
    await vi.waitFor(() => {
      expect(text(page.container.querySelector('#email-follow-error'))).toBe(
        'Vui lòng nhập địa chỉ thư điện tử.',
      );
    });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    await type(page.container, 'hoa@example');
    submit(page.container);
    await vi.waitFor(() => {
      expect(text(page.container.querySelector('#email-follow-error'))).toBe(
        'Địa chỉ thư điện tử không đúng (ví dụ: ten@example.com).',
      );
    });
    expect(calls).toEqual([]);

    await type(page.container, '  hoa@example.vn ');
    submit(page.container);
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'email-follow-sent'))).toBe(
        'Đã gửi thư xác nhận đến hoa@example.vn. Vui lòng mở thư và bấm liên kết trong vòng 48 giờ để bắt đầu theo dõi. Nếu không thấy thư, hãy xem cả mục thư rác.',
      );
    });
    expect(calls).toEqual([
      { key: `POST /api/v1/public/reports/${CODE}/email-followers`, body: { email: 'hoa@example.vn' } },
    ]);
  });

  it('shows the server’s reason when it refuses (too many mails to the address)', async () => {
    stubFetch(() =>
      json(
        {
          error: {
            code: 'rate_limited',
            message: 'Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.',
            details: [
              {
                field: '/body/email',
                problem: 'too many',
                messages: { vi: 'Địa chỉ này đã được gửi nhiều thư xác nhận.', en: 'Many mails.' },
              },
            ],
          },
        },
        429,
      ),
    );
    const page = mount(<EmailFollowForm code={CODE} />);
    unmount = page.unmount;
    await type(page.container, 'hoa@example.vn');
    submit(page.container);
    await vi.waitFor(() => {
      expect(text(page.container.querySelector('.form-error'))).toBe(
        'Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút. Địa chỉ này đã được gửi nhiều thư xác nhận.',
      );
    });
    expect(page.container.querySelector('[data-testid="email-follow-sent"]')).toBeNull();
  });
});

describe('the pages of the mailed links', () => {
  it('confirms only when the button is pressed, then links to the report', async () => {
    const calls = stubFetch(() => json({ code: CODE, following: true, supporters: 2 }));
    const page = mount(<EmailLinkPage kind="confirm" token={TOKEN} />);
    unmount = page.unmount;
    expect(text(page.container.querySelector('h1'))).toBe('Xác nhận theo dõi phản ánh');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual([]);
    byTestId(page.container, 'email-link-button').click();
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'email-link-done'))).toBe(
        `Đã xác nhận. Bạn sẽ nhận thư mỗi khi phản ánh ${CODE} có tiến triển.`,
      );
    });
    expect(calls).toEqual([{ key: 'POST /api/v1/public/email-follows/confirm', body: { token: TOKEN } }]);
    expect(page.container.querySelector(`a[href="#/phan-anh/${CODE}"]`)).not.toBeNull();
  });

  it('stops a follow, in English too; an unknown link gets the server’s words', async () => {
    stubFetch(() => json({ code: CODE, following: false, supporters: 1 }));
    const page = mount(<EmailLinkPage kind="unsubscribe" token={TOKEN} />, 'en');
    unmount = page.unmount;
    expect(text(page.container.querySelector('h1'))).toBe('Stop following a report');
    byTestId(page.container, 'email-link-button').click();
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'email-link-done'))).toBe(
        `You no longer follow report ${CODE} and will get no more e-mails about it.`,
      );
    });
    unmount();

    stubFetch(() =>
      json(
        {
          error: {
            code: 'not_found',
            message: 'Không tìm thấy nội dung yêu cầu.',
            details: [
              {
                field: '/body/token',
                problem: 'no such link',
                messages: { vi: 'Liên kết không còn hiệu lực.', en: 'This link no longer works.' },
              },
            ],
          },
        },
        404,
      ),
    );
    const gone = mount(<EmailLinkPage kind="unsubscribe" token={TOKEN} />);
    unmount = gone.unmount;
    byTestId(gone.container, 'email-link-button').click();
    await vi.waitFor(() => {
      expect(text(gone.container.querySelector('[role="alert"]'))).toBe(
        'Không tìm thấy nội dung yêu cầu. Liên kết không còn hiệu lực.',
      );
    });
  });

  it('says a cut or altered link is not valid, without asking the server', () => {
    const calls = stubFetch(() => json({}));
    const page = mount(<EmailLinkPage kind="confirm" token="abc" />);
    unmount = page.unmount;
    expect(text(byTestId(page.container, 'email-link-invalid'))).toContain('Liên kết không đúng');
    expect(page.container.querySelector('button')).toBeNull();
    expect(calls).toEqual([]);
  });
});
