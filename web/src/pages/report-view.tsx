// One report's page (`#/phan-anh/PA-2026-000123`): its status, what is public about it, the timeline and
// the published answer; for its reporter also the officers' question, the approved answer and the rating;
// "Theo dõi" for anyone else. A report that is not public shows only its status (the API decides).
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import {
  fetchMyReport,
  fetchPublicReport,
  fetchWorkflowView,
  newIdempotencyKey,
  takeAction,
  type MyReport,
  type PublicReport,
  type WorkflowView,
} from '../api-follow.js';
import { normaliseCode } from '../follow/code.js';
import { formatDateVN } from '../follow/dates.js';
import { FollowBox } from '../follow/follow-box.js';
import { errorMessage, useWorkflowTable } from '../follow/labels.js';
import { RatingForm, type RatingAction } from '../follow/rating-form.js';
import { ReplyForm } from '../follow/reply-form.js';
import { StatusBadge } from '../follow/status.js';
import { Timeline } from '../follow/timeline.js';
import { TrackForm } from '../follow/track-form.js';
import { formatDateTimeVN } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

/** The reporter's own view and what they may do now; null for anyone else. */
interface Mine {
  report: MyReport;
  view: WorkflowView;
}

type Load =
  | { status: 'loading' }
  | { status: 'not_found' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; report: PublicReport; mine: Mine | null };

async function loadMine(code: string, signal: AbortSignal): Promise<Mine | null> {
  try {
    // One after the other: the workflow view of someone else's report is a refusal, not worth asking.
    const report = await fetchMyReport(code, signal);
    return { report, view: await fetchWorkflowView(code, signal) };
  } catch (error) {
    // Not their report (404) or no longer signed in (401): the public page is all there is.
    if (error instanceof ApiError && (error.status === 404 || error.status === 401 || error.status === 403))
      return null;
    throw error;
  }
}

export function ReportViewPage({ code: param }: { code: string }) {
  const { t } = useI18n();
  const code = normaliseCode(param);
  if (code === null) return <NotFound typed={param} />;
  return (
    <div class="page follow-page">
      <h1>{t('follow.reportTitle', { code })}</h1>
      <ReportView code={code} key={code} />
    </div>
  );
}

function NotFound({ typed }: { typed: string }) {
  const { t } = useI18n();
  return (
    <div class="page follow-page">
      <h1>{t('follow.trackTitle')}</h1>
      <div class="notice notice-error" role="alert" data-testid="not-found">
        <p>{t('follow.notFound')}</p>
        {t('follow.notFoundText', { code: typed })}
      </div>
      <div class="card">
        <TrackForm />
      </div>
    </div>
  );
}

function ReportView({ code }: { code: string }) {
  const { t } = useI18n();
  const { state: session } = useSession();
  const table = useWorkflowTable();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<'rated' | 'replied' | null>(null);
  const citizen = session.status === 'signed_in' && session.me.kind === 'citizen';
  // Wait for the session: a reporter's page differs from the public one.
  const sessionKey = session.status === 'loading' ? null : citizen ? session.me.accountId : 'public';

  useEffect(() => {
    if (sessionKey === null) return undefined;
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([
      fetchPublicReport(code, signal),
      sessionKey === 'public' ? Promise.resolve(null) : loadMine(code, signal),
    ]).then(
      ([report, mine]) => {
        if (!signal.aborted) setLoad({ status: 'ready', report, mine });
      },
      (error: unknown) => {
        if (signal.aborted) return;
        setLoad(
          error instanceof ApiError && error.status === 404
            ? { status: 'not_found' }
            : { status: 'error', error },
        );
      },
    );
    return () => {
      controller.abort();
    };
  }, [code, sessionKey, attempt]);

  const reload = () => {
    setAttempt((n) => n + 1);
  };

  if (load.status === 'loading') return <p role="status">{t('follow.loading')}</p>;
  if (load.status === 'not_found') {
    return (
      <>
        <div class="notice notice-error" role="alert" data-testid="not-found">
          <p>{t('follow.notFound')}</p>
          {t('follow.notFoundText', { code })}
        </div>
        <div class="card">
          <TrackForm initial={code} />
        </div>
      </>
    );
  }
  if (load.status === 'error') {
    return (
      <div class="notice notice-error" role="alert">
        <p>{errorMessage(load.error, t, 'follow.loadError')}</p>
        <button type="button" class="button" onClick={reload}>
          {t('follow.retry')}
        </button>
      </div>
    );
  }

  const { report, mine } = load;
  const act = async (action: 'provide_info' | RatingAction, input: Record<string, string>) => {
    if (mine === null) return;
    await takeAction(code, action, input, mine.view.version, newIdempotencyKey());
    setDone(action === 'provide_info' ? 'replied' : 'rated');
    reload();
  };
  return (
    <ReportBody
      report={report}
      mine={mine}
      table={table}
      done={done}
      onReply={(text) => act('provide_info', { text })}
      onRate={(action, comment) => act(action, comment === '' ? {} : { comment })}
    />
  );
}

function ReportBody({
  report,
  mine,
  table,
  done,
  onReply,
  onRate,
}: {
  report: PublicReport;
  mine: Mine | null;
  table: ReturnType<typeof useWorkflowTable>;
  done: 'rated' | 'replied' | null;
  onReply: (text: string) => Promise<void>;
  onRate: (action: RatingAction, comment: string) => Promise<void>;
}) {
  const { t, lang, formatNumber } = useI18n();
  const status = mine?.report.status ?? report.status;
  const category = mine?.report.category ?? report.category;
  const description = mine !== null ? mine.report.description : report.description;
  const timeline = mine?.report.timeline ?? report.timeline;
  const rating = mine?.report.rating ?? null;
  // Until the page has reloaded after sending, the form just sent stays away: it cannot be sent twice.
  const canRate =
    mine !== null &&
    rating === null &&
    done !== 'rated' &&
    (mine.view.actions.includes('rate_satisfied') || mine.view.actions.includes('rate_unsatisfied'));
  const question =
    mine !== null &&
    done !== 'replied' &&
    mine.report.openQuestion !== null &&
    mine.view.actions.includes('provide_info')
      ? mine.report.openQuestion
      : null;
  const isPublic = report.visibility === 'public';
  // Following or unfollowing here changes the count before the report is asked for again.
  const [followedSupporters, setSupporters] = useState<number | null>(null);
  const supporters = followedSupporters ?? report.supporters;

  return (
    <div class="follow-report" data-testid="report">
      <p class="follow-status-line">
        <span class="visually-hidden">{t('follow.statusLabel')}: </span>
        <StatusBadge status={status} table={table} />
      </p>
      <div aria-live="polite">
        {done === 'rated' && (
          <p class="notice notice-success" data-testid="action-done">
            {t('follow.ratingSent')}
          </p>
        )}
        {done === 'replied' && (
          <p class="notice notice-success" data-testid="action-done">
            {t('follow.replySent')}
          </p>
        )}
      </div>
      {mine !== null && (
        <p class="notice notice-info follow-you" data-testid="you-sent">
          {t('follow.youSent')} <a href="#/cua-toi">{t('follow.youSentMine')}</a>
        </p>
      )}
      {report.mergedInto !== null && (
        <p class="notice notice-info">
          {t('follow.mergedInto', { code: report.mergedInto })}{' '}
          <a href={`#/phan-anh/${report.mergedInto}`}>
            {t('follow.mergedLink', { code: report.mergedInto })}
          </a>
        </p>
      )}
      {!isPublic && mine === null && (
        <p class="notice notice-info" data-testid="tracking-only">
          {t('follow.trackingOnly')}
        </p>
      )}

      {question !== null && <ReplyForm question={question} onSubmit={onReply} />}

      <Answer report={report} mine={mine} />

      {rating !== null && (
        <p class="notice notice-info follow-rating-done" data-testid="your-rating">
          {t('follow.yourRating', {
            rating: t(rating === 'satisfied' ? 'follow.rated.satisfied' : 'follow.rated.unsatisfied'),
          })}
        </p>
      )}
      {canRate && (
        <section class="card" aria-labelledby="rating-title">
          <h2 id="rating-title">{t('follow.ratingTitle')}</h2>
          <RatingForm allowed={mine.view.actions} onSubmit={onRate} />
        </section>
      )}

      <dl class="follow-facts">
        <div>
          <dt>{t('follow.submittedAt')}</dt>
          <dd>
            <time dateTime={report.submittedAt}>{formatDateVN(new Date(report.submittedAt))}</time>
          </dd>
        </div>
        {category !== null && (
          <div>
            <dt>{t('follow.category')}</dt>
            <dd>{lang === 'en' ? category.nameEn : category.nameVi}</dd>
          </div>
        )}
        <Place report={report} />
        {report.agency !== null && (
          <div>
            <dt>{t('follow.agency')}</dt>
            <dd lang="vi">{report.agency.name}</dd>
          </div>
        )}
        {isPublic && (
          <div>
            <dt>{t('follow.supporters')}</dt>
            <dd data-testid="supporters">{formatNumber(supporters)}</dd>
          </div>
        )}
      </dl>

      {description !== '' && (
        <section aria-labelledby="description-title">
          <h2 id="description-title">{t('follow.description')}</h2>
          <p class="follow-description" lang="vi">
            {description}
          </p>
        </section>
      )}

      {report.media.length > 0 && (
        <section aria-labelledby="photos-title">
          <h2 id="photos-title">{t('follow.photos')}</h2>
          <ul class="follow-photos">
            {report.media.map((m, index) => (
              <li key={m.id}>
                <a href={m.url} target="_blank" rel="noopener">
                  <img
                    src={m.thumbUrl ?? m.url}
                    alt={t('follow.photoAlt', { n: index + 1, code: report.code })}
                    loading="lazy"
                    width={160}
                    height={120}
                  />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('follow.timelineTitle')}</h2>
        <Timeline entries={timeline} table={table} />
      </section>

      {(isPublic || mine !== null) && (
        <FollowBox code={report.code} isReporter={mine !== null} onSupporters={setSupporters} />
      )}
    </div>
  );
}

/**
 * Where it is, in words — the reporter's address (contacts masked by the server) and the area's full name —
 * and a link to the point on a map. Nothing when the report is not public.
 */
function Place({ report }: { report: PublicReport }) {
  const { t } = useI18n();
  const address = report.place?.address ?? null;
  const areaName = report.place?.areaName ?? report.area?.name ?? null;
  const { latitude, longitude } = report;
  const point =
    typeof latitude === 'number' && typeof longitude === 'number'
      ? { lat: latitude.toFixed(6), lon: longitude.toFixed(6) }
      : null;
  if (address === null && areaName === null && point === null) return null;
  return (
    <div class="follow-place" data-testid="place">
      <dt>{t('follow.place')}</dt>
      {address !== null && <dd lang="vi">{address}</dd>}
      {areaName !== null && (
        <dd lang="vi" class={address !== null ? 'follow-place-area' : undefined}>
          {areaName}
        </dd>
      )}
      {point !== null && (
        <dd class="follow-place-map">
          <a
            href={`https://www.openstreetmap.org/?mlat=${point.lat}&mlon=${point.lon}#map=18/${point.lat}/${point.lon}`}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="map-link"
          >
            {t('follow.mapLink')}
            <span class="visually-hidden"> {t('follow.mapLinkNote')}</span>
          </a>
        </dd>
      )}
    </div>
  );
}

/** The published answer; for the reporter, the approved one before it is published. */
function Answer({ report, mine }: { report: PublicReport; mine: Mine | null }) {
  const { t } = useI18n();
  const published = report.answer;
  const approved = mine?.report.answer ?? null;
  if (published === null && approved === null) return null;
  return (
    <section class="card follow-answer" aria-labelledby="answer-title" data-testid="answer">
      <h2 id="answer-title">{t('follow.answerTitle')}</h2>
      <p class="follow-answer-text" lang="vi">
        {published?.text ?? approved?.text}
      </p>
      {published?.media && published.media.length > 0 && (
        <ul class="follow-photos" data-testid="answer-photos">
          {published.media.map((m, index) => (
            <li key={m.id}>
              <a href={m.url} target="_blank" rel="noopener">
                <img
                  src={m.thumbUrl ?? m.url}
                  alt={t('follow.answerPhotoAlt', { n: index + 1 })}
                  loading="lazy"
                  width={160}
                  height={120}
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      <p class="field-hint">
        {published !== null
          ? t('follow.answerPublishedAt', { time: formatDateTimeVN(new Date(published.publishedAt)) })
          : t('follow.answerApproved', { time: formatDateTimeVN(new Date(approved?.approvedAt ?? '')) })}
      </p>
    </section>
  );
}
