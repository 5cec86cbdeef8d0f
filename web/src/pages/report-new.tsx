// The citizen's report flow (`#/gui-phan-anh`): category → photos → place → description → contact → review →
// success, in steps that fit a phone. The draft (photos included) is kept on the device as it is written,
// and sending goes through the outbox, so a report written offline is sent when the network returns.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import {
  type Area,
  type Category,
  type NearbyReport,
  fetchAreas,
  fetchCategories,
  fetchCategoryUsage,
  fetchNearby,
  followAsCitizen,
} from '../api-report.js';
import { formatDateTimeVN } from '../format.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import {
  type Draft,
  type DraftPhoto,
  type Problem,
  type Step,
  MAX_PHOTOS,
  STEPS,
  currentChannel,
  firstIncompleteStep,
  hasPoint,
  newDraft,
  nextStep,
  previousStep,
  stepOfField,
  stepProblems,
  submitBody,
} from '../report/draft.js';
import { emergencyFor } from '../report/emergency.js';
import { CategoryIcon } from '../components/category-icon.js';
import { DevicePush } from '../follow/device-push.js';
import { PlaceMap } from '../map/place-map.js';
import { gpsFromJpeg } from '../report/exif.js';
import { foldVietnamese, orderByUsage, searchCategories } from '../report/fold.js';
import { downscalePhoto, uploadPhoto } from '../report/image.js';
import { outbox } from '../report/outbox.js';
import { CURRENT_DRAFT, reportStore, type OutboxEntry, type SentReport } from '../report/store.js';
import { useSession } from '../session.js';

const PRIVACY_VERSION = '2026-11';
const MAX_DESCRIPTION = 4000;

const STEP_TITLES: Readonly<Record<Step, MessageKey>> = {
  category: 'report.step.category',
  photos: 'report.step.photos',
  place: 'report.step.place',
  details: 'report.step.details',
  contact: 'report.step.contact',
  review: 'report.step.review',
};

type Load<T> = { status: 'loading' } | { status: 'error' } | { status: 'ready'; value: T };
type PhotoState =
  | { status: 'processing' }
  | { status: 'uploading'; percent: number }
  | { status: 'done' }
  | { status: 'later' }
  | { status: 'error'; message: string };
type Outcome =
  | { status: 'editing' }
  | { status: 'sending' }
  | { status: 'queued'; key: string }
  | { status: 'sent'; code: string };

/** A draft worth offering back: anything entered at all. */
function hasContent(draft: Draft): boolean {
  return draft.categoryId !== null || draft.photos.length > 0 || draft.description.trim() !== '';
}

function coordinate(value: number): string {
  return value.toFixed(5);
}

export function ReportNewPage() {
  const { t } = useI18n();
  const session = useSession();
  const store = reportStore();
  const [categories, setCategories] = useState<Load<Category[]>>({ status: 'loading' });
  const [categoriesAttempt, setCategoriesAttempt] = useState(0);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [offer, setOffer] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  /** The API's refusal of the last submission, by the step each message belongs to. */
  const [refusal, setRefusal] = useState<{ step: Step; messages: string[] } | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ status: 'editing' });
  const [queue, setQueue] = useState<OutboxEntry[]>([]);
  const [sent, setSent] = useState<SentReport[]>([]);
  const draftRef = useRef<Draft | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const lastStep = useRef<Step | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setCategories({ status: 'loading' });
    Promise.all([fetchCategories(controller.signal), fetchCategoryUsage(controller.signal)]).then(
      ([list, usage]) => {
        if (!controller.signal.aborted) setCategories({ status: 'ready', value: orderByUsage(list, usage) });
      },
      () => {
        if (!controller.signal.aborted) setCategories({ status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
  }, [categoriesAttempt]);

  // The stored draft is offered back; otherwise a new one starts (stored at its first change).
  useEffect(() => {
    let live = true;
    store.drafts.get(CURRENT_DRAFT).then(
      (stored) => {
        if (!live) return;
        if (stored && hasContent(stored)) setOffer(stored);
        else start(newDraft());
      },
      () => {
        if (live) start(newDraft());
      },
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const box = outbox();
    const refresh = () => {
      void Promise.all([box.entries(), box.sent()]).then(([entries, done]) => {
        setQueue(entries);
        setSent(done);
      });
    };
    refresh();
    return box.subscribe(refresh);
  }, []);

  // A queued report that got its code while the page is open shows it.
  useEffect(() => {
    if (outcome.status !== 'queued') return;
    const done = sent.find((s) => s.key === outcome.key);
    if (done) setOutcome({ status: 'sent', code: done.code });
  }, [sent, outcome]);

  // Focus follows the step, so a screen reader announces where the person is (in the same commit as the
  // new step, so no keystroke lands on the old one).
  useLayoutEffect(() => {
    const step = draft?.step ?? null;
    if (lastStep.current !== null && step !== lastStep.current) headingRef.current?.focus();
    lastStep.current = step;
  }, [draft?.step]);

  function start(next: Draft) {
    draftRef.current = next;
    setDraft(next);
    setOffer(null);
  }

  /** Changes the draft and keeps it on the device. */
  function update(change: (d: Draft) => Draft) {
    const current = draftRef.current;
    if (current === null) return;
    const next = { ...change(current), updatedAt: new Date().toISOString() };
    draftRef.current = next;
    setDraft(next);
    // Losing a save only loses the draft's latest keystrokes; the page still works.
    store.drafts.put(CURRENT_DRAFT, next).catch(() => undefined);
  }

  const categoryList = categories.status === 'ready' ? categories.value : [];
  const category = useMemo(
    () => categoryList.find((c) => c.id === draft?.categoryId) ?? null,
    [categoryList, draft?.categoryId],
  );

  // Once problems are shown, they follow the person's corrections instead of lingering.
  useEffect(() => {
    if (draft !== null && problems.length > 0) setProblems(stepProblems(draft.step, draft, category));
  }, [draft]);

  function goTo(step: Step) {
    setProblems([]);
    update((d) => ({ ...d, step }));
  }

  function next() {
    if (draft === null) return;
    const found = stepProblems(draft.step, draft, category);
    setProblems(found);
    if (found.length > 0) {
      document.getElementById(found[0]?.field ?? '')?.focus();
      return;
    }
    goTo(nextStep(draft.step));
  }

  async function submit() {
    const current = draftRef.current;
    if (current === null || outcome.status === 'sending') return;
    const incomplete = firstIncompleteStep(current, category);
    if (incomplete !== null) {
      goTo(incomplete);
      setProblems(stepProblems(incomplete, current, category));
      return;
    }
    setRefusal(null);
    setOutcome({ status: 'sending' });
    const box = outbox();
    try {
      await box.enqueue({ draft: current, body: submitBody(current, category, currentChannel()) });
      const result = navigator.onLine ? await box.send(current.key) : ({ kind: 'waiting' } as const);
      if (result.kind === 'refused') {
        // Fixed in the form and sent again with the same key (a refusal stores nothing under it).
        await box.remove(current.key);
        const step = stepOfField(result.error.fields[0] ?? '');
        setRefusal({
          step,
          messages: [
            result.error.message ?? t('report.error.unknown', { status: String(result.error.status) }),
          ],
        });
        setOutcome({ status: 'editing' });
        goTo(step);
        return;
      }
      await store.drafts.delete(CURRENT_DRAFT);
      setOutcome(
        result.kind === 'sent'
          ? { status: 'sent', code: result.code }
          : { status: 'queued', key: current.key },
      );
    } catch {
      // Storage failed: nothing was queued; the draft is still on the page.
      setRefusal({ step: 'review', messages: [t('report.error.unknown', { status: '0' })] });
      setOutcome({ status: 'editing' });
    }
  }

  function anotherReport() {
    setOutcome({ status: 'editing' });
    setRefusal(null);
    setProblems([]);
    lastStep.current = null;
    start(newDraft());
  }

  async function reopen(entry: OutboxEntry) {
    await outbox().remove(entry.key);
    const restored = { ...entry.draft, step: stepOfField(entry.error?.fields[0] ?? '') };
    await store.drafts.put(CURRENT_DRAFT, restored).catch(() => undefined);
    setRefusal(entry.error?.message ? { step: restored.step, messages: [entry.error.message] } : null);
    setOutcome({ status: 'editing' });
    start(restored);
  }

  const stepIndex = draft ? STEPS.indexOf(draft.step) : 0;

  return (
    <div class="page report-new">
      <h1>{t('report.title')}</h1>
      {outcome.status === 'sent' ? (
        <SuccessView
          code={outcome.code}
          signedIn={session.state.status === 'signed_in'}
          onAnother={anotherReport}
        />
      ) : outcome.status === 'queued' ? (
        <div class="card report-queued">
          <p class="notice notice-success" role="status" data-testid="report-queued">
            {t('report.queued')}
          </p>
          <p class="field-hint">{t('report.queuedHint')}</p>
        </div>
      ) : offer !== null ? (
        <div class="card" data-testid="draft-offer">
          <p>{t('report.draft.found', { time: formatDateTimeVN(new Date(offer.updatedAt)) })}</p>
          <div class="form-actions">
            <button
              type="button"
              class="button button-primary"
              onClick={() => {
                start(offer);
              }}
            >
              {t('report.draft.resume')}
            </button>
            <button
              type="button"
              class="link-button"
              onClick={() => {
                void store.drafts.delete(CURRENT_DRAFT).catch(() => undefined);
                start(newDraft());
              }}
            >
              {t('report.draft.discard')}
            </button>
          </div>
        </div>
      ) : draft === null ? (
        <p role="status">{t('report.loading')}</p>
      ) : (
        <form
          class="card report-step"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (draft.step === 'review') void submit();
            else next();
          }}
        >
          <p class="report-progress">
            <span>{t('report.stepOf', { n: stepIndex + 1, total: STEPS.length })}</span>
            <span class="report-progress-bar" aria-hidden="true">
              <span style={{ width: `${((stepIndex + 1) / STEPS.length) * 100}%` }} />
            </span>
          </p>
          <h2 class="step-title" tabIndex={-1} ref={headingRef} data-testid="step-title">
            {t(STEP_TITLES[draft.step])}
          </h2>
          {refusal !== null && refusal.step === draft.step ? (
            <div class="form-error" role="alert" data-testid="report-refusal">
              <p>{t('report.error.refused')}</p>
              {refusal.messages.map((m) => (
                <p key={m}>{m}</p>
              ))}
            </div>
          ) : null}
          {draft.step === 'category' ? (
            <CategoryStep
              categories={categories}
              draft={draft}
              update={update}
              problems={problems}
              onRetry={() => {
                setCategoriesAttempt((n) => n + 1);
              }}
            />
          ) : draft.step === 'photos' ? (
            <PhotosStep draft={draft} update={update} category={category} problems={problems} />
          ) : draft.step === 'place' ? (
            <PlaceStep draft={draft} update={update} category={category} problems={problems} />
          ) : draft.step === 'details' ? (
            <DetailsStep draft={draft} update={update} category={category} problems={problems} />
          ) : draft.step === 'contact' ? (
            <ContactStep
              draft={draft}
              update={update}
              problems={problems}
              signedIn={session.state.status === 'signed_in'}
            />
          ) : (
            <ReviewStep draft={draft} category={category} goTo={goTo} />
          )}
          {/* Not while the categories load: the list would push them down under the reader's eyes (a layout
              shift), and there is nothing to go on with yet. */}
          {draft.step === 'category' && categories.status === 'loading' ? null : (
            <>
              <div class="form-actions report-nav">
                {draft.step !== 'category' ? (
                  <button
                    type="button"
                    class="button"
                    onClick={() => {
                      goTo(previousStep(draft.step));
                    }}
                  >
                    {t('report.back')}
                  </button>
                ) : null}
                <button
                  type="submit"
                  class="button button-primary"
                  aria-disabled={outcome.status === 'sending'}
                  data-testid={draft.step === 'review' ? 'report-submit' : 'report-next'}
                >
                  {draft.step === 'review'
                    ? outcome.status === 'sending'
                      ? t('report.sending')
                      : t('report.submit')
                    : t('report.next')}
                </button>
              </div>
              <p class="field-hint">{t('report.draft.saved')}</p>
            </>
          )}
        </form>
      )}
      <DeviceReports
        queue={queue}
        sent={sent}
        onReopen={(entry) => void reopen(entry)}
        onDiscard={(entry) => void outbox().remove(entry.key)}
      />
    </div>
  );
}

interface StepProps {
  draft: Draft;
  update: (change: (d: Draft) => Draft) => void;
  problems: Problem[];
}

/** The message of a field's problem, tied to it with `aria-describedby`. */
function FieldError({ problems, field }: { problems: Problem[]; field: string }) {
  const { t } = useI18n();
  const problem = problems.find((p) => p.field === field);
  if (!problem) return null;
  return (
    <p class="field-error" id={`${field}-error`}>
      {t(problem.key, problem.params)}
    </p>
  );
}

function describedBy(problems: Problem[], field: string, hint?: string): string | undefined {
  const ids = [hint, problems.some((p) => p.field === field) ? `${field}-error` : undefined].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function invalid(problems: Problem[], field: string): true | undefined {
  return problems.some((p) => p.field === field) ? true : undefined;
}

function CategoryStep({
  categories,
  draft,
  update,
  problems,
  onRetry,
}: StepProps & { categories: Load<Category[]>; onRetry: () => void }) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState('');
  if (categories.status === 'loading') return <p role="status">{t('report.loading')}</p>;
  if (categories.status === 'error')
    return (
      <div class="form-error" role="alert">
        <p>{t('report.category.error')}</p>
        <button type="button" class="button" onClick={onRetry}>
          {t('report.category.retry')}
        </button>
      </div>
    );
  const shown = searchCategories(categories.value, query);
  const parents = new Map(categories.value.map((c) => [c.id, c]));
  const chosen = categories.value.find((c) => c.id === draft.categoryId) ?? null;
  const stop = chosen ? emergencyFor(chosen) : null;
  return (
    <>
      <div class="field">
        <label for="report-category-search">{t('report.category.search')}</label>
        <input
          id="report-category-search"
          type="search"
          value={query}
          autoComplete="off"
          aria-describedby={describedBy(problems, 'report-category-search', 'report-category-search-hint')}
          aria-invalid={invalid(problems, 'report-category-search')}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
          }}
        />
        <p class="field-hint" id="report-category-search-hint">
          {t('report.category.searchHint')}
        </p>
        <FieldError problems={problems} field="report-category-search" />
      </div>
      <p class="visually-hidden" role="status">
        {foldVietnamese(query) === '' ? '' : t('report.category.count', { count: shown.length })}
      </p>
      <fieldset class="category-list">
        <legend class="visually-hidden">{t('report.category.legend')}</legend>
        {shown.length === 0 ? <p>{t('report.category.none', { query })}</p> : null}
        {shown.map((c) => {
          const parent = c.parentId ? parents.get(c.parentId) : undefined;
          const description = c.description[lang];
          return (
            <label class="category-option" key={c.id} data-testid="category-option">
              <input
                type="radio"
                name="category"
                value={c.id}
                checked={draft.categoryId === c.id}
                onChange={() => {
                  update((d) => ({ ...d, categoryId: c.id, emergencyAcknowledged: false }));
                }}
              />
              <CategoryIcon name={c.icon ?? parent?.icon ?? null} />
              <span>
                <span class="category-name">
                  {parent ? `${parent.name[lang]} › ` : ''}
                  {c.name[lang]}
                </span>
                {description ? <span class="category-description">{description}</span> : null}
              </span>
            </label>
          );
        })}
      </fieldset>
      {stop !== null ? (
        <section
          class="emergency"
          id="report-emergency"
          tabIndex={-1}
          role="alert"
          aria-labelledby="report-emergency-title"
          data-testid="emergency-stop"
        >
          <h3 id="report-emergency-title">{t('report.emergency.title')}</h3>
          <p>{stop.notice ? stop.notice[lang] : t('report.emergency.notice', { hotline: stop.hotline })}</p>
          {stop.hotline ? (
            <a class="button button-danger" href={`tel:${stop.hotline}`}>
              {t('report.emergency.call', { hotline: stop.hotline })}
            </a>
          ) : null}
          {draft.emergencyAcknowledged ? (
            <p>{t('report.emergency.acknowledged')}</p>
          ) : (
            <button
              type="button"
              class="button"
              onClick={() => {
                update((d) => ({ ...d, emergencyAcknowledged: true }));
              }}
            >
              {t('report.emergency.continue')}
            </button>
          )}
          <FieldError problems={problems} field="report-emergency" />
        </section>
      ) : null}
    </>
  );
}

function PhotoPreview({
  photo,
  n,
  state,
  onRemove,
}: {
  photo: DraftPhoto;
  n: number;
  state: PhotoState | undefined;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    // A data: URL, not a blob: one: the site's Content-Security-Policy allows images from 'self' and data:.
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') setUrl(reader.result);
    };
    reader.readAsDataURL(photo.blob);
    return () => {
      reader.abort();
    };
  }, [photo.blob]);
  const status =
    photo.mediaId !== null
      ? t('report.photos.uploaded')
      : state?.status === 'uploading'
        ? t('report.photos.uploading', { percent: state.percent })
        : state?.status === 'error'
          ? t('report.photos.failed', { message: state.message })
          : state?.status === 'processing'
            ? t('report.photos.processing')
            : t('report.photos.later');
  return (
    <li class="photo" data-testid="photo">
      {url ? (
        <img src={url} alt={t('report.photos.preview', { n })} width={photo.width} height={photo.height} />
      ) : null}
      <span class="photo-state">{status}</span>
      {state?.status === 'uploading' ? <progress max={100} value={state.percent} aria-hidden="true" /> : null}
      <button type="button" class="link-button" onClick={onRemove}>
        {t('report.photos.remove', { n })}
      </button>
    </li>
  );
}

function PhotosStep({ draft, update, category, problems }: StepProps & { category: Category | null }) {
  const { t, lang } = useI18n();
  const [states, setStates] = useState<Record<string, PhotoState>>({});
  const [notice, setNotice] = useState('');
  const setState = (id: string, state: PhotoState) => {
    setStates((s) => ({ ...s, [id]: state }));
  };

  async function add(files: FileList | null) {
    for (const file of Array.from(files ?? [])) {
      if (draft.photos.length >= MAX_PHOTOS) {
        setNotice(t('report.photos.full', { max: MAX_PHOTOS }));
        break;
      }
      const id = crypto.randomUUID();
      let photo: DraftPhoto;
      let taken: ReturnType<typeof gpsFromJpeg>;
      try {
        // The camera's position is read first: re-encoding drops the photo's metadata.
        taken = gpsFromJpeg(await file.slice(0, 256 * 1024).arrayBuffer());
        photo = { id, ...(await downscalePhoto(file)), mediaId: null };
      } catch {
        setNotice(t('report.photos.unreadable'));
        continue;
      }
      if (taken !== null) {
        const { latitude, longitude } = taken;
        // A position the person chose (or the device gave) is not overridden by a photo's.
        update((d) =>
          d.place.latitude !== null
            ? d
            : { ...d, place: { ...d.place, latitude, longitude, accuracy: null, source: 'photo' } },
        );
      }
      update((d) => ({ ...d, photos: [...d.photos, photo].slice(0, MAX_PHOTOS) }));
      if (!navigator.onLine) {
        setState(id, { status: 'later' });
        continue;
      }
      setState(id, { status: 'uploading', percent: 0 });
      try {
        const upload = await uploadPhoto(
          photo.blob,
          (share) => {
            setState(id, { status: 'uploading', percent: Math.round(share * 100) });
          },
          lang,
        );
        update((d) => ({
          ...d,
          photos: d.photos.map((p) => (p.id === id ? { ...p, mediaId: upload.id } : p)),
        }));
        setState(id, { status: 'done' });
      } catch (error) {
        // Offline: the outbox uploads it with the report. A refusal is shown on the photo.
        setState(
          id,
          error instanceof ApiError
            ? { status: 'error', message: error.userMessage ?? `HTTP ${error.status}` }
            : { status: 'later' },
        );
      }
    }
  }

  const full = draft.photos.length >= MAX_PHOTOS;
  return (
    <>
      <p id="report-photos-hint">
        {category?.photoRequired
          ? t('report.photos.required')
          : t('report.photos.optional', { max: MAX_PHOTOS })}
      </p>
      <div class="photo-pickers">
        <label class="file-picker">
          <input
            id="report-photo-camera"
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            disabled={full}
            aria-describedby={describedBy(problems, 'report-photo-camera', 'report-photos-hint')}
            aria-invalid={invalid(problems, 'report-photo-camera')}
            onChange={(e) => {
              const input = e.currentTarget;
              void add(input.files).finally(() => (input.value = ''));
            }}
          />
          <span class="button button-primary">{t('report.photos.camera')}</span>
        </label>
        <label class="file-picker">
          <input
            id="report-photo-gallery"
            class="visually-hidden"
            type="file"
            accept="image/*"
            multiple
            disabled={full}
            data-testid="photo-gallery"
            onChange={(e) => {
              const input = e.currentTarget;
              void add(input.files).finally(() => (input.value = ''));
            }}
          />
          <span class="button">{t('report.photos.gallery')}</span>
        </label>
      </div>
      <FieldError problems={problems} field="report-photo-camera" />
      <p role="status" class="field-hint">
        {notice}
      </p>
      {draft.photos.length > 0 ? (
        <ul class="photos" aria-live="polite">
          {draft.photos.map((photo, index) => (
            <PhotoPreview
              key={photo.id}
              photo={photo}
              n={index + 1}
              state={states[photo.id]}
              onRemove={() => {
                update((d) => ({ ...d, photos: d.photos.filter((p) => p.id !== photo.id) }));
              }}
            />
          ))}
        </ul>
      ) : null}
    </>
  );
}

type GeoState = { status: 'idle' } | { status: 'locating' } | { status: 'error'; key: MessageKey };

function PlaceStep({ draft, update, category, problems }: StepProps & { category: Category | null }) {
  const { t } = useI18n();
  const [geo, setGeo] = useState<GeoState>({ status: 'idle' });
  // The area tree is public (GET /api/v1/public/areas), so everyone may choose an area instead of a point.
  const [areas, setAreas] = useState<Load<Area[]> | { status: 'closed' }>({ status: 'loading' });
  const place = draft.place;

  useEffect(() => {
    const controller = new AbortController();
    fetchAreas(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setAreas({ status: 'ready', value });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const closed = error instanceof ApiError && (error.status === 401 || error.status === 403);
        setAreas(closed ? { status: 'closed' } : { status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
  }, []);

  function locate() {
    if (!('geolocation' in navigator)) {
      setGeo({ status: 'error', key: 'report.place.unsupported' });
      return;
    }
    setGeo({ status: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setGeo({ status: 'idle' });
        update((d) => ({
          ...d,
          place: {
            ...d.place,
            latitude: position.coords.latitude,
            longitude: position.coords.longitude,
            accuracy: Math.round(position.coords.accuracy),
            source: 'device',
          },
        }));
      },
      (error) => {
        setGeo({
          status: 'error',
          key: error.code === error.PERMISSION_DENIED ? 'report.place.denied' : 'report.place.unavailable',
        });
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  return (
    <>
      <div class="field">
        <button
          type="button"
          id="report-place-gps"
          class="button button-primary"
          aria-describedby={describedBy(problems, 'report-place-gps')}
          aria-disabled={geo.status === 'locating'}
          onClick={() => {
            if (geo.status !== 'locating') locate();
          }}
        >
          {t('report.place.gps')}
        </button>
        <FieldError problems={problems} field="report-place-gps" />
        <div role="status" aria-live="polite" data-testid="place-status">
          {geo.status === 'locating' ? <p>{t('report.place.locating')}</p> : null}
          {geo.status === 'error' ? <p class="field-error">{t(geo.key)}</p> : null}
          {hasPoint(place) ? (
            <p class="notice notice-success">
              {place.source === 'photo'
                ? t('report.place.fromPhoto', {
                    lat: coordinate(place.latitude ?? 0),
                    lon: coordinate(place.longitude ?? 0),
                  })
                : place.source === 'map'
                  ? t('map.picked', {
                      lat: coordinate(place.latitude ?? 0),
                      lon: coordinate(place.longitude ?? 0),
                    })
                  : t('report.place.located', {
                      lat: coordinate(place.latitude ?? 0),
                      lon: coordinate(place.longitude ?? 0),
                      accuracy: place.accuracy ?? '?',
                    })}
            </p>
          ) : null}
        </div>
        {hasPoint(place) ? (
          <button
            type="button"
            class="link-button"
            onClick={() => {
              update((d) => ({
                ...d,
                place: { ...d.place, latitude: null, longitude: null, accuracy: null, source: null },
              }));
            }}
          >
            {t('report.place.clear')}
          </button>
        ) : null}
      </div>
      <PlaceMap
        latitude={place.latitude}
        longitude={place.longitude}
        onPick={(latitude, longitude) => {
          setGeo({ status: 'idle' });
          update((d) => ({
            ...d,
            place: { ...d.place, latitude, longitude, accuracy: null, source: 'map' },
          }));
        }}
      />
      <fieldset class="area-picker">
        <legend>{t('report.place.or')}</legend>
        {areas.status === 'loading' ? <p role="status">{t('report.loading')}</p> : null}
        {areas.status === 'closed' ? <p class="field-hint">{t('report.place.areasUnavailable')}</p> : null}
        {areas.status === 'error' ? <p class="field-hint">{t('report.place.areasError')}</p> : null}
        {areas.status === 'ready' ? <AreaSelects areas={areas.value} draft={draft} update={update} /> : null}
        <div class="field">
          <label for="report-address">{t('report.place.address')}</label>
          <input
            id="report-address"
            type="text"
            maxLength={300}
            autoComplete="street-address"
            value={place.address}
            aria-describedby="report-address-hint"
            onInput={(e) => {
              const address = e.currentTarget.value;
              update((d) => ({ ...d, place: { ...d.place, address } }));
            }}
          />
          <p class="field-hint" id="report-address-hint">
            {t('report.place.addressHint')}
          </p>
        </div>
      </fieldset>
      {category !== null && hasPoint(place) ? (
        <Nearby categoryId={category.id} latitude={place.latitude ?? 0} longitude={place.longitude ?? 0} />
      ) : null}
    </>
  );
}

/** Province → district → commune; the deepest one chosen is the report's area. */
function AreaSelects({ areas, draft, update }: { areas: Area[]; draft: Draft; update: StepProps['update'] }) {
  const { t } = useI18n();
  const byId = new Map(areas.map((a) => [a.id, a]));
  const chain: Area[] = [];
  for (
    let a = draft.place.areaId ? byId.get(draft.place.areaId) : undefined;
    a;
    a = a.parentId ? byId.get(a.parentId) : undefined
  )
    chain.unshift(a);
  const levels: MessageKey[] = ['report.place.province', 'report.place.district', 'report.place.commune'];
  const selects: { parentId: string | null; value: string; label: MessageKey }[] = [];
  for (let i = 0; i < levels.length; i++) {
    const parentId = i === 0 ? null : (chain[i - 1]?.id ?? undefined);
    if (parentId === undefined) break;
    const options = areas.filter((a) => a.parentId === parentId);
    if (options.length === 0) break;
    selects.push({ parentId, value: chain[i]?.id ?? '', label: levels[i] ?? 'report.place.commune' });
  }
  const choose = (id: string, parentId: string | null) => {
    const chosen = id === '' ? parentId : id;
    const names: string[] = [];
    for (let a = chosen ? byId.get(chosen) : undefined; a; a = a.parentId ? byId.get(a.parentId) : undefined)
      names.unshift(a.name);
    update((d) => ({
      ...d,
      place: { ...d.place, areaId: chosen, areaLabel: names.reverse().join(', ') || null },
    }));
  };
  return (
    <>
      {selects.map((s, i) => (
        <div class="field" key={s.label}>
          <label for={`report-area-${i}`}>{t(s.label)}</label>
          <select
            id={`report-area-${i}`}
            value={s.value}
            onChange={(e) => {
              choose(e.currentTarget.value, s.parentId);
            }}
          >
            <option value="">{t('report.place.choose')}</option>
            {areas
              .filter((a) => a.parentId === s.parentId)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
        </div>
      ))}
    </>
  );
}

function Nearby({
  categoryId,
  latitude,
  longitude,
}: {
  categoryId: string;
  latitude: number;
  longitude: number;
}) {
  const { t } = useI18n();
  const session = useSession();
  const [items, setItems] = useState<NearbyReport[]>([]);
  const [dismissed, setDismissed] = useState(false);
  const [followed, setFollowed] = useState<{ code: string; error: string | null } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchNearby({ categoryId, latitude, longitude }, controller.signal).then(
      (found) => {
        if (!controller.signal.aborted) setItems(found);
      },
      () => {
        // Duplicates are a suggestion: without them the report goes on.
      },
    );
    return () => {
      controller.abort();
    };
  }, [categoryId, latitude, longitude]);
  if (items.length === 0 || dismissed) return null;
  const signedIn = session.state.status === 'signed_in';
  return (
    <section class="nearby" aria-labelledby="report-nearby-title" data-testid="nearby">
      <h3 id="report-nearby-title">{t('report.nearby.title')}</h3>
      <p>{t('report.nearby.intro')}</p>
      <ul>
        {items.slice(0, 3).map((r) => (
          <li key={r.code}>
            <p>
              <strong>{r.code}</strong> · {t('report.nearby.distance', { metres: r.distanceMetres })}
            </p>
            <p class="nearby-text">{r.description}</p>
            {signedIn ? (
              <button
                type="button"
                class="button"
                onClick={() => {
                  void followAsCitizen(r.code).then(
                    () => {
                      setFollowed({ code: r.code, error: null });
                    },
                    (error: unknown) => {
                      setFollowed({
                        code: r.code,
                        error:
                          error instanceof ApiError
                            ? (error.userMessage ?? `HTTP ${error.status}`)
                            : String(error),
                      });
                    },
                  );
                }}
              >
                {t('report.nearby.follow')}
              </button>
            ) : (
              // Following without an account takes a push subscription, which the report's page asks for.
              <a class="button" href={`#/phan-anh/${r.code}`}>
                {t('report.nearby.follow')}
              </a>
            )}
            <a href={`#/phan-anh/${r.code}`}>{t('report.nearby.view', { code: r.code })}</a>
          </li>
        ))}
      </ul>
      <p role="status">
        {followed === null
          ? ''
          : followed.error === null
            ? t('report.nearby.following', { code: followed.code })
            : t('report.nearby.followError', { message: followed.error })}
      </p>
      <button
        type="button"
        class="link-button"
        onClick={() => {
          setDismissed(true);
        }}
      >
        {t('report.nearby.new')}
      </button>
    </section>
  );
}

function DetailsStep({ draft, update, category, problems }: StepProps & { category: Category | null }) {
  const { t, lang } = useI18n();
  const setAnswer = (code: string, value: string | string[]) => {
    update((d) => ({ ...d, answers: { ...d.answers, [code]: value } }));
  };
  return (
    <>
      <div class="field">
        <label for="report-description">{t('report.details.description')}</label>
        <textarea
          id="report-description"
          rows={6}
          maxLength={MAX_DESCRIPTION}
          value={draft.description}
          aria-describedby={describedBy(problems, 'report-description', 'report-description-hint')}
          aria-invalid={invalid(problems, 'report-description')}
          onInput={(e) => {
            const description = e.currentTarget.value;
            update((d) => ({ ...d, description }));
          }}
        />
        <p class="field-hint" id="report-description-hint">
          {t('report.details.descriptionHint')}{' '}
          {t('report.details.count', { count: draft.description.length, max: MAX_DESCRIPTION })}
        </p>
        <FieldError problems={problems} field="report-description" />
      </div>
      {(category?.questions ?? []).map((q) => {
        const id = `report-q-${q.code}`;
        const label = `${lang === 'vi' ? q.descriptionVi : q.descriptionEn}${q.required ? ` ${t('report.details.required')}` : ''}`;
        const value = draft.answers[q.code];
        const text = typeof value === 'string' ? value : '';
        const common = {
          id,
          'aria-describedby': describedBy(problems, id),
          'aria-invalid': invalid(problems, id),
          'aria-required': q.required ? true : undefined,
        };
        if (q.datatype === 'multivaluelist') {
          const list = Array.isArray(value) ? value : [];
          return (
            <fieldset class="field" key={q.code} {...common}>
              <legend class="field-label">{label}</legend>
              {(q.values ?? []).map((v) => (
                <label class="check" key={v.key}>
                  <input
                    type="checkbox"
                    checked={list.includes(v.key)}
                    onChange={(e) => {
                      setAnswer(
                        q.code,
                        e.currentTarget.checked ? [...list, v.key] : list.filter((k) => k !== v.key),
                      );
                    }}
                  />
                  <span>{lang === 'vi' ? v.nameVi : v.nameEn}</span>
                </label>
              ))}
              <FieldError problems={problems} field={id} />
            </fieldset>
          );
        }
        return (
          <div class="field" key={q.code}>
            <label for={id}>{label}</label>
            {q.datatype === 'singlevaluelist' ? (
              <select
                {...common}
                value={text}
                onChange={(e) => {
                  setAnswer(q.code, e.currentTarget.value);
                }}
              >
                <option value="">{t('report.details.choose')}</option>
                {(q.values ?? []).map((v) => (
                  <option key={v.key} value={v.key}>
                    {lang === 'vi' ? v.nameVi : v.nameEn}
                  </option>
                ))}
              </select>
            ) : q.datatype === 'text' ? (
              <textarea
                {...common}
                rows={3}
                value={text}
                onInput={(e) => {
                  setAnswer(q.code, e.currentTarget.value);
                }}
              />
            ) : q.datatype === 'datetime' ? (
              <input
                {...common}
                type="datetime-local"
                value={text}
                onInput={(e) => {
                  setAnswer(q.code, e.currentTarget.value);
                }}
              />
            ) : (
              <input
                {...common}
                type="text"
                inputMode={q.datatype === 'number' ? 'decimal' : undefined}
                maxLength={q.datatype === 'string' ? 500 : undefined}
                value={text}
                onInput={(e) => {
                  setAnswer(q.code, e.currentTarget.value);
                }}
              />
            )}
            <FieldError problems={problems} field={id} />
          </div>
        );
      })}
    </>
  );
}

function ContactStep({ draft, update, problems, signedIn }: StepProps & { signedIn: boolean }) {
  const { t } = useI18n();
  const field = (name: 'name' | 'phone' | 'email', type: 'text' | 'tel' | 'email', autoComplete: string) => {
    const id = `report-contact-${name}`;
    return (
      <div class="field">
        <label for={id}>{t(`report.contact.${name}`)}</label>
        <input
          id={id}
          type={type}
          // Preact types a text-like input of a union type as a combobox unless `list` is stated.
          list={undefined}
          autoComplete={autoComplete}
          value={draft.contact[name]}
          aria-describedby={describedBy(problems, id)}
          aria-invalid={invalid(problems, id)}
          onInput={(e) => {
            const value = e.currentTarget.value;
            update((d) => ({ ...d, contact: { ...d.contact, [name]: value } }));
          }}
        />
        <FieldError problems={problems} field={id} />
      </div>
    );
  };
  return (
    <>
      {signedIn ? <p class="notice notice-info">{t('report.contact.signedIn')}</p> : null}
      <p class="field-hint">{t('report.contact.why')}</p>
      {field('name', 'text', 'name')}
      {field('phone', 'tel', 'tel')}
      {field('email', 'email', 'email')}
      <div class="check">
        <input
          id="report-confidential"
          type="checkbox"
          checked={draft.confidential}
          aria-describedby="report-confidential-hint"
          onChange={(e) => {
            const confidential = e.currentTarget.checked;
            update((d) => ({ ...d, confidential }));
          }}
        />
        <label for="report-confidential">{t('report.contact.confidential')}</label>
      </div>
      <p class="field-hint" id="report-confidential-hint">
        {t('report.contact.confidentialHint')}
      </p>
      <section class="privacy" aria-labelledby="report-privacy-title">
        <h3 id="report-privacy-title">{t('report.privacy.title')}</h3>
        <ul>
          <li>{t('report.privacy.collected')}</li>
          <li>{t('report.privacy.who')}</li>
          <li>{t('report.privacy.public')}</li>
        </ul>
        <p class="field-hint">{t('report.privacy.version', { version: PRIVACY_VERSION })}</p>
      </section>
    </>
  );
}

function ReviewStep({
  draft,
  category,
  goTo,
}: {
  draft: Draft;
  category: Category | null;
  goTo: (step: Step) => void;
}) {
  const { t, lang } = useI18n();
  const { place, contact } = draft;
  const contactText = [contact.name, contact.phone, contact.email]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' · ');
  const placeText = [
    hasPoint(place)
      ? t('report.review.point', {
          lat: coordinate(place.latitude ?? 0),
          lon: coordinate(place.longitude ?? 0),
        })
      : '',
    place.areaLabel ?? '',
    place.address.trim(),
  ]
    .filter(Boolean)
    .join(' · ');
  const rows: { step: Step; label: MessageKey; value: string }[] = [
    { step: 'category', label: 'report.review.category', value: category?.name[lang] ?? '' },
    {
      step: 'photos',
      label: 'report.review.photos',
      value:
        draft.photos.length > 0
          ? t('report.review.photoCount', { count: draft.photos.length })
          : t('report.review.noPhotos'),
    },
    { step: 'place', label: 'report.review.place', value: placeText },
    { step: 'details', label: 'report.review.description', value: draft.description.trim() },
    {
      step: 'contact',
      label: 'report.review.contact',
      value: `${contactText || t('report.review.noContact')} · ${draft.confidential ? t('report.review.confidential') : t('report.review.public')}`,
    },
  ];
  return (
    <>
      <p>{t('report.review.intro')}</p>
      <dl class="review" data-testid="review">
        {rows.map((row) => (
          <div class="review-row" key={row.step}>
            <dt>{t(row.label)}</dt>
            <dd>{row.value}</dd>
            <dd>
              <button
                type="button"
                class="link-button"
                aria-label={t('report.review.editStep', { step: t(STEP_TITLES[row.step]) })}
                onClick={() => {
                  goTo(row.step);
                }}
              >
                {t('report.edit')}
              </button>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function SuccessView({
  code,
  signedIn,
  onAnother,
}: {
  code: string;
  signedIn: boolean;
  onAnother: () => void;
}) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section class="card report-done" aria-labelledby="report-done-title" data-testid="report-done">
      <h2 id="report-done-title" class="step-title" tabIndex={-1} ref={heading}>
        {t('report.done.title')}
      </h2>
      <p>{t('report.done.code')}</p>
      <p class="report-code" data-testid="report-code">
        {code}
      </p>
      <p>{t('report.done.keep')}</p>
      <div class="form-actions">
        <button
          type="button"
          class="button"
          onClick={() => {
            void navigator.clipboard.writeText(code).then(() => {
              setCopied(true);
            });
          }}
        >
          {t('report.done.copy')}
        </button>
      </div>
      <p role="status">{copied ? t('report.done.copied', { code }) : ''}</p>
      <h3>{t('report.done.follow')}</h3>
      <ul>
        <li>
          <a href={`#/phan-anh/${code}`}>{t('report.done.followWeb', { code })}</a>
        </li>
        {signedIn ? (
          <li>
            <a href="#/cua-toi">{t('report.done.followMine')}</a>
          </li>
        ) : (
          <li>{t('report.done.followMine')}</li>
        )}
        <li>{t('report.done.followApp')}</li>
        <li>{t('report.done.followZalo')}</li>
      </ul>
      <DevicePush code={code} account={signedIn} />
      <button type="button" class="button button-primary" onClick={onAnother}>
        {t('report.done.another')}
      </button>
    </section>
  );
}

function DeviceReports({
  queue,
  sent,
  onReopen,
  onDiscard,
}: {
  queue: OutboxEntry[];
  sent: SentReport[];
  onReopen: (entry: OutboxEntry) => void;
  onDiscard: (entry: OutboxEntry) => void;
}) {
  const { t } = useI18n();
  if (queue.length === 0 && sent.length === 0) return null;
  const summary = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);
  return (
    <section class="card device-reports" aria-labelledby="device-reports-title" data-testid="device-reports">
      <h2 id="device-reports-title">{t('report.outbox.title')}</h2>
      <ul aria-live="polite">
        {queue.map((entry) => (
          <li key={entry.key} data-testid="outbox-entry" data-state={entry.state}>
            {entry.state === 'waiting' ? (
              <p>
                {t('report.outbox.waiting', {
                  time: formatDateTimeVN(new Date(entry.queuedAt)),
                  summary: summary(entry.draft.description),
                })}
              </p>
            ) : (
              <>
                <p class="field-error">
                  {t('report.outbox.failed', { summary: summary(entry.draft.description) })}
                </p>
                {entry.error?.message ? <p>{entry.error.message}</p> : null}
                <div class="form-actions">
                  <button
                    type="button"
                    class="button"
                    onClick={() => {
                      onReopen(entry);
                    }}
                  >
                    {t('report.outbox.reopen')}
                  </button>
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => {
                      onDiscard(entry);
                    }}
                  >
                    {t('report.outbox.discard')}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
        {sent.map((s) => (
          <li key={s.key} data-testid="sent-entry">
            <a href={`#/phan-anh/${s.code}`} class="sent-code">
              {s.code}
            </a>{' '}
            {t('report.outbox.sent', { time: formatDateTimeVN(new Date(s.sentAt)), summary: s.summary })}
          </li>
        ))}
      </ul>
    </section>
  );
}
