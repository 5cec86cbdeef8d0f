// Categories (`#/quan-tri/linh-vuc`): the tree, one category's names, icon, emergency stop and deadline policy,
// a new category, and the list as a spreadsheet.
import { useState } from 'preact/hooks';
import { CategoryIcon } from '../components/category-icon.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { CATEGORY_ICON_PATHS } from '../report/category-icons.js';
import {
  CLOCKS,
  createCategory,
  fetchCategories,
  isOrgImportResult,
  policyOf,
  PRIORITIES,
  UNITS,
  updateCategory,
  type Category,
  type DeadlinePolicy,
  type Duration,
  type OrgImportResult,
  type Priority,
} from './api.js';
import { Counts, FileImport } from './file-import.js';
import {
  Alert,
  Field,
  inLang,
  LoadedView,
  Status,
  useLoad,
  useRefusal,
  useReveal,
  type Refusal,
} from './ui.js';

export const ICONS = Object.keys(CATEGORY_ICON_PATHS);

/** The deployment's default policy (src/modules/org/deadlines.ts), for a category whose stored one is unreadable. */
const DEFAULT_POLICY: DeadlinePolicy = {
  urgent: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 4, unit: 'working_hours' },
    resolve: { amount: 1, unit: 'working_days' },
  },
  normal: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 8, unit: 'working_hours' },
    resolve: { amount: 5, unit: 'working_days' },
  },
  complex: {
    intake: { amount: 5, unit: 'working_minutes' },
    acknowledge: { amount: 8, unit: 'working_hours' },
    resolve: { amount: 10, unit: 'working_days' },
  },
};

const MINUTES = { working_minutes: 1, working_hours: 60, working_days: 8 * 60 } as const;
const minutes = (d: Duration) => d.amount * MINUTES[d.unit];

/** The server's rules of a policy (deadlinePolicyProblems), as messages for people. */
export function policyProblems(policy: DeadlinePolicy): { key: MessageKey; priority?: Priority }[] {
  const problems: { key: MessageKey; priority?: Priority }[] = [];
  for (const priority of PRIORITIES) {
    const clocks = policy[priority];
    if (
      CLOCKS.some(
        (c) => !Number.isInteger(clocks[c].amount) || clocks[c].amount < 1 || clocks[c].amount > 100000,
      )
    )
      problems.push({ key: 'adm.cat.amountInvalid', priority });
    else {
      if (minutes(clocks.acknowledge) > minutes(clocks.resolve))
        problems.push({ key: 'adm.cat.ackLonger', priority });
      if (minutes(clocks.intake) > minutes(clocks.resolve))
        problems.push({ key: 'adm.cat.intakeLonger', priority });
    }
  }
  if (problems.length === 0 && minutes(policy.urgent.resolve) > minutes(policy.normal.resolve))
    problems.push({ key: 'adm.cat.urgentLonger' });
  return problems;
}

/** Categories in tree order: each parent followed by its children. */
function treeOrder(categories: Category[]): { category: Category; depth: number }[] {
  const children = new Map<string | null, Category[]>();
  for (const c of categories) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: { category: Category; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      out.push({ category: c, depth });
      if (depth < 10) walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function CategoriesSection() {
  const { t, lang } = useI18n();
  const [list, reload, replace] = useLoad((signal) => fetchCategories(signal));
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  return (
    <>
      <section class="card" aria-labelledby="category-list-title">
        <h2 id="category-list-title">{t('adm.cat.list')}</h2>
        <p class="field-hint">{t('adm.cat.intro')}</p>
        <LoadedView state={list} reload={reload}>
          {(categories) => (
            <ul class="adm-list" data-testid="category-list">
              {treeOrder(categories).map(({ category: c, depth }) => (
                <li key={c.id} class={`adm-item${depth > 0 ? ' adm-child' : ''}`}>
                  <span class="adm-item-main adm-with-icon">
                    <CategoryIcon name={c.icon} size={24} />
                    <span>
                      <strong>{inLang(c.name, lang)}</strong> <span class="adm-code">{c.slug}</span>
                      <span class="adm-badges">
                        {!c.active && <span class="adm-badge adm-badge-off">{t('adm.cat.inactive')}</span>}
                        {c.emergency !== null && (
                          <span class="adm-badge adm-badge-alert">
                            {t('adm.cat.emergencyBadge', { hotline: c.emergency.hotline })}
                          </span>
                        )}
                      </span>
                    </span>
                  </span>
                  <button
                    type="button"
                    class="button adm-item-action"
                    aria-expanded={selected === c.id}
                    aria-controls="category-editor"
                    data-testid={`edit-category-${c.slug}`}
                    onClick={() => {
                      setSelected(selected === c.id ? null : c.id);
                      setAdding(false);
                    }}
                  >
                    {t('adm.edit')}
                    <span class="visually-hidden"> {inLang(c.name, lang)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </LoadedView>
        <div class="form-actions adm-below">
          <button
            type="button"
            class="button button-primary"
            aria-expanded={adding}
            aria-controls="category-new"
            onClick={() => {
              setAdding(!adding);
              setSelected(null);
            }}
          >
            {t('adm.cat.add')}
          </button>
        </div>
      </section>

      {list.status === 'ready' &&
        selected !== null &&
        (() => {
          const category = list.data.find((c) => c.id === selected);
          return category === undefined ? null : (
            <CategoryEditor
              key={category.id}
              category={category}
              onSaved={(saved) => {
                replace(list.data.map((c) => (c.id === saved.id ? saved : c)));
              }}
            />
          );
        })()}
      {adding && list.status === 'ready' && (
        <NewCategory
          categories={list.data}
          onCreated={(created) => {
            replace([...list.data, created]);
            setAdding(false);
            setSelected(created.id);
          }}
        />
      )}

      <section class="card" aria-labelledby="category-file-title">
        <h2 id="category-file-title">{t('adm.cat.file')}</h2>
        <FileImport<OrgImportResult>
          id="categories"
          exportUrl="/api/v1/admin/org/categories/export"
          importUrl="/api/v1/admin/org/categories/import"
          guard={isOrgImportResult}
          fileLabel={t('adm.cat.fileLabel')}
          downloadTitle={t('adm.downloadTable')}
          uploadTitle={t('adm.uploadTable')}
          onImported={reload}
          counts={(r) => <OrgCounts result={r} />}
        />
      </section>
    </>
  );
}

export function OrgCounts({ result }: { result: OrgImportResult }) {
  const { t } = useI18n();
  return (
    <Counts
      rows={[
        [t('adm.rowsCreated'), result.created, 'created'],
        [t('adm.rowsUpdated'), result.updated, 'updated'],
        [t('adm.rowsUnchanged'), result.unchanged, 'unchanged'],
      ]}
    />
  );
}

interface CategoryDraft {
  nameVi: string;
  nameEn: string;
  descriptionVi: string;
  descriptionEn: string;
  icon: string;
  defaultPriority: Priority;
  photoRequired: boolean;
  publicByDefault: boolean;
  active: boolean;
  sortOrder: string;
  emergencyOn: boolean;
  hotline: string;
  noticeVi: string;
  noticeEn: string;
  deadlines: DeadlinePolicy;
}

function draftOf(c: Category): CategoryDraft {
  return {
    nameVi: c.name.vi,
    nameEn: c.name.en,
    descriptionVi: c.description.vi ?? '',
    descriptionEn: c.description.en ?? '',
    icon: c.icon ?? '',
    defaultPriority: c.defaultPriority,
    photoRequired: c.photoRequired,
    publicByDefault: c.publicByDefault,
    active: c.active,
    sortOrder: String(c.sortOrder),
    emergencyOn: c.emergency !== null,
    hotline: c.emergency?.hotline ?? '',
    noticeVi: c.emergency?.notice?.vi ?? '',
    noticeEn: c.emergency?.notice?.en ?? '',
    deadlines: structuredClone(policyOf(c.deadlines) ?? DEFAULT_POLICY),
  };
}

const PRIORITY_KEY: Record<Priority, MessageKey> = {
  urgent: 'adm.cat.priority.urgent',
  normal: 'adm.cat.priority.normal',
  complex: 'adm.cat.priority.complex',
};

function CategoryEditor({ category, onSaved }: { category: Category; onSaved: (c: Category) => void }) {
  const { t, lang } = useI18n();
  const toRefusal = useRefusal();
  const reveal = useReveal<HTMLElement>();
  const [draft, setDraft] = useState(() => draftOf(category));
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<CategoryDraft>) => {
    setDraft((v) => ({ ...v, ...patch }));
    setStatus(null);
  };
  const setClock = (p: Priority, c: (typeof CLOCKS)[number], d: Partial<Duration>) => {
    setDraft((v) => {
      const deadlines = structuredClone(v.deadlines);
      deadlines[p][c] = { ...deadlines[p][c], ...d };
      return { ...v, deadlines };
    });
    setStatus(null);
  };

  const save = async () => {
    if (busy) return;
    const problems: string[] = policyProblems(draft.deadlines).map(({ key, priority }) =>
      t(key, { priority: priority === undefined ? '' : t(PRIORITY_KEY[priority]) }),
    );
    if (draft.nameVi.trim() === '' || draft.nameEn.trim() === '') problems.push(t('adm.cat.nameMissing'));
    if (draft.emergencyOn && !/^[0-9]{3,11}$/.test(draft.hotline.trim()))
      problems.push(t('adm.cat.hotlineInvalid'));
    if (draft.emergencyOn && (draft.noticeVi.trim() === '') !== (draft.noticeEn.trim() === ''))
      problems.push(t('adm.cat.noticePair'));
    const sortOrder = Number(draft.sortOrder);
    if (!Number.isInteger(sortOrder)) problems.push(t('adm.cat.sortInvalid'));
    if (problems.length > 0) {
      setRefusal({ message: t('adm.notSaved'), problems });
      return;
    }
    setBusy(true);
    setRefusal(null);
    try {
      const saved = await updateCategory(category.id, {
        nameVi: draft.nameVi,
        nameEn: draft.nameEn,
        descriptionVi: draft.descriptionVi.trim() === '' ? null : draft.descriptionVi,
        descriptionEn: draft.descriptionEn.trim() === '' ? null : draft.descriptionEn,
        icon: draft.icon === '' ? null : draft.icon,
        defaultPriority: draft.defaultPriority,
        photoRequired: draft.photoRequired,
        publicByDefault: draft.publicByDefault,
        active: draft.active,
        sortOrder,
        deadlines: draft.deadlines,
        emergency: draft.emergencyOn
          ? {
              hotline: draft.hotline.trim(),
              notice:
                draft.noticeVi.trim() === ''
                  ? null
                  : { vi: draft.noticeVi.trim(), en: draft.noticeEn.trim() },
            }
          : null,
      });
      onSaved(saved);
      setStatus(t('adm.saved'));
    } catch (error) {
      setRefusal(toRefusal(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      class="card adm-editor"
      id="category-editor"
      aria-labelledby="category-editor-title"
      ref={reveal}
      tabIndex={-1}
    >
      <h2 id="category-editor-title" class="adm-with-icon">
        <CategoryIcon name={draft.icon === '' ? null : draft.icon} />
        <span>{inLang(category.name, lang)}</span>
      </h2>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset class="adm-fieldset">
          <legend>{t('adm.cat.names')}</legend>
          <Field id="cat-name-vi" label={t('adm.cat.nameVi')}>
            <input
              id="cat-name-vi"
              lang="vi"
              value={draft.nameVi}
              maxLength={200}
              onInput={(e) => {
                set({ nameVi: e.currentTarget.value });
              }}
            />
          </Field>
          <Field id="cat-name-en" label={t('adm.cat.nameEn')}>
            <input
              id="cat-name-en"
              lang="en"
              value={draft.nameEn}
              maxLength={200}
              onInput={(e) => {
                set({ nameEn: e.currentTarget.value });
              }}
            />
          </Field>
          <Field id="cat-desc-vi" label={t('adm.cat.descriptionVi')}>
            <textarea
              id="cat-desc-vi"
              lang="vi"
              rows={2}
              maxLength={1000}
              value={draft.descriptionVi}
              onInput={(e) => {
                set({ descriptionVi: e.currentTarget.value });
              }}
            />
          </Field>
          <Field id="cat-desc-en" label={t('adm.cat.descriptionEn')}>
            <textarea
              id="cat-desc-en"
              lang="en"
              rows={2}
              maxLength={1000}
              value={draft.descriptionEn}
              onInput={(e) => {
                set({ descriptionEn: e.currentTarget.value });
              }}
            />
          </Field>
        </fieldset>

        <fieldset class="adm-fieldset">
          <legend>{t('adm.cat.presentation')}</legend>
          <Field id="cat-icon" label={t('adm.cat.icon')}>
            <div class="adm-with-icon">
              <select
                id="cat-icon"
                value={draft.icon}
                onChange={(e) => {
                  set({ icon: e.currentTarget.value });
                }}
              >
                <option value="">{t('adm.cat.iconGeneric')}</option>
                {ICONS.map((name) => (
                  <option key={name} value={name}>
                    {t(`adm.icon.${name}` as MessageKey)}
                  </option>
                ))}
              </select>
              <CategoryIcon name={draft.icon === '' ? null : draft.icon} size={32} />
            </div>
          </Field>
          <Field id="cat-priority" label={t('adm.cat.defaultPriority')}>
            <select
              id="cat-priority"
              value={draft.defaultPriority}
              onChange={(e) => {
                set({ defaultPriority: e.currentTarget.value as Priority });
              }}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(PRIORITY_KEY[p])}
                </option>
              ))}
            </select>
          </Field>
          <Field id="cat-sort" label={t('adm.cat.sortOrder')}>
            <input
              id="cat-sort"
              type="number"
              inputMode="numeric"
              class="adm-narrow"
              value={draft.sortOrder}
              onInput={(e) => {
                set({ sortOrder: e.currentTarget.value });
              }}
            />
          </Field>
          {(
            [
              ['photoRequired', 'adm.cat.photoRequired'],
              ['publicByDefault', 'adm.cat.publicByDefault'],
              ['active', 'adm.cat.active'],
            ] as const
          ).map(([key, label]) => (
            <label key={key} class="check">
              <input
                type="checkbox"
                checked={draft[key]}
                onChange={(e) => {
                  set({ [key]: e.currentTarget.checked });
                }}
              />
              <span>{t(label)}</span>
            </label>
          ))}
        </fieldset>

        <fieldset class="adm-fieldset">
          <legend>{t('adm.cat.emergency')}</legend>
          <p class="field-hint">{t('adm.cat.emergencyHint')}</p>
          <label class="check">
            <input
              type="checkbox"
              checked={draft.emergencyOn}
              data-testid="emergency-on"
              onChange={(e) => {
                set({ emergencyOn: e.currentTarget.checked });
              }}
            />
            <span>{t('adm.cat.emergencyOn')}</span>
          </label>
          {draft.emergencyOn && (
            <>
              <Field id="cat-hotline" label={t('adm.cat.hotline')}>
                <input
                  id="cat-hotline"
                  inputMode="tel"
                  class="adm-narrow"
                  value={draft.hotline}
                  onInput={(e) => {
                    set({ hotline: e.currentTarget.value });
                  }}
                />
              </Field>
              <Field id="cat-notice-vi" label={t('adm.cat.noticeVi')}>
                <textarea
                  id="cat-notice-vi"
                  lang="vi"
                  rows={4}
                  maxLength={1000}
                  value={draft.noticeVi}
                  onInput={(e) => {
                    set({ noticeVi: e.currentTarget.value });
                  }}
                />
              </Field>
              <Field id="cat-notice-en" label={t('adm.cat.noticeEn')}>
                <textarea
                  id="cat-notice-en"
                  lang="en"
                  rows={4}
                  maxLength={1000}
                  value={draft.noticeEn}
                  onInput={(e) => {
                    set({ noticeEn: e.currentTarget.value });
                  }}
                />
              </Field>
            </>
          )}
        </fieldset>

        <fieldset class="adm-fieldset">
          <legend>{t('adm.cat.deadlines')}</legend>
          <p class="field-hint">{t('adm.cat.deadlinesHint')}</p>
          {PRIORITIES.map((p) => (
            <div key={p} class="adm-clocks" role="group" aria-labelledby={`clocks-${p}`}>
              <h4 id={`clocks-${p}`}>{t(PRIORITY_KEY[p])}</h4>
              {CLOCKS.map((c) => {
                const id = `clock-${p}-${c}`;
                return (
                  <div key={c} class="adm-clock">
                    <label for={id} id={`${id}-label`}>
                      {t(`adm.cat.clock.${c}` as MessageKey)}
                    </label>
                    <input
                      id={id}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={100000}
                      class="adm-narrow"
                      data-testid={id}
                      value={draft.deadlines[p][c].amount}
                      onInput={(e) => {
                        setClock(p, c, { amount: Number(e.currentTarget.value) });
                      }}
                    />
                    <span id={`${id}-unit-label`} class="visually-hidden">
                      {t('adm.cat.unit')}
                    </span>
                    <select
                      aria-labelledby={`${id}-label ${id}-unit-label`}
                      data-testid={`${id}-unit`}
                      value={draft.deadlines[p][c].unit}
                      onChange={(e) => {
                        setClock(p, c, { unit: e.currentTarget.value as Duration['unit'] });
                      }}
                    >
                      {UNITS.map((u) => (
                        <option key={u} value={u}>
                          {t(`adm.cat.unit.${u}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </div>
                );
              })}
            </div>
          ))}
        </fieldset>

        <Alert refusal={refusal} testId="category-error" />
        <div class="form-actions">
          <button
            type="submit"
            class="button button-primary"
            aria-disabled={busy}
            data-testid="save-category"
          >
            {t('adm.save')}
          </button>
          <Status text={status} testId="category-status" />
        </div>
      </form>
    </section>
  );
}

function NewCategory({
  categories,
  onCreated,
}: {
  categories: Category[];
  onCreated: (c: Category) => void;
}) {
  const { t, lang } = useI18n();
  const toRefusal = useRefusal();
  const reveal = useReveal<HTMLElement>();
  const [values, setValues] = useState({ slug: '', parentId: '', nameVi: '', nameEn: '' });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section
      class="card adm-editor"
      id="category-new"
      aria-labelledby="category-new-title"
      ref={reveal}
      tabIndex={-1}
    >
      <h2 id="category-new-title">{t('adm.cat.add')}</h2>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (busy) return;
          setBusy(true);
          setRefusal(null);
          createCategory({
            slug: values.slug.trim(),
            parentId: values.parentId === '' ? null : values.parentId,
            nameVi: values.nameVi,
            nameEn: values.nameEn,
          }).then(onCreated, (error: unknown) => {
            setRefusal(toRefusal(error));
            setBusy(false);
          });
        }}
      >
        <Field id="new-cat-slug" label={t('adm.slug')} hint={t('adm.slugHint')}>
          <input
            id="new-cat-slug"
            aria-describedby="new-cat-slug-hint"
            value={values.slug}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, slug: next }));
            }}
          />
        </Field>
        <Field id="new-cat-parent" label={t('adm.cat.parent')}>
          <select
            id="new-cat-parent"
            value={values.parentId}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, parentId: next }));
            }}
          >
            <option value="">{t('adm.none')}</option>
            {categories
              .filter((c) => c.parentId === null)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {inLang(c.name, lang)}
                </option>
              ))}
          </select>
        </Field>
        <Field id="new-cat-vi" label={t('adm.cat.nameVi')}>
          <input
            id="new-cat-vi"
            lang="vi"
            value={values.nameVi}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, nameVi: next }));
            }}
          />
        </Field>
        <Field id="new-cat-en" label={t('adm.cat.nameEn')}>
          <input
            id="new-cat-en"
            lang="en"
            value={values.nameEn}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, nameEn: next }));
            }}
          />
        </Field>
        <Alert refusal={refusal} testId="new-category-error" />
        <button type="submit" class="button button-primary" aria-disabled={busy}>
          {t('adm.create')}
        </button>
      </form>
    </section>
  );
}
