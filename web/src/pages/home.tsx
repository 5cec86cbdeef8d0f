// Home page: what the system is, the way in to send a report, the live public figures, the reports answered
// last and the map of public reports.
import { useEffect, useState } from 'preact/hooks';
import { fetchPublicStats, type PublicStats } from '../api.js';
import { formatDateTimeVN } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { LoadError } from '../components/load-error.js';
import { RecentAnswers } from '../map/recent-answers.js';
import { ReportsMap } from '../map/reports-map.js';

type StatsState = { status: 'loading' } | { status: 'error' } | { status: 'ready'; stats: PublicStats };

export function HomePage() {
  const { t } = useI18n();
  return (
    <div class="page home">
      <section class="intro" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
        <a class="button button-primary" href="#/gui-phan-anh">
          {t('home.cta')}
        </a>
      </section>
      <PublicFigures />
      <RecentAnswers />
      <section class="home-map" aria-labelledby="home-map-title">
        <h2 id="home-map-title">{t('home.mapTitle')}</h2>
        <p>{t('home.mapIntro')}</p>
        <ReportsMap variant="home" />
        <p class="section-link">
          <a href="#/phan-anh?view=map">{t('home.mapFull')}</a>
        </p>
      </section>
    </div>
  );
}

function PublicFigures() {
  const { t } = useI18n();
  const [state, setState] = useState<StatsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchPublicStats(controller.signal).then(
      (stats) => {
        if (!controller.signal.aborted) setState({ status: 'ready', stats });
      },
      () => {
        if (!controller.signal.aborted) setState({ status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
  }, [attempt]);

  return (
    <section class="figures" aria-labelledby="figures-title" aria-busy={state.status === 'loading'}>
      <h2 id="figures-title">{t('stats.title')}</h2>
      {state.status === 'error' ? (
        <LoadError
          message={t('stats.error')}
          retry={t('stats.retry')}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      ) : (
        <Figures stats={state.status === 'ready' ? state.stats : null} />
      )}
    </section>
  );
}

/** The four cards; `stats` null while loading keeps their place so nothing jumps when they arrive. */
function Figures({ stats }: { stats: PublicStats | null }) {
  const { t, formatNumber } = useI18n();
  const placeholder = '…';
  return (
    <>
      <dl class="stats">
        <div class="stat">
          <dt>{t('stats.received')}</dt>
          <dd class="stat-value" data-testid="stat-received">
            {stats ? formatNumber(stats.received) : placeholder}
          </dd>
        </div>
        <div class="stat">
          <dt>{t('stats.handled')}</dt>
          <dd class="stat-value" data-testid="stat-handled">
            {stats ? formatNumber(stats.handled) : placeholder}
          </dd>
        </div>
        <RateFigure
          label={t('stats.onTime')}
          percent={stats?.onTimePercent}
          none={t('stats.onTimeNone')}
          testId="stat-ontime"
        />
        <RateFigure
          label={t('stats.satisfaction')}
          percent={stats?.satisfactionPercent}
          none={t('stats.satisfactionNone')}
          testId="stat-satisfaction"
        />
      </dl>
      <p class="as-of" role="status">
        {stats ? t('stats.updatedAt', { time: formatDateTimeVN(new Date(stats.asOf)) }) : t('stats.loading')}
      </p>
      <p class="figures-more">
        <a href="#/thong-ke">{t('stats.more')}</a>
      </p>
    </>
  );
}

/**
 * A rate card: `…` while loading (undefined), a dash with a note saying why when there is nothing to take a
 * share of (null), else the percentage.
 */
function RateFigure({
  label,
  percent,
  none,
  testId,
}: {
  label: string;
  percent: number | null | undefined;
  none: string;
  testId: string;
}) {
  const { formatPercent } = useI18n();
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd class="stat-value" data-testid={testId}>
        {percent === undefined ? '…' : percent === null ? '—' : formatPercent(percent)}
      </dd>
      {percent === null && <dd class="stat-note">{none}</dd>}
    </div>
  );
}
