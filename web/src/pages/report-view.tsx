// Being built (issue 6).
import { PendingPage } from './pending.js';

export function ReportViewPage({ code }: { code: string }) {
  return <PendingPage title="follow.reportTitle" key={code} />;
}
