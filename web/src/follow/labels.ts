// Labels of the workflow's states and of the timeline's events in the reader's language: states from the
// API's table (GET /api/v1/public/workflow), events from the catalogue in words for citizens, else the
// table's label of the action that records them.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { fetchWorkflowTable, type WorkflowTable } from '../api-follow.js';
import type { I18n, MessageKey } from '../i18n/index.js';

const EVENT_KEYS: Readonly<Record<string, MessageKey>> = {
  submitted: 'follow.event.submitted',
  accepted: 'follow.event.accepted',
  rejected: 'follow.event.rejected',
  merged: 'follow.event.merged',
  assigned: 'follow.event.assigned',
  acknowledged: 'follow.event.acknowledged',
  extension_approved: 'follow.event.extension_approved',
  info_requested: 'follow.event.info_requested',
  info_provided: 'follow.event.info_provided',
  answer_approved: 'follow.event.answer_approved',
  published: 'follow.event.published',
  closed_unpublished: 'follow.event.closed_unpublished',
  rated: 'follow.event.rated',
  reopened: 'follow.event.reopened',
  reopen_refused: 'follow.event.reopen_refused',
  closed_automatically: 'follow.event.closed_automatically',
};

/** The workflow's table once loaded; null while loading or when it could not be (labels fall back to codes). */
export function useWorkflowTable(): WorkflowTable | null {
  const [table, setTable] = useState<WorkflowTable | null>(null);
  useEffect(() => {
    let live = true;
    fetchWorkflowTable().then(
      (loaded) => {
        if (live) setTable(loaded);
      },
      () => {
        // The page still works: states and events show their codes.
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return table;
}

export function stateLabel(table: WorkflowTable | null, status: string, lang: I18n['lang']): string {
  return table?.states.find((s) => s.code === status)?.label[lang] ?? status;
}

export function eventLabel(
  table: WorkflowTable | null,
  kind: string,
  { t, lang }: Pick<I18n, 't' | 'lang'>,
): string {
  const key = EVENT_KEYS[kind];
  if (key !== undefined) return t(key);
  return table?.actions.find((a) => a.event.kind === kind)?.label[lang] ?? kind;
}

/** What to tell a person about a failed request: the API's own message, else a network or generic one. */
export function errorMessage(error: unknown, t: I18n['t'], fallback: MessageKey): string {
  if (error instanceof ApiError) {
    if (error.userMessage !== null) {
      const detail = error.details.find((d) => d.messages !== undefined)?.messages;
      const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
      return detail !== undefined ? `${error.userMessage} ${detail[lang]}` : error.userMessage;
    }
    if (error.status === 0) return t('follow.networkError');
  }
  return t(fallback);
}
