// The statistics page, loaded only when someone opens it: the home page's first load on a slow phone does not
// carry the table, the chart and the period form.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LoadError } from '../components/load-error.js';
import { useI18n } from '../i18n/index.js';

/** Kept once loaded, so coming back to the page shows it at once. */
let loaded: ComponentType | null = null;

export function StatisticsRoute() {
  const { t } = useI18n();
  const [Page, setPage] = useState<ComponentType | null>(() => loaded);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (Page !== null) return;
    let live = true;
    import('../pages/statistics.js').then(
      (module) => {
        loaded = module.StatisticsPage;
        if (live) setPage(() => module.StatisticsPage);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [Page]);

  if (Page !== null) return <Page />;
  return (
    <div class="page statistics">
      <h1>{t('statistics.title')}</h1>
      {failed ? (
        <LoadError
          message={t('statistics.pageError')}
          retry={t('statistics.retry')}
          onRetry={() => {
            // A module that failed to load stays failed in the browser's module map: only a reload retries it.
            window.location.reload();
          }}
        />
      ) : (
        <p class="as-of" role="status">
          {t('statistics.loading')}
        </p>
      )}
    </div>
  );
}
