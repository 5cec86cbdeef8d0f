// The guides and the FAQ (`#/huong-dan`, one guide: `#/huong-dan/{slug}`): content from the API, in the chosen
// language, rendered from its small markup (never as HTML).
import { useEffect, useState } from 'preact/hooks';
import { apiRequest } from '../api.js';
import { parseMarkup, type Block } from '../guides/markup.js';
import { useI18n, type Lang } from '../i18n/index.js';
import { LoadError } from '../components/load-error.js';

interface Guide {
  slug: string;
  kind: 'guide' | 'faq';
  title: Record<Lang, string>;
  body: Record<Lang, string>;
}

const isPair = (v: unknown): v is Record<Lang, string> =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Record<string, unknown>).vi === 'string' &&
  typeof (v as Record<string, unknown>).en === 'string';

const isGuideList = (v: unknown): v is { guides: Guide[] } =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as { guides?: unknown }).guides) &&
  (v as { guides: unknown[] }).guides.every(
    (g) =>
      typeof g === 'object' &&
      g !== null &&
      typeof (g as Guide).slug === 'string' &&
      ((g as Guide).kind === 'guide' || (g as Guide).kind === 'faq') &&
      isPair((g as Guide).title) &&
      isPair((g as Guide).body),
  );

type State = { status: 'loading' } | { status: 'error' } | { status: 'ready'; guides: Guide[] };

export function GuidesPage({ slug }: { slug: string | null }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    apiRequest('GET', '/api/v1/public/guides', { guard: isGuideList, signal: controller.signal }).then(
      (list) => {
        if (!controller.signal.aborted && list) setState({ status: 'ready', guides: list.guides });
      },
      () => {
        if (!controller.signal.aborted) setState({ status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
  }, [attempt]);

  // A link to one guide scrolls to it once the content is there.
  useEffect(() => {
    if (state.status !== 'ready' || slug === null) return;
    // After the shell has moved focus to the page (it does on every change of address).
    const frame = requestAnimationFrame(() => {
      const target = document.getElementById(`guide-${slug}`);
      if (target) {
        target.scrollIntoView();
        target.focus();
      }
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [state.status, slug]);

  const guides = state.status === 'ready' ? state.guides.filter((g) => g.kind === 'guide') : [];
  const faq = state.status === 'ready' ? state.guides.filter((g) => g.kind === 'faq') : [];
  return (
    <div class="page guides" aria-busy={state.status === 'loading'}>
      <h1 id="guides-title">{t('guides.title')}</h1>
      <p>{t('guides.intro')}</p>
      {state.status === 'loading' && <p role="status">{t('guides.loading')}</p>}
      {state.status === 'error' && (
        <LoadError
          message={t('guides.error')}
          retry={t('guides.retry')}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {state.status === 'ready' && state.guides.length === 0 && <p>{t('guides.empty')}</p>}
      {guides.length > 0 && (
        <nav class="guides-toc" aria-labelledby="guides-toc-title">
          <h2 id="guides-toc-title">{t('guides.contents')}</h2>
          <ol>
            {guides.map((g) => (
              <li key={g.slug}>
                <a href={`#/huong-dan/${g.slug}`}>{g.title[lang]}</a>
              </li>
            ))}
            {faq.length > 0 && (
              <li>
                <a href="#/huong-dan/cau-hoi-thuong-gap">{t('guides.faq')}</a>
              </li>
            )}
          </ol>
        </nav>
      )}
      {guides.map((g) => (
        <section
          class="guide"
          key={g.slug}
          id={`guide-${g.slug}`}
          tabIndex={-1}
          aria-labelledby={`h-${g.slug}`}
        >
          <h2 id={`h-${g.slug}`}>{g.title[lang]}</h2>
          <Body blocks={parseMarkup(g.body[lang])} />
        </section>
      ))}
      {faq.length > 0 && (
        <section class="faq" id="guide-cau-hoi-thuong-gap" tabIndex={-1} aria-labelledby="faq-title">
          <h2 id="faq-title">{t('guides.faq')}</h2>
          {faq.map((q) => (
            <details key={q.slug} id={`guide-${q.slug}`} open={slug === q.slug}>
              <summary>{q.title[lang]}</summary>
              <Body blocks={parseMarkup(q.body[lang])} />
            </details>
          ))}
        </section>
      )}
    </div>
  );
}

function Body({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((b, i) => {
        switch (b.type) {
          case 'p':
            return <p key={i}>{b.text}</p>;
          case 'ol':
            return (
              <ol key={i} class="steps">
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
            return (
              <figure key={i} class="guide-shot">
                <img src={b.src} alt={b.alt} loading="lazy" width={390} height={844} />
                <figcaption>{b.alt}</figcaption>
              </figure>
            );
        }
      })}
    </>
  );
}
