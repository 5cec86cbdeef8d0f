// A report's status in words, as a badge coloured by how far along it is.
import type { WorkflowTable } from '../api-follow.js';
import { useI18n } from '../i18n/index.js';
import { stateLabel } from './labels.js';

const DONE = new Set(['published', 'closed', 'approved']);
const STOPPED = new Set(['rejected', 'merged']);

export function StatusBadge({ status, table }: { status: string; table: WorkflowTable | null }) {
  const { lang } = useI18n();
  const tone = DONE.has(status) ? 'done' : STOPPED.has(status) ? 'stopped' : 'open';
  return (
    <span class={`status-badge status-${tone}`} data-testid="status" data-status={status}>
      {stateLabel(table, status, lang)}
    </span>
  );
}
