// Being built (issue 6).
import { PendingPage } from './pending.js';

export function TrackPage() {
  return <PendingPage title="follow.trackTitle" />;
}
