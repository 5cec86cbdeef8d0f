// The home page's "recently answered reports": the public reports whose answer came most recently, with a link
// to all answered reports (the API's `sort=answered`: most recently answered first).
import { useEffect, useState } from 'preact/hooks';
import { useWorkflowTable } from '../follow/labels.js';
import { useI18n } from '../i18n/index.js';
import { LoadError } from '../components/load-error.js';
import { fetchReportPage, type ReportSummary } from './api.js';
import { listParams, NO_FILTERS, queryFromFilters } from './filters.js';
import { ReportCard } from './report-card.js';

type Load = { status: 'loading' } | { status: 'error' } | { status: 'ready'; items: ReportSummary[] };

const SHOWN = 4;

export function RecentAnswers() {
  const { t } = useI18n();
  const table = useWorkflowTable();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    const params = listParams({ ...NO_FILTERS, status: 'answered' });
    params.set('sort', 'answered');
    fetchReportPage(params, {
      limit: SHOWN,
      signal: controller.signal,
    }).then(
      (page) => {
        if (controller.signal.aborted) return;
        setLoad({ status: 'ready', items: page.items });
      },
      () => {
        if (!controller.signal.aborted) setLoad({ status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
  }, [attempt]);

  return (
    <section
      class="recent-answers"
      aria-labelledby="recent-answers-title"
      aria-busy={load.status === 'loading'}
    >
      <h2 id="recent-answers-title">{t('home.answeredTitle')}</h2>
      {load.status === 'loading' && <p class="as-of">{t('home.answeredLoading')}</p>}
      {load.status === 'error' && (
        <LoadError
          message={t('home.answeredError')}
          retry={t('reports.retry')}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {load.status === 'ready' &&
        (load.items.length === 0 ? (
          <p class="notice notice-info" data-testid="recent-answers-empty">
            {t('home.answeredEmpty')}
          </p>
        ) : (
          <>
            <ul class="follow-list report-cards" data-testid="recent-answers">
              {load.items.map((report) => (
                <ReportCard key={report.code} report={report} table={table} date="resolved" />
              ))}
            </ul>
            <p class="section-link">
              <a href={`#/phan-anh?${queryFromFilters({ ...NO_FILTERS, status: 'answered' }, 'list')}`}>
                {t('home.answeredAll')}
              </a>
            </p>
          </>
        ))}
    </section>
  );
}
