// Being built (issue 6).
import { PendingPage } from './pending.js';

export function MyReportsPage() {
  return <PendingPage title="follow.mineTitle" />;
}
