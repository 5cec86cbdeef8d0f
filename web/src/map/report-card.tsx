// One public report in a list (the reports page, the home page's recent answers): code and status, category,
// area and date, the start of its text, its first photo.
import type { WorkflowTable } from '../api-follow.js';
import { formatDateVN } from '../follow/dates.js';
import { StatusBadge } from '../follow/status.js';
import { useI18n } from '../i18n/index.js';
import type { ReportSummary } from './api.js';

export function ReportCard({
  report,
  table,
  date = 'submitted',
}: {
  report: ReportSummary;
  table: WorkflowTable | null;
  /** Which date to show: when it was sent, or when it was answered. */
  date?: 'submitted' | 'resolved';
}) {
  const { t, lang } = useI18n();
  const answered = date === 'resolved' && report.resolvedAt !== null;
  const shown = answered && report.resolvedAt !== null ? report.resolvedAt : report.submittedAt;
  return (
    <li class="card report-card" data-code={report.code} data-testid="report-card">
      {report.thumbUrl !== null && (
        <img class="report-card-photo" src={report.thumbUrl} alt="" loading="lazy" width={72} height={72} />
      )}
      <div class="report-card-body">
        <p class="follow-item-head">
          <a href={`#/phan-anh/${encodeURIComponent(report.code)}`} class="follow-code">
            {report.code}
          </a>
          <StatusBadge status={report.status} table={table} />
        </p>
        <p class="follow-item-meta">
          <span>
            {report.category === null
              ? t('follow.noCategory')
              : lang === 'en'
                ? report.category.nameEn
                : report.category.nameVi}
          </span>
          {report.area !== null && (
            <>
              {' · '}
              <span lang="vi">{report.area.name}</span>
            </>
          )}
          {' · '}
          <time dateTime={shown}>
            {t(answered ? 'reports.answeredOn' : 'reports.sentOn', {
              date: formatDateVN(new Date(shown)),
            })}
          </time>
        </p>
        {report.description !== '' && (
          <p class="follow-item-text" lang="vi">
            {report.description}
          </p>
        )}
      </div>
    </li>
  );
}
