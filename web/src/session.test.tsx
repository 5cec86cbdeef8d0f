// The way back after signing in: only a page of this app, never another site; and the session followed across tabs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashParams, safeReturnPath, SessionProvider, signInHref, useSession } from './session.js';
import { json, mount, text } from './test-helpers.js';

describe('safeReturnPath', () => {
  it('keeps a page of this app', () => {
    expect(safeReturnPath('/phan-anh/PA-2026-000123')).toBe('/phan-anh/PA-2026-000123');
    expect(safeReturnPath('/cua-toi')).toBe('/cua-toi');
    expect(safeReturnPath('/huong-dan/bao-ve-du-lieu-ca-nhan')).toBe('/huong-dan/bao-ve-du-lieu-ca-nhan');
    expect(safeReturnPath('/')).toBe('/');
  });

  it.each([
    null,
    undefined,
    '',
    'https://lua-dao.example/',
    'http:/lua-dao.example',
    '//lua-dao.example/phan-anh',
    '/\\lua-dao.example',
    '\\\\lua-dao.example',
    'javascript:alert(1)',
    ' /cua-toi',
    '/cua-toi\n',
    '/phan-anh/<script>',
    '/phan-anh?x=https://lua-dao.example',
    'phan-anh/PA-2026-000123',
    `/${'a'.repeat(200)}`,
    '/dang-nhap',
    '/dang-nhap/email',
  ])('refuses %j', (value) => {
    expect(safeReturnPath(value)).toBeNull();
  });
});

describe('signInHref', () => {
  it('carries the page to come back to, but not home nor anything else', () => {
    expect(signInHref('/phan-anh/PA-2026-000123')).toBe('#/dang-nhap?ve=%2Fphan-anh%2FPA-2026-000123');
    expect(signInHref('/')).toBe('#/dang-nhap');
    expect(signInHref(null)).toBe('#/dang-nhap');
    expect(signInHref('//lua-dao.example')).toBe('#/dang-nhap');
    expect(signInHref('/cua-toi', { method: 'email' })).toBe('#/dang-nhap?cach=email&ve=%2Fcua-toi');
  });

  it('is read back by hashParams', () => {
    expect(hashParams(signInHref('/phan-anh/PA-2026-000123')).get('ve')).toBe('/phan-anh/PA-2026-000123');
    expect(hashParams('#/dang-nhap').get('ve')).toBeNull();
  });
});

describe('SessionProvider', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => {
    unmount?.();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  function Status() {
    const { state } = useSession();
    return <p data-testid="status">{state.status}</p>;
  }

  it('follows a sign-in and a sign-out made in another tab of this browser', async () => {
    let signedIn = false;
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url === '/api/v1/auth/me')
          return Promise.resolve(
            signedIn
              ? json({ accountId: 'c1', kind: 'citizen', roles: ['citizen'] })
              : json({ error: { code: 'unauthenticated' } }, 401),
          );
        return Promise.resolve(json({ displayName: '', username: null, phone: null }));
      }),
    );
    const page = mount(
      <SessionProvider>
        <Status />
      </SessionProvider>,
    );
    unmount = page.unmount;
    const status = () => text(page.container.querySelector('[data-testid="status"]'));
    expect(status()).toBe('signed_out');

    signedIn = true;
    localStorage.setItem('pakn.session', '1');
    window.dispatchEvent(new StorageEvent('storage', { key: 'pakn.session', newValue: '1' }));
    await vi.waitFor(() => {
      expect(status()).toBe('signed_in');
    });

    signedIn = false;
    localStorage.removeItem('pakn.session');
    window.dispatchEvent(new StorageEvent('storage', { key: 'pakn.session', newValue: null }));
    await vi.waitFor(() => {
      expect(status()).toBe('signed_out');
    });
    // Other keys (the language) change nothing.
    window.dispatchEvent(new StorageEvent('storage', { key: 'pakn.lang', newValue: 'en' }));
    expect(status()).toBe('signed_out');
  });
});
