// Reply templates (`#/quan-tri/mau-tra-loi`): the standard answers officers start from, per category or for all.
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import {
  createTemplate,
  deleteTemplate,
  fetchCategories,
  fetchTemplates,
  updateTemplate,
  type Category,
  type ReplyTemplate,
} from './api.js';
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

export function TemplatesSection() {
  const { t, lang } = useI18n();
  const [list, reload, replace] = useLoad(async (signal) => {
    const [templates, categories] = await Promise.all([fetchTemplates(signal), fetchCategories(signal)]);
    return { templates, categories };
  });
  // null: no editor open; 'new': a new template; otherwise the id being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  return (
    <>
      <section class="card" aria-labelledby="template-list-title">
        <h2 id="template-list-title">{t('adm.tpl.list')}</h2>
        <p class="field-hint">{t('adm.tpl.intro')}</p>
        <Status text={status} testId="template-status" />
        <LoadedView state={list} reload={reload}>
          {({ templates }) =>
            templates.length === 0 ? (
              <p>{t('adm.tpl.none')}</p>
            ) : (
              <ul class="adm-list" data-testid="template-list">
                {templates.map((tpl) => (
                  <li key={tpl.id} class="adm-item">
                    <span class="adm-item-main">
                      <strong>{tpl.title}</strong>
                      <span class="adm-badges">
                        <span class="adm-badge">
                          {tpl.categoryName === null
                            ? t('adm.tpl.allCategories')
                            : inLang(tpl.categoryName, lang)}
                        </span>
                      </span>
                      <span class="adm-snippet" lang="vi">
                        {tpl.body.length > 160 ? `${tpl.body.slice(0, 157)}…` : tpl.body}
                      </span>
                    </span>
                    <button
                      type="button"
                      class="button adm-item-action"
                      aria-expanded={editing === tpl.id}
                      aria-controls="template-editor"
                      onClick={() => {
                        setEditing(editing === tpl.id ? null : tpl.id);
                        setStatus(null);
                      }}
                    >
                      {t('adm.edit')}
                      <span class="visually-hidden"> {tpl.title}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )
          }
        </LoadedView>
        <div class="form-actions adm-below">
          <button
            type="button"
            class="button button-primary"
            aria-expanded={editing === 'new'}
            aria-controls="template-editor"
            data-testid="add-template"
            onClick={() => {
              setEditing(editing === 'new' ? null : 'new');
              setStatus(null);
            }}
          >
            {t('adm.tpl.add')}
          </button>
        </div>
      </section>
      {editing !== null && list.status === 'ready' && (
        <TemplateEditor
          key={editing}
          template={list.data.templates.find((x) => x.id === editing) ?? null}
          categories={list.data.categories}
          onSaved={(saved, message) => {
            const others = list.data.templates.filter((x) => x.id !== saved.id);
            replace({ ...list.data, templates: [...others, saved] });
            setEditing(null);
            setStatus(message);
            reload();
          }}
          onDeleted={(id) => {
            replace({ ...list.data, templates: list.data.templates.filter((x) => x.id !== id) });
            setEditing(null);
            setStatus(t('adm.tpl.deleted'));
          }}
        />
      )}
    </>
  );
}

function TemplateEditor({
  template,
  categories,
  onSaved,
  onDeleted,
}: {
  template: ReplyTemplate | null;
  categories: Category[];
  onSaved: (template: ReplyTemplate, message: string) => void;
  onDeleted: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const reveal = useReveal<HTMLElement>();
  const toRefusal = useRefusal();
  const [values, setValues] = useState({
    categoryId: template?.categoryId ?? '',
    title: template?.title ?? '',
    body: template?.body ?? '',
  });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const save = async () => {
    if (busy) return;
    const problems = [
      ...(values.title.trim() === '' ? [t('adm.tpl.titleMissing')] : []),
      ...(values.body.trim() === '' ? [t('adm.tpl.bodyMissing')] : []),
    ];
    if (problems.length > 0) {
      setRefusal({ message: t('adm.notSaved'), problems });
      return;
    }
    setBusy(true);
    setRefusal(null);
    const input = {
      categoryId: values.categoryId === '' ? null : values.categoryId,
      title: values.title,
      body: values.body,
    };
    try {
      const saved =
        template === null ? await createTemplate(input) : await updateTemplate(template.id, input);
      onSaved(saved, t(template === null ? 'adm.tpl.created' : 'adm.saved'));
    } catch (error) {
      setRefusal(toRefusal(error));
      setBusy(false);
    }
  };

  return (
    <section
      class="card adm-editor"
      id="template-editor"
      aria-labelledby="template-editor-title"
      ref={reveal}
      tabIndex={-1}
    >
      <h2 id="template-editor-title">{template === null ? t('adm.tpl.add') : template.title}</h2>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Field id="tpl-category" label={t('adm.tpl.category')}>
          <select
            id="tpl-category"
            value={values.categoryId}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, categoryId: next }));
            }}
          >
            <option value="">{t('adm.tpl.allCategories')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.parentId === null ? '' : '— '}
                {inLang(c.name, lang)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="tpl-title" label={t('adm.tpl.title')}>
          <input
            id="tpl-title"
            lang="vi"
            maxLength={200}
            value={values.title}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, title: next }));
            }}
          />
        </Field>
        <Field id="tpl-body" label={t('adm.tpl.body')} hint={t('adm.tpl.bodyHint')}>
          <textarea
            id="tpl-body"
            lang="vi"
            rows={8}
            maxLength={5000}
            aria-describedby="tpl-body-hint"
            value={values.body}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, body: next }));
            }}
          />
        </Field>
        <Alert refusal={refusal} testId="template-error" />
        <div class="form-actions">
          <button
            type="submit"
            class="button button-primary"
            aria-disabled={busy}
            data-testid="save-template"
          >
            {t('adm.save')}
          </button>
          {template !== null &&
            (confirming ? (
              <>
                <button
                  type="button"
                  class="button button-danger"
                  aria-disabled={busy}
                  onClick={() => {
                    if (busy) return;
                    setBusy(true);
                    deleteTemplate(template.id).then(
                      () => {
                        onDeleted(template.id);
                      },
                      (error: unknown) => {
                        setRefusal(toRefusal(error));
                        setBusy(false);
                      },
                    );
                  }}
                >
                  {t('adm.confirmDelete')}
                </button>
                <button
                  type="button"
                  class="link-button"
                  onClick={() => {
                    setConfirming(false);
                  }}
                >
                  {t('adm.cancel')}
                </button>
              </>
            ) : (
              <button
                type="button"
                class="button"
                onClick={() => {
                  setConfirming(true);
                }}
              >
                {t('adm.delete')}
              </button>
            ))}
        </div>
      </form>
    </section>
  );
}
