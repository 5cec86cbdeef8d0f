// Rules of the report flow: diacritics-insensitive search and ordering, the steps and what each needs,
// the submission body, and the outbox's retry and removal rules (in-memory store, fake fetch).
import { describe, expect, it, vi } from 'vitest';
import { parseCategories, type Category } from '../api-report.js';
import {
  firstIncompleteStep,
  newDraft,
  nextStep,
  previousStep,
  stepOfField,
  stepProblems,
  submitBody,
  type Draft,
} from './draft.js';
import { emergencyFor } from './emergency.js';
import { foldVietnamese, orderByUsage, searchCategories } from './fold.js';
import { fitWithin } from './image.js';
import { Outbox } from './outbox.js';
import { memoryStore } from './store.js';

function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function category(over: Partial<Category> & { id: string; vi: string }): Category {
  const { vi, ...rest } = over;
  return {
    slug: over.id,
    parentId: null,
    name: { vi, en: vi },
    description: { vi: null, en: null },
    photoRequired: false,
    questions: [],
    emergency: null,
    icon: null,
    ...rest,
  };
}

const waste = category({ id: 'waste', vi: 'Vệ sinh môi trường – rác thải' });
const roads = category({ id: 'roads', vi: 'Giao thông – hạ tầng giao thông' });
const lights = category({
  id: 'lights',
  vi: 'Đèn tín hiệu giao thông',
  parentId: 'roads',
  photoRequired: true,
  questions: [
    {
      code: 'fault',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      descriptionVi: 'Đèn gặp sự cố gì?',
      descriptionEn: 'What is wrong?',
      values: [{ key: 'not_lit', nameVi: 'Không sáng', nameEn: 'Not lit' }],
    },
    {
      code: 'people',
      datatype: 'number',
      required: false,
      order: 2,
      descriptionVi: 'Số người',
      descriptionEn: 'People',
    },
  ],
});

describe('foldVietnamese and the category search', () => {
  it('folds marks and đ, case and spaces', () => {
    expect(foldVietnamese('  Rác   THẢI ')).toBe('rac thai');
    expect(foldVietnamese('Đường Đông')).toBe('duong dong');
    // Composed and decomposed forms fold alike.
    expect(foldVietnamese('Ổ gà'.normalize('NFD'))).toBe(foldVietnamese('Ổ gà'.normalize('NFC')));
  });

  it('finds "Rác thải" from "rac thai" and "đèn" from "den", every word anywhere', () => {
    const all = [waste, roads, lights];
    expect(searchCategories(all, 'rac thai').map((c) => c.id)).toEqual(['waste']);
    expect(searchCategories(all, 'DEN').map((c) => c.id)).toEqual(['lights']);
    expect(searchCategories(all, 'giao thong').map((c) => c.id)).toEqual(['roads', 'lights']);
    expect(searchCategories(all, 'thai giao')).toEqual([]);
    expect(searchCategories(all, '  ').map((c) => c.id)).toEqual(['waste', 'roads', 'lights']);
  });

  it('puts subcategories after their parent, then the most used first, ties in that order', () => {
    expect(orderByUsage([lights, waste, roads], new Map()).map((c) => c.id)).toEqual([
      'waste',
      'roads',
      'lights',
    ]);
    expect(
      orderByUsage(
        [lights, waste, roads],
        new Map([
          ['lights', 3],
          ['roads', 5],
        ]),
      ).map((c) => c.id),
    ).toEqual(['roads', 'lights', 'waste']);
  });
});

describe('emergency stop', () => {
  it('stops only where the category carries a hotline, with its own notice or the standard one', () => {
    const stop = { notice: { vi: 'Gọi 113 ngay.', en: 'Call 113 now.' }, hotline: '113' };
    expect(emergencyFor({ emergency: stop })).toEqual(stop);
    expect(emergencyFor({ emergency: { hotline: '114', notice: null } })).toEqual({
      hotline: '114',
      notice: null,
    });
    expect(emergencyFor({ emergency: null })).toBeNull();
  });

  it('reads the stop from the categories API and drops a malformed one', () => {
    const base = { id: 'x', slug: 'x', name: { vi: 'X', en: 'X' }, questions: [] };
    const [withNotice, standard, malformed, none] = parseCategories([
      {
        ...base,
        emergency: { hotline: '114', notice: { vi: 'Gọi 114.', en: 'Call 114.' } },
        icon: 'disaster',
      },
      { ...base, emergency: { hotline: '113', notice: null } },
      { ...base, emergency: { hotline: 'gọi ngay', notice: null } },
      { ...base, emergency: null },
    ]);
    expect(withNotice?.emergency).toEqual({ hotline: '114', notice: { vi: 'Gọi 114.', en: 'Call 114.' } });
    expect(withNotice?.icon).toBe('disaster');
    expect(standard?.emergency).toEqual({ hotline: '113', notice: null });
    expect(malformed?.emergency).toBeNull();
    expect(none?.emergency).toBeNull();
    expect(none?.icon).toBeNull();
  });

  it('keeps the person on the category step until the notice is acknowledged', () => {
    const rescue = category({
      id: 'rescue',
      vi: 'Thiên tai – cứu hộ',
      slug: 'thien-tai-cuu-ho',
      emergency: { hotline: '114', notice: null },
    });
    const draft = { ...newDraft(), categoryId: 'rescue' };
    expect(stepProblems('category', draft, rescue).map((p) => p.key)).toEqual(['report.error.emergency']);
    expect(stepProblems('category', { ...draft, emergencyAcknowledged: true }, rescue)).toEqual([]);
  });
});

function filled(over: Partial<Draft> = {}): Draft {
  const draft = newDraft(new Date('2026-11-29T08:00:00Z'), 'key-0000-0001');
  return {
    ...draft,
    categoryId: 'lights',
    photos: [
      {
        id: 'p1',
        blob: new Blob(['jpeg'], { type: 'image/jpeg' }),
        width: 1600,
        height: 1200,
        mediaId: null,
      },
    ],
    place: { ...draft.place, latitude: 21.27, longitude: 106.19, source: 'device', accuracy: 10 },
    description: '  Đèn không sáng  ',
    answers: { fault: 'not_lit', people: '2' },
    ...over,
  };
}

describe('steps', () => {
  it('go forward and back within the six steps', () => {
    expect(nextStep('category')).toBe('photos');
    expect(nextStep('review')).toBe('review');
    expect(previousStep('photos')).toBe('category');
    expect(previousStep('category')).toBe('category');
  });

  it('each name what is missing, with the field it belongs to', () => {
    const empty = newDraft();
    expect(stepProblems('category', empty, null)).toEqual([
      { field: 'report-category-search', key: 'report.error.category' },
    ]);
    expect(stepProblems('photos', empty, lights).map((p) => p.key)).toEqual(['report.error.photoRequired']);
    expect(stepProblems('photos', empty, waste)).toEqual([]);
    expect(stepProblems('place', empty, lights).map((p) => p.key)).toEqual(['report.error.place']);
    // An area alone is enough.
    expect(stepProblems('place', { ...empty, place: { ...empty.place, areaId: 'a1' } }, lights)).toEqual([]);
    expect(stepProblems('details', { ...empty, answers: { people: 'many' } }, lights)).toEqual([
      { field: 'report-description', key: 'report.error.description' },
      { field: 'report-q-fault', key: 'report.error.answer' },
      { field: 'report-q-people', key: 'report.error.number' },
    ]);
  });

  it('accept Vietnamese phone numbers as people write them, and refuse short ones', () => {
    const withPhone = (phone: string) =>
      stepProblems('contact', { ...newDraft(), contact: { name: '', phone, email: '' } }, null).map(
        (p) => p.key,
      );
    expect(withPhone('0912 345 678')).toEqual([]);
    expect(withPhone('+84 912 345 678')).toEqual([]);
    expect(withPhone('024.3825.1234')).toEqual([]);
    expect(withPhone('0912 345 67')).toEqual(['report.error.phone']);
    expect(withPhone('abc')).toEqual(['report.error.phone']);
  });

  it('find the first incomplete step, and map API fields to their step', () => {
    expect(firstIncompleteStep(newDraft(), null)).toBe('category');
    expect(firstIncompleteStep(filled({ description: '' }), lights)).toBe('details');
    expect(firstIncompleteStep(filled(), lights)).toBeNull();
    expect(stepOfField('/body/contact/phone')).toBe('contact');
    expect(stepOfField('/body/answers/fault')).toBe('details');
    expect(stepOfField('/body/location')).toBe('place');
    expect(stepOfField('/body/mediaIds')).toBe('photos');
    expect(stepOfField('')).toBe('review');
  });
});

describe('submitBody', () => {
  it('sends the point with its source, typed answers, trimmed text, and nothing empty', () => {
    expect(submitBody(filled(), lights, 'web')).toEqual({
      categoryId: 'lights',
      description: 'Đèn không sáng',
      location: { latitude: 21.27, longitude: 106.19, source: 'device' },
      answers: { fault: 'not_lit', people: 2 },
      channel: 'web',
    });
  });

  it('sends an area with the address, the contact given, and the confidential flag', () => {
    const draft = filled({
      place: { ...newDraft().place, areaId: 'area-1', address: ' Thôn Đông ' },
      contact: { name: ' An ', phone: '', email: 'an@example.vn' },
      confidential: true,
      answers: {},
    });
    expect(submitBody(draft, waste, 'app')).toEqual({
      categoryId: 'lights',
      description: 'Đèn không sáng',
      location: { source: 'area', areaId: 'area-1', address: 'Thôn Đông' },
      contact: { name: 'An', email: 'an@example.vn' },
      confidential: true,
      channel: 'app',
    });
  });
});

describe('fitWithin', () => {
  it('scales the long side down to 1600 px and never up', () => {
    expect(fitWithin(2000, 1500)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
});

/** A fake API: uploads and submissions answered by `answers` in turn; every request recorded. */
function fakeApi(answers: (() => Response | Promise<Response>)[]) {
  const requests: { url: string; key: string | null; body: unknown }[] = [];
  const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    requests.push({
      url: urlOf(input),
      key: headers.get('idempotency-key'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : 'blob',
    });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${urlOf(input)}`);
    return Promise.resolve(answer());
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const reply = (body: unknown, status: number) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const uploaded = (id: string) =>
  reply({ id, width: 1600, height: 1200, suggestedLocation: null, thumbUrl: null }, 201);
const created = (code: string) =>
  reply({ code, status: 'submitted', submittedAt: '2026-11-29T08:00:00Z' }, 201);
const offline = () => {
  throw new TypeError('Failed to fetch');
};

async function queued(answers: (() => Response | Promise<Response>)[]) {
  const store = memoryStore();
  const api = fakeApi(answers);
  const box = new Outbox({ store, fetch: api.fetch, now: () => new Date('2026-11-29T08:00:00Z') });
  const draft = filled();
  await box.enqueue({ draft, body: submitBody(draft, lights, 'web') });
  return { store, box, api, key: draft.key };
}

describe('outbox', () => {
  it('uploads the photo, sends with the draft key, keeps the code and only then removes the entry', async () => {
    const { box, api, key } = await queued([uploaded('m-1'), created('PA-2026-000007')]);
    expect(await box.send(key)).toEqual({ kind: 'sent', code: 'PA-2026-000007' });
    expect(api.requests.map((r) => [r.url, r.key])).toEqual([
      ['/api/v1/public/uploads', null],
      ['/api/v1/public/reports', key],
    ]);
    expect(api.requests[1]?.body).toMatchObject({ mediaIds: ['m-1'], categoryId: 'lights' });
    expect(await box.entries()).toEqual([]);
    expect(await box.sent()).toEqual([
      { key, code: 'PA-2026-000007', sentAt: '2026-11-29T08:00:00.000Z', summary: 'Đèn không sáng' },
    ]);
  });

  it('keeps the entry while offline, and a later run sends the same body with the same key, the photo once', async () => {
    const { box, api, key } = await queued([uploaded('m-1'), offline, offline, created('PA-2026-000008')]);
    expect(await box.runOnce()).toBe(1);
    expect(await box.runOnce()).toBe(1);
    expect((await box.entries()).map((e) => [e.state, e.attempts])).toEqual([['waiting', 2]]);
    expect(await box.runOnce()).toBe(0);
    const submissions = api.requests.filter((r) => r.url === '/api/v1/public/reports');
    expect(submissions).toHaveLength(3);
    expect(new Set(submissions.map((r) => r.key))).toEqual(new Set([key]));
    expect(new Set(submissions.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(api.requests.filter((r) => r.url === '/api/v1/public/uploads')).toHaveLength(1);
    expect((await box.sent()).map((s) => s.code)).toEqual(['PA-2026-000008']);
  });

  it('retries after 5xx, 409 and 429, keeping the entry waiting', async () => {
    const busy = (status: number) => reply({ error: { code: 'x', message: 'Bận' } }, status);
    const { box } = await queued([
      uploaded('m-1'),
      busy(503),
      busy(409),
      busy(429),
      created('PA-2026-000009'),
    ]);
    for (let i = 0; i < 3; i++) expect(await box.runOnce()).toBe(1);
    expect((await box.entries())[0]?.state).toBe('waiting');
    expect(await box.runOnce()).toBe(0);
    expect(await box.entries()).toEqual([]);
  });

  it('marks a 4xx refusal failed and visible with the message and fields, and does not send it again', async () => {
    const refusal = reply(
      {
        error: {
          code: 'report_invalid',
          message: 'Số điện thoại không đúng.',
          details: [{ field: '/body/contact/phone', problem: 'x' }],
        },
      },
      400,
    );
    const { box, api } = await queued([uploaded('m-1'), refusal]);
    expect(await box.runOnce()).toBe(0);
    const [entry] = await box.entries();
    expect(entry).toMatchObject({
      state: 'failed',
      error: { message: 'Số điện thoại không đúng.', status: 400, fields: ['/body/contact/phone'] },
    });
    expect(await box.runOnce()).toBe(0);
    expect(api.requests).toHaveLength(2);
    expect(await box.sent()).toEqual([]);
  });

  it('sends an entry once when two runs start together', async () => {
    let release: () => void = () => undefined;
    const slow = () =>
      new Promise<Response>((resolve) => {
        release = () => {
          resolve(created('PA-2026-000010')());
        };
      });
    const { box, api, key } = await queued([uploaded('m-1'), slow]);
    const first = box.send(key);
    await vi.waitFor(() => {
      expect(api.requests).toHaveLength(2);
    });
    const second = box.send(key);
    release();
    expect(await Promise.all([first, second])).toEqual([
      { kind: 'sent', code: 'PA-2026-000010' },
      { kind: 'sent', code: 'PA-2026-000010' },
    ]);
    expect(api.requests).toHaveLength(2);
    // After it was sent, asking again answers from the sent list without a request.
    expect(await box.send(key)).toEqual({ kind: 'sent', code: 'PA-2026-000010' });
    expect(api.requests).toHaveLength(2);
  });

  it('uploads the photos again, once, when the API no longer has the first uploads', async () => {
    const expired = reply(
      {
        error: {
          code: 'report_invalid',
          message: 'Ảnh cần tải lại.',
          details: [{ field: '/body/mediaIds', problem: 'x' }],
        },
      },
      400,
    );
    const { box, api } = await queued([uploaded('m-1'), expired, uploaded('m-2'), expired]);
    expect(await box.runOnce()).toBe(0);
    expect(api.requests.map((r) => r.url)).toEqual([
      '/api/v1/public/uploads',
      '/api/v1/public/reports',
      '/api/v1/public/uploads',
      '/api/v1/public/reports',
    ]);
    expect(api.requests[3]?.body).toMatchObject({ mediaIds: ['m-2'] });
    // Refused again: failed and visible, not an endless loop.
    expect((await box.entries())[0]).toMatchObject({ state: 'failed', photosRenewed: true });
  });
});
