// "Thống kê phản ánh, kiến nghị" for officers (#/can-bo/thong-ke): received, in progress, handled, on time, late,
// overdue, handling time in working days, returns and satisfaction, by agency, category, area, status or month,
// within what the officer may see; a summary, SVG bars, the table (the accessible source) and the same figures as
// XLSX and CSV files. The period, grouping and filters live in the address. Officers only.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { fetchAreas, fetchCategories, type Area, type Category } from '../api-report.js';
import { ApiError } from '../api.js';
import { LoadError } from '../components/load-error.js';
import { formatDateTimeVN } from '../format.js';
import { useI18n, type I18n, type Lang, type MessageKey } from '../i18n/index.js';
import { signInHref, useSession } from '../session.js';
import {
  exportUrl,
  fetchLeaderStats,
  fetchScopeAgencies,
  isDecimalColumn,
  type LeaderColumn,
  type LeaderFigures,
  type LeaderReply,
  type ScopeAgency,
} from '../stats/leader-api.js';
import { CHART_METRICS, LeaderChart, METRIC_LABELS, type ChartMetric } from '../stats/leader-chart.js';
import {
  LEADER_GROUPINGS,
  LEADER_STATS_PATH,
  leaderHash,
  parseLeaderHash,
  type LeaderGrouping,
  type LeaderQuery,
} from '../stats/leader-query.js';
import { isMonth, periodRange, PERIODS, type Period } from '../stats/query.js';

const PERIOD_LABELS: Readonly<Record<Period, MessageKey>> = {
  'this-month': 'statistics.period.thisMonth',
  'this-year': 'statistics.period.thisYear',
  'last-12': 'statistics.period.last12',
  custom: 'statistics.period.custom',
};
const GROUPING_LABELS: Readonly<Record<LeaderGrouping, MessageKey>> = {
  agency: 'leaderStats.group.agency',
  category: 'leaderStats.group.category',
  area: 'leaderStats.group.area',
  status: 'leaderStats.group.status',
  month: 'leaderStats.group.month',
};
const BY_LABELS: Readonly<Record<LeaderGrouping, MessageKey>> = {
  agency: 'leaderStats.by.agency',
  category: 'leaderStats.by.category',
  area: 'leaderStats.by.area',
  status: 'leaderStats.by.status',
  month: 'leaderStats.by.month',
};
const columnLabel = (c: LeaderColumn): MessageKey => `leaderStats.col.${c}`;
/** The summary's cards: what a leader looks at first. */
const SUMMARY: readonly LeaderColumn[] = [
  'received',
  'handled',
  'overdue',
  'onTimePercent',
  'avgHandlingDays',
  'satisfactionPercent',
];
/** Bars beyond these would make a phone scroll far past the drawing; the table has every row. */
const CHART_ROWS: Readonly<Record<LeaderGrouping, number>> = {
  agency: 15,
  category: 15,
  area: 15,
  status: 13,
  month: 36,
};

type Load =
  | { status: 'loading' }
  | { status: 'error'; kind: 'forbidden' | 'scope' | 'other'; message: string | null }
  | { status: 'ready'; reply: LeaderReply; query: LeaderQuery };

export function LeaderStatisticsPage() {
  const { t } = useI18n();
  const { state, ensureChecked } = useSession();
  useEffect(() => {
    ensureChecked();
  }, [ensureChecked]);
  return (
    <div class="page statistics leader-stats">
      <h1>{t('leaderStats.title')}</h1>
      {state.status === 'loading' ? (
        <p role="status">{t('leaderStats.loadingSession')}</p>
      ) : state.status === 'signed_in' && state.me.kind === 'officer' ? (
        <LeaderStatistics />
      ) : (
        <div class="notice notice-info" data-testid="officer-required">
          <p>{t('leaderStats.needOfficer')}</p>
          <a class="button" href={signInHref(LEADER_STATS_PATH)}>
            {t('account.signIn')}
          </a>
        </div>
      )}
    </div>
  );
}

function readAddress() {
  return parseLeaderHash(window.location.hash, new Date());
}

/** Formats a figure as the table, the chart and the summary show it: counts whole, rates and days to one decimal. */
function useFigureFormat(): (column: LeaderColumn, value: number | null) => string {
  const { lang, formatNumber } = useI18n();
  return useMemo(() => {
    const decimal = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    return (column, value) =>
      value === null ? '—' : isDecimalColumn(column) ? decimal.format(value) : formatNumber(value);
  }, [lang, formatNumber]);
}

function LeaderStatistics() {
  const { t, lang } = useI18n();
  const [{ query, invalidLink }, setAddress] = useState(readAddress);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [metric, setMetric] = useState<ChartMetric>('received');
  const [options, setOptions] = useState<{ agencies: ScopeAgency[]; categories: Category[]; areas: Area[] }>({
    agencies: [],
    categories: [],
    areas: [],
  });

  // A link to other figures followed while the page is open (or Back): show what the address says.
  useEffect(() => {
    const onChange = () => {
      if (window.location.hash.split('?')[0] === `#${LEADER_STATS_PATH}`) setAddress(readAddress());
    };
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);

  // The filters' choices; without them a filter offers "all" only and the figures still work.
  useEffect(() => {
    const controller = new AbortController();
    const keep =
      <K extends keyof typeof options>(key: K) =>
      (value: (typeof options)[K]) => {
        if (!controller.signal.aborted) setOptions((o) => ({ ...o, [key]: value }));
      };
    const ignore = () => undefined;
    fetchScopeAgencies(controller.signal).then(keep('agencies'), ignore);
    fetchCategories(controller.signal).then(keep('categories'), ignore);
    fetchAreas(controller.signal).then(keep('areas'), ignore);
    return () => {
      controller.abort();
    };
  }, []);

  const { period, groupBy, from, to, agencyId, categoryId, areaId } = query;
  useEffect(() => {
    const controller = new AbortController();
    const asked: LeaderQuery = { period, groupBy, from, to, agencyId, categoryId, areaId };
    setLoad({ status: 'loading' });
    fetchLeaderStats(asked, controller.signal).then(
      (reply) => {
        if (!controller.signal.aborted) setLoad({ status: 'ready', reply, query: asked });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const api = error instanceof ApiError ? error : null;
        setLoad({
          status: 'error',
          kind:
            api?.code === 'forbidden' ? 'forbidden' : api?.code === 'stats_out_of_scope' ? 'scope' : 'other',
          message: api?.userMessage ?? null,
        });
      },
    );
    return () => {
      controller.abort();
    };
    // Not on `period`: choosing "custom" keeps the months on screen, and so the figures.
  }, [groupBy, from, to, agencyId, categoryId, areaId, attempt]);

  /** Shows `next` and puts it in the address without a history entry per click (Back leaves the page). */
  const choose = (next: LeaderQuery) => {
    window.history.replaceState(window.history.state, '', leaderHash(next));
    setAddress({ query: next, invalidLink: false });
  };

  if (load.status === 'error' && load.kind === 'forbidden')
    return (
      <div class="notice notice-info" data-testid="stats-forbidden">
        <p>{t('leaderStats.forbidden')}</p>
      </div>
    );

  const ready = load.status === 'ready' ? load : null;
  const empty = ready !== null && ready.reply.total.received === 0 && ready.reply.total.returns === 0;
  return (
    <>
      <p class="intro-text">{t('leaderStats.intro')}</p>
      <Filters query={query} options={options} onChoose={choose} />
      {invalidLink && (
        <p class="notice notice-info" data-testid="link-invalid">
          {t('statistics.linkInvalid')}
        </p>
      )}
      <section
        class="stats-section"
        aria-labelledby="leader-summary-title"
        aria-busy={load.status === 'loading'}
        data-testid="leader-results"
      >
        <h2 id="leader-summary-title">{t('leaderStats.summary')}</h2>
        <p class="stats-period" data-testid="leader-period">
          {periodLabel(t, lang, from, to)}
        </p>
        {ready && (
          <p class="leader-scope" data-testid="leader-scope">
            {ready.reply.scope.everything
              ? t('leaderStats.scopeAll')
              : t('leaderStats.scopeUnits', {
                  units: ready.reply.scope.units.map((u) => (lang === 'vi' ? u.nameVi : u.nameEn)).join('; '),
                })}
          </p>
        )}
        {load.status === 'error' ? (
          <LoadError
            message={load.message ?? t('leaderStats.error')}
            retry={t('leaderStats.retry')}
            onRetry={() => {
              // Outside one's scope, trying again means one's own scope; otherwise the same figures again.
              if (load.kind === 'scope') choose({ ...query, agencyId: null, areaId: null });
              else setAttempt((n) => n + 1);
            }}
          />
        ) : (
          <>
            <Summary total={ready?.reply.total ?? null} />
            <p class="as-of" role="status">
              {ready === null
                ? t('leaderStats.loading')
                : t('leaderStats.asOf', { time: formatDateTimeVN(new Date(ready.reply.asOf)) })}
            </p>
          </>
        )}
      </section>
      {ready !== null &&
        (empty ? (
          <p class="notice notice-info" data-testid="leader-empty">
            {t('leaderStats.empty')}
          </p>
        ) : (
          <Results reply={ready.reply} query={ready.query} metric={metric} onMetric={setMetric} />
        ))}
      <HowCounted />
    </>
  );
}

const longMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `Từ tháng 03/2025 đến tháng 02/2026` (`March 2025 to February 2026`), or `Tháng 02/2026` for one month. */
function periodLabel(t: I18n['t'], lang: Lang, from: string, to: string): string {
  const name = (month: string) =>
    lang === 'vi'
      ? `${month.slice(5, 7)}/${month.slice(0, 4)}`
      : longMonth.format(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1)));
  return from === to
    ? t('leaderStats.oneMonth', { month: name(from) })
    : t('leaderStats.range', { from: name(from), to: name(to) });
}

function Summary({ total }: { total: LeaderFigures | null }) {
  const { t } = useI18n();
  const format = useFigureFormat();
  return (
    <dl class="stats stats-totals leader-totals">
      {SUMMARY.map((column) => (
        <div class="stat" key={column}>
          <dt>{t(columnLabel(column))}</dt>
          <dd class="stat-value" data-testid={`total-${column}`}>
            {total === null ? '…' : format(column, total[column])}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Results({
  reply,
  query,
  metric,
  onMetric,
}: {
  reply: LeaderReply;
  query: LeaderQuery;
  metric: ChartMetric;
  onMetric: (metric: ChartMetric) => void;
}) {
  const { t, lang } = useI18n();
  const format = useFigureFormat();
  const by = t(BY_LABELS[reply.groupBy]);
  const limit = CHART_ROWS[reply.groupBy];
  const name = (row: { nameVi: string; nameEn: string }) => (lang === 'vi' ? row.nameVi : row.nameEn);
  return (
    <>
      <section class="stats-section" aria-labelledby="leader-chart-title">
        <h2 id="leader-chart-title">{t('leaderStats.chartTitle')}</h2>
        <fieldset class="choice-group leader-metric">
          <legend>{t('leaderStats.chartMetric')}</legend>
          <div class="choices">
            {CHART_METRICS.map((m) => (
              <label key={m} class="choice">
                <input
                  type="radio"
                  name="leader-metric"
                  value={m}
                  checked={metric === m}
                  data-testid={`metric-${m}`}
                  onChange={() => {
                    onMetric(m);
                  }}
                />
                <span>{t(METRIC_LABELS[m])}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <LeaderChart
          rows={reply.rows.slice(0, limit)}
          metric={metric}
          caption={t('leaderStats.chartCaption', { metric: t(METRIC_LABELS[metric]), by })}
          format={format}
        />
        {reply.rows.length > limit && (
          <p class="stats-footnote">{t('leaderStats.chartFirst', { count: limit })}</p>
        )}
      </section>

      <section class="stats-section" aria-labelledby="leader-table-title">
        <h2 id="leader-table-title">{t('leaderStats.tableTitle', { by })}</h2>
        <p class="stats-hints scroll-hint">{t('leaderStats.scrollHint')}</p>
        {/* Scrolls inside itself on a phone; focusable so that the keyboard can scroll it too. */}
        <div class="table-scroll" role="region" aria-label={t('leaderStats.tableRegion')} tabIndex={0}>
          <table
            class="stats-table leader-table"
            data-testid="leader-table"
            aria-labelledby="leader-table-title"
          >
            <thead>
              <tr>
                <th scope="col" class="col-name">
                  {t(GROUPING_LABELS[reply.groupBy])}
                </th>
                {reply.columns.map((c) => (
                  <th scope="col" class="num" key={c} data-col={c}>
                    {t(columnLabel(c))}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {reply.rows.map((row) => (
                <tr key={row.key ?? ''} data-key={row.key ?? ''}>
                  <th scope="row" class="col-name">
                    {name(row)}
                  </th>
                  {reply.columns.map((c) => (
                    <FigureCell key={c} column={c} value={row[c]} format={format} />
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-key="total">
                <th scope="row" class="col-name">
                  {t('leaderStats.total')}
                </th>
                {reply.columns.map((c) => (
                  <FigureCell key={c} column={c} value={reply.total[c]} format={format} />
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section class="stats-section" aria-labelledby="leader-download-title">
        <h2 id="leader-download-title">{t('leaderStats.download')}</h2>
        <p class="field-hint">{t('leaderStats.downloadHint')}</p>
        <ul class="downloads">
          <li>
            <a class="button" href={exportUrl(query, 'xlsx', lang)} download data-testid="download-xlsx">
              {t('leaderStats.downloadXlsx')}
            </a>
          </li>
          <li>
            <a class="button" href={exportUrl(query, 'csv', lang)} download data-testid="download-csv">
              {t('leaderStats.downloadCsv')}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

function FigureCell({
  column,
  value,
  format,
}: {
  column: LeaderColumn;
  value: number | null;
  format: (column: LeaderColumn, value: number | null) => string;
}) {
  const { t } = useI18n();
  return (
    <td class="num" data-col={column}>
      {value === null ? (
        <>
          <span aria-hidden="true">—</span>
          <span class="visually-hidden">{t('leaderStats.noFigure')}</span>
        </>
      ) : (
        format(column, value)
      )}
    </td>
  );
}

function Filters({
  query,
  options,
  onChoose,
}: {
  query: LeaderQuery;
  options: { agencies: ScopeAgency[]; categories: Category[]; areas: Area[] };
  onChoose: (next: LeaderQuery) => void;
}) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState({ from: query.from, to: query.to });
  const [errors, setErrors] = useState<{ from?: MessageKey; to?: MessageKey }>({});

  useEffect(() => {
    setDraft({ from: query.from, to: query.to });
    setErrors({});
  }, [query.from, query.to]);

  /** Reads the form itself: a click right after typing may come before the typed value's re-render. */
  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const range = { from: field('from'), to: field('to') };
    const next: typeof errors = {};
    if (!isMonth(range.from)) next.from = 'statistics.monthInvalid';
    if (!isMonth(range.to)) next.to = 'statistics.monthInvalid';
    else if (next.from === undefined && range.to < range.from) next.to = 'statistics.rangeBackwards';
    setDraft(range);
    setErrors(next);
    if (next.from !== undefined || next.to !== undefined) {
      document.getElementById(next.from !== undefined ? 'leader-from' : 'leader-to')?.focus();
      return;
    }
    onChoose({ ...query, period: 'custom', ...range });
  };

  const select = (
    id: string,
    label: MessageKey,
    value: string | null,
    onValue: (value: string | null) => void,
    children: ComponentChildren,
  ) => (
    <div class="field">
      <label for={id}>{t(label)}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => {
          onValue(event.currentTarget.value || null);
        }}
      >
        {children}
      </select>
    </div>
  );

  return (
    <form
      class="stats-filters card leader-filters"
      aria-label={t('leaderStats.filters')}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (query.period === 'custom') apply(event.currentTarget);
      }}
    >
      <fieldset class="choice-group">
        <legend>{t('statistics.period')}</legend>
        <div class="choices">
          {PERIODS.map((p) => (
            <label key={p} class="choice">
              <input
                type="radio"
                name="leader-period"
                value={p}
                checked={query.period === p}
                data-testid={`period-${p}`}
                onChange={() => {
                  onChoose(
                    p === 'custom'
                      ? { ...query, period: p }
                      : { ...query, period: p, ...periodRange(p, new Date()) },
                  );
                }}
              />
              <span>{t(PERIOD_LABELS[p])}</span>
            </label>
          ))}
        </div>
        {query.period === 'custom' && (
          <div class="stats-range">
            <p class="field-hint" id="leader-month-hint">
              {t('statistics.monthHint')}
            </p>
            <div class="stats-range-fields">
              {(['from', 'to'] as const).map((end) => {
                const id = `leader-${end}`;
                const error = errors[end];
                return (
                  <div class="field" key={end}>
                    <label for={id}>{t(end === 'from' ? 'statistics.from' : 'statistics.to')}</label>
                    <input
                      id={id}
                      name={end}
                      type="month"
                      placeholder="2026-01"
                      pattern="\d{4}-\d{2}"
                      value={draft[end]}
                      aria-invalid={error !== undefined}
                      aria-describedby={
                        error !== undefined ? `${id}-error leader-month-hint` : 'leader-month-hint'
                      }
                      onInput={(event) => {
                        const value = event.currentTarget.value.trim();
                        setDraft((d) => ({ ...d, [end]: value }));
                      }}
                    />
                    {error !== undefined && (
                      <p class="field-error" id={`${id}-error`}>
                        {t(error)}
                      </p>
                    )}
                  </div>
                );
              })}
              <button type="submit" class="button" data-testid="apply-range">
                {t('leaderStats.apply')}
              </button>
            </div>
          </div>
        )}
      </fieldset>
      <fieldset class="choice-group">
        <legend>{t('leaderStats.groupBy')}</legend>
        <div class="choices">
          {LEADER_GROUPINGS.map((g) => (
            <label key={g} class="choice">
              <input
                type="radio"
                name="leader-group"
                value={g}
                checked={query.groupBy === g}
                data-testid={`group-${g}`}
                onChange={() => {
                  onChoose({ ...query, groupBy: g });
                }}
              />
              <span>{t(GROUPING_LABELS[g])}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="leader-filter-grid">
        {select(
          'leader-agency',
          'leaderStats.agency',
          query.agencyId,
          (agencyId) => {
            onChoose({ ...query, agencyId });
          },
          <>
            <option value="">{t('leaderStats.allAgencies')}</option>
            {options.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {'\u00a0\u00a0'.repeat(Math.min(a.depth, 4))}
                {a.name}
              </option>
            ))}
          </>,
        )}
        {select(
          'leader-category',
          'leaderStats.category',
          query.categoryId,
          (categoryId) => {
            onChoose({ ...query, categoryId });
          },
          <>
            <option value="">{t('leaderStats.allCategories')}</option>
            {categoryOptions(options.categories).map((c) => (
              <option key={c.id} value={c.id}>
                {c.depth > 0 ? '\u00a0\u00a0' : ''}
                {c.name[lang]}
              </option>
            ))}
          </>,
        )}
        {select(
          'leader-area',
          'leaderStats.area',
          query.areaId,
          (areaId) => {
            onChoose({ ...query, areaId });
          },
          <>
            <option value="">{t('leaderStats.allAreas')}</option>
            <AreaOptions areas={options.areas} />
          </>,
        )}
      </div>
    </form>
  );
}

/** Top-level categories, each followed by its subcategories. */
function categoryOptions(categories: readonly Category[]) {
  const out: { id: string; name: Category['name']; depth: number }[] = [];
  for (const parent of categories.filter((c) => c.parentId === null)) {
    out.push({ id: parent.id, name: parent.name, depth: 0 });
    for (const child of categories.filter((c) => c.parentId === parent.id))
      out.push({ id: child.id, name: child.name, depth: 1 });
  }
  return out;
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** Each unit under the province as a group: the whole unit first, then the units under it. */
function AreaOptions({ areas }: { areas: readonly Area[] }) {
  const { t } = useI18n();
  const roots = new Set(areas.filter((a) => a.parentId === null).map((a) => a.id));
  const label = (a: Area & { kind?: unknown }) =>
    typeof a.kind === 'string' ? `${a.kind} ${a.name}` : a.name;
  return (
    <>
      {areas
        .filter((a) => a.parentId !== null && roots.has(a.parentId))
        .map((unit) => {
          const below = areas.filter((a) => a.parentId === unit.id);
          if (below.length === 0)
            return (
              <option key={unit.id} value={unit.id}>
                {capitalised(label(unit))}
              </option>
            );
          return (
            <optgroup key={unit.id} label={capitalised(label(unit))}>
              <option value={unit.id}>{t('leaderStats.wholeArea', { name: label(unit) })}</option>
              {below.map((a) => (
                <option key={a.id} value={a.id}>
                  {capitalised(label(a))}
                </option>
              ))}
            </optgroup>
          );
        })}
    </>
  );
}

function HowCounted() {
  const { t } = useI18n();
  const items: MessageKey[] = [
    'leaderStats.how.period',
    'leaderStats.how.progress',
    'leaderStats.how.onTime',
    'leaderStats.how.late',
    'leaderStats.how.days',
    'leaderStats.how.returns',
    'leaderStats.how.satisfaction',
    'leaderStats.how.area',
  ];
  return (
    <section class="stats-section stats-how" aria-labelledby="leader-how-title">
      <h2 id="leader-how-title">{t('leaderStats.howTitle')}</h2>
      <ul>
        {items.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
    </section>
  );
}
