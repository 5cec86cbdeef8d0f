// "Thống kê" (#/thong-ke): received, handled, on-time and satisfaction figures for a period, for the whole
// province and by agency, area, category or month — a sortable table (the accessible source) and a light
// bar chart (decoration, with a text summary). The period and the grouping live in the address.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { LoadError } from '../components/load-error.js';
import { formatDateTimeVN } from '../format.js';
import { useI18n, type I18n, type Lang, type MessageKey } from '../i18n/index.js';
import { fetchFigures, type Figures, type FiguresReply } from '../stats/api.js';
import {
  GROUPINGS,
  isMonth,
  parseStatsHash,
  periodRange,
  PERIODS,
  statsHash,
  STATS_PATH,
  type Grouping,
  type Period,
  type StatsQuery,
} from '../stats/query.js';
import {
  columnValue,
  defaultSort,
  firstDirection,
  isSmallSample,
  SMALL_SAMPLE,
  SORT_COLUMNS,
  sortRows,
  toRows,
  type Row,
  type Sort,
  type SortColumn,
} from '../stats/rows.js';

type Load =
  { status: 'loading' } | { status: 'error' } | { status: 'ready'; reply: FiguresReply; query: StatsQuery };

const PERIOD_LABELS: Readonly<Record<Period, MessageKey>> = {
  'this-month': 'statistics.period.thisMonth',
  'this-year': 'statistics.period.thisYear',
  'last-12': 'statistics.period.last12',
  custom: 'statistics.period.custom',
};
const GROUPING_LABELS: Readonly<Record<Grouping, MessageKey>> = {
  agency: 'statistics.group.agency',
  area: 'statistics.group.area',
  category: 'statistics.group.category',
  month: 'statistics.group.month',
};
const GROUP_TITLES: Readonly<Record<Grouping, MessageKey>> = {
  agency: 'statistics.by.agency',
  area: 'statistics.by.area',
  category: 'statistics.by.category',
  month: 'statistics.by.month',
};
const COLUMN_LABELS: Readonly<Record<Exclude<SortColumn, 'name'>, MessageKey>> = {
  received: 'statistics.col.received',
  handled: 'statistics.col.handled',
  onTime: 'statistics.col.onTime',
  late: 'statistics.col.late',
  satisfaction: 'statistics.col.satisfaction',
};
/** What the chart's summary calls the figure it draws. */
const METRIC_LABELS: Readonly<Record<Exclude<SortColumn, 'name'>, MessageKey>> = {
  received: 'statistics.total.received',
  handled: 'statistics.total.handled',
  onTime: 'statistics.total.onTime',
  late: 'statistics.total.late',
  satisfaction: 'statistics.total.satisfaction',
};
/**
 * Bars beyond these would make a phone scroll a long way past decoration; the table has every row. Months
 * are a time line: three years of them, so that the latest are not cut off a 12-month period.
 */
const CHART_ROWS: Readonly<Record<Grouping, number>> = { agency: 10, area: 10, category: 10, month: 36 };

function readAddress(): { query: StatsQuery; invalidLink: boolean } {
  return parseStatsHash(window.location.hash, new Date());
}

export function StatisticsPage() {
  const { t, lang } = useI18n();
  const [{ query, invalidLink }, setAddress] = useState(readAddress);
  // Each grouping starts from its own order (months in order, others the largest first).
  const [sorted, setSorted] = useState<{ groupBy: Grouping; sort: Sort } | null>(null);
  const sort = sorted?.groupBy === query.groupBy ? sorted.sort : defaultSort(query);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // A link to other figures followed while the page is open (or Back): show what the address says.
  useEffect(() => {
    const onChange = () => {
      if (window.location.hash.split('?')[0] === `#${STATS_PATH}`) setAddress(readAddress());
    };
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);

  const { period, groupBy, from, to } = query;
  useEffect(() => {
    const controller = new AbortController();
    const asked: StatsQuery = { period, groupBy, from, to };
    setLoad({ status: 'loading' });
    fetchFigures(asked, controller.signal).then(
      (reply) => {
        if (!controller.signal.aborted) setLoad({ status: 'ready', reply, query: asked });
      },
      () => {
        if (!controller.signal.aborted) setLoad({ status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
    // Not on `period`: choosing "custom" keeps the months on screen, and so the figures.
  }, [groupBy, from, to, attempt]);

  /** Shows `next` and puts it in the address without a history entry per click (Back leaves the page). */
  const choose = (next: StatsQuery) => {
    window.history.replaceState(window.history.state, '', statsHash(next));
    setAddress({ query: next, invalidLink: false });
  };

  return (
    <div class="page statistics">
      <h1>{t('statistics.title')}</h1>
      <p class="intro-text">{t('statistics.intro')}</p>
      <Filters query={query} onChoose={choose} />
      {invalidLink && (
        <p class="notice notice-info" data-testid="link-invalid">
          {t('statistics.linkInvalid')}
        </p>
      )}
      <section
        class="stats-section"
        aria-labelledby="stats-total-title"
        aria-busy={load.status === 'loading'}
        data-testid="stats-results"
      >
        <h2 id="stats-total-title">{t('statistics.totalTitle')}</h2>
        <p class="stats-period" data-testid="stats-period">
          {periodLabel(t, lang, from, to)}
        </p>
        {load.status === 'error' ? (
          <LoadError
            message={t('statistics.error')}
            retry={t('statistics.retry')}
            onRetry={() => {
              setAttempt((n) => n + 1);
            }}
          />
        ) : (
          <>
            <Totals total={load.status === 'ready' ? load.reply.total : null} />
            <p class="as-of" role="status">
              {load.status === 'loading'
                ? t('statistics.loading')
                : load.reply.asOf === null
                  ? ''
                  : t('statistics.updatedAt', { time: formatDateTimeVN(new Date(load.reply.asOf)) })}
            </p>
          </>
        )}
      </section>
      {load.status === 'ready' &&
        (load.reply.total.received === 0 ? (
          <p class="notice notice-info" data-testid="stats-empty">
            {t('statistics.empty')}
          </p>
        ) : (
          <Groups
            reply={load.reply}
            query={load.query}
            sort={sort}
            onSort={(next) => {
              setSorted({ groupBy: load.query.groupBy, sort: next });
            }}
          />
        ))}
      <HowCounted />
    </div>
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
    ? t('statistics.oneMonth', { month: name(from) })
    : t('statistics.range', { from: name(from), to: name(to) });
}

function Filters({ query, onChoose }: { query: StatsQuery; onChoose: (next: StatsQuery) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState({ from: query.from, to: query.to });
  const [errors, setErrors] = useState<{ from?: MessageKey; to?: MessageKey }>({});

  // The months shown follow the figures shown (a period chosen, a link followed).
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
      document.getElementById(next.from !== undefined ? 'stats-from' : 'stats-to')?.focus();
      return;
    }
    onChoose({ ...query, period: 'custom', ...range });
  };

  return (
    <form
      class="stats-filters card"
      aria-label={t('statistics.filters')}
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
                name="stats-period"
                value={p}
                checked={query.period === p}
                data-testid={`period-${p}`}
                onChange={() => {
                  // "Choose months" starts from the months on screen, so the figures do not change until asked.
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
            <p class="field-hint" id="stats-month-hint">
              {t('statistics.monthHint')}
            </p>
            <div class="stats-range-fields">
              <MonthField
                id="stats-from"
                name="from"
                label={t('statistics.from')}
                value={draft.from}
                error={errors.from === undefined ? null : t(errors.from)}
                onInput={(from) => {
                  setDraft((d) => ({ ...d, from }));
                }}
              />
              <MonthField
                id="stats-to"
                name="to"
                label={t('statistics.to')}
                value={draft.to}
                error={errors.to === undefined ? null : t(errors.to)}
                onInput={(to) => {
                  setDraft((d) => ({ ...d, to }));
                }}
              />
              <button type="submit" class="button" data-testid="apply-range">
                {t('statistics.apply')}
              </button>
            </div>
          </div>
        )}
      </fieldset>
      <fieldset class="choice-group">
        <legend>{t('statistics.groupBy')}</legend>
        <div class="choices">
          {GROUPINGS.map((g) => (
            <label key={g} class="choice">
              <input
                type="radio"
                name="stats-group"
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
    </form>
  );
}

function MonthField({
  id,
  name,
  label,
  value,
  error,
  onInput,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  error: string | null;
  onInput: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="month"
        // Browsers without a month picker show a text box: the hint says how to type a month.
        placeholder="2026-01"
        pattern="\d{4}-\d{2}"
        value={value}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? `${id}-error stats-month-hint` : 'stats-month-hint'}
        onInput={(event) => {
          onInput(event.currentTarget.value.trim());
        }}
      />
      {error !== null && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The province's figures: `total` null while loading keeps the cards' place so nothing jumps. */
function Totals({ total }: { total: Figures | null }) {
  const { t, formatNumber } = useI18n();
  const count = (n: number | undefined) => (n === undefined ? '…' : formatNumber(n));
  return (
    <dl class="stats stats-totals">
      <div class="stat">
        <dt>{t('statistics.total.received')}</dt>
        <dd class="stat-value" data-testid="total-received">
          {count(total?.received)}
        </dd>
      </div>
      <div class="stat">
        <dt>{t('statistics.total.handled')}</dt>
        <dd class="stat-value" data-testid="total-handled">
          {count(total?.handled)}
        </dd>
      </div>
      <TotalRate
        label={t('statistics.total.onTime')}
        rate={total?.onTimeRate}
        of={total?.cameDue}
        ofKey="statistics.dueOf"
        noneKey="statistics.noneDue"
        testId="total-ontime"
      />
      <div class="stat">
        <dt>{t('statistics.total.late')}</dt>
        <dd class="stat-value" data-testid="total-late">
          {count(total?.late)}
        </dd>
        {total && total.cameDue > 0 && (
          <dd class="stat-note">{t('statistics.lateOf', { count: formatNumber(total.cameDue) })}</dd>
        )}
      </div>
      <TotalRate
        label={t('statistics.total.satisfaction')}
        rate={total?.satisfactionRate}
        of={total?.rated}
        ofKey="statistics.ratedOf"
        noneKey="statistics.noneRated"
        testId="total-satisfaction"
      />
    </dl>
  );
}

function TotalRate({
  label,
  rate,
  of,
  ofKey,
  noneKey,
  testId,
}: {
  label: string;
  rate: number | null | undefined;
  of: number | undefined;
  ofKey: MessageKey;
  noneKey: MessageKey;
  testId: string;
}) {
  const { t, formatNumber, formatPercent } = useI18n();
  const small = of !== undefined && isSmallSample(of);
  return (
    <div class={small ? 'stat small-sample' : 'stat'}>
      <dt>{label}</dt>
      <dd class="stat-value" data-testid={testId}>
        {rate === undefined ? '…' : rate === null ? '—' : formatPercent(rate * 100)}
      </dd>
      {rate === null && <dd class="stat-note">{t(noneKey)}</dd>}
      {rate !== null && of !== undefined && (
        <dd class="stat-note">{t(ofKey, { count: formatNumber(of) })}</dd>
      )}
    </div>
  );
}

function Groups({
  reply,
  query,
  sort,
  onSort,
}: {
  reply: FiguresReply;
  query: StatsQuery;
  sort: Sort;
  onSort: (sort: Sort) => void;
}) {
  const { t, lang } = useI18n();
  const rows = useMemo(
    () => sortRows(toRows(reply.groups, query, lang), sort, query.groupBy, lang),
    [reply, query, sort, lang],
  );
  const title = t(GROUP_TITLES[query.groupBy]);
  const hasSmall = rows.some((r) => isSmallSample(r.cameDue) || isSmallSample(r.rated));
  return (
    <section class="stats-section" aria-labelledby="stats-groups-title" data-testid="stats-groups">
      <h2 id="stats-groups-title">{title}</h2>
      <Chart
        rows={rows}
        column={sort.column === 'name' ? 'received' : sort.column}
        limit={CHART_ROWS[query.groupBy]}
        shortNames={query.groupBy === 'month'}
      />
      <GroupTable rows={rows} query={query} sort={sort} onSort={onSort} title={title} />
      {hasSmall && (
        <p class="stats-footnote" data-testid="small-note">
          {t('statistics.small', { min: SMALL_SAMPLE })}
        </p>
      )}
    </section>
  );
}

function GroupTable({
  rows,
  query,
  sort,
  onSort,
  title,
}: {
  rows: readonly Row[];
  query: StatsQuery;
  sort: Sort;
  onSort: (sort: Sort) => void;
  title: string;
}) {
  const { t, lang, formatNumber } = useI18n();
  const header = (column: SortColumn) => {
    const sorted = sort.column === column;
    const label = column === 'name' ? t(GROUPING_LABELS[query.groupBy]) : t(COLUMN_LABELS[column]);
    return (
      <th
        key={column}
        scope="col"
        class={column === 'name' ? 'col-name' : 'num'}
        aria-sort={sorted ? sort.direction : undefined}
      >
        <button
          type="button"
          class="sort-button"
          data-testid={`sort-${column}`}
          onClick={() => {
            onSort({
              column,
              direction: sorted
                ? sort.direction === 'ascending'
                  ? 'descending'
                  : 'ascending'
                : firstDirection(column),
            });
          }}
        >
          {label}
          <span class={`sort-icon${sorted ? ` sort-${sort.direction}` : ''}`} aria-hidden="true" />
        </button>
      </th>
    );
  };
  return (
    <>
      {/* The table's name, outside the box that scrolls, so that a phone shows all of it. */}
      <p class="stats-table-title" id="stats-table-title">
        {t('statistics.caption', { by: title, period: periodLabel(t, lang, query.from, query.to) })}
      </p>
      <p class="stats-hints">
        {t('statistics.sortHint')} <span class="scroll-hint">{t('statistics.scrollHint')}</span>
      </p>
      {/* Scrolls inside itself on a phone; focusable so that the keyboard can scroll it too. */}
      <div class="table-scroll" role="region" aria-label={t('statistics.tableRegion')} tabIndex={0}>
        <table class="stats-table" data-testid="stats-table" aria-labelledby="stats-table-title">
          <thead>
            <tr>{SORT_COLUMNS.map(header)}</tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key ?? ''} data-key={row.key ?? ''}>
                <th scope="row" class="col-name">
                  {row.name}
                </th>
                <td class="num" data-col="received">
                  {formatNumber(row.received)}
                </td>
                <td class="num" data-col="handled">
                  {formatNumber(row.handled)}
                </td>
                <RateCell rate={row.onTimeRate} of={row.cameDue} ofKey="statistics.dueOf" col="onTime" />
                <td class="num" data-col="late">
                  {formatNumber(row.late)}
                </td>
                <RateCell
                  rate={row.satisfactionRate}
                  of={row.rated}
                  ofKey="statistics.ratedOf"
                  col="satisfaction"
                />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A rate, a dash when there is nothing to take a share of, and its count when that is small. */
function RateCell({
  rate,
  of,
  ofKey,
  col,
}: {
  rate: number | null;
  of: number;
  ofKey: MessageKey;
  col: string;
}) {
  const { t, formatNumber, formatPercent } = useI18n();
  const small = isSmallSample(of);
  return (
    <td class={small && rate !== null ? 'num small-sample' : 'num'} data-col={col}>
      {rate === null ? <NoFigure /> : <span class="rate">{formatPercent(rate * 100)}</span>}
      {small && rate !== null && <span class="cell-note">{t(ofKey, { count: formatNumber(of) })}</span>}
    </td>
  );
}

function NoFigure() {
  const { t } = useI18n();
  return (
    <>
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">{t('statistics.noFigure')}</span>
    </>
  );
}

/**
 * Bars for the column the table is sorted by (received when sorted by name), in the table's order. Hidden
 * from assistive technology: the sentence above it and the table say the same.
 */
function Chart({
  rows,
  column,
  limit,
  shortNames,
}: {
  rows: readonly Row[];
  column: Exclude<SortColumn, 'name'>;
  limit: number;
  /** Names that fit beside their bar even on a phone (months). */
  shortNames: boolean;
}) {
  const { t, formatNumber, formatPercent } = useI18n();
  const isRate = column === 'onTime' || column === 'satisfaction';
  const format = (value: number) => (isRate ? formatPercent(value * 100) : formatNumber(value));
  const shown = rows.slice(0, limit);
  const max = isRate ? 1 : Math.max(1, ...shown.map((r) => columnValue(r, column) ?? 0));
  // The highest among rates that rest on enough cases: 100 % of one rating is no champion.
  const candidates = rows.filter(
    (r) =>
      columnValue(r, column) !== null &&
      !(column === 'onTime' && isSmallSample(r.cameDue)) &&
      !(column === 'satisfaction' && isSmallSample(r.rated)),
  );
  const top = candidates.reduce<Row | null>(
    (best, r) =>
      best === null || (columnValue(r, column) ?? 0) > (columnValue(best, column) ?? 0) ? r : best,
    null,
  );
  const metric = t(METRIC_LABELS[column]);
  const topValue = top === null ? null : columnValue(top, column);
  return (
    <figure class="stats-chart" data-testid="stats-chart">
      <figcaption>
        {rows.length > limit
          ? t('statistics.chartFirst', { metric, count: limit })
          : t('statistics.chartAll', { metric })}
        {top !== null && topValue !== null && (
          <> {t('statistics.chartTop', { name: top.name, value: format(topValue) })}</>
        )}
      </figcaption>
      <div class={shortNames ? 'bars bars-short' : 'bars'} aria-hidden="true">
        {shown.map((row) => {
          const value = columnValue(row, column);
          return (
            <div class="bar-row" key={row.key ?? ''}>
              <span class="bar-label">{row.name}</span>
              <span class="bar-track">
                {value !== null && (
                  <span class="bar" style={{ width: `${Math.min(100, (value / max) * 100)}%` }} />
                )}
              </span>
              <span class="bar-value">{value === null ? '—' : format(value)}</span>
            </div>
          );
        })}
      </div>
    </figure>
  );
}

function HowCounted() {
  const { t } = useI18n();
  const items: MessageKey[] = [
    'statistics.how.period',
    'statistics.how.handled',
    'statistics.how.onTime',
    'statistics.how.late',
    'statistics.how.satisfaction',
    'statistics.how.area',
  ];
  return (
    <section class="stats-section stats-how" aria-labelledby="stats-how-title">
      <h2 id="stats-how-title">{t('statistics.howTitle')}</h2>
      <ul>
        {items.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
    </section>
  );
}
