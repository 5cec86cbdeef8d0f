// The public timeline of a report (or its reporter's): what happened and when, oldest first.
import type { TimelineEntry, WorkflowTable } from '../api-follow.js';
import { formatDateTimeVN } from '../format.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { eventLabel } from './labels.js';

function detail(entry: TimelineEntry, t: I18n['t']): string | null {
  const { data } = entry;
  switch (entry.kind) {
    case 'rated':
      if (data.rating !== 'satisfied' && data.rating !== 'unsatisfied') return null;
      return typeof data.comment === 'string' && data.comment !== ''
        ? `${t(`follow.rated.${data.rating}`)}: ${data.comment}`
        : t(`follow.rated.${data.rating}`);
    case 'extension_approved':
      return typeof data.dueAt === 'string'
        ? t('follow.eventDue', { time: formatDateTimeVN(new Date(data.dueAt)) })
        : null;
    case 'merged':
      return typeof data.targetCode === 'string' ? t('follow.eventTarget', { code: data.targetCode }) : null;
    case 'info_requested':
      return typeof data.question === 'string' ? data.question : null;
    case 'info_provided':
      return typeof data.text === 'string' ? data.text : null;
    case 'rejected':
      return typeof data.reason === 'string'
        ? data.reason
        : typeof data.reasonText === 'string'
          ? data.reasonText
          : null;
    case 'closed_unpublished':
    case 'reopen_refused':
      return typeof data.reason === 'string' ? data.reason : null;
    default:
      return null;
  }
}

export function Timeline({
  entries,
  table,
}: {
  entries: readonly TimelineEntry[];
  table: WorkflowTable | null;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  if (entries.length === 0) return <p data-testid="timeline-empty">{t('follow.timelineEmpty')}</p>;
  return (
    <ol class="follow-timeline" data-testid="timeline">
      {entries.map((entry, index) => {
        const more = detail(entry, t);
        return (
          <li key={`${entry.at}-${index}`} data-kind={entry.kind}>
            <time dateTime={entry.at}>{formatDateTimeVN(new Date(entry.at))}</time>
            <span class="follow-event">{eventLabel(table, entry.kind, i18n)}</span>
            {more !== null && <span class="follow-event-detail">{more}</span>}
          </li>
        );
      })}
    </ol>
  );
}
