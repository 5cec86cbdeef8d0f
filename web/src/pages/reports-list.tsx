// The public reports (`#/phan-anh`): search (diacritics optional), filters by category, area, status and period,
// a list paged with "Xem thêm" and a map beside it (on a phone, one or the other). The filters live in the address,
// so a link shows the same reports to whoever opens it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fetchAreas, fetchCategories, type Area, type Category } from '../api-report.js';
import { LoadError } from '../components/load-error.js';
import { useWorkflowTable } from '../follow/labels.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { fetchReportPage, type ReportSummary } from '../map/api.js';
import {
  filtersFromQuery,
  hashQuery,
  hasFilters,
  listParams,
  mapFilters,
  NO_FILTERS,
  PERIODS,
  queryFromFilters,
  type Period,
  type ReportFilters,
  type ReportsView,
} from '../map/filters.js';
import { ReportCard } from '../map/report-card.js';
import { ReportsMap } from '../map/reports-map.js';

const PAGE_SIZE = 20;

type ListState =
  | { status: 'loading' }
  | { status: 'error' }
  | {
      status: 'ready';
      items: ReportSummary[];
      nextCursor: string | null;
      more: 'idle' | 'loading' | 'error';
    };

const PERIOD_LABELS: Readonly<Record<Period, MessageKey>> = {
  '7d': 'reports.period7d',
  '30d': 'reports.period30d',
  '90d': 'reports.period90d',
  '365d': 'reports.period365d',
};

/** The page's state as the address has it. */
function fromAddress(): { filters: ReportFilters; view: ReportsView } {
  return filtersFromQuery(hashQuery(window.location.hash));
}

export function ReportsListPage() {
  const { t, lang } = useI18n();
  const table = useWorkflowTable();
  const [{ filters, view }, setState] = useState(fromAddress);
  const [query, setQuery] = useState(filters.q);
  /** The search box as typed, also between a keystroke and the render it causes (a quick Enter). */
  const typed = useRef(filters.q);
  const [categories, setCategories] = useState<Category[]>([]);
  const [areas, setAreas] = useState<Area[]>([]);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const focusAfterMore = useRef<string | null>(null);

  // A link followed to this page (the header's "Phản ánh", a shared address) sets the filters it carries.
  useEffect(() => {
    const onChange = () => {
      if (!window.location.hash.startsWith('#/phan-anh')) return;
      const next = fromAddress();
      setState(next);
      setQuery(next.filters.q);
      typed.current = next.filters.q;
    };
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);

  /** Shows `next` and writes it into the address without a new history entry (the filters are a view's state). */
  const apply = (next: ReportFilters, nextView: ReportsView = view) => {
    setState({ filters: next, view: nextView });
    const search = queryFromFilters(next, nextView);
    window.history.replaceState(window.history.state, '', `#/phan-anh${search === '' ? '' : `?${search}`}`);
  };

  useEffect(() => {
    const controller = new AbortController();
    fetchCategories(controller.signal).then(
      (list) => {
        if (!controller.signal.aborted) setCategories(list);
      },
      () => {
        // Without them the category filter offers "all" only; the list still works.
      },
    );
    fetchAreas(controller.signal).then(
      (list) => {
        if (!controller.signal.aborted) setAreas(list);
      },
      () => {
        // As above, for the area filter.
      },
    );
    return () => {
      controller.abort();
    };
  }, []);

  // A link naming a category or an area that no longer exists: shown as "all" rather than as an empty list.
  useEffect(() => {
    const unknownCategory =
      filters.categoryId !== null &&
      categories.length > 0 &&
      !categories.some((c) => c.id === filters.categoryId);
    const unknownArea =
      filters.areaId !== null && areas.length > 0 && !areas.some((a) => a.id === filters.areaId);
    if (unknownCategory || unknownArea)
      apply({
        ...filters,
        categoryId: unknownCategory ? null : filters.categoryId,
        areaId: unknownArea ? null : filters.areaId,
      });
  }, [categories, areas, filters]);

  const params = useMemo(() => listParams(filters), [filters]);
  useEffect(() => {
    const controller = new AbortController();
    setList({ status: 'loading' });
    fetchReportPage(params, { limit: PAGE_SIZE, signal: controller.signal }).then(
      (page) => {
        if (!controller.signal.aborted)
          setList({ status: 'ready', items: page.items, nextCursor: page.nextCursor, more: 'idle' });
      },
      () => {
        if (!controller.signal.aborted) setList({ status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
  }, [params, attempt]);

  // After "Xem thêm", keyboard and screen reader users go on from the first report just added.
  useEffect(() => {
    const code = focusAfterMore.current;
    // An effect of an earlier render may run after the answer came: wait for the render that shows it.
    if (code === null || list.status !== 'ready' || !list.items.some((i) => i.code === code)) return;
    focusAfterMore.current = null;
    const card = [...document.querySelectorAll('[data-code]')].find(
      (e) => e.getAttribute('data-code') === code,
    );
    card?.querySelector('a')?.focus();
  }, [list]);

  const loadMore = () => {
    if (list.status !== 'ready' || list.nextCursor === null || list.more === 'loading') return;
    const shown = list;
    setList({ ...shown, more: 'loading' });
    fetchReportPage(params, { limit: PAGE_SIZE, cursor: shown.nextCursor }).then(
      (page) => {
        focusAfterMore.current = page.items[0]?.code ?? null;
        setList({
          status: 'ready',
          items: [...shown.items, ...page.items.filter((i) => !shown.items.some((s) => s.code === i.code))],
          nextCursor: page.nextCursor,
          more: 'idle',
        });
      },
      () => {
        setList({ ...shown, more: 'error' });
      },
    );
  };

  const categoryNames = useMemo(() => new Map(categories.map((c) => [c.id, c.name])), [categories]);
  const filtered = hasFilters(filters);
  const change = (patch: Partial<ReportFilters>) => {
    apply({ ...filters, q: typed.current.trim(), ...patch });
  };

  return (
    <div class="page reports-page">
      <h1>{t('reports.title')}</h1>
      <p class="intro-text">{t('reports.intro')}</p>

      <form
        class="card reports-filters"
        role="search"
        aria-label={t('reports.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          change({});
        }}
      >
        <div class="field reports-search">
          <label for="reports-q">{t('reports.search')}</label>
          <div class="reports-search-row">
            <input
              id="reports-q"
              type="search"
              maxLength={200}
              value={query}
              aria-describedby="reports-q-hint"
              onInput={(e) => {
                typed.current = e.currentTarget.value;
                setQuery(e.currentTarget.value);
              }}
            />
            <button type="submit" class="button button-primary" data-testid="reports-search">
              {t('reports.searchButton')}
            </button>
          </div>
          <p class="field-hint" id="reports-q-hint">
            {t('reports.searchHint')}
          </p>
        </div>
        <div class="reports-filter-grid">
          <div class="field">
            <label for="reports-category">{t('reports.category')}</label>
            <select
              id="reports-category"
              value={filters.categoryId ?? ''}
              onChange={(e) => {
                change({ categoryId: e.currentTarget.value || null });
              }}
            >
              <option value="">{t('reports.allCategories')}</option>
              {categoryOptions(categories).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.depth > 0 ? `\u00a0\u00a0– ${c.name[lang]}` : c.name[lang]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="reports-area">{t('reports.area')}</label>
            <select
              id="reports-area"
              value={filters.areaId ?? ''}
              onChange={(e) => {
                change({ areaId: e.currentTarget.value || null });
              }}
            >
              <option value="">{t('reports.allAreas')}</option>
              <AreaOptions areas={areas} />
            </select>
          </div>
          <div class="field">
            <label for="reports-status">{t('reports.status')}</label>
            <select
              id="reports-status"
              value={filters.status ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                change({ status: value === 'open' || value === 'answered' ? value : null });
              }}
            >
              <option value="">{t('reports.anyStatus')}</option>
              <option value="open">{t('reports.statusOpen')}</option>
              <option value="answered">{t('reports.statusAnswered')}</option>
            </select>
          </div>
          <div class="field">
            <label for="reports-period">{t('reports.period')}</label>
            <select
              id="reports-period"
              value={filters.period ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                change({ period: (PERIODS as readonly string[]).includes(value) ? (value as Period) : null });
              }}
            >
              <option value="">{t('reports.anyTime')}</option>
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t(PERIOD_LABELS[p])}
                </option>
              ))}
            </select>
          </div>
        </div>
        {filtered && (
          <button
            type="button"
            class="link-button"
            data-testid="reports-clear"
            onClick={() => {
              setQuery('');
              typed.current = '';
              apply(NO_FILTERS);
            }}
          >
            {t('reports.clear')}
          </button>
        )}
      </form>

      <div class="view-toggle" role="group" aria-label={t('reports.views')}>
        {(['list', 'map'] as const).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={view === v}
            data-testid={`view-${v}`}
            onClick={() => {
              apply(filters, v);
            }}
          >
            {t(v === 'list' ? 'reports.viewList' : 'reports.viewMap')}
          </button>
        ))}
      </div>

      <div class="reports-layout" data-view={view}>
        <section class="reports-list-pane" aria-labelledby="reports-list-title">
          <h2 id="reports-list-title">{t('reports.listTitle')}</h2>
          <ReportList
            state={list}
            filtered={filtered}
            table={table}
            onRetry={() => {
              setAttempt((n) => n + 1);
            }}
            onMore={loadMore}
            onClear={() => {
              setQuery('');
              typed.current = '';
              apply(NO_FILTERS);
            }}
          />
        </section>
        <section class="reports-map-pane" aria-labelledby="reports-map-title">
          <h2 id="reports-map-title">{t('map.title')}</h2>
          {(filters.q !== '' || filters.period !== null) && (
            <p class="field-hint" data-testid="map-filters-note">
              {t('map.filtersNote')}
            </p>
          )}
          <ReportsMap
            variant="page"
            {...mapFilters(filters)}
            areaId={filters.areaId}
            categoryNames={categoryNames}
            table={table}
          />
        </section>
      </div>
    </div>
  );
}

function ReportList({
  state,
  filtered,
  table,
  onRetry,
  onMore,
  onClear,
}: {
  state: ListState;
  filtered: boolean;
  table: ReturnType<typeof useWorkflowTable>;
  onRetry: () => void;
  onMore: () => void;
  onClear: () => void;
}) {
  const { t, formatNumber } = useI18n();
  if (state.status === 'loading') return <p role="status">{t('reports.loading')}</p>;
  if (state.status === 'error')
    return <LoadError message={t('reports.loadError')} retry={t('reports.retry')} onRetry={onRetry} />;
  const count = state.items.length;
  return (
    <>
      <p role="status" class="reports-count" data-testid="reports-count">
        {count === 0
          ? ''
          : state.nextCursor !== null
            ? t('reports.countMore', { count: formatNumber(count) })
            : count === 1
              ? t('reports.countOne')
              : t('reports.countAll', { count: formatNumber(count) })}
      </p>
      {count === 0 ? (
        <div class="notice notice-info reports-empty" data-testid="reports-empty">
          <p>{t('reports.emptyTitle')}</p>
          <p class="reports-empty-text">{t(filtered ? 'reports.emptyFiltered' : 'reports.emptyNone')}</p>
          {filtered ? (
            <button type="button" class="button" onClick={onClear}>
              {t('reports.clear')}
            </button>
          ) : (
            <a class="button" href="#/gui-phan-anh">
              {t('reports.submit')}
            </a>
          )}
        </div>
      ) : (
        <ul class="follow-list report-cards" data-testid="reports-list">
          {state.items.map((report) => (
            <ReportCard key={report.code} report={report} table={table} />
          ))}
        </ul>
      )}
      {state.nextCursor !== null && (
        <div class="reports-more">
          {state.more === 'error' && <p class="field-error">{t('reports.loadError')}</p>}
          <button
            type="button"
            class="button"
            data-testid="reports-more"
            aria-disabled={state.more === 'loading'}
            onClick={onMore}
          >
            {state.more === 'loading' ? t('reports.loadingMore') : t('reports.more')}
          </button>
        </div>
      )}
    </>
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

/** Each district as a group: the whole district first, then its communes; units below the province otherwise. */
function AreaOptions({ areas }: { areas: readonly Area[] }) {
  const { t } = useI18n();
  const roots = new Set(areas.filter((a) => a.parentId === null).map((a) => a.id));
  const children = (id: string) => areas.filter((a) => a.parentId === id);
  // The API sends each area's kind word (huyện, xã…) too; the name alone when it does not.
  const label = (a: Area & { kind?: unknown }) =>
    typeof a.kind === 'string' ? `${a.kind} ${a.name}` : a.name;
  const units = areas.filter((a) => a.parentId !== null && roots.has(a.parentId));
  return (
    <>
      {units.map((unit) => {
        const below = children(unit.id);
        if (below.length === 0)
          return (
            <option key={unit.id} value={unit.id}>
              {capitalised(label(unit))}
            </option>
          );
        return (
          <optgroup key={unit.id} label={capitalised(label(unit))}>
            <option value={unit.id}>{t('reports.wholeArea', { name: label(unit) })}</option>
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
