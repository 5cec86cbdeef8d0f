// A workflow report as the machine reads it, for the unit tests: just submitted by a citizen, nothing else set.
import type { WorkflowReport } from '../../src/modules/workflow/machine.js';

export const workflowReport = (overrides: Partial<WorkflowReport> = {}): WorkflowReport => ({
  id: 'r1',
  state: 'submitted',
  priority: 'normal',
  leadAgencyId: null,
  coordinatingAgencyIds: [],
  reporterAccountId: 'citizen-1',
  answerDrafted: false,
  answerApproved: false,
  infoRequested: false,
  pendingExtension: null,
  acknowledgeDueAt: null,
  dueAt: null,
  originalDueAt: null,
  rating: null,
  returnCounts: {},
  mergedIntoReportId: null,
  ...overrides,
});
