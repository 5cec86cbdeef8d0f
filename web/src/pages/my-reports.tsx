// "Phản ánh của tôi": the signed-in citizen's reports (sent or followed), newest first, each opening its page;
// and notifications on this device for all of them.
import { useEffect, useState } from 'preact/hooks';
import { fetchMyReports, type MyReportRow } from '../api-follow.js';
import { formatDateVN } from '../follow/dates.js';
import { errorMessage, useWorkflowTable } from '../follow/labels.js';
import { StatusBadge } from '../follow/status.js';
import { useI18n } from '../i18n/index.js';
import { signInHref, useSession } from '../session.js';
import { LoadError } from '../components/load-error.js';
import { DevicePushAll } from '../follow/device-push.js';

type Load =
  { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; rows: MyReportRow[] };

export function MyReportsPage() {
  const { t } = useI18n();
  const { state: session, ensureChecked } = useSession();
  useEffect(() => {
    ensureChecked();
  }, [ensureChecked]);
  const citizen = session.status === 'signed_in' && session.me.kind === 'citizen';
  return (
    <div class="page follow-page">
      <h1>{t('follow.mineTitle')}</h1>
      {session.status === 'loading' ? (
        <p role="status">{t('follow.mineLoading')}</p>
      ) : citizen ? (
        <>
          <section class="card" aria-labelledby="device-all-title" data-testid="device-all">
            <h2 id="device-all-title">{t('follow.deviceTitle')}</h2>
            <DevicePushAll />
          </section>
          <MyReportList />
        </>
      ) : (
        <div class="notice notice-info" data-testid="mine-signed-out">
          <p>{session.status === 'signed_in' ? t('follow.mineCitizensOnly') : t('follow.mineSignedOut')}</p>
          {session.status !== 'signed_in' && (
            <a class="button button-primary" href={signInHref('/cua-toi')}>
              {t('follow.mineSignIn')}
            </a>
          )}
        </div>
      )}
    </div>
  );
}

function MyReportList() {
  const { t, lang } = useI18n();
  const table = useWorkflowTable();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    fetchMyReports(controller.signal).then(
      (rows) => {
        if (!controller.signal.aborted) setLoad({ status: 'ready', rows });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: 'error', error });
      },
    );
    return () => {
      controller.abort();
    };
  }, [attempt]);

  return (
    <div aria-live="polite">
      {load.status === 'loading' && <p role="status">{t('follow.mineLoading')}</p>}
      {load.status === 'error' && (
        <LoadError
          message={errorMessage(load.error, t, 'follow.loadError')}
          retry={t('follow.retry')}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {load.status === 'ready' && (
        <>
          <p class="intro">{t('follow.mineIntro')}</p>
          {load.rows.length === 0 ? (
            <div class="notice notice-info" data-testid="mine-empty">
              <p>{t('follow.mineEmpty')}</p>
              <a class="button button-primary" href="#/gui-phan-anh">
                {t('follow.mineSubmitNew')}
              </a>
            </div>
          ) : (
            <ul class="follow-list" data-testid="mine-list">
              {load.rows.map((row) => (
                <li key={row.code} class="card follow-item" data-code={row.code}>
                  <p class="follow-item-head">
                    <a href={`#/phan-anh/${row.code}`} class="follow-code">
                      {row.code}
                    </a>
                    <StatusBadge status={row.status} table={table} />
                  </p>
                  <p class="follow-item-meta">
                    <span>
                      {row.category === null
                        ? t('follow.noCategory')
                        : lang === 'en'
                          ? row.category.nameEn
                          : row.category.nameVi}
                    </span>
                    {' · '}
                    <time dateTime={row.submittedAt}>{formatDateVN(new Date(row.submittedAt))}</time>
                    {' · '}
                    <span>{t(row.role === 'reporter' ? 'follow.roleReporter' : 'follow.roleFollower')}</span>
                  </p>
                  {row.description !== '' && (
                    <p class="follow-item-text" lang="vi">
                      {row.description}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
