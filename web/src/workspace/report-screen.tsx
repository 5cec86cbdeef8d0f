// One report in the workspace (`#/can-bo/phan-anh/{code}`): its deadlines with the time left, the actions the API
// says this officer may take now (each opens its form, generated from the workflow table), the routing suggestion,
// the reporter's identity on request (with a reason, audited), the content (text, public version, extra answers,
// photos, place and map), possible duplicates nearby, and the whole timeline (public and internal) with internal
// notes. A stale screen is never acted on: every action sends the version shown, and a refusal reloads it.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { newIdempotencyKey } from '../api-follow.js';
import { fetchCategories, fetchNearby, type Category, type NearbyReport } from '../api-report.js';
import { errorMessage } from '../follow/labels.js';
import { formatDateTimeVN, formatPhoneVN } from '../format.js';
import { useI18n, type I18n, type MessageKey } from '../i18n/index.js';
import { ActionForm, vietnamLocal, type ActionContext, type FieldValues } from './action-form.js';
import {
  CLOCKS,
  changeSuggestedAgency,
  fetchAgencies,
  fetchFullWorkflowTable,
  fetchOfficerReport,
  fetchWorkflowView,
  grantIdentity,
  revealReporter,
  takeAction,
  type Agency,
  type ClockName,
  type FullWorkflowTable,
  type OfficerReport,
  type OfficerTimelineEntry,
  type ReporterIdentity,
  type WorkflowView,
} from './api.js';
import { channelKey, FLAG_KEYS, priorityKey, stateLabel, timeLeft } from './labels.js';
import { PointMap } from './point-map.js';

type Load =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; view: WorkflowView; report: OfficerReport; table: FullWorkflowTable };

/** What the screen tells after an action or a reload. */
type Notice = { tone: 'success' | 'info'; text: string } | null;

/** The note form is the timeline's; every other action the API lists is a button of the actions section. */
export const NOTE_ACTION = 'note';

async function loadAll(code: string, signal: AbortSignal) {
  const [view, table] = await Promise.all([fetchWorkflowView(code, signal), fetchFullWorkflowTable()]);
  const report = await fetchOfficerReport(view.id, signal);
  return { view, report, table };
}

export function ReportScreen({ code, roles }: { code: string; roles: readonly string[] }) {
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<Notice>(null);
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    loadAll(code, controller.signal).then(
      (loaded) => {
        if (!controller.signal.aborted) setLoad({ status: 'ready', ...loaded });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: 'error', error });
      },
    );
    return () => {
      controller.abort();
    };
  }, [code, attempt]);

  useEffect(() => {
    fetchAgencies().then(setAgencies, () => {
      setAgencies([]);
    });
    fetchCategories().then(setCategories, () => {
      // The extra answers show their codes instead of their questions.
    });
  }, []);

  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);

  if (load.status === 'loading') return <p role="status">{t('workspace.report.loading')}</p>;
  if (load.status === 'error') {
    const notFound =
      load.error instanceof ApiError && (load.error.status === 404 || load.error.status === 400);
    return (
      <div class="notice notice-error" role="alert" data-testid="report-error">
        <p>
          {notFound
            ? t('workspace.report.notFound', { code })
            : errorMessage(load.error, t, 'workspace.report.error')}
        </p>
        {!notFound && (
          <button type="button" class="button" onClick={reload}>
            {t('workspace.retry')}
          </button>
        )}
      </div>
    );
  }
  return (
    <ReportBody
      key={`${load.view.id}-${load.view.version}`}
      view={load.view}
      report={load.report}
      table={load.table}
      roles={roles}
      agencies={agencies}
      categories={categories}
      notice={notice}
      onDone={(text) => {
        setNotice({ tone: 'success', text });
        reload();
      }}
      onStale={() => {
        setNotice({ tone: 'info', text: t('workspace.report.stale') });
        reload();
      }}
    />
  );
}

function ReportBody({
  view,
  report,
  table,
  roles,
  agencies,
  categories,
  notice,
  onDone,
  onStale,
}: {
  view: WorkflowView;
  report: OfficerReport;
  table: FullWorkflowTable;
  roles: readonly string[];
  agencies: Agency[] | null;
  categories: readonly Category[];
  notice: Notice;
  onDone: (text: string) => void;
  onStale: () => void;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const [defaults, setDefaults] = useState<FieldValues>({});
  const agencyNames = new Map((agencies ?? []).map((a) => [a.id, a.name]));
  const priority = priorityKey(report.priority);
  const channel = channelKey(report.channel);

  /** Sends an action with the version shown; a report changed meanwhile reloads the screen and says so. */
  const act = async (action: string, input: Record<string, unknown>) => {
    try {
      await takeAction(report.id, action, input, view.version, newIdempotencyKey());
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'report_changed' || error.status === 409)) {
        onStale();
        return;
      }
      throw error;
    }
    const label = table.actions.find((a) => a.code === action)?.label[lang] ?? action;
    onDone(t('workspace.report.done', { action: label }));
  };

  const openAction = (action: string, preset: FieldValues = {}) => {
    setDefaults(preset);
    setOpen(action);
  };

  const lastAnswer = [...report.timeline].reverse().find((e) => e.kind === 'answer_submitted');
  const context: ActionContext = {
    agencies,
    media: report.media,
    defaults: {
      ...(report.suggestedAgency !== null ? { leadAgencyId: report.suggestedAgency.id } : {}),
      ...(typeof lastAnswer?.data.text === 'string' ? { publicAnswer: lastAnswer.data.text } : {}),
      publicDescription: report.publicDescription ?? report.description,
      hiddenMediaIds: report.media.filter((m) => m.hidden).map((m) => m.id),
      ...(view.pendingExtension !== null ? { dueAt: vietnamLocal(view.pendingExtension.proposedDueAt) } : {}),
      ...(report.priority !== '' ? { priority: report.priority } : {}),
      ...defaults,
    },
  };

  return (
    <div class="ws-report" data-testid="report-screen" data-status={view.status} data-version={view.version}>
      <div class="ws-report-status">
        <span class="status-badge status-open" data-testid="report-status" data-status={view.status}>
          {stateLabel(table, view.status, lang)}
        </span>
        {priority !== null && (
          <span class={`ws-tag${report.priority === 'urgent' ? ' ws-tag-urgent' : ''}`}>{t(priority)}</span>
        )}
        {channel !== null && <span class="ws-tag">{t(channel)}</span>}
        {report.confidential && (
          <span class="ws-tag ws-tag-private">{t('workspace.report.confidential')}</span>
        )}
        {!report.isPublic && !report.confidential && (
          <span class="ws-tag ws-tag-private">{t('workspace.report.notPublic')}</span>
        )}
      </div>
      {notice !== null && (
        <div
          class={`notice ${notice.tone === 'success' ? 'notice-success' : 'notice-info'}`}
          role="status"
          data-testid="report-notice"
        >
          {notice.text}
        </div>
      )}
      <div class="ws-report-layout">
        <div class="ws-report-side">
          <Deadlines view={view} />
          <Actions
            view={view}
            table={table}
            open={open}
            context={context}
            onOpen={(action) => {
              openAction(action);
            }}
            onClose={() => {
              setOpen(null);
            }}
            onSubmit={act}
          />
          <Routing
            report={report}
            roles={roles}
            agencies={agencies}
            onChanged={() => {
              onDone(t('workspace.routing.changed'));
            }}
          />
          <Reporter report={report} roles={roles} onGranted={onDone} />
        </div>
        <div class="ws-report-main">
          <Content report={report} categories={categories} />
          <Duplicates
            report={report}
            canMerge={view.actions.includes('merge')}
            onMerge={(target) => {
              openAction('merge', { targetReportId: target });
              document.getElementById('ws-actions')?.scrollIntoView({ block: 'start' });
            }}
          />
          <Timeline
            report={report}
            table={table}
            agencyNames={agencyNames}
            canNote={view.actions.includes(NOTE_ACTION)}
            onNote={(text) => act(NOTE_ACTION, { text })}
          />
        </div>
      </div>
    </div>
  );
}

/** The actions that move a report on in the usual course, first one first: the screen's main button. */
export const FORWARD_ACTIONS: readonly string[] = [
  'accept',
  'assign',
  'acknowledge',
  'submit_answer',
  'approve_answer',
  'publish',
  'approve_extension',
  'direct',
  'reopen',
];

/** The forward action first, then the others as the API listed them (the table's order). */
export function orderActions(actions: readonly string[]): string[] {
  const primary = actions.find((a) => FORWARD_ACTIONS.includes(a));
  return primary === undefined ? [...actions] : [primary, ...actions.filter((a) => a !== primary)];
}

/**
 * Whether a clock still runs in this state (the workflow table starts and stops them: intake until acceptance,
 * acknowledgement until the agency takes it, resolution until the answer is approved). A clock that stopped keeps
 * its flag (met on time or late) but has no time left.
 */
export function clockRunning(clock: ClockName, status: string): boolean {
  switch (clock) {
    case 'intake':
      return status === 'submitted';
    case 'acknowledge':
      return status === 'assigned';
    case 'resolve':
      return ['assigned', 'in_progress', 'escalated', 'answered'].includes(status);
  }
}

const CLOCK_KEYS: Readonly<Record<ClockName, MessageKey>> = {
  intake: 'workspace.clock.intake',
  acknowledge: 'workspace.clock.acknowledge',
  resolve: 'workspace.clock.resolve',
};

function Deadlines({ view }: { view: WorkflowView }) {
  const { t } = useI18n();
  const clocks = CLOCKS.filter((c) => view.deadlines[c].dueAt !== null);
  const now = new Date();
  return (
    <section class="card ws-section" aria-labelledby="ws-deadlines-title" data-testid="deadlines">
      <h2 id="ws-deadlines-title">{t('workspace.report.deadlines')}</h2>
      {clocks.length === 0 ? (
        <p class="field-hint">{t('workspace.report.noDeadline')}</p>
      ) : (
        <ul class="ws-deadlines">
          {clocks.map((c) => {
            const d = view.deadlines[c];
            const due = new Date(d.dueAt ?? '');
            const running = clockRunning(c, view.status);
            return (
              <li
                key={c}
                class={`ws-deadline ws-flag-${d.flag ?? 'none'}${running ? '' : ' ws-deadline-done'}`}
                data-clock={c}
                data-running={running}
              >
                <span class="ws-deadline-name">{t(CLOCK_KEYS[c])}</span>
                {d.flag !== null && (
                  <span class={`ws-flag ws-flag-badge-${d.flag}`} data-flag={d.flag}>
                    {t(FLAG_KEYS[d.flag])}
                  </span>
                )}
                <span class="ws-deadline-time">
                  {formatDateTimeVN(due)} ·{' '}
                  {running ? timeLeft(due, now, t) : t('workspace.report.clockDone')}
                </span>
                {d.originalDueAt !== null && d.originalDueAt !== d.dueAt && (
                  <span class="field-hint">
                    {t('workspace.report.originalDue', { time: formatDateTimeVN(new Date(d.originalDueAt)) })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {view.pendingExtension !== null && (
        <div class="ws-extension" data-testid="pending-extension">
          <h3>{t('workspace.report.extension')}</h3>
          <p>
            {t('workspace.report.extensionDue', {
              time: formatDateTimeVN(new Date(view.pendingExtension.proposedDueAt)),
            })}
          </p>
          <blockquote>{view.pendingExtension.reason}</blockquote>
        </div>
      )}
    </section>
  );
}

function Actions({
  view,
  table,
  open,
  context,
  onOpen,
  onClose,
  onSubmit,
}: {
  view: WorkflowView;
  table: FullWorkflowTable;
  open: string | null;
  context: ActionContext;
  onOpen: (action: string) => void;
  onClose: () => void;
  onSubmit: (action: string, input: Record<string, unknown>) => Promise<void>;
}) {
  const { t, lang } = useI18n();
  // Exactly what the API lists for this officer now; the note is the timeline's. The step that moves the report
  // on comes first (under the thumb on a phone), the others in the table's order.
  const offered = orderActions(view.actions.filter((a) => a !== NOTE_ACTION));
  const primary = offered.find((a) => FORWARD_ACTIONS.includes(a)) ?? null;
  const rule = open === null ? undefined : table.actions.find((a) => a.code === open);
  return (
    <section class="card ws-section" id="ws-actions" aria-labelledby="ws-actions-title" data-testid="actions">
      <h2 id="ws-actions-title">{t('workspace.report.actions')}</h2>
      {offered.length === 0 ? (
        <p class="field-hint" data-testid="no-actions">
          {t('workspace.report.noActions')}
        </p>
      ) : (
        <ul class="ws-action-buttons">
          {offered.map((code) => {
            const label = table.actions.find((a) => a.code === code)?.label[lang] ?? code;
            return (
              <li key={code}>
                <button
                  type="button"
                  class={`button${code === primary ? ' button-primary' : ''}`}
                  data-action={code}
                  aria-expanded={open === code}
                  onClick={() => {
                    if (open === code) onClose();
                    else onOpen(code);
                  }}
                >
                  {label}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {rule !== undefined && open !== NOTE_ACTION && (
        <ActionForm
          key={rule.code}
          rule={rule}
          table={table}
          context={context}
          onCancel={onClose}
          onSubmit={(input) => onSubmit(rule.code, input)}
        />
      )}
    </section>
  );
}

/** While a receiver still chooses the agency, the rules' suggestion matters; afterwards the lead agency does. */
const ROUTING_STATES: readonly string[] = ['submitted', 'accepted', 'returned'];

function Routing({
  report,
  roles,
  agencies,
  onChanged,
}: {
  report: OfficerReport;
  roles: readonly string[];
  agencies: Agency[] | null;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [agency, setAgency] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const route = report.route;
  const receiver = roles.includes('receiver');
  const changeable = receiver && (report.status === 'submitted' || report.status === 'accepted');
  const why: MessageKey | null =
    route === null || report.suggestedAgency === null
      ? null
      : route.locatedBy === 'boundary'
        ? 'workspace.routing.byMap'
        : route.locatedBy === 'nearest_centre'
          ? 'workspace.routing.byNearest'
          : 'workspace.routing.byArea';
  return (
    <section class="card ws-section" aria-labelledby="ws-routing-title" data-testid="routing">
      <h2 id="ws-routing-title">{t('workspace.routing.title')}</h2>
      {report.agency !== null && (
        <p>
          {t('workspace.routing.lead')} <strong data-testid="lead-agency">{report.agency.name}</strong>
        </p>
      )}
      {!ROUTING_STATES.includes(report.status) ? null : report.suggestedAgency !== null ? (
        <p>
          {t('workspace.routing.suggested')}{' '}
          <strong data-testid="suggested-agency">{report.suggestedAgency.name}</strong>
          {why !== null && <span class="field-hint ws-block">{t(why)}</span>}
          {route?.ambiguous === true && (
            <span class="field-error ws-block">{t('workspace.routing.ambiguous')}</span>
          )}
        </p>
      ) : (
        <p class="field-hint">{t('workspace.routing.none')}</p>
      )}
      {changeable && !editing && (
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setEditing(true);
          }}
        >
          {t('workspace.routing.change')}
        </button>
      )}
      {changeable && editing && (
        <form
          class="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (busy) return;
            if (agency === '' || reason.trim() === '') {
              setMessage(t('workspace.routing.missing'));
              return;
            }
            setBusy(true);
            setMessage('');
            changeSuggestedAgency(report.id, agency, reason.trim()).then(
              () => {
                setBusy(false);
                setEditing(false);
                onChanged();
              },
              (error: unknown) => {
                setBusy(false);
                setMessage(errorMessage(error, t, 'workspace.action.failed'));
              },
            );
          }}
        >
          <div class="field">
            <label for="ws-routing-agency">{t('workspace.routing.agency')}</label>
            <select
              id="ws-routing-agency"
              value={agency}
              onChange={(e) => {
                setAgency(e.currentTarget.value);
              }}
            >
              <option value="">{t('workspace.action.chooseAgency')}</option>
              {(agencies ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="ws-routing-reason">{t('workspace.routing.reason')}</label>
            <textarea
              id="ws-routing-reason"
              rows={2}
              maxLength={500}
              value={reason}
              onInput={(e) => {
                setReason(e.currentTarget.value);
              }}
            />
          </div>
          <p class="form-error" role="alert">
            {message}
          </p>
          <div class="form-actions">
            <button type="submit" class="button" aria-disabled={busy}>
              {t('workspace.routing.save')}
            </button>
            <button
              type="button"
              class="link-button"
              onClick={() => {
                setEditing(false);
              }}
            >
              {t('workspace.action.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Who reported it: shown only on request, with the reason, which the server records in the audit log. */
function Reporter({
  report,
  roles,
  onGranted,
}: {
  report: OfficerReport;
  roles: readonly string[];
  onGranted: (text: string) => void;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState<'reveal' | 'grant' | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [identity, setIdentity] = useState<ReporterIdentity | null>(null);
  // Receivers may; an agency's officers only once a receiver has let their agency (the server checks).
  const mayAsk = roles.some((r) => r === 'receiver' || r === 'handler' || r === 'agency_leader');
  const mayGrant = roles.includes('receiver') && report.agency !== null && report.hasReporterIdentity;
  if (!mayAsk) return null;

  const send = () => {
    if (busy || asking === null) return;
    if (reason.trim().length < 5) {
      setMessage(t('workspace.reporter.reasonShort'));
      return;
    }
    setBusy(true);
    setMessage('');
    const done = () => {
      setBusy(false);
    };
    if (asking === 'reveal') {
      revealReporter(report.id, reason.trim()).then(
        (found) => {
          done();
          setIdentity(found);
          setAsking(null);
          setReason('');
        },
        (error: unknown) => {
          done();
          setMessage(
            error instanceof ApiError && error.status === 403
              ? t('workspace.reporter.forbidden')
              : errorMessage(error, t, 'workspace.action.failed'),
          );
        },
      );
    } else if (report.agency !== null) {
      grantIdentity(report.id, report.agency.id, reason.trim()).then(
        () => {
          done();
          setAsking(null);
          setReason('');
          onGranted(t('workspace.reporter.granted'));
        },
        (error: unknown) => {
          done();
          setMessage(errorMessage(error, t, 'workspace.action.failed'));
        },
      );
    }
  };

  return (
    <section class="card ws-section" aria-labelledby="ws-reporter-title" data-testid="reporter">
      <h2 id="ws-reporter-title">{t('workspace.reporter.title')}</h2>
      {!report.hasReporterIdentity ? (
        <p class="field-hint">{t('workspace.reporter.anonymous')}</p>
      ) : identity !== null ? (
        <IdentityFacts identity={identity} />
      ) : (
        <p class="field-hint">{t('workspace.reporter.hidden')}</p>
      )}
      {report.hasReporterIdentity && identity === null && asking === null && (
        <div class="ws-inline-actions">
          <button
            type="button"
            class="button"
            data-testid="reveal-reporter"
            onClick={() => {
              setAsking('reveal');
            }}
          >
            {t('workspace.reporter.show')}
          </button>
          {mayGrant && (
            <button
              type="button"
              class="link-button"
              onClick={() => {
                setAsking('grant');
              }}
            >
              {t('workspace.reporter.grant', { agency: report.agency?.name ?? '' })}
            </button>
          )}
        </div>
      )}
      {asking !== null && (
        <form
          class="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <div class="field">
            <label for="ws-reporter-reason">
              {t(asking === 'reveal' ? 'workspace.reporter.reason' : 'workspace.reporter.grantReason')}
            </label>
            <textarea
              id="ws-reporter-reason"
              rows={2}
              maxLength={500}
              value={reason}
              aria-describedby="ws-reporter-audit"
              onInput={(e) => {
                setReason(e.currentTarget.value);
              }}
            />
            <p class="field-hint" id="ws-reporter-audit">
              {t('workspace.reporter.audited')}
            </p>
          </div>
          <p class="form-error" role="alert">
            {message}
          </p>
          <div class="form-actions">
            <button type="submit" class="button" aria-disabled={busy} data-testid="reporter-submit">
              {t(asking === 'reveal' ? 'workspace.reporter.showGo' : 'workspace.reporter.grantGo')}
            </button>
            <button
              type="button"
              class="link-button"
              onClick={() => {
                setAsking(null);
                setMessage('');
              }}
            >
              {t('workspace.action.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function IdentityFacts({ identity }: { identity: ReporterIdentity }) {
  const { t } = useI18n();
  if (identity.erased) return <p>{t('workspace.reporter.erased')}</p>;
  if (identity.anonymous) return <p>{t('workspace.reporter.anonymous')}</p>;
  const rows: [MessageKey, string | null][] = [
    ['workspace.reporter.name', identity.name],
    ['workspace.reporter.phone', identity.phone === null ? null : formatPhoneVN(identity.phone)],
    ['workspace.reporter.email', identity.email],
    ['workspace.reporter.zalo', identity.zaloUserId],
  ];
  return (
    <dl class="ws-facts" data-testid="reporter-identity">
      {rows
        .filter(([, value]) => value !== null && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>
              {label === 'workspace.reporter.phone' && identity.phone !== null ? (
                <a href={`tel:${identity.phone}`}>{value}</a>
              ) : label === 'workspace.reporter.email' && identity.email !== null ? (
                <a href={`mailto:${identity.email}`}>{value}</a>
              ) : (
                value
              )}
            </dd>
          </div>
        ))}
      <div>
        <dt>{t('workspace.reporter.account')}</dt>
        <dd>{t(identity.hasAccount ? 'workspace.reporter.hasAccount' : 'workspace.reporter.noAccount')}</dd>
      </div>
    </dl>
  );
}

function answerText(value: unknown, question: Category['questions'][number] | undefined, lang: I18n['lang']) {
  const name = (key: string) => {
    const v = question?.values?.find((x) => x.key === key);
    return v === undefined ? key : lang === 'vi' ? v.nameVi : v.nameEn;
  };
  if (Array.isArray(value)) return value.map((v) => name(String(v))).join(', ');
  if (typeof value === 'string') return name(value);
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function Content({ report, categories }: { report: OfficerReport; categories: readonly Category[] }) {
  const { t, lang } = useI18n();
  const category = categories.find((c) => c.id === report.category?.id);
  const answers = Object.entries(report.answers ?? {});
  const point =
    report.latitude !== null && report.longitude !== null
      ? { lat: report.latitude, lon: report.longitude }
      : null;
  const publicDiffers = report.publicDescription !== null && report.publicDescription !== report.description;
  return (
    <section class="card ws-section" aria-labelledby="ws-content-title" data-testid="content">
      <h2 id="ws-content-title">{t('workspace.report.content')}</h2>
      <dl class="ws-facts">
        <div>
          <dt>{t('workspace.report.category')}</dt>
          <dd>
            {category !== undefined
              ? category.name[lang]
              : (report.category?.name ?? t('workspace.report.none'))}
          </dd>
        </div>
        <div>
          <dt>{t('workspace.report.submittedAt')}</dt>
          <dd>{formatDateTimeVN(new Date(report.submittedAt))}</dd>
        </div>
        {report.supporters > 0 && (
          <div>
            <dt>{t('workspace.report.supporters')}</dt>
            <dd>{report.supporters}</dd>
          </div>
        )}
      </dl>
      <h3>{t('workspace.report.description')}</h3>
      <p class="ws-description" data-testid="description">
        {report.description}
      </p>
      {publicDiffers && (
        <>
          <h3>{t('workspace.report.publicDescription')}</h3>
          <p class="ws-description">{report.publicDescription}</p>
        </>
      )}
      {answers.length > 0 && (
        <>
          <h3>{t('workspace.report.answers')}</h3>
          <dl class="ws-facts" data-testid="answers">
            {answers.map(([key, value]) => {
              const q = category?.questions.find((x) => x.code === key);
              return (
                <div key={key}>
                  <dt>{q === undefined ? key : lang === 'vi' ? q.descriptionVi : q.descriptionEn}</dt>
                  <dd>{answerText(value, q, lang)}</dd>
                </div>
              );
            })}
          </dl>
        </>
      )}
      {report.media.length > 0 && (
        <>
          <h3>{t('workspace.report.photos', { n: report.media.length })}</h3>
          <ul class="ws-photos" data-testid="photos">
            {report.media.map((m, index) => (
              <li key={m.id}>
                <a href={m.originalUrl} target="_blank" rel="noopener">
                  {m.thumbUrl !== null ? (
                    <img
                      src={m.thumbUrl}
                      alt={t('workspace.report.photo', { n: index + 1 })}
                      width={120}
                      height={120}
                      loading="lazy"
                    />
                  ) : (
                    <span class="ws-photo-file">{t('workspace.report.video', { n: index + 1 })}</span>
                  )}
                  <span class="visually-hidden"> {t('workspace.report.opensNew')}</span>
                </a>
                {m.hidden && <span class="ws-tag ws-tag-private">{t('workspace.report.hidden')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('workspace.report.place')}</h3>
      <dl class="ws-facts">
        {report.area !== null && (
          <div>
            <dt>{t('workspace.report.area')}</dt>
            <dd>{report.area.name}</dd>
          </div>
        )}
        {report.address !== null && report.address !== '' && (
          <div>
            <dt>{t('workspace.report.address')}</dt>
            <dd>{report.address}</dd>
          </div>
        )}
      </dl>
      {point !== null ? (
        <>
          <PointMap latitude={point.lat} longitude={point.lon} />
          <p>
            <a
              href={`https://www.openstreetmap.org/?mlat=${point.lat}&mlon=${point.lon}#map=18/${point.lat}/${point.lon}`}
              target="_blank"
              rel="noopener"
            >
              {t('workspace.report.osm')}
              <span class="visually-hidden"> {t('workspace.report.opensNew')}</span>
            </a>
          </p>
        </>
      ) : (
        <p class="field-hint">{t('workspace.report.noPoint')}</p>
      )}
    </section>
  );
}

/** Open reports of the same category close by: a receiver may merge this one into one of them. */
function Duplicates({
  report,
  canMerge,
  onMerge,
}: {
  report: OfficerReport;
  canMerge: boolean;
  onMerge: (code: string) => void;
}) {
  const { t } = useI18n();
  const [nearby, setNearby] = useState<NearbyReport[] | null>(null);
  const categoryId = report.category?.id ?? null;
  const { latitude, longitude, code } = report;
  useEffect(() => {
    if (categoryId === null || latitude === null || longitude === null) return undefined;
    const controller = new AbortController();
    fetchNearby({ categoryId, latitude, longitude }, controller.signal).then(
      (list) => {
        if (!controller.signal.aborted) setNearby(list.filter((r) => r.code !== code));
      },
      () => {
        // Possible duplicates are a help; without them the screen still works.
      },
    );
    return () => {
      controller.abort();
    };
  }, [categoryId, latitude, longitude, code]);
  if (nearby === null || nearby.length === 0) return null;
  return (
    <section class="card ws-section" aria-labelledby="ws-duplicates-title" data-testid="duplicates">
      <h2 id="ws-duplicates-title">{t('workspace.duplicates.title')}</h2>
      <p class="field-hint">{t('workspace.duplicates.hint')}</p>
      <ul class="ws-duplicates">
        {nearby.map((r) => (
          <li key={r.code}>
            <a href={`#/can-bo/phan-anh/${encodeURIComponent(r.code)}`}>{r.code}</a>{' '}
            <span class="field-hint">
              {t('workspace.duplicates.distance', { m: Math.round(r.distanceMetres) })}
            </span>
            <p class="ws-item-text">{r.description}</p>
            {canMerge && (
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  onMerge(r.code);
                }}
              >
                {t('workspace.duplicates.merge', { code: r.code })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const TEXT_FIELDS = [
  'text',
  'publicAnswer',
  'directive',
  'question',
  'reason',
  'reasonText',
  'note',
  'comment',
] as const;
const AGENCY_FIELDS = ['leadAgencyId', 'agencyId', 'suggestedAgencyId'] as const;
const DATE_FIELDS = ['proposedDueAt', 'dueAt'] as const;

/** What an event says, for officers: its texts, the agencies and dates it names, the report it was merged into. */
export function eventDetails(
  entry: OfficerTimelineEntry,
  agencyNames: ReadonlyMap<string, string>,
  { t, lang }: Pick<I18n, 't' | 'lang'>,
): string[] {
  const { data } = entry;
  const lines: string[] = [];
  for (const field of TEXT_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && value.trim() !== '') lines.push(value);
    else if (typeof value === 'object' && value !== null && 'vi' in value && 'en' in value) {
      const label = (value as Record<string, unknown>)[lang];
      if (typeof label === 'string') lines.push(label);
    }
  }
  for (const field of AGENCY_FIELDS) {
    const value = data[field];
    if (typeof value === 'string')
      lines.push(t('workspace.timeline.agency', { name: agencyNames.get(value) ?? value }));
  }
  // A changed suggestion names the agency it now is (`to`); elsewhere `to` is the next state.
  if (entry.kind === 'routing_changed' && typeof data.to === 'string')
    lines.push(t('workspace.timeline.agency', { name: agencyNames.get(data.to) ?? data.to }));
  const coordinating = data.coordinatingAgencyIds;
  if (Array.isArray(coordinating) && coordinating.length > 0)
    lines.push(
      t('workspace.timeline.coordinating', {
        names: coordinating
          .map((id) => (typeof id === 'string' ? (agencyNames.get(id) ?? id) : ''))
          .join(', '),
      }),
    );
  for (const field of DATE_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      lines.push(t('workspace.timeline.due', { time: formatDateTimeVN(new Date(value)) }));
  }
  const priority = typeof data.priority === 'string' ? priorityKey(data.priority) : null;
  if (priority !== null) lines.push(t('workspace.timeline.priority', { priority: t(priority) }));
  if (typeof data.targetCode === 'string')
    lines.push(t('workspace.timeline.target', { code: data.targetCode }));
  if (data.rating === 'satisfied' || data.rating === 'unsatisfied')
    lines.push(t(`workspace.timeline.${data.rating}`));
  const attachments = data.attachmentIds;
  if (Array.isArray(attachments) && attachments.length > 0)
    lines.push(t('workspace.timeline.attachments', { n: attachments.length }));
  return lines;
}

const SPECIAL_EVENTS: Readonly<Record<string, MessageKey>> = {
  submitted: 'workspace.timeline.submitted',
  identity_granted: 'workspace.timeline.identity_granted',
  routing_changed: 'workspace.timeline.routing_changed',
};

function Timeline({
  report,
  table,
  agencyNames,
  canNote,
  onNote,
}: {
  report: OfficerReport;
  table: FullWorkflowTable;
  agencyNames: ReadonlyMap<string, string>;
  canNote: boolean;
  onNote: (text: string) => Promise<void>;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const visibility = (entry: OfficerTimelineEntry): 'public' | 'reporter' | 'internal' => {
    if (entry.public) return 'public';
    const v = table.actions.find((a) => a.event.kind === entry.kind)?.event.visibility;
    return v === 'reporter' ? 'reporter' : 'internal';
  };
  const label = (kind: string): string => {
    const special = SPECIAL_EVENTS[kind];
    if (special !== undefined) return t(special);
    return table.actions.find((a) => a.event.kind === kind)?.label[lang] ?? kind;
  };
  return (
    <section class="card ws-section" aria-labelledby="ws-timeline-title" data-testid="timeline">
      <h2 id="ws-timeline-title">{t('workspace.timeline.title')}</h2>
      <ol class="ws-timeline">
        {report.timeline.map((entry, index) => {
          const seen = visibility(entry);
          return (
            <li key={`${entry.at}-${index}`} data-kind={entry.kind} class={`ws-event ws-event-${seen}`}>
              <div class="ws-event-head">
                <span class="ws-event-name">{label(entry.kind)}</span>
                <span class={`ws-tag ws-visibility-${seen}`}>{t(`workspace.visibility.${seen}`)}</span>
              </div>
              <time dateTime={entry.at}>{formatDateTimeVN(new Date(entry.at))}</time>
              {eventDetails(entry, agencyNames, i18n).map((line, n) => (
                <p key={n} class="ws-event-detail">
                  {line}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
      {canNote && <NoteForm onNote={onNote} />}
    </section>
  );
}

function NoteForm({ onNote }: { onNote: (text: string) => Promise<void> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="form ws-note"
      noValidate
      data-action={NOTE_ACTION}
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        if (text.trim() === '') {
          setMessage(t('workspace.note.empty'));
          return;
        }
        setBusy(true);
        setMessage('');
        onNote(text.trim()).then(
          () => {
            setBusy(false);
            setText('');
          },
          (error: unknown) => {
            setBusy(false);
            setMessage(errorMessage(error, t, 'workspace.action.failed'));
          },
        );
      }}
    >
      <div class="field">
        <label for="ws-note-text">{t('workspace.note.label')}</label>
        <textarea
          id="ws-note-text"
          rows={3}
          maxLength={4000}
          value={text}
          aria-describedby="ws-note-hint"
          onInput={(e) => {
            setText(e.currentTarget.value);
          }}
        />
        <p class="field-hint" id="ws-note-hint">
          {t('workspace.note.hint')}
        </p>
      </div>
      <p class="form-error" role="alert">
        {message}
      </p>
      <button type="submit" class="button" aria-disabled={busy} data-testid="note-submit">
        {t('workspace.note.submit')}
      </button>
    </form>
  );
}
