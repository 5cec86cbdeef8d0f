// The e-mailed sign-in link: how long a citizen waits before another one, and where the link points.
import { describe, expect, it } from 'vitest';
import { emailLinkWaitMs, emailSignInLink } from '../../src/modules/auth/email.js';

const now = new Date('2026-03-02T03:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('emailLinkWaitMs', () => {
  it('lets the first link of the hour go at once', () => {
    expect(emailLinkWaitMs([], now)).toBe(0);
  });

  it('waits a minute after the newest link', () => {
    expect(emailLinkWaitMs([ago(20)], now)).toBe(40_000);
    expect(emailLinkWaitMs([ago(60)], now)).toBe(0);
    expect(emailLinkWaitMs([ago(600), ago(5)], now)).toBe(55_000);
  });

  it('after three links in an hour, waits until the oldest of them is an hour old', () => {
    expect(emailLinkWaitMs([ago(1800), ago(900), ago(300)], now)).toBe(1_800_000);
    // Only the last three count: the oldest of four has no say.
    expect(emailLinkWaitMs([ago(3500), ago(3000), ago(900), ago(300)], now)).toBe(600_000);
  });
});

describe('emailSignInLink', () => {
  it("opens the web app's e-mail sign-in page, with the page to come back to when there is one", () => {
    expect(emailSignInLink('https://pakn.example', 'abc', undefined)).toBe(
      'https://pakn.example/#/dang-nhap/email?ma=abc',
    );
    expect(emailSignInLink('https://pakn.example', 'abc', '/')).toBe(
      'https://pakn.example/#/dang-nhap/email?ma=abc',
    );
    expect(emailSignInLink('https://pakn.example', 'abc', '/phan-anh/PA-2026-000123')).toBe(
      'https://pakn.example/#/dang-nhap/email?ma=abc&ve=%2Fphan-anh%2FPA-2026-000123',
    );
  });
});
