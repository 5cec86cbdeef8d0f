// The action forms, generated from the workflow table the API serves: every action of the real table renders a
// control for each of its inputs, refuses to send while a required one is empty, and sends what the API takes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, text } from '../test-helpers.js';
import { ActionForm, actionInput, controlOf, vietnamInstant, type ActionContext } from './action-form.js';
import type { ActionRule } from './api.js';
import { AGENCIES, workflowDocument } from './test-fixtures.js';

const table = workflowDocument();
const MEDIA = [
  {
    id: 'm1',
    kind: 'photo',
    mime: 'image/jpeg',
    hidden: false,
    originalUrl: '/media/m1/original',
    thumbUrl: '/media/m1/thumb',
  },
  {
    id: 'm2',
    kind: 'photo',
    mime: 'image/jpeg',
    hidden: true,
    originalUrl: '/media/m2/original',
    thumbUrl: '/media/m2/thumb',
  },
];
const context: ActionContext = { agencies: AGENCIES, media: MEDIA, defaults: {} };

let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function render(
  rule: ActionRule,
  onSubmit = vi.fn(() => Promise.resolve()),
  ctx = context,
  lang: 'vi' | 'en' = 'vi',
) {
  const page = mount(
    <ActionForm rule={rule} table={table} context={ctx} onSubmit={onSubmit} onCancel={() => undefined} />,
    lang,
  );
  unmount = page.unmount;
  return { container: page.container, onSubmit };
}

function submit(container: HTMLElement) {
  container.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

/** A value that fills the input the way a person would, by the control the form shows. */
function fill(container: HTMLElement, rule: ActionRule, name: string) {
  const spec = rule.inputs.find((i) => i.name === name)!;
  const control = controlOf(spec);
  const root = container.querySelector<HTMLElement>(`[data-input="${name}"]`)!;
  const set = (
    element: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
    value: string,
    event = 'input',
  ) => {
    element.value = value;
    element.dispatchEvent(new Event(event, { bubbles: true }));
  };
  switch (control) {
    case 'textarea':
      set(root as HTMLTextAreaElement, `Nội dung cho ${name}`);
      return;
    case 'agency':
      set(root as HTMLSelectElement, AGENCIES[0]!.id, 'change');
      return;
    case 'report-code':
    case 'text':
      set(root as HTMLInputElement, 'pa 2026 000777');
      return;
    case 'datetime':
      set(root as HTMLInputElement, '2026-03-20T16:30');
      return;
    case 'reject-reason':
      set(root as HTMLSelectElement, 'other', 'change');
      return;
    case 'priority': {
      const radio = root.querySelector<HTMLInputElement>('input[value="urgent"]')!;
      radio.checked = true;
      radio.dispatchEvent(new Event('change', { bubbles: true }));
      return;
    }
    case 'agencies': {
      const select = root as HTMLSelectElement;
      for (const option of select.options) option.selected = option.value === AGENCIES[1]!.id;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return;
    }
    case 'media': {
      const box = root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
      box.checked = true;
      box.dispatchEvent(new Event('change', { bubbles: true }));
      return;
    }
    case 'attachments':
    case 'list':
      throw new Error(`no filling for ${control}`);
  }
}

describe('the controls chosen for the table’s inputs', () => {
  it('gives every input of every action a control meant for it (no bare text box for an id)', () => {
    const seen = new Map<string, string>();
    for (const action of table.actions)
      for (const input of action.inputs) seen.set(`${action.code}.${input.name}`, controlOf(input));
    expect(seen.size).toBeGreaterThan(30);
    for (const [name, control] of seen) expect([name, control]).not.toEqual([name, 'text']);
    for (const [name, control] of seen) expect([name, control]).not.toEqual([name, 'list']);
    expect(seen.get('assign.leadAgencyId')).toBe('agency');
    expect(seen.get('assign.coordinatingAgencyIds')).toBe('agencies');
    expect(seen.get('merge.targetReportId')).toBe('report-code');
    expect(seen.get('submit_answer.attachmentIds')).toBe('attachments');
    expect(seen.get('publish.hiddenMediaIds')).toBe('media');
    expect(seen.get('request_extension.proposedDueAt')).toBe('datetime');
    expect(seen.get('reject.reasonCode')).toBe('reject-reason');
    expect(seen.get('accept.priority')).toBe('priority');
  });

  it('reads a date and time typed in Vietnam as the instant the API takes', () => {
    expect(vietnamInstant('2026-03-20T16:30')).toBe('2026-03-20T09:30:00.000Z');
    expect(vietnamInstant('20/03/2026')).toBeNull();
  });
});

describe.each(table.actions.map((a) => [a.code, a] as const))('the form of “%s”', (_code, rule) => {
  it('shows every input with its label, marks the required ones, and sends nothing while one is empty', async () => {
    const { container, onSubmit } = render(rule);
    expect(text(container.querySelector('h3'))).toBe(rule.label.vi);
    for (const input of rule.inputs) {
      const root = container.querySelector<HTMLElement>(
        `[data-input="${input.name}"], [data-testid="attachments"]`,
      );
      expect(root, `${rule.code}.${input.name}`).not.toBeNull();
      expect(text(container)).toContain(input.label.vi);
      const control = controlOf(input);
      if (input.required && control !== 'priority' && control !== 'media' && control !== 'attachments')
        expect(root!.getAttribute('aria-required'), `${rule.code}.${input.name}`).toBe('true');
      if (!input.required) expect(text(container)).toContain(`${input.label.vi} (không bắt buộc)`);
    }
    submit(container);
    await settle();
    const required = rule.inputs.filter((i) => i.required);
    if (required.length === 0) {
      expect(onSubmit).toHaveBeenCalledTimes(1);
      expect(onSubmit).toHaveBeenCalledWith({});
      return;
    }
    expect(onSubmit).not.toHaveBeenCalled();
    for (const input of required) expect(text(container)).toContain(`Vui lòng nhập “${input.label.vi}”.`);
  });

  it('sends the inputs filled in, as the API takes them', async () => {
    const fillable = rule.inputs.filter((i) => {
      const control = controlOf(i);
      return control !== 'attachments' && control !== 'list';
    });
    const { container, onSubmit } = render(rule);
    for (const input of fillable) fill(container, rule, input.name);
    await settle();
    submit(container);
    await vi.waitFor(() => {
      expect(onSubmit).toHaveBeenCalledTimes(1);
    });
    const sent = (onSubmit.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    for (const input of fillable) {
      const value = sent[input.name];
      switch (controlOf(input)) {
        case 'datetime':
          expect(value).toBe('2026-03-20T09:30:00.000Z');
          break;
        case 'agency':
          expect(value).toBe(AGENCIES[0]!.id);
          break;
        case 'agencies':
          expect(value).toEqual([AGENCIES[1]!.id]);
          break;
        case 'report-code':
          expect(value).toBe('PA-2026-000777');
          break;
        case 'media':
          expect(value).toEqual(['m1']);
          break;
        case 'reject-reason':
          expect(value).toBe('other');
          break;
        case 'priority':
          expect(value).toBe('urgent');
          break;
        case 'textarea':
        case 'text':
          expect(value).toBe(`Nội dung cho ${input.name}`);
          break;
        case 'attachments':
        case 'list':
          throw new Error('not filled');
      }
    }
  });
});

describe('action forms', () => {
  it('shows the guidance the reporter gets for a refusal', async () => {
    const rule = table.actions.find((a) => a.code === 'reject')!;
    const { container } = render(rule);
    const select = container.querySelector<HTMLSelectElement>('[data-input="reasonCode"]')!;
    select.value = 'complaint';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(text(container.querySelector('[data-testid="reject-guidance"]'))).toContain(
      'Luật Khiếu nại năm 2011',
    );
  });

  it('starts from the defaults given (the suggested agency, the answer to publish)', async () => {
    const rule = table.actions.find((a) => a.code === 'publish')!;
    const { container, onSubmit } = render(rule, undefined, {
      ...context,
      defaults: {
        publicAnswer: 'Đã thu gom rác.',
        publicDescription: 'Rác ven đường.',
        hiddenMediaIds: ['m2'],
      },
    });
    expect(container.querySelector<HTMLTextAreaElement>('[data-input="publicAnswer"]')!.value).toBe(
      'Đã thu gom rác.',
    );
    submit(container);
    await vi.waitFor(() => {
      expect(onSubmit).toHaveBeenCalledWith({
        publicAnswer: 'Đã thu gom rác.',
        publicDescription: 'Rác ven đường.',
        hiddenMediaIds: ['m2'],
      });
    });
  });

  it('shows the API’s refusal next to the input it names', async () => {
    const { ApiError } = await import('../api.js');
    const rule = table.actions.find((a) => a.code === 'reject')!;
    const onSubmit = vi.fn(() =>
      Promise.reject(
        new ApiError('refused', 400, 'validation_failed', 'Dữ liệu không hợp lệ.', [
          {
            field: '/body/input/reasonText',
            problem: 'required for other',
            messages: { vi: 'Vui lòng giải thích lý do khác.', en: 'Please explain the other reason.' },
          },
        ]),
      ),
    );
    const { container } = render(rule, onSubmit);
    fill(container, rule, 'reasonCode');
    await settle();
    submit(container);
    await vi.waitFor(() => {
      expect(text(container.querySelector('[role="alert"]'))).toBe('Dữ liệu không hợp lệ.');
    });
    const field = container.querySelector<HTMLElement>('[data-input="reasonText"]')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(text(document.getElementById(field.getAttribute('aria-describedby')!))).toBe(
      'Vui lòng giải thích lý do khác.',
    );
  });

  it('leaves optional inputs out and splits a list of codes', () => {
    const rule: ActionRule = {
      code: 'x',
      label: { vi: 'X', en: 'X' },
      from: [],
      to: 'unchanged',
      allowed: [],
      inputs: [
        { name: 'note', type: 'text', required: false, label: { vi: 'Ghi chú', en: 'Note' } },
        { name: 'otherIds', type: 'ids', required: false, label: { vi: 'Mã', en: 'Ids' } },
      ],
      event: { kind: 'x', visibility: 'internal' },
    };
    expect(actionInput(rule, { note: '  ', otherIds: 'a, b;c' })).toEqual({ otherIds: ['a', 'b', 'c'] });
  });

  it('reads in English', () => {
    const rule = table.actions.find((a) => a.code === 'assign')!;
    const { container } = render(rule, undefined, context, 'en');
    expect(text(container.querySelector('h3'))).toBe('Assign to an agency');
    expect(text(container)).toContain('Coordinating agencies (optional)');
  });
});
