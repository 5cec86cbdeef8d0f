// Home page figures: correct at zero, formatted per language, and recoverable after a failed load.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byTestId, json, mount, stubApi, text } from '../test-helpers.js';
import { HomePage } from './home.js';

let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
});

describe('home page figures', () => {
  it('shows 0, 0 and two dashes, each with a note, when there are no reports', async () => {
    stubApi();
    const page = mount(<HomePage />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'stat-received'))).toBe('0');
    });
    expect(text(byTestId(page.container, 'stat-handled'))).toBe('0');
    expect(text(byTestId(page.container, 'stat-ontime'))).toBe('—');
    expect(page.container.textContent).toContain('chưa có phản ánh đến hạn');
    expect(text(byTestId(page.container, 'stat-satisfaction'))).toBe('—');
    expect(page.container.textContent).toContain('chưa có lượt đánh giá');
    expect(page.container.textContent).toContain('Cập nhật lúc 17:00 25/02/2026');
    // The way to the figures by agency, area and category.
    expect(page.container.querySelector('a[href="#/thong-ke"]')?.textContent).toBe(
      'Xem thống kê theo cơ quan, địa bàn, lĩnh vực',
    );
  });

  it('formats the figures with Vietnamese separators', async () => {
    stubApi({
      stats: {
        received: 12345,
        handled: 9876,
        onTimePercent: 87.5,
        satisfactionPercent: 66.7,
        asOf: '2026-02-25T10:00:00Z',
      },
    });
    const page = mount(<HomePage />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'stat-received'))).toBe('12.345');
    });
    expect(text(byTestId(page.container, 'stat-handled'))).toBe('9.876');
    expect(text(byTestId(page.container, 'stat-ontime'))).toBe('87,5%');
    expect(text(byTestId(page.container, 'stat-satisfaction'))).toBe('66,7%');
    expect(page.container.textContent).not.toContain('chưa có phản ánh đến hạn');
    expect(page.container.textContent).not.toContain('chưa có lượt đánh giá');
  });

  it('formats the figures the English way in English', async () => {
    stubApi({
      stats: {
        received: 12345,
        handled: 0,
        onTimePercent: 100,
        satisfactionPercent: null,
        asOf: '2026-02-25T10:00:00Z',
      },
    });
    const page = mount(<HomePage />, 'en');
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'stat-received'))).toBe('12,345');
    });
    expect(text(byTestId(page.container, 'stat-ontime'))).toBe('100%');
    expect(text(byTestId(page.container, 'stat-satisfaction'))).toBe('—');
    expect(page.container.textContent).toContain('Reports received');
    expect(page.container.textContent).toContain('Reporters satisfied');
    expect(page.container.textContent).toContain('no answer has been rated yet');
  });

  it('shows a loading state until the figures arrive', () => {
    stubApi({ stats: () => new Promise<Response>(() => undefined) });
    const page = mount(<HomePage />);
    unmount = page.unmount;
    expect(text(byTestId(page.container, 'stat-received'))).toBe('…');
    expect(text(byTestId(page.container, 'stat-satisfaction'))).toBe('…');
    expect(page.container.textContent).toContain('Đang tải số liệu…');
  });

  it('shows an error with a retry button that loads the figures again', async () => {
    let calls = 0;
    const fetchMock = stubApi({
      stats: () => {
        calls += 1;
        return calls === 1
          ? json({ error: { code: 'internal' } }, 500)
          : json({
              received: 3,
              handled: 1,
              onTimePercent: 50,
              satisfactionPercent: 100,
              asOf: '2026-02-25T10:00:00Z',
            });
      },
    });
    const page = mount(<HomePage />);
    unmount = page.unmount;
    const alert = await vi.waitFor(() => {
      const found = page.container.querySelector('[role="alert"]');
      expect(found).not.toBeNull();
      return found;
    });
    expect(text(alert)).toContain('Không tải được số liệu.');
    const retry = alert?.querySelector('button');
    expect(text(retry)).toBe('Thử lại');
    retry?.click();
    await vi.waitFor(() => {
      expect(text(byTestId(page.container, 'stat-received'))).toBe('3');
    });
    expect(page.container.querySelector('[role="alert"]')).toBeNull();
    // The figures were asked twice (the page's other sections ask for other things).
    expect(fetchMock.mock.calls.filter(([url]) => url === '/api/v1/public/stats')).toHaveLength(2);
  });

  it('treats a malformed response as an error', async () => {
    stubApi({ stats: () => json({ received: '0' }) });
    const page = mount(<HomePage />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(page.container.querySelector('[role="alert"]')).not.toBeNull();
    });
  });
});
