// The report being written: its fields, its photos (kept as Blobs) and the idempotency key made with it;
// the steps of the form and what each needs before the next; the submission body built from it.
import type { Category, SubmitBody } from '../api-report.js';
import type { MessageKey } from '../i18n/index.js';
import { emergencyFor } from './emergency.js';

export const STEPS = ['category', 'photos', 'place', 'details', 'contact', 'review'] as const;
export type Step = (typeof STEPS)[number];

export interface DraftPhoto {
  /** Local id (for keys and removal). */
  id: string;
  /** The downscaled JPEG that is uploaded. */
  blob: Blob;
  width: number;
  height: number;
  /** The upload's id once `POST /api/v1/public/uploads` answered; null until then. */
  mediaId: string | null;
}

export interface DraftPlace {
  latitude: number | null;
  longitude: number | null;
  /** How the point was had; a map tap (`map`) comes with the map component. */
  source: 'device' | 'photo' | 'map' | null;
  /** Metres, from the device. */
  accuracy: number | null;
  areaId: string | null;
  /** Names of the chosen province, district, commune, for the review. */
  areaLabel: string | null;
  address: string;
}

export interface Draft {
  /** The `Idempotency-Key` of its submission, made with the draft: a replay can never make a second report. */
  key: string;
  createdAt: string;
  updatedAt: string;
  step: Step;
  categoryId: string | null;
  /** The caller read the emergency notice of the category and still reports. */
  emergencyAcknowledged: boolean;
  photos: DraftPhoto[];
  place: DraftPlace;
  description: string;
  answers: Record<string, string | string[]>;
  contact: { name: string; phone: string; email: string };
  confidential: boolean;
}

export function newDraft(now = new Date(), key: string = crypto.randomUUID()): Draft {
  const at = now.toISOString();
  return {
    key,
    createdAt: at,
    updatedAt: at,
    step: 'category',
    categoryId: null,
    emergencyAcknowledged: false,
    photos: [],
    place: {
      latitude: null,
      longitude: null,
      source: null,
      accuracy: null,
      areaId: null,
      areaLabel: null,
      address: '',
    },
    description: '',
    answers: {},
    contact: { name: '', phone: '', email: '' },
    confidential: false,
  };
}

/** A problem that keeps the person on a step: the message, and the id of the field it belongs to. */
export interface Problem {
  field: string;
  key: MessageKey;
  params?: Record<string, string>;
}

export const MAX_PHOTOS = 6;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Vietnamese numbers as people write them (0912 345 678, +84 912 345 678, 024.3825.1234): 10–11 digits. */
function isPhoneVN(text: string): boolean {
  if (!/^\+?[\d .()-]+$/.test(text)) return false;
  const digits = text.replace(/\D/g, '');
  return /^0\d{9,10}$/.test(digits) || (text.startsWith('+') && /^84\d{9,10}$/.test(digits));
}

export function hasPoint(place: DraftPlace): boolean {
  return place.latitude !== null && place.longitude !== null;
}

/** What is missing or wrong on `step`; empty when the person may go on. */
export function stepProblems(step: Step, draft: Draft, category: Category | null): Problem[] {
  const problems: Problem[] = [];
  switch (step) {
    case 'category':
      if (category === null) problems.push({ field: 'report-category-search', key: 'report.error.category' });
      else if (emergencyFor(category) !== null && !draft.emergencyAcknowledged)
        problems.push({ field: 'report-emergency', key: 'report.error.emergency' });
      break;
    case 'photos':
      if (category?.photoRequired === true && draft.photos.length === 0)
        problems.push({ field: 'report-photo-camera', key: 'report.error.photoRequired' });
      break;
    case 'place':
      if (!hasPoint(draft.place) && draft.place.areaId === null)
        problems.push({ field: 'report-place-gps', key: 'report.error.place' });
      break;
    case 'details':
      if (draft.description.trim() === '')
        problems.push({ field: 'report-description', key: 'report.error.description' });
      for (const q of category?.questions ?? []) {
        const value = draft.answers[q.code];
        const missing = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
        if (q.required && missing) problems.push({ field: `report-q-${q.code}`, key: 'report.error.answer' });
        else if (
          q.datatype === 'number' &&
          typeof value === 'string' &&
          value !== '' &&
          !Number.isFinite(Number(value))
        )
          problems.push({ field: `report-q-${q.code}`, key: 'report.error.number' });
      }
      break;
    case 'contact': {
      const { phone, email } = draft.contact;
      if (phone.trim() !== '' && !isPhoneVN(phone.trim()))
        problems.push({ field: 'report-contact-phone', key: 'report.error.phone' });
      if (email.trim() !== '' && !EMAIL.test(email.trim()))
        problems.push({ field: 'report-contact-email', key: 'report.error.email' });
      break;
    }
    case 'review':
      break;
  }
  return problems;
}

/** The first step, in order, that still has a problem; null when the draft can be sent. */
export function firstIncompleteStep(draft: Draft, category: Category | null): Step | null {
  return STEPS.find((step) => stepProblems(step, draft, category).length > 0) ?? null;
}

export function nextStep(step: Step): Step {
  return STEPS[Math.min(STEPS.indexOf(step) + 1, STEPS.length - 1)] ?? step;
}

export function previousStep(step: Step): Step {
  return STEPS[Math.max(STEPS.indexOf(step) - 1, 0)] ?? step;
}

/** The step an API error's field (`/body/contact/phone`…) belongs to. */
export function stepOfField(field: string): Step {
  if (field.startsWith('/body/categoryId')) return 'category';
  if (field.startsWith('/body/mediaIds')) return 'photos';
  if (field.startsWith('/body/location')) return 'place';
  if (field.startsWith('/body/contact')) return 'contact';
  if (field.startsWith('/body/description') || field.startsWith('/body/answers')) return 'details';
  return 'review';
}

/** The body of the submission, photos aside (their upload ids are added when they are uploaded). */
export function submitBody(draft: Draft, category: Category | null, channel: 'web' | 'app'): SubmitBody {
  if (draft.categoryId === null) throw new Error('a draft without a category cannot be sent');
  const { place, contact } = draft;
  const location: SubmitBody['location'] = {};
  if (place.latitude !== null && place.longitude !== null) {
    location.latitude = place.latitude;
    location.longitude = place.longitude;
    if (place.source !== null) location.source = place.source;
  } else {
    location.source = 'area';
  }
  if (place.areaId !== null) location.areaId = place.areaId;
  if (place.address.trim() !== '') location.address = place.address.trim();

  const answers: NonNullable<SubmitBody['answers']> = {};
  for (const q of category?.questions ?? []) {
    const value = draft.answers[q.code];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    answers[q.code] = q.datatype === 'number' && typeof value === 'string' ? Number(value) : value;
  }
  const given = Object.fromEntries(
    Object.entries({ name: contact.name, phone: contact.phone, email: contact.email })
      .map(([k, v]) => [k, v.trim()])
      .filter(([, v]) => v !== ''),
  ) as SubmitBody['contact'];

  return {
    categoryId: draft.categoryId,
    description: draft.description.trim(),
    location,
    ...(Object.keys(answers).length > 0 ? { answers } : {}),
    ...(given !== undefined && Object.keys(given).length > 0 ? { contact: given } : {}),
    ...(draft.confidential ? { confidential: true } : {}),
    channel,
  };
}

/** `app` when running as the installed app (standalone display), `web` otherwise. */
export function currentChannel(): 'web' | 'app' {
  return typeof window.matchMedia === 'function' && window.matchMedia('(display-mode: standalone)').matches
    ? 'app'
    : 'web';
}
