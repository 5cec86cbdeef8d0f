// The officer's inboxes (`#/can-bo`): one tab per inbox of the officer's roles with its count, filters (category,
// area, agency, priority), a search that ignores diacritics (the server's), the reports of a tab most urgent first
// with their deadline in words and colour, pages, live updates, bulk actions and the receivers' triage keys.
// The tab, the search, the filters and the page stay in the address (`#/can-bo?tab=new&q=duong&page=2`).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { fetchAreas, fetchCategories, type Area, type Category } from '../api-report.js';
import { newIdempotencyKey } from '../api-follow.js';
import { errorMessage } from '../follow/labels.js';
import { formatDateTimeVN } from '../format.js';
import { useI18n } from '../i18n/index.js';
import {
  fetchAgencies,
  fetchFullWorkflowTable,
  fetchInbox,
  fetchInboxTabs,
  PRIORITIES,
  takeAction,
  type Agency,
  type FullWorkflowTable,
  type InboxItem,
  type InboxPage,
  type InboxTab,
} from './api.js';
import {
  actionLabel,
  areaLabel,
  channelKey,
  FLAG_KEYS,
  priorityKey,
  roleKey,
  stateLabel,
  tabKey,
  tableAllows,
  timeLeft,
} from './labels.js';
import { useInboxStream, type LiveState } from './live.js';
import { useShortcuts } from './shortcuts.js';

export const INBOX_PATH = '/can-bo';
export const PAGE_SIZE = 20;

/** What the address holds. */
export interface InboxState {
  tab: string | null;
  q: string;
  category: string;
  area: string;
  agency: string;
  priority: string;
  page: number;
}

const EMPTY: InboxState = { tab: null, q: '', category: '', area: '', agency: '', priority: '', page: 1 };

export function inboxStateFrom(hash: string): InboxState {
  const start = hash.indexOf('?');
  const params = new URLSearchParams(start === -1 ? '' : hash.slice(start + 1));
  const page = Number(params.get('page') ?? '1');
  return {
    tab: params.get('tab'),
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    area: params.get('area') ?? '',
    agency: params.get('agency') ?? '',
    priority: params.get('priority') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function inboxHash(state: InboxState): string {
  const params = new URLSearchParams();
  if (state.tab !== null) params.set('tab', state.tab);
  if (state.q.trim() !== '') params.set('q', state.q.trim());
  if (state.category !== '') params.set('category', state.category);
  if (state.area !== '') params.set('area', state.area);
  if (state.agency !== '') params.set('agency', state.agency);
  if (state.priority !== '') params.set('priority', state.priority);
  if (state.page > 1) params.set('page', String(state.page));
  const search = params.toString();
  return `#${INBOX_PATH}${search === '' ? '' : `?${search}`}`;
}

const filtered = (s: InboxState) =>
  s.q.trim() !== '' || s.category !== '' || s.area !== '' || s.agency !== '' || s.priority !== '';

type Load =
  { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; page: InboxPage };

/** What a bulk action or the `a` key did, for the status line. */
interface Outcome {
  tone: 'success' | 'error';
  text: string;
  failures: string[];
}

export function Inbox({ roles }: { roles: readonly string[] }) {
  const { t, lang, formatNumber } = useI18n();
  const [state, setStateRaw] = useState<InboxState>(() => ({
    ...EMPTY,
    ...inboxStateFrom(window.location.hash),
  }));
  const [typed, setTyped] = useState(state.q);
  const [tabs, setTabs] = useState<InboxTab[] | null>(null);
  const [tabsError, setTabsError] = useState<unknown>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const [cursor, setCursorState] = useState(0);
  /** The cursor as last set, also between a key and the render it causes (a key held down repeats fast). */
  const cursorRef = useRef(0);
  const setCursor = useCallback((next: number | ((c: number) => number)) => {
    cursorRef.current = typeof next === 'function' ? next(cursorRef.current) : next;
    setCursorState(cursorRef.current);
  }, []);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [help, setHelp] = useState(false);
  const [table, setTable] = useState<FullWorkflowTable | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [areas, setAreas] = useState<Area[]>([]);
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  /** Ids seen on this tab's page before a live update: the others are new and marked so. */
  const seen = useRef<Set<string> | null>(null);
  const live = useRef(false);

  const setState = useCallback((next: InboxState) => {
    setStateRaw(next);
    window.history.replaceState(window.history.state, '', inboxHash(next));
  }, []);

  // A link followed to the inbox (the workspace's navigation, a shared address) sets what it carries.
  useEffect(() => {
    const onChange = () => {
      const hash = window.location.hash;
      if (hash !== `#${INBOX_PATH}` && !hash.startsWith(`#${INBOX_PATH}?`)) return;
      const next = { ...EMPTY, ...inboxStateFrom(hash) };
      setStateRaw(next);
      setTyped(next.q);
    };
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);

  const refresh = useCallback(() => {
    live.current = true;
    setTick((n) => n + 1);
  }, []);
  const liveState = useInboxStream(refresh);

  useEffect(() => {
    fetchFullWorkflowTable().then(setTable, () => {
      // Labels fall back to codes; the bulk actions stay hidden.
    });
    fetchAgencies().then(setAgencies, () => {
      setAgencies([]);
    });
    const controller = new AbortController();
    fetchCategories(controller.signal).then(
      (list) => {
        if (!controller.signal.aborted) setCategories(list);
      },
      () => {
        // The category filter offers "all" only; the inbox still works.
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

  // The tabs and their counts: at first, and again with every change the stream reports.
  useEffect(() => {
    const controller = new AbortController();
    fetchInboxTabs(controller.signal).then(
      (list) => {
        if (controller.signal.aborted) return;
        setTabs(list);
        setTabsError(null);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setTabsError(error);
      },
    );
    return () => {
      controller.abort();
    };
  }, [tick]);

  const tab =
    state.tab !== null && tabs?.some((x) => x.id === state.tab) ? state.tab : (tabs?.[0]?.id ?? null);

  // The page of the tab.
  useEffect(() => {
    if (tab === null) return undefined;
    const controller = new AbortController();
    const wasLive = live.current;
    live.current = false;
    if (!wasLive) setLoad({ status: 'loading' });
    fetchInbox(
      {
        tab,
        q: state.q,
        categoryId: state.category,
        areaId: state.area,
        agencyId: state.agency,
        priority: state.priority,
        page: state.page,
        pageSize: PAGE_SIZE,
      },
      controller.signal,
    ).then(
      (page) => {
        if (controller.signal.aborted) return;
        const ids = new Set(page.items.map((i) => i.id));
        if (wasLive && seen.current !== null) {
          const before = seen.current;
          setFresh(new Set(page.items.filter((i) => !before.has(i.id)).map((i) => i.id)));
        } else setFresh(new Set());
        seen.current = ids;
        setLoad({ status: 'ready', page });
        setSelected((s) => new Set([...s].filter((id) => ids.has(id))));
        setCursor((c) => Math.min(c, Math.max(0, page.items.length - 1)));
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !wasLive) setLoad({ status: 'error', error });
      },
    );
    return () => {
      controller.abort();
    };
  }, [tab, state.q, state.category, state.area, state.agency, state.priority, state.page, tick]);

  // The search box asks once typing pauses.
  useEffect(() => {
    if (typed === state.q) return undefined;
    const timer = setTimeout(() => {
      setState({ ...state, q: typed, page: 1 });
    }, 350);
    return () => {
      clearTimeout(timer);
    };
  }, [typed, state, setState]);

  const items = load.status === 'ready' ? load.page.items : [];

  const focusRow = (index: number) => {
    const link = listRef.current?.querySelectorAll<HTMLAnchorElement>('.ws-item-code')[index];
    link?.focus();
    link?.scrollIntoView({ block: 'nearest' });
  };

  const move = (delta: number) => {
    if (items.length === 0) return;
    const next = Math.min(items.length - 1, Math.max(0, cursorRef.current + delta));
    setCursor(next);
    focusRow(next);
  };

  const open = (item: InboxItem | undefined) => {
    if (item !== undefined) window.location.hash = `#/can-bo/phan-anh/${encodeURIComponent(item.code)}`;
  };

  /** Takes `action` on each item in turn, with the version the inbox shows; says what was done and what not. */
  const runBulk = async (
    action: string,
    targets: readonly InboxItem[],
    input: Record<string, unknown> = {},
  ) => {
    const failures: string[] = [];
    let done = 0;
    for (const item of targets) {
      try {
        await takeAction(item.id, action, input, item.version, newIdempotencyKey());
        done += 1;
      } catch (error) {
        const why =
          error instanceof ApiError && error.code === 'report_changed'
            ? t('workspace.inbox.changed')
            : errorMessage(error, t, 'workspace.action.failed');
        failures.push(`${item.code}: ${why}`);
      }
    }
    setOutcome({
      tone: failures.length === 0 ? 'success' : 'error',
      text: t('workspace.bulk.done', {
        action: actionLabel(table, action, lang),
        done,
        total: targets.length,
      }),
      failures,
    });
    setSelected(new Set());
    refresh();
  };

  const acceptCursor = () => {
    const item = items[cursorRef.current];
    if (item === undefined) return;
    if (!tableAllows(table, 'accept', item.status, roles)) {
      setOutcome({
        tone: 'error',
        text: t('workspace.inbox.cannotAccept', { code: item.code }),
        failures: [],
      });
      return;
    }
    void runBulk('accept', [item]);
  };

  useShortcuts({
    j: () => {
      move(1);
    },
    k: () => {
      move(-1);
    },
    Enter: () => {
      open(items[cursorRef.current]);
    },
    a: acceptCursor,
    '/': () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    '?': () => {
      setHelp((h) => !h);
    },
    Escape: () => {
      setHelp(false);
    },
  });

  const choose = (patch: Partial<InboxState>) => {
    setState({ ...state, ...patch, page: patch.page ?? 1 });
  };

  const selectedItems = items.filter((i) => selected.has(i.id));
  const tabInfo = tabs?.find((x) => x.id === tab) ?? null;

  return (
    <div class="ws-inbox">
      <div class="ws-inbox-top">
        <LiveStatus state={liveState} />
        <button
          type="button"
          class="link-button ws-help-button"
          aria-expanded={help}
          aria-controls="ws-shortcuts"
          onClick={() => {
            setHelp((h) => !h);
          }}
        >
          {t('workspace.shortcuts.title')}
        </button>
      </div>
      {help && (
        <ShortcutHelp
          onClose={() => {
            setHelp(false);
          }}
        />
      )}

      {tabsError !== null && tabs === null ? (
        <div class="notice notice-error" role="alert" data-testid="inbox-error">
          <p>{errorMessage(tabsError, t, 'workspace.inbox.error')}</p>
          <button type="button" class="button" onClick={refresh}>
            {t('workspace.retry')}
          </button>
        </div>
      ) : tabs === null ? (
        <p role="status">{t('workspace.inbox.loading')}</p>
      ) : tabs.length === 0 ? (
        <p class="notice notice-info" data-testid="inbox-no-tabs">
          {t('workspace.inbox.noTabs')}
        </p>
      ) : (
        <>
          <InboxTabs
            tabs={tabs}
            current={tab}
            onChoose={(id) => {
              setCursor(0);
              setOutcome(null);
              seen.current = null;
              choose({ tab: id });
            }}
          />
          <div
            class="ws-inbox-panel"
            role="tabpanel"
            id="ws-inbox-panel"
            aria-labelledby={tab === null ? undefined : `ws-tab-${tab}`}
          >
            <Filters
              state={state}
              typed={typed}
              onType={setTyped}
              searchRef={searchRef}
              categories={categories}
              areas={areas}
              agencies={agencies ?? []}
              onChoose={choose}
              onSearch={() => {
                setState({ ...state, q: typed, page: 1 });
              }}
            />
            {outcome !== null && (
              <div
                class={`notice ${outcome.tone === 'success' ? 'notice-success' : 'notice-error'}`}
                role="status"
                data-testid="inbox-outcome"
              >
                <p>{outcome.text}</p>
                {outcome.failures.length > 0 && (
                  <ul class="problems">
                    {outcome.failures.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {selectedItems.length > 0 && (
              <BulkBar
                items={selectedItems}
                table={table}
                roles={roles}
                agencies={agencies ?? []}
                onRun={runBulk}
                onClear={() => {
                  setSelected(new Set());
                }}
              />
            )}
            {load.status === 'loading' ? (
              <p role="status">{t('workspace.inbox.loadingPage')}</p>
            ) : load.status === 'error' ? (
              <div class="notice notice-error" role="alert" data-testid="inbox-error">
                <p>{errorMessage(load.error, t, 'workspace.inbox.error')}</p>
                <button type="button" class="button" onClick={refresh}>
                  {t('workspace.retry')}
                </button>
              </div>
            ) : load.page.items.length === 0 ? (
              <div class="ws-empty" data-testid="inbox-empty">
                <p>{t(filtered(state) ? 'workspace.inbox.noMatch' : 'workspace.inbox.empty')}</p>
                {filtered(state) && (
                  <button
                    type="button"
                    class="button"
                    onClick={() => {
                      setTyped('');
                      setState({ ...EMPTY, tab: state.tab });
                    }}
                  >
                    {t('workspace.filters.clear')}
                  </button>
                )}
              </div>
            ) : (
              <>
                <p class="ws-count" data-testid="inbox-count">
                  {t('workspace.inbox.count', {
                    total: formatNumber(load.page.total),
                    tab: tabInfo !== null ? tabName(tabInfo, { t, lang }) : '',
                  })}
                </p>
                <ol class="ws-inbox-list" ref={listRef} data-testid="inbox-list">
                  {load.page.items.map((item, index) => (
                    <InboxRow
                      key={item.id}
                      item={item}
                      table={table}
                      current={index === cursor}
                      fresh={fresh.has(item.id)}
                      selected={selected.has(item.id)}
                      onFocus={() => {
                        setCursor(index);
                      }}
                      onSelect={(on) => {
                        setSelected((s) => {
                          const next = new Set(s);
                          if (on) next.add(item.id);
                          else next.delete(item.id);
                          return next;
                        });
                      }}
                    />
                  ))}
                </ol>
                <Pager
                  page={load.page.page}
                  pageSize={load.page.pageSize}
                  total={load.page.total}
                  onPage={(page) => {
                    setCursor(0);
                    choose({ page });
                  }}
                />
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** The tab's name: the server's, else the catalogue's, else its id. */
function tabName(tab: InboxTab, { t, lang }: Pick<ReturnType<typeof useI18n>, 't' | 'lang'>): string {
  if (tab.label !== undefined) return tab.label[lang];
  const key = tabKey(tab.id);
  return key === null ? tab.id : t(key);
}

function LiveStatus({ state }: { state: LiveState }) {
  const { t } = useI18n();
  return (
    <p class={`ws-live ws-live-${state}`} role="status" data-testid="live-status" data-state={state}>
      <span class="ws-live-dot" aria-hidden="true" />
      {t(`workspace.live.${state}`)}
    </p>
  );
}

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const rows = [
    ['j', 'workspace.shortcuts.next'],
    ['k', 'workspace.shortcuts.previous'],
    ['Enter', 'workspace.shortcuts.open'],
    ['a', 'workspace.shortcuts.accept'],
    ['/', 'workspace.shortcuts.search'],
    ['?', 'workspace.shortcuts.help'],
  ] as const;
  return (
    <section
      class="ws-shortcuts card"
      id="ws-shortcuts"
      aria-labelledby="ws-shortcuts-title"
      data-testid="shortcuts"
    >
      <h2 id="ws-shortcuts-title">{t('workspace.shortcuts.title')}</h2>
      <p class="field-hint">{t('workspace.shortcuts.intro')}</p>
      <dl>
        {rows.map(([key, label]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" class="button" onClick={onClose}>
        {t('workspace.shortcuts.close')}
      </button>
    </section>
  );
}

function InboxTabs({
  tabs,
  current,
  onChoose,
}: {
  tabs: readonly InboxTab[];
  current: string | null;
  onChoose: (id: string) => void;
}) {
  const { t, lang, formatNumber } = useI18n();
  const roles = new Set(tabs.map((x) => x.role));
  const focusTab = (index: number) => {
    const next = tabs[(index + tabs.length) % tabs.length];
    if (next === undefined) return;
    onChoose(next.id);
    document.getElementById(`ws-tab-${next.id}`)?.focus();
  };
  return (
    <div class="ws-tabs" role="tablist" aria-label={t('workspace.inbox.tabs')} data-testid="inbox-tabs">
      {tabs.map((x, index) => {
        const role = roleKey(x.role);
        return (
          <button
            key={x.id}
            type="button"
            role="tab"
            id={`ws-tab-${x.id}`}
            data-tab={x.id}
            aria-selected={x.id === current}
            aria-controls="ws-inbox-panel"
            tabIndex={x.id === current ? 0 : -1}
            onClick={() => {
              onChoose(x.id);
            }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowRight') focusTab(index + 1);
              else if (event.key === 'ArrowLeft') focusTab(index - 1);
              else if (event.key === 'Home') focusTab(0);
              else if (event.key === 'End') focusTab(tabs.length - 1);
              else return;
              event.preventDefault();
            }}
          >
            {/* The role shows only when the officer has tabs of several roles. */}
            {roles.size > 1 && role !== null && <span class="ws-tab-role">{t(role)}</span>}
            <span class="ws-tab-name">{tabName(x, { t, lang })}</span>
            <span class="ws-tab-count" data-testid={`tab-count-${x.id}`}>
              {formatNumber(x.count)}
            </span>
          </button>
        );
      })}
    </div>
  );
}

function Filters({
  state,
  typed,
  onType,
  searchRef,
  categories,
  areas,
  agencies,
  onChoose,
  onSearch,
}: {
  state: InboxState;
  typed: string;
  onType: (q: string) => void;
  searchRef: { current: HTMLInputElement | null };
  categories: readonly Category[];
  areas: readonly Area[];
  agencies: readonly Agency[];
  onChoose: (patch: Partial<InboxState>) => void;
  onSearch: () => void;
}) {
  const { t, lang } = useI18n();
  const byId = new Map(areas.map((a) => [a.id, a]));
  /** Districts, then each district's communes indented under it; the province itself is "all". */
  const areaOptions: { id: string; label: string }[] = [];
  const roots = areas.filter((a) => a.parentId === null);
  for (const root of roots)
    for (const district of areas.filter((a) => a.parentId === root.id)) {
      areaOptions.push({ id: district.id, label: areaLabel(district) });
      for (const commune of areas.filter((a) => a.parentId === district.id))
        areaOptions.push({ id: commune.id, label: `\u2003${areaLabel(commune)}` });
    }
  if (state.area !== '' && !areaOptions.some((o) => o.id === state.area) && byId.has(state.area))
    areaOptions.push({ id: state.area, label: byId.get(state.area)?.name ?? state.area });
  const active = [state.category, state.area, state.agency, state.priority].filter((x) => x !== '').length;
  return (
    <div class="ws-filters">
      <form
        class="ws-search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          onSearch();
        }}
      >
        <label for="ws-search-input" class="field-label">
          {t('workspace.filters.search')}
        </label>
        <div class="ws-search-row">
          <input
            id="ws-search-input"
            ref={searchRef}
            type="search"
            value={typed}
            aria-describedby="ws-search-hint"
            data-testid="inbox-search"
            onInput={(e) => {
              onType(e.currentTarget.value);
            }}
          />
          <button type="submit" class="button">
            {t('workspace.filters.searchButton')}
          </button>
        </div>
        <p class="field-hint" id="ws-search-hint">
          {t('workspace.filters.searchHint')}
        </p>
      </form>
      <details class="ws-filter-more" open={active > 0 ? true : undefined}>
        <summary>
          {active > 0 ? t('workspace.filters.titleActive', { n: active }) : t('workspace.filters.title')}
        </summary>
        <div class="ws-filter-grid">
          <div class="field">
            <label for="ws-filter-category">{t('workspace.filters.category')}</label>
            <select
              id="ws-filter-category"
              value={state.category}
              onChange={(e) => {
                onChoose({ category: e.currentTarget.value });
              }}
            >
              <option value="">{t('workspace.filters.all')}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name[lang]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="ws-filter-area">{t('workspace.filters.area')}</label>
            <select
              id="ws-filter-area"
              value={state.area}
              onChange={(e) => {
                onChoose({ area: e.currentTarget.value });
              }}
            >
              <option value="">{t('workspace.filters.all')}</option>
              {areaOptions.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="ws-filter-agency">{t('workspace.filters.agency')}</label>
            <select
              id="ws-filter-agency"
              value={state.agency}
              onChange={(e) => {
                onChoose({ agency: e.currentTarget.value });
              }}
            >
              <option value="">{t('workspace.filters.all')}</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="ws-filter-priority">{t('workspace.filters.priority')}</label>
            <select
              id="ws-filter-priority"
              value={state.priority}
              onChange={(e) => {
                onChoose({ priority: e.currentTarget.value });
              }}
            >
              <option value="">{t('workspace.filters.all')}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(priorityKey(p) ?? 'workspace.priority.normal')}
                </option>
              ))}
            </select>
          </div>
        </div>
      </details>
    </div>
  );
}

function InboxRow({
  item,
  table,
  current,
  fresh,
  selected,
  onFocus,
  onSelect,
}: {
  item: InboxItem;
  table: FullWorkflowTable | null;
  current: boolean;
  fresh: boolean;
  selected: boolean;
  onFocus: () => void;
  onSelect: (on: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const flag = item.due?.flag ?? null;
  const channel = channelKey(item.channel);
  const priority = priorityKey(item.priority);
  return (
    <li
      class={`ws-item ws-flag-${flag ?? 'none'}${current ? ' ws-item-current' : ''}${fresh ? ' ws-item-fresh' : ''}`}
      data-code={item.code}
      data-testid="inbox-item"
      onFocusIn={onFocus}
    >
      <label class="ws-item-select">
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => {
            onSelect(e.currentTarget.checked);
          }}
        />
        <span class="visually-hidden">{t('workspace.inbox.select', { code: item.code })}</span>
      </label>
      <div class="ws-item-body">
        <div class="ws-item-head">
          <a class="ws-item-code" href={`#/can-bo/phan-anh/${encodeURIComponent(item.code)}`}>
            {item.code}
          </a>
          {fresh && <span class="ws-tag ws-tag-fresh">{t('workspace.inbox.fresh')}</span>}
          {flag !== null && item.due !== null && (
            <span class={`ws-flag ws-flag-badge-${flag}`} data-testid="item-flag" data-flag={flag}>
              {t(FLAG_KEYS[flag])}
            </span>
          )}
          {item.priority === 'urgent' && priority !== null && (
            <span class="ws-tag ws-tag-urgent">{t(priority)}</span>
          )}
          {item.involvement === 'coordinating' && (
            <span class="ws-tag">{t('workspace.inbox.coordinating')}</span>
          )}
        </div>
        <p class="ws-item-text">{item.description}</p>
        <p class="ws-item-meta">
          <span>{stateLabel(table, item.status, lang)}</span>
          {item.category !== null && <span>{item.category.name[lang]}</span>}
          {item.area !== null && <span>{item.area.name}</span>}
          {item.agency !== null ? (
            <span>{item.agency.name}</span>
          ) : (
            item.suggestedAgency != null && (
              <span>{t('workspace.inbox.suggested', { name: item.suggestedAgency.name })}</span>
            )
          )}
        </p>
        <p class="ws-item-meta ws-item-due">
          {item.due !== null && (
            <span>
              {t('workspace.inbox.due', { time: formatDateTimeVN(new Date(item.due.dueAt)) })} (
              {timeLeft(new Date(item.due.dueAt), new Date(), t)})
            </span>
          )}
          <span>
            {t('workspace.inbox.submitted', { time: formatDateTimeVN(new Date(item.submittedAt)) })}
          </span>
          {channel !== null && item.channel !== 'web' && <span>{t(channel)}</span>}
          {item.photoCount > 0 && <span>{t('workspace.inbox.photos', { n: item.photoCount })}</span>}
          {item.returns > 0 && <span>{t('workspace.inbox.returns', { n: item.returns })}</span>}
          {item.pendingExtension != null && (
            <span>
              {t('workspace.inbox.extension', {
                time: formatDateTimeVN(new Date(item.pendingExtension.proposedDueAt)),
              })}
            </span>
          )}
        </p>
      </div>
    </li>
  );
}

function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  if (pages <= 1) return null;
  return (
    <nav class="ws-pager" aria-label={t('workspace.pager.label')}>
      <button
        type="button"
        class="button"
        disabled={page <= 1}
        onClick={() => {
          onPage(page - 1);
        }}
      >
        {t('workspace.pager.previous')}
      </button>
      <span>{t('workspace.pager.page', { page, pages })}</span>
      <button
        type="button"
        class="button"
        disabled={page >= pages}
        data-testid="next-page"
        onClick={() => {
          onPage(page + 1);
        }}
      >
        {t('workspace.pager.next')}
      </button>
    </nav>
  );
}

/** Actions on the reports ticked: accept them, assign them to one agency, merge them into one of them. */
function BulkBar({
  items,
  table,
  roles,
  agencies,
  onRun,
  onClear,
}: {
  items: readonly InboxItem[];
  table: FullWorkflowTable | null;
  roles: readonly string[];
  agencies: readonly Agency[];
  onRun: (action: string, targets: readonly InboxItem[], input?: Record<string, unknown>) => Promise<void>;
  onClear: () => void;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState<'assign' | 'merge' | null>(null);
  const [agency, setAgency] = useState('');
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const all = (action: string) => items.every((i) => tableAllows(table, action, i.status, roles));
  const canAccept = all('accept');
  const canAssign = all('assign');
  const canMerge = items.length >= 2 && all('merge');

  const run = async (action: string, targets: readonly InboxItem[], input?: Record<string, unknown>) => {
    if (busy) return;
    setBusy(true);
    try {
      await onRun(action, targets, input);
      setOpen(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="ws-bulk card" aria-labelledby="ws-bulk-title" data-testid="bulk-bar">
      <h2 id="ws-bulk-title" class="ws-bulk-title">
        {t('workspace.bulk.selected', { n: items.length })}
      </h2>
      <div class="ws-bulk-actions">
        {canAccept && (
          <button
            type="button"
            class="button"
            data-bulk="accept"
            aria-disabled={busy}
            onClick={() => {
              void run('accept', items);
            }}
          >
            {actionLabel(table, 'accept', lang)}
          </button>
        )}
        {canAssign && (
          <button
            type="button"
            class="button"
            data-bulk="assign"
            aria-expanded={open === 'assign'}
            onClick={() => {
              setOpen(open === 'assign' ? null : 'assign');
            }}
          >
            {actionLabel(table, 'assign', lang)}
          </button>
        )}
        {canMerge && (
          <button
            type="button"
            class="button"
            data-bulk="merge"
            aria-expanded={open === 'merge'}
            onClick={() => {
              setOpen(open === 'merge' ? null : 'merge');
            }}
          >
            {t('workspace.bulk.merge')}
          </button>
        )}
        <button type="button" class="link-button" onClick={onClear}>
          {t('workspace.bulk.clear')}
        </button>
      </div>
      {!canAccept && !canAssign && !canMerge && <p class="field-hint">{t('workspace.bulk.none')}</p>}
      {open === 'assign' && (
        <form
          class="form"
          onSubmit={(event) => {
            event.preventDefault();
            if (agency === '') {
              setProblem(t('workspace.bulk.chooseAgency'));
              return;
            }
            setProblem('');
            void run('assign', items, { leadAgencyId: agency });
          }}
        >
          <div class="field">
            <label for="ws-bulk-agency">{t('workspace.bulk.agency')}</label>
            <select
              id="ws-bulk-agency"
              value={agency}
              aria-invalid={problem !== '' ? true : undefined}
              onChange={(e) => {
                setAgency(e.currentTarget.value);
              }}
            >
              <option value="">{t('workspace.action.chooseAgency')}</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <p class="form-error" role="alert">
            {problem}
          </p>
          <button type="submit" class="button button-primary" aria-disabled={busy}>
            {t('workspace.bulk.assignGo', { n: items.length })}
          </button>
        </form>
      )}
      {open === 'merge' && (
        <form
          class="form"
          onSubmit={(event) => {
            event.preventDefault();
            const original = items.find((i) => i.id === target);
            if (original === undefined) {
              setProblem(t('workspace.bulk.chooseOriginal'));
              return;
            }
            setProblem('');
            void run(
              'merge',
              items.filter((i) => i.id !== original.id),
              { targetReportId: original.id },
            );
          }}
        >
          <fieldset class="field">
            <legend class="field-label">{t('workspace.bulk.original')}</legend>
            {items.map((i) => (
              <label class="check" key={i.id}>
                <input
                  type="radio"
                  name="ws-merge-target"
                  value={i.id}
                  checked={target === i.id}
                  onChange={() => {
                    setTarget(i.id);
                  }}
                />
                <span>{i.code}</span>
              </label>
            ))}
          </fieldset>
          <p class="form-error" role="alert">
            {problem}
          </p>
          <button type="submit" class="button button-primary" aria-disabled={busy}>
            {t('workspace.bulk.mergeGo', { n: items.length - 1 })}
          </button>
        </form>
      )}
    </section>
  );
}
