// The form of one workflow action, generated from the table's inputs (GET /api/v1/public/workflow): a text area for
// text, an agency list for an agency's id, a tracking code for the report to merge into, several agencies for a list
// of agencies, photos taken or chosen for attachments, photos to keep private when publishing, a date and time in
// Vietnam's time zone, the reasons for refusing, the priorities. Nothing here decides what may be done: the report
// screen opens a form only for an action the API lists.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { normaliseCode } from '../follow/code.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { ActionInputSpec, ActionRule, Agency, FullWorkflowTable, OfficerMedia } from './api.js';
import { PRIORITIES } from './api.js';
import { AttachmentPicker } from './attachments.js';
import { priorityKey } from './labels.js';

export type FieldValue = string | string[];
export type FieldValues = Record<string, FieldValue>;

export interface ActionContext {
  /** Agencies in force, for the agency inputs; null while they load (or could not be loaded). */
  agencies: readonly Agency[] | null;
  /** The report's photos and videos, for choosing the ones to keep private. */
  media: readonly OfficerMedia[];
  /** Starting values by input name (the suggested agency, the text to publish, a duplicate's code…). */
  defaults: FieldValues;
}

/** How an input is asked for; derived from its type and, for ids, its name. */
export type Control =
  | 'textarea'
  | 'agency'
  | 'agencies'
  | 'report-code'
  | 'attachments'
  | 'media'
  | 'datetime'
  | 'reject-reason'
  | 'priority'
  | 'text'
  | 'list';

export function controlOf(spec: Pick<ActionInputSpec, 'name' | 'type'>): Control {
  switch (spec.type) {
    case 'text':
      return 'textarea';
    case 'id':
      if (/AgencyId$/.test(spec.name)) return 'agency';
      if (/ReportId$/.test(spec.name)) return 'report-code';
      return 'text';
    case 'ids':
      if (/AgencyIds$/.test(spec.name)) return 'agencies';
      if (spec.name === 'attachmentIds') return 'attachments';
      if (/MediaIds$/.test(spec.name)) return 'media';
      return 'list';
    case 'date':
      return 'datetime';
    case 'reject_reason':
      return 'reject-reason';
    case 'priority':
      return 'priority';
  }
}

/** `2026-03-12T17:00` typed in Vietnam's time (UTC+7, no daylight saving) → an ISO instant the API takes. */
export function vietnamInstant(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const date = new Date(`${local}:00+07:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An instant as `datetime-local` shows it in Vietnam's time. */
export function vietnamLocal(iso: string): string {
  const date = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  return date.toISOString().slice(0, 16);
}

/** The `input` of the request from what was typed: empty optional inputs are left out. */
export function actionInput(rule: ActionRule, values: FieldValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const spec of rule.inputs) {
    const value = values[spec.name];
    const control = controlOf(spec);
    if (Array.isArray(value)) {
      if (value.length > 0) input[spec.name] = value;
    } else if (typeof value === 'string') {
      const text = value.trim();
      if (text === '') continue;
      if (control === 'datetime') input[spec.name] = vietnamInstant(text) ?? text;
      else if (control === 'report-code') input[spec.name] = normaliseCode(text) ?? text;
      else if (control === 'list')
        input[spec.name] = text
          .split(/[\s,;]+/)
          .map((s) => s.trim())
          .filter((s) => s !== '');
      else input[spec.name] = text;
    }
  }
  return input;
}

/** The inputs required but left empty. */
export function missingInputs(rule: ActionRule, values: FieldValues): ActionInputSpec[] {
  return rule.inputs.filter((spec) => {
    if (!spec.required) return false;
    const value = values[spec.name];
    return Array.isArray(value) ? value.length === 0 : (value ?? '').trim() === '';
  });
}

/** The form's starting values: the context's defaults, else empty. */
export function initialValues(rule: ActionRule, defaults: FieldValues): FieldValues {
  const values: FieldValues = {};
  for (const spec of rule.inputs) {
    const control = controlOf(spec);
    const multiple = control === 'agencies' || control === 'attachments' || control === 'media';
    values[spec.name] = defaults[spec.name] ?? (multiple ? [] : '');
  }
  return values;
}

/** The input an API refusal names (`/body/input/reasonText` → `reasonText`). */
function fieldOf(detailField: string): string | null {
  const match = /^\/body\/input\/(\w+)/.exec(detailField);
  return match?.[1] ?? null;
}

export function ActionForm({
  rule,
  table,
  context,
  onSubmit,
  onCancel,
}: {
  rule: ActionRule;
  table: FullWorkflowTable;
  context: ActionContext;
  /** Sends the action; rejects with the API's refusal, which the form shows. */
  onSubmit: (input: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const formId = useId();
  const [values, setValues] = useState<FieldValues>(() => initialValues(rule, context.defaults));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const set = (name: string, value: FieldValue) => {
    setValues((v) => ({ ...v, [name]: value }));
    setProblems((p) => (name in p ? Object.fromEntries(Object.entries(p).filter(([k]) => k !== name)) : p));
  };

  const submit = async () => {
    if (busy || uploading) return;
    const missing = missingInputs(rule, values);
    if (missing.length > 0) {
      setProblems(
        Object.fromEntries(
          missing.map((s) => [s.name, t('workspace.action.required', { label: s.label[lang] })]),
        ),
      );
      setMessage(t('workspace.action.fix'));
      document.getElementById(`${formId}-${missing[0]?.name ?? ''}`)?.focus();
      return;
    }
    setBusy(true);
    setMessage('');
    setProblems({});
    try {
      await onSubmit(actionInput(rule, values));
    } catch (error) {
      if (error instanceof ApiError) {
        const named: Record<string, string> = {};
        for (const d of error.details) {
          const field = fieldOf(d.field);
          if (field !== null) named[field] = d.messages?.[lang] ?? d.problem;
        }
        setProblems(named);
        setMessage(
          error.userMessage ?? t(error.status === 0 ? 'workspace.networkError' : 'workspace.action.failed'),
        );
      } else setMessage(t('workspace.action.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="ws-action-form card"
      data-testid={`action-form-${rule.code}`}
      data-action={rule.code}
      aria-labelledby={`${formId}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${formId}-title`} ref={headingRef} tabIndex={-1}>
        {rule.label[lang]}
      </h3>
      {rule.inputs.length === 0 && <p class="field-hint">{t('workspace.action.noInputs')}</p>}
      {rule.inputs.map((spec) => (
        <InputField
          key={spec.name}
          id={`${formId}-${spec.name}`}
          spec={spec}
          table={table}
          context={context}
          value={values[spec.name] ?? ''}
          values={values}
          problem={problems[spec.name] ?? null}
          onChange={(value) => {
            set(spec.name, value);
          }}
          onUploading={setUploading}
        />
      ))}
      <p class="form-error" role="alert">
        {message}
      </p>
      <div class="form-actions">
        <button
          type="submit"
          class="button button-primary"
          aria-disabled={busy || uploading}
          data-testid="action-submit"
        >
          {busy ? t('workspace.action.sending') : rule.label[lang]}
        </button>
        <button type="button" class="link-button" onClick={onCancel}>
          {t('workspace.action.cancel')}
        </button>
      </div>
    </form>
  );
}

function InputField({
  id,
  spec,
  table,
  context,
  value,
  values,
  problem,
  onChange,
  onUploading,
}: {
  id: string;
  spec: ActionInputSpec;
  table: FullWorkflowTable;
  context: ActionContext;
  value: FieldValue;
  values: FieldValues;
  problem: string | null;
  onChange: (value: FieldValue) => void;
  onUploading: (busy: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const control = controlOf(spec);
  const label = `${spec.label[lang]}${spec.required ? '' : ` ${t('workspace.action.optional')}`}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value : [];
  const hint = hintFor(control);
  const describedBy = [hint !== null ? hintId : null, problem !== null ? errorId : null]
    .filter((x) => x !== null)
    .join(' ');
  const common = {
    id,
    name: spec.name,
    'data-input': spec.name,
    'aria-invalid': problem !== null ? true : undefined,
    'aria-required': spec.required ? true : undefined,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
  };
  const error = problem !== null && (
    <p class="field-error" id={errorId}>
      {problem}
    </p>
  );
  const hintLine = hint !== null && (
    <p class="field-hint" id={hintId}>
      {t(hint)}
    </p>
  );

  if (control === 'reject-reason') {
    const chosen = table.rejectReasons.find((r) => r.code === text);
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <select
          {...common}
          value={text}
          onChange={(e) => {
            onChange(e.currentTarget.value);
          }}
        >
          <option value="">{t('workspace.action.choose')}</option>
          {table.rejectReasons.map((r) => (
            <option key={r.code} value={r.code}>
              {r.label[lang]}
            </option>
          ))}
        </select>
        {error}
        {chosen?.guidance && (
          <div class="ws-guidance" data-testid="reject-guidance">
            <p class="field-hint">{t('workspace.action.guidance')}</p>
            <blockquote>{chosen.guidance[lang]}</blockquote>
          </div>
        )}
      </div>
    );
  }
  if (control === 'priority') {
    return (
      <fieldset class="field ws-choices" id={id} data-input={spec.name}>
        <legend class="field-label">{label}</legend>
        <div
          class="ws-radios"
          role="radiogroup"
          aria-label={label}
          aria-required={spec.required ? true : undefined}
          aria-invalid={problem !== null ? true : undefined}
          aria-describedby={problem !== null ? errorId : undefined}
        >
          {PRIORITIES.map((p) => (
            <label class="ws-radio" key={p}>
              <input
                type="radio"
                name={`${id}-priority`}
                value={p}
                checked={text === p}
                onChange={() => {
                  onChange(p);
                }}
              />
              <span>{t(priorityKey(p) ?? 'workspace.priority.normal')}</span>
            </label>
          ))}
        </div>
        {error}
      </fieldset>
    );
  }
  if (control === 'agency' || control === 'agencies') {
    const agencies = context.agencies;
    const lead = values.leadAgencyId;
    const options =
      control === 'agencies' && typeof lead === 'string'
        ? (agencies ?? []).filter((a) => a.id !== lead)
        : agencies;
    return (
      <div class="field">
        <label for={id}>{label}</label>
        {agencies === null ? (
          <p class="field-hint">{t('workspace.agencies.loading')}</p>
        ) : control === 'agency' ? (
          <select
            {...common}
            value={text}
            onChange={(e) => {
              onChange(e.currentTarget.value);
            }}
          >
            <option value="">{t('workspace.action.chooseAgency')}</option>
            {(options ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        ) : (
          <select
            {...common}
            multiple
            size={6}
            onChange={(e) => {
              onChange(Array.from(e.currentTarget.selectedOptions, (o) => o.value));
            }}
          >
            {(options ?? []).map((a) => (
              <option key={a.id} value={a.id} selected={list.includes(a.id)}>
                {a.name}
              </option>
            ))}
          </select>
        )}
        {hintLine}
        {error}
      </div>
    );
  }
  if (control === 'attachments') {
    return (
      <div class="field">
        <span class="field-label" id={`${id}-label`}>
          {label}
        </span>
        <AttachmentPicker
          id={id}
          labelledBy={`${id}-label`}
          value={list}
          onChange={onChange}
          onBusy={onUploading}
        />
        {error}
      </div>
    );
  }
  if (control === 'media') {
    return (
      <fieldset
        class="field"
        id={id}
        data-input={spec.name}
        aria-describedby={problem !== null ? errorId : undefined}
      >
        <legend class="field-label">{label}</legend>
        {context.media.length === 0 ? (
          <p class="field-hint">{t('workspace.action.noMedia')}</p>
        ) : (
          <ul class="ws-media-choices">
            {context.media.map((m, index) => (
              <li key={m.id}>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={list.includes(m.id)}
                    onChange={(e) => {
                      onChange(e.currentTarget.checked ? [...list, m.id] : list.filter((x) => x !== m.id));
                    }}
                  />
                  {m.thumbUrl !== null && (
                    <img src={m.thumbUrl} alt="" width={64} height={64} loading="lazy" />
                  )}
                  <span>{t('workspace.action.mediaItem', { n: index + 1 })}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {error}
      </fieldset>
    );
  }
  if (control === 'datetime') {
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <input
          {...common}
          type="datetime-local"
          value={text}
          onInput={(e) => {
            onChange(e.currentTarget.value);
          }}
        />
        {hintLine}
        {error}
      </div>
    );
  }
  if (control === 'textarea') {
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <textarea
          {...common}
          rows={spec.required ? 4 : 2}
          maxLength={4000}
          value={text}
          onInput={(e) => {
            onChange(e.currentTarget.value);
          }}
        />
        {error}
      </div>
    );
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        {...common}
        type="text"
        autoComplete="off"
        spellcheck={false}
        value={text}
        onInput={(e) => {
          onChange(e.currentTarget.value);
        }}
      />
      {hintLine}
      {error}
    </div>
  );
}

function hintFor(control: Control): MessageKey | null {
  switch (control) {
    case 'datetime':
      return 'workspace.action.dateHint';
    case 'report-code':
      return 'workspace.action.codeHint';
    case 'agencies':
      return 'workspace.action.agenciesHint';
    case 'list':
      return 'workspace.action.listHint';
    case 'textarea':
    case 'agency':
    case 'attachments':
    case 'media':
    case 'reject-reason':
    case 'priority':
    case 'text':
      return null;
  }
}
