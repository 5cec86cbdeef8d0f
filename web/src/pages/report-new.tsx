// Being built (issue 6).
import { PendingPage } from './pending.js';

export function ReportNewPage() {
  return <PendingPage title="report.title" />;
}
