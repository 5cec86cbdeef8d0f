// The organisation (`#/quan-tri/don-vi-hanh-chinh`, `co-quan`, `tham-quyen`): areas, agencies and routing rules in
// force today, the edits made one at a time, and each table as a spreadsheet.
import { useState } from 'preact/hooks';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { OrgCounts } from './categories.js';
import {
  AGENCY_KINDS,
  createAgency,
  createJurisdiction,
  endJurisdiction,
  fetchAgencies,
  fetchAreas,
  fetchCategories,
  fetchJurisdictions,
  isOrgImportResult,
  updateAgency,
  type Agency,
  type AgencyKind,
  type Area,
  type OrgImportResult,
} from './api.js';
import { FileImport } from './file-import.js';
import {
  Alert,
  areaName,
  ConfirmButton,
  foldText,
  Field,
  inLang,
  LoadedView,
  showDate,
  Status,
  todayInVietnam,
  useLoad,
  useRefusal,
  useReveal,
  type Refusal,
} from './ui.js';

function TableFile({
  table,
  title,
  label,
  onImported,
}: {
  table: string;
  title: string;
  label: string;
  onImported: () => void;
}) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby={`${table}-file-title`}>
      <h2 id={`${table}-file-title`}>{title}</h2>
      <FileImport<OrgImportResult>
        id={table}
        exportUrl={`/api/v1/admin/org/${table}/export`}
        importUrl={`/api/v1/admin/org/${table}/import`}
        guard={isOrgImportResult}
        fileLabel={label}
        downloadTitle={t('adm.downloadTable')}
        uploadTitle={t('adm.uploadTable')}
        onImported={onImported}
        counts={(r) => <OrgCounts result={r} />}
      />
    </section>
  );
}

function childrenOf<T extends { id: string; parentId: string | null }>(items: T[]) {
  const map = new Map<string | null, T[]>();
  const ids = new Set(items.map((i) => i.id));
  // A unit whose parent is not in force today is shown at the top.
  for (const item of items) {
    const parent = item.parentId !== null && ids.has(item.parentId) ? item.parentId : null;
    map.set(parent, [...(map.get(parent) ?? []), item]);
  }
  return map;
}

// ---- areas ----

export function AreasSection() {
  const { t } = useI18n();
  const [areas, reload] = useLoad((signal) => fetchAreas(signal));
  return (
    <>
      <section class="card" aria-labelledby="area-list-title">
        <h2 id="area-list-title">{t('adm.area.list')}</h2>
        <p class="field-hint">{t('adm.area.intro')}</p>
        <LoadedView state={areas} reload={reload}>
          {(list) => <AreaTree areas={list} />}
        </LoadedView>
      </section>
      <TableFile
        table="areas"
        title={t('adm.area.file')}
        label={t('adm.area.fileLabel')}
        onImported={reload}
      />
    </>
  );
}

function AreaTree({ areas }: { areas: Area[] }) {
  const { t, formatNumber } = useI18n();
  const children = childrenOf(areas);
  const name = areaName;
  return (
    <>
      <p class="adm-count">{t('adm.area.count', { count: formatNumber(areas.length) })}</p>
      <ul class="adm-tree" data-testid="area-tree">
        {(children.get(null) ?? []).map((root) => (
          <li key={root.id}>
            <strong>{name(root)}</strong> <span class="adm-code">{root.slug}</span>
            <ul>
              {(children.get(root.id) ?? []).map((mid) => {
                const below = children.get(mid.id) ?? [];
                return (
                  <li key={mid.id}>
                    {below.length === 0 ? (
                      <>
                        {name(mid)} <span class="adm-code">{mid.slug}</span>
                      </>
                    ) : (
                      <details>
                        <summary>
                          {name(mid)}{' '}
                          <span class="adm-when">({t('adm.area.below', { count: below.length })})</span>
                        </summary>
                        <ul class="adm-columns">
                          {below.map((a) => (
                            <li key={a.id}>{name(a)}</li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

// ---- agencies ----

const kindKey = (kind: string) => `adm.agency.kind.${kind}` as MessageKey;

export function AgenciesSection() {
  const { t } = useI18n();
  const [data, reload, replace] = useLoad(async (signal) => {
    const [agencies, areas] = await Promise.all([fetchAgencies(signal), fetchAreas(signal)]);
    return { agencies, areas };
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  return (
    <>
      <section class="card" aria-labelledby="agency-list-title">
        <h2 id="agency-list-title">{t('adm.agency.list')}</h2>
        <p class="field-hint">{t('adm.agency.intro')}</p>
        <LoadedView state={data} reload={reload}>
          {({ agencies }) => {
            const children = childrenOf(agencies);
            const rows: { agency: Agency; depth: number }[] = [];
            const walk = (parent: string | null, depth: number) => {
              for (const a of (children.get(parent) ?? []).sort((x, y) =>
                x.name.localeCompare(y.name, 'vi'),
              )) {
                rows.push({ agency: a, depth });
                if (depth < 6) walk(a.id, depth + 1);
              }
            };
            walk(null, 0);
            return (
              <ul class="adm-list" data-testid="agency-list">
                {rows.map(({ agency: a, depth }) => (
                  <li key={a.id} class="adm-item" style={{ paddingLeft: `${Math.min(depth, 3) * 1}rem` }}>
                    <span class="adm-item-main">
                      <strong>{a.name}</strong>{' '}
                      <span class="adm-badges">
                        <span class="adm-badge">{t(kindKey(a.kind))}</span>
                      </span>
                    </span>
                    <button
                      type="button"
                      class="button adm-item-action"
                      aria-expanded={selected === a.id}
                      aria-controls="agency-editor"
                      onClick={() => {
                        setSelected(selected === a.id ? null : a.id);
                        setAdding(false);
                      }}
                    >
                      {t('adm.edit')}
                      <span class="visually-hidden"> {a.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            );
          }}
        </LoadedView>
        <div class="form-actions adm-below">
          <button
            type="button"
            class="button button-primary"
            aria-expanded={adding}
            aria-controls="agency-new"
            onClick={() => {
              setAdding(!adding);
              setSelected(null);
            }}
          >
            {t('adm.agency.add')}
          </button>
        </div>
      </section>
      {data.status === 'ready' &&
        selected !== null &&
        (() => {
          const agency = data.data.agencies.find((a) => a.id === selected);
          return agency === undefined ? null : (
            <AgencyEditor
              key={agency.id}
              agency={agency}
              onSaved={(saved) => {
                replace({
                  ...data.data,
                  agencies: data.data.agencies.map((a) => (a.id === saved.id ? saved : a)),
                });
              }}
            />
          );
        })()}
      {adding && data.status === 'ready' && (
        <NewAgency
          agencies={data.data.agencies}
          areas={data.data.areas}
          onCreated={(created) => {
            replace({ ...data.data, agencies: [...data.data.agencies, created] });
            setAdding(false);
            setSelected(created.id);
          }}
        />
      )}
      <TableFile
        table="agencies"
        title={t('adm.agency.file')}
        label={t('adm.agency.fileLabel')}
        onImported={reload}
      />
    </>
  );
}

function KindSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: AgencyKind;
  onChange: (k: AgencyKind) => void;
}) {
  const { t } = useI18n();
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => {
        onChange(e.currentTarget.value as AgencyKind);
      }}
    >
      {AGENCY_KINDS.map((k) => (
        <option key={k} value={k}>
          {t(kindKey(k))}
        </option>
      ))}
    </select>
  );
}

function AgencyEditor({ agency, onSaved }: { agency: Agency; onSaved: (a: Agency) => void }) {
  const { t } = useI18n();
  const reveal = useReveal<HTMLElement>();
  const toRefusal = useRefusal();
  const [values, setValues] = useState({ name: agency.name, kind: agency.kind });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section
      class="card adm-editor"
      id="agency-editor"
      aria-labelledby="agency-editor-title"
      ref={reveal}
      tabIndex={-1}
    >
      <h2 id="agency-editor-title">{agency.name}</h2>
      <p class="field-hint">{t('adm.agency.editHint')}</p>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (busy) return;
          setBusy(true);
          setRefusal(null);
          setStatus(null);
          updateAgency(agency.id, values).then(
            (saved) => {
              onSaved(saved);
              setStatus(t('adm.saved'));
              setBusy(false);
            },
            (error: unknown) => {
              setRefusal(toRefusal(error));
              setBusy(false);
            },
          );
        }}
      >
        <Field id="agency-name" label={t('adm.agency.name')}>
          <input
            id="agency-name"
            value={values.name}
            maxLength={300}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, name: next }));
            }}
          />
        </Field>
        <Field id="agency-kind" label={t('adm.agency.kind')}>
          <KindSelect
            id="agency-kind"
            value={values.kind}
            onChange={(kind) => {
              setValues((v) => ({ ...v, kind }));
            }}
          />
        </Field>
        <Alert refusal={refusal} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-disabled={busy}>
            {t('adm.save')}
          </button>
          <Status text={status} />
        </div>
      </form>
    </section>
  );
}

function NewAgency({
  agencies,
  areas,
  onCreated,
}: {
  agencies: Agency[];
  areas: Area[];
  onCreated: (a: Agency) => void;
}) {
  const { t } = useI18n();
  const reveal = useReveal<HTMLElement>();
  const toRefusal = useRefusal();
  const [values, setValues] = useState({
    slug: '',
    parentId: '',
    kind: 'department' as AgencyKind,
    name: '',
    areaId: '',
  });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section
      class="card adm-editor"
      id="agency-new"
      aria-labelledby="agency-new-title"
      ref={reveal}
      tabIndex={-1}
    >
      <h2 id="agency-new-title">{t('adm.agency.add')}</h2>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (busy) return;
          setBusy(true);
          setRefusal(null);
          createAgency({
            slug: values.slug.trim(),
            parentId: values.parentId === '' ? null : values.parentId,
            kind: values.kind,
            name: values.name,
            areaId: values.areaId === '' ? null : values.areaId,
          }).then(onCreated, (error: unknown) => {
            setRefusal(toRefusal(error));
            setBusy(false);
          });
        }}
      >
        <Field id="new-agency-slug" label={t('adm.slug')} hint={t('adm.agency.slugHint')}>
          <input
            id="new-agency-slug"
            aria-describedby="new-agency-slug-hint"
            value={values.slug}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, slug: next }));
            }}
          />
        </Field>
        <Field id="new-agency-name" label={t('adm.agency.name')}>
          <input
            id="new-agency-name"
            value={values.name}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, name: next }));
            }}
          />
        </Field>
        <Field id="new-agency-kind" label={t('adm.agency.kind')}>
          <KindSelect
            id="new-agency-kind"
            value={values.kind}
            onChange={(kind) => {
              setValues((v) => ({ ...v, kind }));
            }}
          />
        </Field>
        <Field id="new-agency-parent" label={t('adm.agency.parent')}>
          <select
            id="new-agency-parent"
            value={values.parentId}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, parentId: next }));
            }}
          >
            <option value="">{t('adm.none')}</option>
            {[...agencies]
              .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
        </Field>
        <Field id="new-agency-area" label={t('adm.agency.area')}>
          <select
            id="new-agency-area"
            value={values.areaId}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, areaId: next }));
            }}
          >
            <option value="">{t('adm.none')}</option>
            {areas
              .filter((a) => a.level !== 'hamlet')
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {areaName(a)}
                </option>
              ))}
          </select>
        </Field>
        <Alert refusal={refusal} />
        <button type="submit" class="button button-primary" aria-disabled={busy}>
          {t('adm.create')}
        </button>
      </form>
    </section>
  );
}

// ---- routing rules ----

export function JurisdictionsSection() {
  const { t, lang } = useI18n();
  const toRefusal = useRefusal();
  const [data, reload] = useLoad(async (signal) => {
    const [rules, agencies, areas, categories] = await Promise.all([
      fetchJurisdictions(signal),
      fetchAgencies(signal),
      fetchAreas(signal),
      fetchCategories(signal),
    ]);
    return { rules, agencies, areas, categories };
  });
  const [endOn, setEndOn] = useState(todayInVietnam());
  const [search, setSearch] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [values, setValues] = useState({
    agencyId: '',
    categoryId: '',
    areaId: '',
    includeSubareas: true,
    priority: '0',
    validFrom: todayInVietnam(),
    note: '',
  });

  const act = (action: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    setStatus(null);
    action().then(
      () => {
        setStatus(done);
        setBusy(false);
        reload();
      },
      (error: unknown) => {
        setRefusal(toRefusal(error));
        setBusy(false);
      },
    );
  };

  return (
    <>
      <section class="card" aria-labelledby="rule-list-title">
        <h2 id="rule-list-title">{t('adm.rule.list')}</h2>
        <p class="field-hint">{t('adm.rule.intro')}</p>
        <Alert refusal={refusal} testId="rule-error" />
        <Status text={status} />
        <LoadedView state={data} reload={reload}>
          {({ rules, agencies, areas, categories }) => {
            const agency = new Map(agencies.map((a) => [a.id, a.name]));
            const area = new Map(areas.map((a) => [a.id, areaName(a)]));
            const category = new Map(categories.map((c) => [c.id, inLang(c.name, lang)]));
            const needle = foldText(search.trim());
            const shown = (list: typeof rules) =>
              needle === ''
                ? list
                : list.filter((r) =>
                    foldText(
                      [
                        agency.get(r.agencyId),
                        r.categoryId === null ? t('adm.rule.everyCategory') : category.get(r.categoryId),
                        area.get(r.areaId),
                      ].join(' '),
                    ).includes(needle),
                  );
            return (
              <>
                <Field id="rule-end-on" label={t('adm.rule.endOn')} hint={t('adm.rule.endHint')}>
                  <input
                    id="rule-end-on"
                    type="date"
                    aria-describedby="rule-end-on-hint"
                    value={endOn}
                    onInput={(e) => {
                      setEndOn(e.currentTarget.value);
                    }}
                  />
                </Field>
                <Field id="rule-search" label={t('adm.rule.search')}>
                  <input
                    id="rule-search"
                    type="search"
                    value={search}
                    onInput={(e) => {
                      setSearch(e.currentTarget.value);
                    }}
                  />
                </Field>
                <p class="adm-count" role="status">
                  {t('adm.rule.count', { shown: shown(rules).length, total: rules.length })}
                </p>
                <ul class="adm-list" data-testid="rule-list">
                  {shown(rules).map((r) => (
                    <li key={r.id} class="adm-item">
                      <span class="adm-item-main">
                        <strong>{agency.get(r.agencyId) ?? r.agencyId}</strong>
                        <span class="adm-snippet">
                          {r.categoryId === null ? t('adm.rule.everyCategory') : category.get(r.categoryId)}
                          {' · '}
                          {area.get(r.areaId) ?? r.areaId}
                          {r.includeSubareas ? ` ${t('adm.rule.andBelow')}` : ''}
                          {' · '}
                          {t('adm.rule.priorityShort', { priority: r.priority })}
                          {' · '}
                          {t('adm.officers.since', { from: showDate(r.validFrom, lang) })}
                        </span>
                        {r.note !== null && <span class="adm-snippet">{r.note}</span>}
                      </span>
                      <ConfirmButton
                        busy={busy}
                        label={
                          <>
                            {t('adm.rule.end')}
                            <span class="visually-hidden">
                              {' '}
                              {agency.get(r.agencyId)} –{' '}
                              {r.categoryId === null
                                ? t('adm.rule.everyCategory')
                                : category.get(r.categoryId)}
                            </span>
                          </>
                        }
                        confirmLabel={t('adm.rule.confirmEnd', { date: showDate(endOn, lang) })}
                        onConfirm={() => {
                          act(() => endJurisdiction(r.id, endOn), t('adm.rule.ended'));
                        }}
                      />
                    </li>
                  ))}
                </ul>
              </>
            );
          }}
        </LoadedView>
      </section>

      {data.status === 'ready' && (
        <section class="card" aria-labelledby="rule-new-title">
          <h2 id="rule-new-title">{t('adm.rule.add')}</h2>
          <form
            class="form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (values.agencyId === '' || values.areaId === '') {
                setRefusal({ message: t('adm.notSaved'), problems: [t('adm.rule.missing')] });
                return;
              }
              act(
                () =>
                  createJurisdiction({
                    agencyId: values.agencyId,
                    categoryId: values.categoryId === '' ? null : values.categoryId,
                    areaId: values.areaId,
                    includeSubareas: values.includeSubareas,
                    priority: Number(values.priority) || 0,
                    validFrom: values.validFrom,
                    note: values.note.trim() === '' ? null : values.note,
                  }),
                t('adm.rule.created'),
              );
            }}
          >
            <Field id="rule-agency" label={t('adm.rule.agency')}>
              <select
                id="rule-agency"
                value={values.agencyId}
                onChange={(e) => {
                  const next = e.currentTarget.value;
                  setValues((v) => ({ ...v, agencyId: next }));
                }}
              >
                <option value="">{t('adm.choose')}</option>
                {[...data.data.agencies]
                  .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
              </select>
            </Field>
            <Field id="rule-category" label={t('adm.rule.category')}>
              <select
                id="rule-category"
                value={values.categoryId}
                onChange={(e) => {
                  const next = e.currentTarget.value;
                  setValues((v) => ({ ...v, categoryId: next }));
                }}
              >
                <option value="">{t('adm.rule.everyCategory')}</option>
                {data.data.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {inLang(c.name, lang)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="rule-area" label={t('adm.rule.area')}>
              <select
                id="rule-area"
                value={values.areaId}
                onChange={(e) => {
                  const next = e.currentTarget.value;
                  setValues((v) => ({ ...v, areaId: next }));
                }}
              >
                <option value="">{t('adm.choose')}</option>
                {data.data.areas.map((a) => (
                  <option key={a.id} value={a.id}>
                    {areaName(a)}
                  </option>
                ))}
              </select>
            </Field>
            <label class="check">
              <input
                type="checkbox"
                checked={values.includeSubareas}
                onChange={(e) => {
                  const next = e.currentTarget.checked;
                  setValues((v) => ({ ...v, includeSubareas: next }));
                }}
              />
              <span>{t('adm.rule.includeSubareas')}</span>
            </label>
            <Field id="rule-priority" label={t('adm.rule.priority')} hint={t('adm.rule.priorityHint')}>
              <input
                id="rule-priority"
                type="number"
                class="adm-narrow"
                aria-describedby="rule-priority-hint"
                value={values.priority}
                onInput={(e) => {
                  const next = e.currentTarget.value;
                  setValues((v) => ({ ...v, priority: next }));
                }}
              />
            </Field>
            <Field id="rule-from" label={t('adm.officers.validFrom')}>
              <input
                id="rule-from"
                type="date"
                value={values.validFrom}
                onInput={(e) => {
                  const next = e.currentTarget.value;
                  setValues((v) => ({ ...v, validFrom: next }));
                }}
              />
            </Field>
            <Field id="rule-note" label={t('adm.rule.note')}>
              <input
                id="rule-note"
                maxLength={500}
                value={values.note}
                onInput={(e) => {
                  const next = e.currentTarget.value;
                  setValues((v) => ({ ...v, note: next }));
                }}
              />
            </Field>
            <button type="submit" class="button button-primary" aria-disabled={busy}>
              {t('adm.create')}
            </button>
          </form>
        </section>
      )}
      <TableFile
        table="jurisdictions"
        title={t('adm.rule.file')}
        label={t('adm.rule.fileLabel')}
        onImported={reload}
      />
    </>
  );
}
