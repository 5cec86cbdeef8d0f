// The report screen: it offers exactly the actions the API lists for this officer now (for every role and state of
// the table), sends an action with the version shown and a key, reloads a stale report and says so, shows the
// reporter only on request with a reason, and the whole timeline with what each event says.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, mount, text } from '../test-helpers.js';
import { resetWorkspaceCaches, type OfficerReport, type WorkflowView } from './api.js';
import { FORWARD_ACTIONS, NOTE_ACTION, orderActions, ReportScreen } from './report-screen.js';
import {
  AGENCIES,
  officerReport,
  REPORT_CODE,
  REPORT_ID,
  workflowDocument,
  workflowView,
} from './test-fixtures.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

let calls: Call[] = [];
let unmount: (() => void) | undefined;
const table = workflowDocument();

type Reply = () => Response;

function stub(state: {
  view: () => WorkflowView;
  report: () => OfficerReport;
  act?: Reply;
  reporter?: Reply;
}) {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? 'GET';
      calls.push({
        url,
        method,
        headers: (init?.headers ?? {}) as Record<string, string>,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      if (url === `/api/v1/reports/${REPORT_CODE}/workflow`) return Promise.resolve(json(state.view()));
      if (url === `/api/v1/reports/${REPORT_ID}`) return Promise.resolve(json(state.report()));
      if (url === '/api/v1/public/workflow') return Promise.resolve(json(table));
      if (url === '/api/v1/org/agencies') return Promise.resolve(json(AGENCIES));
      if (url === '/api/v1/public/categories') return Promise.resolve(json([]));
      if (url.startsWith(`/api/v1/reports/${REPORT_ID}/workflow/`) && method === 'POST')
        return Promise.resolve(
          state.act?.() ??
            json({ id: REPORT_ID, code: REPORT_CODE, status: 'accepted', version: 8, eventId: '9' }),
        );
      if (url === `/api/v1/reports/${REPORT_ID}/reporter` && method === 'POST')
        return Promise.resolve(state.reporter?.() ?? json({ error: { code: 'forbidden' } }, 403));
      return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
    }),
  );
}

function start(roles: string[] = ['receiver']) {
  const page = mount(<ReportScreen code={REPORT_CODE} roles={roles} />);
  unmount = page.unmount;
  return page.container;
}

async function ready(container: HTMLElement): Promise<HTMLElement> {
  return vi.waitFor(() => {
    const screen = container.querySelector<HTMLElement>('[data-testid="report-screen"]');
    expect(screen).not.toBeNull();
    return screen!;
  });
}

const offered = (container: HTMLElement) =>
  [...container.querySelectorAll<HTMLElement>('[data-testid="actions"] [data-action]')].map(
    (b) => b.dataset.action,
  );

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  calls = [];
  resetWorkspaceCaches();
  document.documentElement.lang = 'vi';
});

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
});

/** For each officer role and each state: the actions the table lets that role take there (guards aside). */
const CASES = ['receiver', 'handler', 'agency_leader', 'provincial_leader'].flatMap((role) =>
  table.states.map((state) => {
    const actions = table.actions
      .filter((a) => a.from.includes(state.code) && a.allowed.some((p) => p.role === role))
      .map((a) => a.code);
    return [role, state.code, actions] as const;
  }),
);

describe('the actions offered', () => {
  it.each(CASES)('as %s on a report %s: exactly what the API lists', async (role, status, actions) => {
    stub({ view: () => workflowView(actions, { status }), report: () => officerReport({ status }) });
    const container = start([role]);
    await ready(container);
    // Every button is an action of the list, and every action of the list but the note is a button.
    const expected = actions.filter((a) => a !== NOTE_ACTION);
    expect([...offered(container)].sort()).toEqual([...expected].sort());
    // The one that moves the report on comes first and stands out.
    expect(offered(container)).toEqual(orderActions(expected));
    const primary = container.querySelector('[data-testid="actions"] .button-primary');
    const forward = expected.find((a) => FORWARD_ACTIONS.includes(a));
    expect(primary?.getAttribute('data-action') ?? null).toBe(forward ?? null);
    expect(container.querySelector('form[data-action="note"]') !== null).toBe(actions.includes(NOTE_ACTION));
    if (actions.length === 0) expect(container.querySelector('[data-testid="no-actions"]')).not.toBeNull();
  });

  it('offers nothing the API does not list, even what the table would allow the role', async () => {
    // A receiver on a new report, but the API (guards, scope) lists only the note.
    stub({ view: () => workflowView([NOTE_ACTION]), report: () => officerReport() });
    const container = start(['receiver']);
    await ready(container);
    expect(offered(container)).toEqual([]);
    expect(text(container.querySelector('[data-testid="no-actions"]'))).toBe(
      'Bạn không có thao tác nào với phản ánh này ở trạng thái hiện tại.',
    );
  });

  it('sends an action with the version shown and a key, then shows the report as it is now', async () => {
    let version = 7;
    stub({
      view: () =>
        workflowView(version === 7 ? ['accept', 'reject', 'merge', 'note'] : ['assign', 'note'], {
          version,
          status: version === 7 ? 'submitted' : 'accepted',
        }),
      report: () => officerReport({ status: version === 7 ? 'submitted' : 'accepted' }),
      act: () => {
        version = 8;
        return json({ id: REPORT_ID, code: REPORT_CODE, status: 'accepted', version: 8, eventId: '9' });
      },
    });
    const container = start();
    await ready(container);
    container.querySelector<HTMLButtonElement>('[data-action="accept"]')!.click();
    const form = await vi.waitFor(() => {
      const found = container.querySelector<HTMLFormElement>('[data-testid="action-form-accept"]');
      expect(found).not.toBeNull();
      return found!;
    });
    const urgent = form.querySelector<HTMLInputElement>('input[value="urgent"]')!;
    urgent.checked = true;
    urgent.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="report-notice"]'))).toBe('Đã thực hiện: Tiếp nhận.');
    });
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe(`/api/v1/reports/${REPORT_ID}/workflow/accept`);
    expect(post.body).toEqual({ input: { priority: 'urgent' }, version: 7 });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);
    await vi.waitFor(() => {
      expect(offered(container)).toEqual(['assign']);
    });
    expect(container.querySelector('[data-testid="report-screen"]')!.getAttribute('data-version')).toBe('8');
  });

  it('reloads a report someone changed meanwhile and says so, acting on nothing', async () => {
    let views = 0;
    stub({
      view: () => {
        views += 1;
        return workflowView(['accept', 'note'], { version: 6 + views });
      },
      report: () => officerReport(),
      act: () =>
        json(
          {
            error: {
              code: 'report_changed',
              message: 'Phản ánh đã thay đổi.',
            },
          },
          409,
        ),
    });
    const container = start();
    await ready(container);
    container.querySelector<HTMLButtonElement>('[data-action="accept"]')!.click();
    const form = await vi.waitFor(() => {
      const found = container.querySelector<HTMLFormElement>('[data-testid="action-form-accept"]');
      expect(found).not.toBeNull();
      return found!;
    });
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="report-notice"]'))).toContain(
        'Phản ánh vừa được người khác cập nhật nên thao tác chưa được thực hiện.',
      );
    });
    await vi.waitFor(() => {
      expect(container.querySelector('[data-testid="report-screen"]')!.getAttribute('data-version')).toBe(
        '8',
      );
    });
    expect(views).toBe(2);
    // The form of the stale screen is gone.
    expect(container.querySelector('[data-testid="action-form-accept"]')).toBeNull();
  });

  it('adds an internal note from the timeline', async () => {
    stub({ view: () => workflowView(['note']), report: () => officerReport() });
    const container = start(['handler']);
    await ready(container);
    const area = container.querySelector<HTMLTextAreaElement>('#ws-note-text')!;
    area.value = 'Đã gọi điện cho UBND xã.';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    area.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(calls.some((c) => c.method === 'POST')).toBe(true);
    });
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      url: `/api/v1/reports/${REPORT_ID}/workflow/note`,
      body: { input: { text: 'Đã gọi điện cho UBND xã.' }, version: 7 },
    });
  });
});

describe('the report screen', () => {
  it('shows the deadlines with their flag in words, the routing suggestion and the content', async () => {
    stub({
      view: () =>
        workflowView(['assign'], {
          status: 'accepted',
          deadlines: {
            intake: { dueAt: '2026-03-03T10:00:00.000Z', originalDueAt: null, flag: 'overdue' },
            acknowledge: { dueAt: null, originalDueAt: null, flag: null },
            resolve: {
              dueAt: '2026-03-20T10:00:00.000Z',
              originalDueAt: '2026-03-13T10:00:00.000Z',
              flag: 'late_with_extension',
            },
          },
          pendingExtension: {
            reason: 'Chờ kết quả đo đạc.',
            proposedDueAt: '2026-03-27T10:00:00.000Z',
            requestedAt: '2026-03-10T02:00:00.000Z',
          },
        }),
      report: () =>
        officerReport({
          status: 'accepted',
          answers: { so_ho: 3 },
          media: [
            {
              id: 'm1',
              kind: 'photo',
              mime: 'image/jpeg',
              hidden: false,
              originalUrl: '/media/m1/original',
              thumbUrl: '/media/m1/thumb',
            },
          ],
        }),
    });
    const container = start();
    await ready(container);
    const deadlines = container.querySelector('[data-testid="deadlines"]')!;
    expect([...deadlines.querySelectorAll('[data-clock]')].map((d) => d.getAttribute('data-clock'))).toEqual([
      'intake',
      'resolve',
    ]);
    expect(text(deadlines.querySelector('[data-clock="intake"]'))).toContain('Hạn tiếp nhận');
    expect(text(deadlines.querySelector('[data-clock="intake"]'))).toContain('Quá hạn');
    expect(text(deadlines.querySelector('[data-clock="intake"]'))).toContain('17:00 03/03/2026');
    expect(text(deadlines.querySelector('[data-clock="resolve"]'))).toContain('Trễ hạn, đã gia hạn');
    expect(text(deadlines.querySelector('[data-clock="resolve"]'))).toContain(
      'Hạn ban đầu: 17:00 13/03/2026',
    );
    expect(text(container.querySelector('[data-testid="pending-extension"]'))).toContain(
      'Chờ kết quả đo đạc.',
    );
    expect(text(container.querySelector('[data-testid="suggested-agency"]'))).toBe('UBND huyện Lục Ngạn');
    expect(text(container.querySelector('[data-testid="description"]'))).toContain('Rác thải đổ bừa bãi');
    // The public version differs (contacts masked): both are shown.
    expect(text(container.querySelector('[data-testid="content"]'))).toContain('gọi [đã ẩn]');
    expect(text(container.querySelector('[data-testid="answers"]'))).toContain('so_ho');
    expect(container.querySelectorAll('[data-testid="photos"] img').length).toBe(1);

    // Assigning starts from the suggested agency.
    container.querySelector<HTMLButtonElement>('[data-action="assign"]')!.click();
    const select = await vi.waitFor(() => {
      const found = container.querySelector<HTMLSelectElement>('[data-input="leadAgencyId"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(select.value).toBe(AGENCIES[2]!.id);
  });

  it('shows the reporter only when asked, with a reason', async () => {
    stub({
      view: () => workflowView(['accept']),
      report: () => officerReport(),
      reporter: () =>
        json({
          anonymous: false,
          erased: false,
          name: 'Nguyễn Văn An',
          phone: '+84912345678',
          email: null,
          zaloUserId: null,
          hasAccount: true,
        }),
    });
    const container = start();
    await ready(container);
    const box = container.querySelector('[data-testid="reporter"]')!;
    expect(text(box)).not.toContain('Nguyễn Văn An');
    expect(calls.some((c) => c.url.endsWith('/reporter'))).toBe(false);
    box.querySelector<HTMLButtonElement>('[data-testid="reveal-reporter"]')!.click();
    const reason = await vi.waitFor(() => {
      const found = box.querySelector<HTMLTextAreaElement>('#ws-reporter-reason');
      expect(found).not.toBeNull();
      return found!;
    });
    // Too short a reason is refused here, before asking.
    reason.value = 'gọi';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    reason.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(box.querySelector('[role="alert"]'))).toBe('Vui lòng nêu lý do (ít nhất 5 ký tự).');
    });
    reason.value = 'Gọi lại để xác minh địa điểm';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    reason.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(box.querySelector('[data-testid="reporter-identity"]'))).toContain('Nguyễn Văn An');
    });
    expect(text(box.querySelector('[data-testid="reporter-identity"]'))).toContain('0912 345 678');
    expect(calls.find((c) => c.url.endsWith('/reporter'))!.body).toEqual({
      reason: 'Gọi lại để xác minh địa điểm',
    });
  });

  it('says when an agency officer may not see the reporter', async () => {
    stub({ view: () => workflowView(['acknowledge']), report: () => officerReport({ status: 'assigned' }) });
    const container = start(['handler']);
    await ready(container);
    const box = container.querySelector('[data-testid="reporter"]')!;
    box.querySelector<HTMLButtonElement>('[data-testid="reveal-reporter"]')!.click();
    const reason = await vi.waitFor(() => {
      const found = box.querySelector<HTMLTextAreaElement>('#ws-reporter-reason');
      expect(found).not.toBeNull();
      return found!;
    });
    reason.value = 'Cần liên hệ người phản ánh';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    reason.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => {
      expect(text(box.querySelector('[role="alert"]'))).toContain(
        'Bạn chưa được phép xem thông tin người phản ánh này.',
      );
    });
  });

  it('shows the whole timeline, internal events marked, with what each says', async () => {
    stub({
      view: () => workflowView(['note'], { status: 'in_progress' }),
      report: () =>
        officerReport({
          status: 'in_progress',
          timeline: [
            { at: '2026-03-02T01:00:00.000Z', kind: 'submitted', public: false, data: {} },
            { at: '2026-03-02T02:00:00.000Z', kind: 'accepted', public: true, data: {} },
            {
              at: '2026-03-02T03:00:00.000Z',
              kind: 'assigned',
              public: true,
              data: { leadAgencyId: AGENCIES[0]!.id, coordinatingAgencyIds: [AGENCIES[1]!.id] },
            },
            { at: '2026-03-02T04:00:00.000Z', kind: 'note', public: false, data: { text: 'Đã liên hệ xã.' } },
            {
              at: '2026-03-02T05:00:00.000Z',
              kind: 'rejected',
              public: false,
              data: { reasonCode: 'complaint', reason: { vi: 'Khiếu nại', en: 'A complaint' } },
            },
          ],
        }),
    });
    const container = start(['handler']);
    await ready(container);
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-kind="assigned"]'))).toContain(
        'Đơn vị: Sở Giao thông vận tải',
      );
    });
    const events = [...container.querySelectorAll<HTMLElement>('.ws-timeline > li')];
    expect(events.map((e) => e.dataset.kind)).toEqual([
      'submitted',
      'accepted',
      'assigned',
      'note',
      'rejected',
    ]);
    expect(text(events[0]!.querySelector('.ws-event-name'))).toBe('Gửi phản ánh');
    expect(text(events[1]!.querySelector('.ws-tag'))).toBe('Công khai');
    expect(text(events[2])).toContain('Đơn vị phối hợp: Sở Tài nguyên và Môi trường');
    expect(text(events[3]!.querySelector('.ws-tag'))).toBe('Nội bộ');
    expect(text(events[3])).toContain('Đã liên hệ xã.');
    expect(text(events[4]!.querySelector('.ws-tag'))).toBe('Gửi người phản ánh');
    expect(text(events[4])).toContain('Khiếu nại');
  });

  it('says when the report cannot be found', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL): Promise<Response> => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url === '/api/v1/public/workflow') return Promise.resolve(json(table));
        return Promise.resolve(json({ error: { code: 'not_found' } }, 404));
      }),
    );
    const container = start();
    await vi.waitFor(() => {
      expect(text(container.querySelector('[data-testid="report-error"]'))).toBe(
        `Không tìm thấy phản ánh ${REPORT_CODE}, hoặc phản ánh không thuộc phạm vi của bạn.`,
      );
    });
  });
});
