// A report taken by telephone or at the desk (`#/can-bo/nhap-phan-anh`), entered by a receiver while the caller is on
// the line: category, what happened, where (area, address, optionally a point on the map), the category's extra
// questions, the caller's contact, photos if any. Sent once (`POST /api/v1/reports/hotline` with an Idempotency-Key
// kept for the form: a retry after a lost answer never makes a second report); the answer gives its code.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { newIdempotencyKey } from '../api-follow.js';
import { fetchAreas, fetchCategories, type Area, type Category } from '../api-report.js';
import { errorMessage } from '../follow/labels.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { PlaceMap } from '../map/place-map.js';
import { treeOrder } from '../report/fold.js';
import { enterHotlineReport, type Entered, type HotlineBody } from './api.js';
import { AttachmentPicker } from './attachments.js';
import { areaLabel } from './labels.js';

export interface HotlineFields {
  categoryId: string;
  reportType: 'field' | 'procedure' | 'business';
  description: string;
  answers: Record<string, string | string[]>;
  areaId: string | null;
  address: string;
  point: { latitude: number; longitude: number } | null;
  name: string;
  phone: string;
  email: string;
  confidential: boolean;
  mediaIds: string[];
}

const EMPTY_FORM: HotlineFields = {
  categoryId: '',
  reportType: 'field',
  description: '',
  answers: {},
  areaId: null,
  address: '',
  point: null,
  name: '',
  phone: '',
  email: '',
  confidential: false,
  mediaIds: [],
};

const REPORT_TYPES: readonly { value: HotlineFields['reportType']; label: MessageKey }[] = [
  { value: 'field', label: 'workspace.hotline.type.field' },
  { value: 'procedure', label: 'workspace.hotline.type.procedure' },
  { value: 'business', label: 'workspace.hotline.type.business' },
];

/** The form's field an API problem names (`/body/contact/phone` → `phone`). */
function fieldOf(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== 'body');
  if (parts[0] === 'location') return parts[1] === 'address' ? 'address' : 'area';
  if (parts[0] === 'contact') return parts[1] ?? 'contact';
  if (parts[0] === 'answers') return `q-${parts[1] ?? ''}`;
  return parts[0] ?? 'form';
}

/** The request's body from the form; empty optional fields are left out. */
export function hotlineBody(form: HotlineFields, category: Category | null): HotlineBody {
  const answers: Record<string, string | number | string[]> = {};
  for (const q of category?.questions ?? []) {
    const value = form.answers[q.code];
    if (Array.isArray(value)) {
      if (value.length > 0) answers[q.code] = value;
    } else if (typeof value === 'string' && value.trim() !== '') {
      const number = Number(value.replace(',', '.'));
      answers[q.code] = q.datatype === 'number' && Number.isFinite(number) ? number : value.trim();
    }
  }
  const contact = {
    ...(form.name.trim() !== '' ? { name: form.name.trim() } : {}),
    ...(form.phone.trim() !== '' ? { phone: form.phone.trim() } : {}),
    ...(form.email.trim() !== '' ? { email: form.email.trim() } : {}),
  };
  return {
    categoryId: form.categoryId,
    reportType: form.reportType,
    description: form.description.trim(),
    ...(Object.keys(answers).length > 0 ? { answers } : {}),
    location: {
      ...(form.point !== null
        ? { latitude: form.point.latitude, longitude: form.point.longitude, source: 'map' as const }
        : { source: 'area' as const }),
      ...(form.areaId !== null ? { areaId: form.areaId } : {}),
      ...(form.address.trim() !== '' ? { address: form.address.trim() } : {}),
    },
    ...(form.mediaIds.length > 0 ? { mediaIds: form.mediaIds } : {}),
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
    ...(form.confidential ? { confidential: true } : {}),
  };
}

/** What must be given before sending, by field. */
export function hotlineProblems(form: HotlineFields, category: Category | null): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (form.categoryId === '') problems.categoryId = 'workspace.hotline.needCategory';
  if (form.description.trim() === '') problems.description = 'workspace.hotline.needDescription';
  if (form.areaId === null && form.point === null) problems.area = 'workspace.hotline.needPlace';
  for (const q of category?.questions ?? []) {
    if (!q.required) continue;
    const value = form.answers[q.code];
    if (Array.isArray(value) ? value.length === 0 : (value ?? '').trim() === '')
      problems[`q-${q.code}`] = 'workspace.hotline.needAnswer';
  }
  return problems;
}

export function HotlineForm() {
  const { t, lang } = useI18n();
  const [form, setForm] = useState<HotlineFields>(EMPTY_FORM);
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [areas, setAreas] = useState<Area[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [entered, setEntered] = useState<Entered | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** One key per report entered: kept across retries of this form, new once it is sent. */
  const key = useRef(newIdempotencyKey());
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    Promise.all([fetchCategories(controller.signal), fetchAreas(controller.signal)]).then(
      ([c, a]) => {
        if (controller.signal.aborted) return;
        setCategories(treeOrder(c));
        setAreas(a);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoadError(error);
      },
    );
    return () => {
      controller.abort();
    };
  }, [attempt]);

  useEffect(() => {
    if (entered !== null) resultRef.current?.focus();
  }, [entered]);

  const category = categories?.find((c) => c.id === form.categoryId) ?? null;
  const update = (patch: Partial<HotlineFields>) => {
    setForm((f) => ({ ...f, ...patch }));
  };

  if (entered !== null) {
    return (
      <section class="card ws-entered" aria-labelledby="ws-entered-title" data-testid="hotline-entered">
        <h2 id="ws-entered-title" ref={resultRef} tabIndex={-1}>
          {t('workspace.hotline.entered')}
        </h2>
        <p class="report-code" data-testid="hotline-code">
          {entered.code}
        </p>
        <p>{t('workspace.hotline.enteredHint')}</p>
        <div class="form-actions">
          <a class="button button-primary" href={`#/can-bo/phan-anh/${encodeURIComponent(entered.code)}`}>
            {t('workspace.hotline.open')}
          </a>
          <button
            type="button"
            class="button"
            onClick={() => {
              key.current = newIdempotencyKey();
              setForm(EMPTY_FORM);
              setEntered(null);
              setProblems({});
              setMessage('');
            }}
          >
            {t('workspace.hotline.another')}
          </button>
        </div>
      </section>
    );
  }

  if (loadError !== null) {
    return (
      <div class="notice notice-error" role="alert">
        <p>{errorMessage(loadError, t, 'workspace.hotline.loadError')}</p>
        <button
          type="button"
          class="button"
          onClick={() => {
            setAttempt((n) => n + 1);
          }}
        >
          {t('workspace.retry')}
        </button>
      </div>
    );
  }
  if (categories === null) return <p role="status">{t('workspace.hotline.loading')}</p>;

  const submit = async () => {
    if (busy || uploading) return;
    const missing = hotlineProblems(form, category);
    if (Object.keys(missing).length > 0) {
      setProblems(Object.fromEntries(Object.entries(missing).map(([k, v]) => [k, t(v)])));
      setMessage(t('workspace.action.fix'));
      const first = Object.keys(missing)[0] ?? '';
      document.getElementById(`ws-hotline-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setProblems({});
    setMessage('');
    try {
      setEntered(await enterHotlineReport(hotlineBody(form, category), key.current));
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setProblems(
          Object.fromEntries(error.details.map((d) => [fieldOf(d.field), d.messages?.[lang] ?? d.problem])),
        );
      }
      setMessage(errorMessage(error, t, 'workspace.hotline.failed'));
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = (name: string) => ({
    id: `ws-hotline-${name}`,
    'aria-invalid': problems[name] !== undefined ? true : undefined,
    'aria-describedby': problems[name] !== undefined ? `ws-hotline-${name}-error` : undefined,
  });
  const problem = (name: string) =>
    problems[name] !== undefined && (
      <p class="field-error" id={`ws-hotline-${name}-error`}>
        {problems[name]}
      </p>
    );

  return (
    <form
      class="ws-hotline"
      noValidate
      data-testid="hotline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <section class="card ws-section" aria-labelledby="ws-hotline-what">
        <h2 id="ws-hotline-what">{t('workspace.hotline.what')}</h2>
        <div class="field">
          <label for="ws-hotline-categoryId">{t('workspace.hotline.category')}</label>
          <select
            {...fieldProps('categoryId')}
            aria-required="true"
            value={form.categoryId}
            onChange={(e) => {
              update({ categoryId: e.currentTarget.value, answers: {} });
            }}
          >
            <option value="">{t('workspace.action.choose')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.parentId !== null ? '\u2003' : ''}
                {c.name[lang]}
              </option>
            ))}
          </select>
          {problem('categoryId')}
        </div>
        <fieldset class="field">
          <legend class="field-label">{t('workspace.hotline.type')}</legend>
          <div class="ws-radios">
            {REPORT_TYPES.map((r) => (
              <label class="ws-radio" key={r.value}>
                <input
                  type="radio"
                  name="ws-hotline-type"
                  value={r.value}
                  checked={form.reportType === r.value}
                  onChange={() => {
                    update({ reportType: r.value });
                  }}
                />
                <span>{t(r.label)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label for="ws-hotline-description">{t('workspace.hotline.description')}</label>
          <textarea
            {...fieldProps('description')}
            aria-required="true"
            rows={5}
            maxLength={4000}
            value={form.description}
            onInput={(e) => {
              update({ description: e.currentTarget.value });
            }}
          />
          {problem('description')}
        </div>
        {(category?.questions ?? []).map((q) => {
          const name = `q-${q.code}`;
          const label = lang === 'vi' ? q.descriptionVi : q.descriptionEn;
          const value = form.answers[q.code];
          const text = typeof value === 'string' ? value : '';
          const setAnswer = (v: string | string[]) => {
            update({ answers: { ...form.answers, [q.code]: v } });
          };
          if (q.datatype === 'multivaluelist') {
            const list = Array.isArray(value) ? value : [];
            return (
              <fieldset class="field" key={q.code} id={`ws-hotline-${name}`}>
                <legend class="field-label">
                  {label}
                  {!q.required && ` ${t('workspace.action.optional')}`}
                </legend>
                {(q.values ?? []).map((v) => (
                  <label class="check" key={v.key}>
                    <input
                      type="checkbox"
                      checked={list.includes(v.key)}
                      onChange={(e) => {
                        setAnswer(
                          e.currentTarget.checked ? [...list, v.key] : list.filter((k) => k !== v.key),
                        );
                      }}
                    />
                    <span>{lang === 'vi' ? v.nameVi : v.nameEn}</span>
                  </label>
                ))}
                {problem(name)}
              </fieldset>
            );
          }
          return (
            <div class="field" key={q.code}>
              <label for={`ws-hotline-${name}`}>
                {label}
                {!q.required && ` ${t('workspace.action.optional')}`}
              </label>
              {q.datatype === 'singlevaluelist' ? (
                <select
                  {...fieldProps(name)}
                  value={text}
                  onChange={(e) => {
                    setAnswer(e.currentTarget.value);
                  }}
                >
                  <option value="">{t('workspace.action.choose')}</option>
                  {(q.values ?? []).map((v) => (
                    <option key={v.key} value={v.key}>
                      {lang === 'vi' ? v.nameVi : v.nameEn}
                    </option>
                  ))}
                </select>
              ) : q.datatype === 'text' ? (
                <textarea
                  {...fieldProps(name)}
                  rows={3}
                  value={text}
                  onInput={(e) => {
                    setAnswer(e.currentTarget.value);
                  }}
                />
              ) : q.datatype === 'datetime' ? (
                <input
                  {...fieldProps(name)}
                  type="datetime-local"
                  value={text}
                  onInput={(e) => {
                    setAnswer(e.currentTarget.value);
                  }}
                />
              ) : (
                <input
                  {...fieldProps(name)}
                  type="text"
                  inputMode={q.datatype === 'number' ? 'decimal' : undefined}
                  value={text}
                  onInput={(e) => {
                    setAnswer(e.currentTarget.value);
                  }}
                />
              )}
              {problem(name)}
            </div>
          );
        })}
      </section>

      <section class="card ws-section" aria-labelledby="ws-hotline-where">
        <h2 id="ws-hotline-where">{t('workspace.hotline.where')}</h2>
        <AreaPicker
          areas={areas}
          value={form.areaId}
          invalid={problems.area !== undefined}
          onChange={(areaId) => {
            update({ areaId });
          }}
        />
        {problem('area')}
        <div class="field">
          <label for="ws-hotline-address">
            {t('workspace.hotline.address')} {t('workspace.action.optional')}
          </label>
          <input
            {...fieldProps('address')}
            type="text"
            maxLength={300}
            value={form.address}
            onInput={(e) => {
              update({ address: e.currentTarget.value });
            }}
          />
          {problem('address')}
        </div>
        <details class="ws-hotline-map">
          <summary>{t('workspace.hotline.map')}</summary>
          <PlaceMap
            latitude={form.point?.latitude ?? null}
            longitude={form.point?.longitude ?? null}
            onPick={(latitude, longitude) => {
              update({ point: { latitude, longitude } });
            }}
          />
          {form.point !== null && (
            <button
              type="button"
              class="link-button"
              onClick={() => {
                update({ point: null });
              }}
            >
              {t('workspace.hotline.clearPoint')}
            </button>
          )}
        </details>
      </section>

      <section class="card ws-section" aria-labelledby="ws-hotline-who">
        <h2 id="ws-hotline-who">{t('workspace.hotline.who')}</h2>
        <p class="field-hint">{t('workspace.hotline.whoHint')}</p>
        <div class="field">
          <label for="ws-hotline-name">{t('workspace.hotline.name')}</label>
          <input
            {...fieldProps('name')}
            type="text"
            autoComplete="off"
            maxLength={120}
            value={form.name}
            onInput={(e) => {
              update({ name: e.currentTarget.value });
            }}
          />
          {problem('name')}
        </div>
        <div class="field">
          <label for="ws-hotline-phone">{t('workspace.hotline.phone')}</label>
          <input
            {...fieldProps('phone')}
            type="tel"
            autoComplete="off"
            inputMode="tel"
            maxLength={30}
            value={form.phone}
            onInput={(e) => {
              update({ phone: e.currentTarget.value });
            }}
          />
          {problem('phone')}
        </div>
        <div class="field">
          <label for="ws-hotline-email">{t('workspace.hotline.email')}</label>
          <input
            {...fieldProps('email')}
            type="email"
            autoComplete="off"
            maxLength={254}
            value={form.email}
            onInput={(e) => {
              update({ email: e.currentTarget.value });
            }}
          />
          {problem('email')}
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={form.confidential}
            onChange={(e) => {
              update({ confidential: e.currentTarget.checked });
            }}
          />
          <span>{t('workspace.hotline.confidential')}</span>
        </label>
      </section>

      <section class="card ws-section" aria-labelledby="ws-hotline-photos">
        <h2 id="ws-hotline-photos">{t('workspace.hotline.photos')}</h2>
        <AttachmentPicker
          id="ws-hotline-media"
          labelledBy="ws-hotline-photos"
          value={form.mediaIds}
          onChange={(mediaIds) => {
            update({ mediaIds });
          }}
          onBusy={setUploading}
        />
      </section>

      <p class="form-error" role="alert">
        {message}
      </p>
      <div class="form-actions ws-submit-row">
        <button
          type="submit"
          class="button button-primary"
          aria-disabled={busy || uploading}
          data-testid="hotline-submit"
        >
          {busy ? t('workspace.action.sending') : t('workspace.hotline.submit')}
        </button>
      </div>
    </form>
  );
}

/** District, then commune (the province is the root); choosing a district alone is enough. */
function AreaPicker({
  areas,
  value,
  invalid,
  onChange,
}: {
  areas: readonly Area[];
  value: string | null;
  invalid: boolean;
  onChange: (areaId: string | null) => void;
}) {
  const { t } = useI18n();
  const byId = new Map(areas.map((a) => [a.id, a]));
  const root = areas.find((a) => a.parentId === null) ?? null;
  const chosen = value !== null ? (byId.get(value) ?? null) : null;
  const district =
    chosen === null
      ? null
      : chosen.parentId === root?.id
        ? chosen
        : (byId.get(chosen.parentId ?? '') ?? null);
  const commune = chosen !== null && district !== null && chosen.id !== district.id ? chosen : null;
  const districts = areas.filter((a) => a.parentId === (root?.id ?? null));
  const communes = district === null ? [] : areas.filter((a) => a.parentId === district.id);
  return (
    <div class="ws-area-picker">
      <div class="field">
        <label for="ws-hotline-area">{t('workspace.hotline.district')}</label>
        <select
          id="ws-hotline-area"
          aria-required="true"
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? 'ws-hotline-area-error' : undefined}
          value={district?.id ?? ''}
          onChange={(e) => {
            onChange(e.currentTarget.value === '' ? null : e.currentTarget.value);
          }}
        >
          <option value="">{t('workspace.action.choose')}</option>
          {districts.map((a) => (
            <option key={a.id} value={a.id}>
              {areaLabel(a)}
            </option>
          ))}
        </select>
      </div>
      {communes.length > 0 && (
        <div class="field">
          <label for="ws-hotline-commune">
            {t('workspace.hotline.commune')} {t('workspace.action.optional')}
          </label>
          <select
            id="ws-hotline-commune"
            value={commune?.id ?? ''}
            onChange={(e) => {
              onChange(e.currentTarget.value === '' ? (district?.id ?? null) : e.currentTarget.value);
            }}
          >
            <option value="">{t('workspace.action.choose')}</option>
            {communes.map((a) => (
              <option key={a.id} value={a.id}>
                {areaLabel(a)}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
