// Guides and FAQ (`#/quan-tri/huong-dan`): the entries in the portal's order, moved up or down, edited in both
// languages in the guides' small markup (never HTML) with a preview as the portal shows it.
import { useState } from 'preact/hooks';
import { parseMarkup, type Block } from '../guides/markup.js';
import { useI18n, type Lang } from '../i18n/index.js';
import { deleteGuide, fetchGuides, moveGuide, saveGuide, type Guide } from './api.js';
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

export function GuidesSection() {
  const { t, lang } = useI18n();
  const toRefusal = useRefusal();
  const [list, reload, replace] = useLoad((signal) => fetchGuides(signal));
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);

  const move = (slug: string, direction: 'up' | 'down') => {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    moveGuide(slug, direction).then(
      (guides) => {
        replace(guides);
        setStatus(t('adm.guide.moved'));
        setBusy(false);
      },
      (error: unknown) => {
        setRefusal(toRefusal(error));
        setBusy(false);
      },
    );
  };

  return (
    <>
      <section class="card" aria-labelledby="guide-list-title">
        <h2 id="guide-list-title">{t('adm.guide.list')}</h2>
        <p class="field-hint">{t('adm.guide.intro')}</p>
        <Alert refusal={refusal} />
        <Status text={status} testId="guide-status" />
        <LoadedView state={list} reload={reload}>
          {(guides) => (
            <>
              {(['guide', 'faq'] as const).map((kind) => {
                const items = guides.filter((g) => g.kind === kind);
                return (
                  <div key={kind}>
                    <h3>{t(kind === 'guide' ? 'adm.guide.guides' : 'adm.guide.faqs')}</h3>
                    <ol class="adm-list" data-testid={`guide-list-${kind}`}>
                      {items.map((g, index) => (
                        <li key={g.slug} class="adm-item">
                          <span class="adm-item-main">
                            <strong>{inLang(g.title, lang)}</strong> <span class="adm-code">{g.slug}</span>
                          </span>
                          <span class="adm-item-actions">
                            <button
                              type="button"
                              class="button adm-icon-button"
                              aria-disabled={busy || index === 0}
                              onClick={() => {
                                if (index > 0) move(g.slug, 'up');
                              }}
                            >
                              <span aria-hidden="true">↑</span>
                              <span class="visually-hidden">
                                {t('adm.guide.up')} {inLang(g.title, lang)}
                              </span>
                            </button>
                            <button
                              type="button"
                              class="button adm-icon-button"
                              aria-disabled={busy || index === items.length - 1}
                              onClick={() => {
                                if (index < items.length - 1) move(g.slug, 'down');
                              }}
                            >
                              <span aria-hidden="true">↓</span>
                              <span class="visually-hidden">
                                {t('adm.guide.down')} {inLang(g.title, lang)}
                              </span>
                            </button>
                            <button
                              type="button"
                              class="button"
                              aria-expanded={editing === g.slug}
                              aria-controls="guide-editor"
                              onClick={() => {
                                setEditing(editing === g.slug ? null : g.slug);
                                setStatus(null);
                              }}
                            >
                              {t('adm.edit')}
                              <span class="visually-hidden"> {inLang(g.title, lang)}</span>
                            </button>
                          </span>
                        </li>
                      ))}
                    </ol>
                  </div>
                );
              })}
            </>
          )}
        </LoadedView>
        <div class="form-actions adm-below">
          <button
            type="button"
            class="button button-primary"
            aria-expanded={editing === ''}
            aria-controls="guide-editor"
            onClick={() => {
              setEditing(editing === '' ? null : '');
              setStatus(null);
            }}
          >
            {t('adm.guide.add')}
          </button>
        </div>
      </section>
      {editing !== null && list.status === 'ready' && (
        <GuideEditor
          key={editing}
          guide={list.data.find((g) => g.slug === editing) ?? null}
          onDone={(message) => {
            setEditing(null);
            setStatus(message);
            reload();
          }}
        />
      )}
    </>
  );
}

function Preview({ body, lang }: { body: string; lang: Lang }) {
  const render = (b: Block, i: number) => {
    switch (b.type) {
      case 'p':
        return <p key={i}>{b.text}</p>;
      case 'ol':
        return (
          <ol key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ol>
        );
      case 'ul':
        return (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        );
      case 'img':
        return <img key={i} src={b.src} alt={b.alt} loading="lazy" class="guide-shot" />;
    }
  };
  return (
    <div class="adm-preview guide" lang={lang}>
      {parseMarkup(body).map(render)}
    </div>
  );
}

function GuideEditor({ guide, onDone }: { guide: Guide | null; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const reveal = useReveal<HTMLElement>();
  const toRefusal = useRefusal();
  const [values, setValues] = useState({
    slug: guide?.slug ?? '',
    kind: guide?.kind ?? 'faq',
    titleVi: guide?.title.vi ?? '',
    titleEn: guide?.title.en ?? '',
    bodyVi: guide?.body.vi ?? '',
    bodyEn: guide?.body.en ?? '',
  });
  const [preview, setPreview] = useState<Lang | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const save = () => {
    if (busy) return;
    if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(values.slug)) {
      setRefusal({ message: t('adm.notSaved'), problems: [t('adm.guide.slugInvalid')] });
      return;
    }
    setBusy(true);
    setRefusal(null);
    saveGuide(values.slug, {
      kind: values.kind,
      title: { vi: values.titleVi, en: values.titleEn },
      body: { vi: values.bodyVi, en: values.bodyEn },
    }).then(
      () => {
        onDone(t(guide === null ? 'adm.guide.created' : 'adm.saved'));
      },
      (error: unknown) => {
        setRefusal(toRefusal(error));
        setBusy(false);
      },
    );
  };

  return (
    <section
      class="card adm-editor"
      id="guide-editor"
      aria-labelledby="guide-editor-title"
      ref={reveal}
      tabIndex={-1}
    >
      <h2 id="guide-editor-title">{guide === null ? t('adm.guide.add') : guide.title.vi}</h2>
      <details class="adm-details">
        <summary>{t('adm.guide.markupTitle')}</summary>
        <ul>
          <li>{t('adm.guide.markupParagraph')}</li>
          <li>{t('adm.guide.markupSteps')}</li>
          <li>{t('adm.guide.markupList')}</li>
          <li>{t('adm.guide.markupImage')}</li>
        </ul>
      </details>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        {guide === null && (
          <Field id="guide-slug" label={t('adm.slug')} hint={t('adm.guide.slugHint')}>
            <input
              id="guide-slug"
              aria-describedby="guide-slug-hint"
              value={values.slug}
              onInput={(e) => {
                const next = e.currentTarget.value;
                setValues((v) => ({ ...v, slug: next }));
              }}
            />
          </Field>
        )}
        <fieldset class="adm-fieldset adm-choices">
          <legend>{t('adm.guide.kind')}</legend>
          {(['guide', 'faq'] as const).map((kind) => (
            <label key={kind} class="check">
              <input
                type="radio"
                name="guide-kind"
                checked={values.kind === kind}
                onChange={() => {
                  setValues((v) => ({ ...v, kind }));
                }}
              />
              <span>{t(kind === 'guide' ? 'adm.guide.kindGuide' : 'adm.guide.kindFaq')}</span>
            </label>
          ))}
        </fieldset>
        {(['vi', 'en'] as const).map((l) => {
          const titleKey = l === 'vi' ? 'titleVi' : 'titleEn';
          const bodyKey = l === 'vi' ? 'bodyVi' : 'bodyEn';
          return (
            <fieldset key={l} class="adm-fieldset">
              <legend>{t(l === 'vi' ? 'adm.inVietnamese' : 'adm.inEnglish')}</legend>
              <Field id={`guide-title-${l}`} label={t('adm.guide.title')}>
                <input
                  id={`guide-title-${l}`}
                  lang={l}
                  maxLength={200}
                  value={values[titleKey]}
                  onInput={(e) => {
                    const next = e.currentTarget.value;
                    setValues((v) => ({ ...v, [titleKey]: next }));
                  }}
                />
              </Field>
              <Field id={`guide-body-${l}`} label={t('adm.guide.body')}>
                <textarea
                  id={`guide-body-${l}`}
                  lang={l}
                  rows={10}
                  maxLength={20000}
                  value={values[bodyKey]}
                  onInput={(e) => {
                    const next = e.currentTarget.value;
                    setValues((v) => ({ ...v, [bodyKey]: next }));
                  }}
                />
              </Field>
              <button
                type="button"
                class="link-button"
                aria-expanded={preview === l}
                onClick={() => {
                  setPreview(preview === l ? null : l);
                }}
              >
                {t(preview === l ? 'adm.guide.hidePreview' : 'adm.guide.preview')}
              </button>
              {preview === l && <Preview body={values[bodyKey]} lang={l} />}
            </fieldset>
          );
        })}
        <Alert refusal={refusal} testId="guide-error" />
        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-disabled={busy}>
            {t('adm.save')}
          </button>
          {guide !== null &&
            (confirming ? (
              <>
                <button
                  type="button"
                  class="button button-danger"
                  aria-disabled={busy}
                  onClick={() => {
                    if (busy) return;
                    setBusy(true);
                    deleteGuide(guide.slug).then(
                      () => {
                        onDone(t('adm.guide.deleted'));
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
