// Random sequences of random actions by random actors — forbidden ones included — never reach an undefined
// state nor break an invariant of the workflow.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDecision,
  availableActions,
  decide,
  mayTake,
  type DecideOptions,
  type WorkflowActor,
  type WorkflowReport,
} from '../../src/modules/workflow/machine.js';
import {
  ACTION_CODES,
  EXTENSION_STATES,
  INFO_STATES,
  REJECT_REASONS,
  TERMINAL_STATES,
  WORKFLOW,
  WORKFLOW_RULES,
  WORKFLOW_STATES,
  type ActionCode,
  type ActionInput,
  type WorkflowState,
} from '../../src/modules/workflow/table.js';
import { workflowReport } from '../support/workflow.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T02:00:00Z');
const AGENCIES = ['A', 'B', 'C'];

const ACTORS: readonly WorkflowActor[] = [
  { role: 'receiver', accountId: 'receiver-1', agencyId: null },
  { role: 'provincial_leader', accountId: 'leader-p', agencyId: null },
  { role: 'auditor', accountId: 'auditor-1', agencyId: null },
  { role: 'admin', accountId: 'admin-1', agencyId: null },
  { role: 'citizen', accountId: 'citizen-1', agencyId: null },
  { role: 'citizen', accountId: 'citizen-2', agencyId: null },
  { role: 'system', accountId: null, agencyId: null },
  ...AGENCIES.flatMap((agencyId): WorkflowActor[] => [
    { role: 'handler', accountId: `handler-${agencyId}`, agencyId },
    { role: 'agency_leader', accountId: `leader-${agencyId}`, agencyId },
  ]),
];

const RECEIVER = ACTORS.find((a) => a.role === 'receiver')!;
const HANDLER_A = ACTORS.find((a) => a.role === 'handler' && a.agencyId === 'A')!;

/** Every state some row leads to, plus the state reports are born in. */
const TABLE_STATES = new Set<WorkflowState>([
  'submitted',
  ...WORKFLOW_RULES.flatMap((rule) => (rule.to === 'unchanged' ? rule.from : [rule.to])),
]);

const ANSWERED_STATES: readonly WorkflowState[] = ['approved', 'published', 'reopen_requested'];

const deadline: DecideOptions['deadline'] = (clock, start) =>
  new Date(start.getTime() + (clock === 'acknowledge' ? 8 : 120) * HOUR);

const text = fc.constantFrom<unknown>(undefined, '', '   ', 'Nội dung', 42, null);
const id = fc.constantFrom<unknown>(undefined, '', 'r0', 'r1', ...AGENCIES, 7);
const ids = fc.constantFrom<unknown>(undefined, [], ['A'], ['B', 'C'], ['A', 'A'], 'B', [3]);
/** Hours, see `materialize`; "bad" gives an invalid Date. */
const when = fc.oneof(
  fc.constant<unknown>(undefined),
  fc.constant('bad'),
  fc.integer({ min: -10, max: 300 }),
);

/** One input object carrying every field any action takes, each maybe missing, blank, wrong or valid. */
const anyInput = fc.record({
  priority: fc.constantFrom<unknown>(undefined, 'urgent', 'normal', 'complex', 'low'),
  note: text,
  reasonCode: fc.constantFrom<unknown>(undefined, ...REJECT_REASONS, 'spam'),
  reasonText: text,
  targetReportId: id,
  leadAgencyId: id,
  coordinatingAgencyIds: ids,
  reason: text,
  suggestedAgencyId: id,
  proposedDueAt: when,
  dueAt: when,
  directive: text,
  text,
  attachmentIds: ids,
  publicAnswer: text,
  publicDescription: text,
  hiddenMediaIds: ids,
  comment: text,
  question: text,
});

/** The same fields with valid values only, so that runs also go deep into the workflow. */
const validInput = fc.record({
  priority: fc.constantFrom<unknown>('urgent', 'normal', 'complex'),
  note: fc.constantFrom<unknown>(undefined, 'Ghi chú'),
  reasonCode: fc.constantFrom<unknown>(...REJECT_REASONS),
  reasonText: fc.constantFrom<unknown>(undefined, 'Giải thích'),
  targetReportId: fc.constant<unknown>('r0'),
  leadAgencyId: fc.constantFrom<unknown>(...AGENCIES),
  coordinatingAgencyIds: fc.constantFrom<unknown>(undefined, [], ['C']),
  reason: fc.constant<unknown>('Lý do'),
  suggestedAgencyId: fc.constantFrom<unknown>(undefined, 'B'),
  proposedDueAt: fc.integer({ min: 1, max: 200 }),
  dueAt: fc.oneof(fc.constant<unknown>(undefined), fc.integer({ min: 1, max: 200 })),
  directive: fc.constant<unknown>('Chỉ đạo'),
  text: fc.constant<unknown>('Nội dung'),
  attachmentIds: fc.constantFrom<unknown>(undefined, ['m1']),
  publicAnswer: fc.constant<unknown>('Kết quả'),
  publicDescription: fc.constantFrom<unknown>(undefined, 'Mô tả'),
  hiddenMediaIds: fc.constantFrom<unknown>(undefined, ['m1']),
  comment: fc.constant<unknown>('Ý kiến'),
  question: fc.constant<unknown>('Câu hỏi'),
});

const aStep = fc.record({
  /**
   * `forward`: an offered action that moves the report on (ending it only once answered), so runs go deep;
   * `stay`: an offered action that keeps the state, notes aside (extensions, questions to the reporter);
   * `offered`: one of the actions some actor may take now (what a screen would show);
   * `any`: any action by any actor, forbidden ones included.
   */
  mode: fc.constantFrom('forward', 'forward', 'stay', 'stay', 'offered', 'any'),
  actor: fc.nat({ max: ACTORS.length - 1 }),
  action: fc.nat({ max: 1000 }),
  input: fc.oneof({ arbitrary: validInput, weight: 3 }, { arbitrary: anyInput, weight: 1 }),
  minutes: fc.integer({ min: 0, max: 8 * 60 }),
});

/** Dates are hours after the report's due date (or now), so that extensions are often valid. */
function materialize(
  input: Record<string, unknown>,
  now: number,
  report: WorkflowReport,
): Record<string, unknown> {
  const base = Math.max(now, report.dueAt?.getTime() ?? now);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'proposedDueAt' || key === 'dueAt')
      out[key] = value === 'bad' ? new Date(Number.NaN) : new Date(base + Number(value) * HOUR);
    else out[key] = value;
  }
  return out;
}

const fresh = (): WorkflowReport => workflowReport();

function checkInvariants(report: WorkflowReport): void {
  expect(WORKFLOW_STATES).toContain(report.state);
  expect(TABLE_STATES.has(report.state)).toBe(true);
  if (report.state === 'published' || report.state === 'approved') expect(report.answerApproved).toBe(true);
  if (report.answerApproved) {
    expect(report.answerDrafted).toBe(true);
    expect(['approved', 'published', 'reopen_requested', 'closed']).toContain(report.state);
  }
  if (report.rating !== null) expect(['reopen_requested', 'closed']).toContain(report.state);
  if (report.pendingExtension) expect(EXTENSION_STATES).toContain(report.state);
  if (report.infoRequested) expect(INFO_STATES).toContain(report.state);
  if (report.originalDueAt) {
    expect(report.dueAt).not.toBeNull();
    expect(report.dueAt!.getTime()).toBeGreaterThan(report.originalDueAt.getTime());
  }
  if (report.leadAgencyId) expect(report.coordinatingAgencyIds).not.toContain(report.leadAgencyId);
  if (report.state === 'merged') expect(report.mergedIntoReportId).not.toBeNull();
  if (['assigned', 'in_progress', 'answered', 'approved'].includes(report.state))
    expect(report.leadAgencyId).not.toBeNull();
  if (TERMINAL_STATES.includes(report.state))
    for (const actor of ACTORS)
      expect(availableActions(report, actor).filter((a) => a !== 'note')).toEqual([]);
}

describe('the workflow under random action sequences', () => {
  it('never reaches an undefined state nor breaks an invariant', () => {
    const seen = new Set<WorkflowState>(['submitted']);
    const taken = new Set<ActionCode>();
    fc.assert(
      fc.property(fc.array(aStep, { minLength: 1, maxLength: 80, size: 'max' }), (steps) => {
        let report = fresh();
        let now = START;
        for (const s of steps) {
          now += s.minutes * 60_000;
          // A finished case only takes notes: a forward step starts the next report, so runs see many lives.
          if (s.mode === 'forward' && TERMINAL_STATES.includes(report.state)) report = fresh();
          const current = report;
          const offers = ACTORS.flatMap((who) =>
            availableActions(current, who).map((what) => [who, what] as const),
          );
          const onward = (what: ActionCode) => {
            const to = WORKFLOW[what].to;
            // Ending a case counts as moving on once it has an answer.
            if (to === 'unchanged' || to === current.state) return false;
            return !TERMINAL_STATES.includes(to) || ANSWERED_STATES.includes(current.state);
          };
          const stay = (what: ActionCode) => what !== 'note' && WORKFLOW[what].to === 'unchanged';
          const wanted = s.mode === 'forward' ? onward : s.mode === 'stay' ? stay : () => true;
          // Pick an action first, then one of the actors offered it, so that an action several roles may
          // take is not chosen more often for it.
          let actions = [...new Set(offers.map(([, what]) => what))];
          if (actions.some(wanted)) actions = actions.filter(wanted);
          let actor = ACTORS[s.actor]!;
          let action = ACTION_CODES[s.action % ACTION_CODES.length]!;
          if (s.mode !== 'any' && actions.length > 0) {
            action = actions[s.action % actions.length]!;
            const takers = offers.filter(([, what]) => what === action);
            actor = takers[s.actor % takers.length]![0];
          }
          const offered = availableActions(report, actor);
          const input = materialize(s.input, now, report) as ActionInput<typeof action>;
          const before = structuredClone(report);
          const result = decide(report, actor, action, input, new Date(now), { deadline });

          // decide never mutates its argument, and agrees with what the screens offer
          expect(report).toEqual(before);
          if (result.ok) expect(mayTake(report, actor, action)).toBe(true);
          if (!offered.includes(action)) expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.message.vi.length).toBeGreaterThan(0);
            continue; // a refused decision changes nothing: the report stays as it was
          }

          const rule = WORKFLOW[action];
          expect(result.to).toBe(rule.to === 'unchanged' ? report.state : rule.to);
          expect(result.from).toBe(report.state);
          const next = applyDecision(report, result);

          for (const [agency, count] of Object.entries(report.returnCounts))
            expect(next.returnCounts[agency] ?? 0).toBeGreaterThanOrEqual(count);
          if (action === 'return')
            expect(next.returnCounts[report.leadAgencyId!]).toBe(
              (report.returnCounts[report.leadAgencyId!] ?? 0) + 1,
            );
          if (action === 'approve_extension') {
            expect(next.originalDueAt).toEqual(report.originalDueAt ?? report.dueAt);
            expect(next.dueAt!.getTime()).toBeGreaterThan(report.dueAt!.getTime());
          }
          if (result.event.visibility === 'internal')
            expect(result.notify.some((n) => n.audience === 'followers' || n.audience === 'reporter')).toBe(
              false,
            );
          for (const n of result.notify) if (n.agencyIds) expect(n.agencyIds.length).toBeGreaterThan(0);

          report = next;
          seen.add(report.state);
          taken.add(action);
          checkInvariants(report);
        }
      }),
      // A fixed seed: the coverage check below must not depend on luck (a random seed once left 'reopen'
      // untaken on CI). Change the seed to explore other sequences; every seed must pass the invariants.
      { numRuns: 400, seed: 20_261_129 },
    );
    // The runs go deep enough to test something: every state is reached, every action taken.
    expect([...seen].sort()).toEqual([...WORKFLOW_STATES].sort());
    expect([...taken].sort()).toEqual([...ACTION_CODES].sort());
  });

  it('keeps the first due date through any series of extension requests, approvals and refusals', () => {
    const move = fc.record({
      kind: fc.constantFrom('request', 'approve', 'refuse'),
      hours: fc.integer({ min: -20, max: 200 }),
      grant: fc.option(fc.integer({ min: -20, max: 200 }), { nil: undefined }),
      minutes: fc.integer({ min: 0, max: 600 }),
    });
    fc.assert(
      fc.property(fc.array(move, { minLength: 1, maxLength: 30 }), (moves) => {
        const firstDue = new Date(START + 40 * HOUR);
        let report: WorkflowReport = { ...fresh(), state: 'in_progress', leadAgencyId: 'A', dueAt: firstDue };
        let now = START;
        for (const m of moves) {
          now += m.minutes * 60_000;
          const base = report.dueAt!.getTime();
          const result =
            m.kind === 'request'
              ? decide(
                  report,
                  HANDLER_A,
                  'request_extension',
                  { reason: 'x', proposedDueAt: new Date(base + m.hours * HOUR) },
                  new Date(now),
                )
              : m.kind === 'approve'
                ? decide(
                    report,
                    RECEIVER,
                    'approve_extension',
                    { dueAt: m.grant === undefined ? undefined : new Date(base + m.grant * HOUR) },
                    new Date(now),
                  )
                : decide(report, RECEIVER, 'refuse_extension', { reason: 'x' }, new Date(now));
          if (!result.ok) continue;
          const next = applyDecision(report, result);
          if (m.kind === 'approve') {
            // the first due date of the round is kept, and the one in force only moves later
            expect(next.originalDueAt).toEqual(firstDue);
            expect(next.dueAt!.getTime()).toBeGreaterThan(report.dueAt!.getTime());
          } else expect(next.dueAt).toEqual(report.dueAt);
          report = next;
          checkInvariants(report);
        }
      }),
      { numRuns: 300 },
    );
  });
});
