// The workflow table and its machine: every row allowed and refused by role, scope, state, condition and
// input; the journeys of issue 5; the deadline flags; and docs/workflow.md kept in step with the table.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/platform/calendar/calendar.js';
import {
  applyDecision,
  availableActions,
  decide,
  mayTake,
  slaFlag,
  type Decision,
  type DecideOptions,
  type Refusal,
  type WorkflowActor,
  type WorkflowReport,
} from '../../src/modules/workflow/machine.js';
import {
  ACTION_CODES,
  REJECT_REASON_LABELS,
  STATE_LABELS,
  TERMINAL_STATES,
  WORKFLOW,
  WORKFLOW_RULES,
  WORKFLOW_STATES,
  type ActionCode,
  type ActionInputs,
  type WorkflowState,
} from '../../src/modules/workflow/table.js';
import { WORKFLOW_DOC_PATH, renderWorkflowDoc } from '../../scripts/workflow-doc.js';
import { workflowReport } from '../support/workflow.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam
const later = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

const report = workflowReport;

const actor = (role: WorkflowActor['role'], agencyId: string | null = null, accountId = `${role}-1`) => ({
  role,
  agencyId,
  accountId: role === 'system' ? null : accountId,
});
const receiver = actor('receiver');
const handlerA = actor('handler', 'A');
const handlerB = actor('handler', 'B');
const leaderA = actor('agency_leader', 'A');
const leaderB = actor('agency_leader', 'B');
const provincial = actor('provincial_leader');
const reporter = actor('citizen', null, 'citizen-1');
const otherCitizen = actor('citizen', null, 'citizen-2');
const system = actor('system');
const auditor = actor('auditor');
const admin = actor('admin');
const ALL_ACTORS = [
  receiver,
  handlerA,
  handlerB,
  leaderA,
  leaderB,
  provincial,
  reporter,
  otherCitizen,
  system,
  auditor,
  admin,
];

/** A valid input for every action, for a report whose due date is `later(40)`. */
const SAMPLE: { [A in ActionCode]: ActionInputs[A] } = {
  accept: { priority: 'urgent' },
  reject: { reasonCode: 'complaint' },
  merge: { targetReportId: 'r0' },
  assign: { leadAgencyId: 'A', coordinatingAgencyIds: ['B'] },
  acknowledge: {},
  return: { reason: 'Thuộc thẩm quyền UBND xã' },
  request_extension: { reason: 'Cần khảo sát hiện trường', proposedDueAt: later(100) },
  approve_extension: {},
  refuse_extension: { reason: 'Không đủ căn cứ' },
  escalate: { reason: 'Liên quan nhiều sở' },
  direct: { directive: 'Sở Xây dựng chủ trì', leadAgencyId: 'B' },
  submit_answer: { text: 'Đã sửa đèn', attachmentIds: ['m1'] },
  approve_answer: {},
  send_back_answer: { reason: 'Thiếu ảnh sau khi sửa' },
  publish: { publicAnswer: 'Đã sửa đèn chiếu sáng', hiddenMediaIds: ['m2'] },
  close_unpublished: { reason: 'Nội dung có thông tin cá nhân' },
  rate_satisfied: { comment: 'Cảm ơn' },
  rate_unsatisfied: { comment: 'Đèn lại hỏng' },
  reopen: { reason: 'Kết quả chưa triệt để' },
  close_reopen_request: { reason: 'Đã xử lý đúng quy định' },
  auto_close: {},
  note: { text: 'Đã gọi điện cho đơn vị' },
  request_info: { question: 'Xin vị trí chính xác?' },
  provide_info: { text: 'Trước số nhà 12' },
};

const deadline: DecideOptions['deadline'] = (clock, start) =>
  new Date(start.getTime() + (clock === 'acknowledge' ? 8 : 120) * HOUR);

function ok<A extends ActionCode>(result: Decision<A> | Refusal): Decision<A> {
  if (!result.ok) throw new Error(`refused: ${result.code} ${result.field ?? ''} ${result.detail ?? ''}`);
  return result;
}
function refused(result: Decision | Refusal): Refusal {
  if (result.ok) throw new Error(`expected a refusal, got ${result.action} → ${result.to}`);
  return result;
}
/** Runs an action and returns the report after it. */
function step<A extends ActionCode>(
  before: WorkflowReport,
  who: WorkflowActor,
  action: A,
  input: ActionInputs[A] = SAMPLE[action],
  now = NOW,
): WorkflowReport {
  return applyDecision(before, ok(decide(before, who, action, input, now, { deadline })));
}

describe('the workflow table', () => {
  it('has one row per action, keyed by its own code, from known states to known states', () => {
    expect(Object.keys(WORKFLOW).sort()).toEqual([...ACTION_CODES].sort());
    for (const rule of WORKFLOW_RULES) {
      expect(WORKFLOW[rule.action]).toBe(rule);
      expect(rule.from.length).toBeGreaterThan(0);
      for (const state of rule.from) expect(WORKFLOW_STATES).toContain(state);
      if (rule.to !== 'unchanged') expect(WORKFLOW_STATES).toContain(rule.to);
      expect(rule.allowed.length).toBeGreaterThan(0);
      expect(rule.label.vi.trim()).not.toBe('');
      expect(rule.label.en.trim()).not.toBe('');
      expect(rule.notify.length).toBeGreaterThan(0);
    }
  });

  it('keeps the ten status codes the database already has, with the meaning they had', () => {
    for (const code of [
      'submitted',
      'accepted',
      'rejected',
      'merged',
      'assigned',
      'in_progress',
      'answered',
      'approved',
      'published',
      'closed',
    ])
      expect(WORKFLOW_STATES).toContain(code);
  });

  it('writes Vietnamese labels with their diacritics', () => {
    expect(WORKFLOW.accept.label.vi).toBe('Tiếp nhận');
    expect(WORKFLOW.reject.label.vi).toBe('Từ chối tiếp nhận');
    expect(WORKFLOW.assign.label.vi).toBe('Chuyển xử lý');
    expect(WORKFLOW.return.label.vi).toBe('Trả lại (không đúng thẩm quyền)');
    expect(WORKFLOW.request_extension.label.vi).toBe('Đề nghị gia hạn');
    expect(WORKFLOW.escalate.label.vi).toBe('Trình lãnh đạo UBND tỉnh');
    expect(WORKFLOW.approve_answer.label.vi).toBe('Duyệt kết quả');
    expect(WORKFLOW.publish.label.vi).toBe('Công khai');
    expect(WORKFLOW.rate_satisfied.label.vi).toMatch(/^Đánh giá mức độ hài lòng/);
    expect(STATE_LABELS.in_progress.vi).toBe('Đang xử lý');
    for (const state of WORKFLOW_STATES)
      expect(STATE_LABELS[state].vi.normalize('NFC')).toBe(STATE_LABELS[state].vi);
  });

  it('reaches every state from submitted, and every non-terminal state has a way out', () => {
    const reached = new Set<WorkflowState>(['submitted']);
    for (let grew = true; grew;) {
      grew = false;
      for (const rule of WORKFLOW_RULES)
        if (rule.to !== 'unchanged' && rule.from.some((s) => reached.has(s)) && !reached.has(rule.to)) {
          reached.add(rule.to);
          grew = true;
        }
    }
    expect([...reached].sort()).toEqual([...WORKFLOW_STATES].sort());
    for (const state of WORKFLOW_STATES) {
      const leaving = WORKFLOW_RULES.filter(
        (r) => r.to !== 'unchanged' && r.to !== state && r.from.includes(state),
      );
      expect(leaving.length === 0, state).toBe(TERMINAL_STATES.includes(state));
    }
  });

  it('allows nothing but internal notes on terminal states', () => {
    for (const state of TERMINAL_STATES)
      expect(WORKFLOW_RULES.filter((r) => r.from.includes(state)).map((r) => r.action)).toEqual(['note']);
    expect(WORKFLOW.note.event.visibility).toBe('internal');
  });
});

describe('availableActions', () => {
  it('gives auditors and administrators nothing to do on any report', () => {
    for (const state of WORKFLOW_STATES) {
      expect(availableActions(report({ state, leadAgencyId: 'A' }), auditor)).toEqual([]);
      expect(availableActions(report({ state, leadAgencyId: 'A' }), admin)).toEqual([]);
    }
  });

  it('offers each actor the intake, agency and citizen actions of the state', () => {
    expect(availableActions(report(), receiver)).toEqual([
      'accept',
      'reject',
      'merge',
      'note',
      'request_info',
    ]);
    expect(availableActions(report(), reporter)).toEqual([]);
    const assigned = report({ state: 'assigned', leadAgencyId: 'A', coordinatingAgencyIds: ['B'] });
    expect(availableActions(assigned, handlerA)).toEqual(['acknowledge', 'return', 'note', 'request_info']);
    expect(availableActions(assigned, leaderA)).toEqual([
      'acknowledge',
      'return',
      'escalate',
      'note',
      'request_info',
    ]);
    expect(availableActions(assigned, handlerB)).toEqual(['note']);
    expect(availableActions(actorless(), handlerA)).toEqual([]);
    const published = report({ state: 'published', leadAgencyId: 'A', answerApproved: true });
    expect(availableActions(published, reporter)).toEqual(['rate_satisfied', 'rate_unsatisfied']);
    expect(availableActions(published, otherCitizen)).toEqual([]);
    expect(availableActions(published, system)).toEqual(['auto_close']);
  });

  it('agrees with decide for every state, actor and action (given a valid input)', () => {
    const states: WorkflowReport[] = WORKFLOW_STATES.flatMap((state) => [
      report({
        state,
        leadAgencyId: 'A',
        coordinatingAgencyIds: ['C'],
        dueAt: later(40),
        answerApproved: true,
      }),
      report({
        state,
        leadAgencyId: 'A',
        dueAt: later(40),
        pendingExtension: { reason: 'x', proposedDueAt: later(60), requestedBy: 'h', requestedAt: NOW },
        infoRequested: true,
      }),
    ]);
    for (const r of states)
      for (const who of ALL_ACTORS)
        for (const action of ACTION_CODES) {
          const result = decide(r, who, action, SAMPLE[action], NOW);
          expect(result.ok, `${who.role} ${action} in ${r.state}`).toBe(mayTake(r, who, action));
        }
  });
});

/** A report in the agency stage with no lead agency: nothing for agency officers. */
function actorless(): WorkflowReport {
  return report({ state: 'assigned', leadAgencyId: null });
}

describe('decide: refusals', () => {
  it('names the reason: role, scope, state, condition, input', () => {
    const assigned = report({ state: 'assigned', leadAgencyId: 'A' });
    expect(refused(decide(assigned, receiver, 'acknowledge', {}, NOW)).code).toBe('not_allowed_for_role');
    expect(refused(decide(assigned, handlerB, 'acknowledge', {}, NOW)).code).toBe('wrong_scope');
    expect(refused(decide(report(), handlerA, 'acknowledge', {}, NOW)).code).toBe('wrong_scope');
    expect(
      refused(decide(report({ state: 'in_progress', leadAgencyId: 'A' }), handlerA, 'acknowledge', {}, NOW))
        .code,
    ).toBe('wrong_state');
    const noDue = report({ state: 'in_progress', leadAgencyId: 'A' });
    expect(refused(decide(noDue, handlerA, 'request_extension', SAMPLE.request_extension, NOW)).code).toBe(
      'precondition_failed',
    );
    const missing = refused(
      decide(report({ state: 'accepted' }), receiver, 'assign', {} as ActionInputs['assign'], NOW),
    );
    expect(missing).toMatchObject({ code: 'missing_input', field: 'leadAgencyId' });
    expect(missing.message.vi).toBe('Thiếu thông tin bắt buộc.');
    const blank = refused(
      decide(report({ state: 'accepted' }), receiver, 'assign', { leadAgencyId: '   ' }, NOW),
    );
    expect(blank).toMatchObject({ code: 'missing_input', field: 'leadAgencyId' });
    const wrongType = { leadAgencyId: 'A', coordinatingAgencyIds: 'B' } as unknown as ActionInputs['assign'];
    expect(refused(decide(report({ state: 'accepted' }), receiver, 'assign', wrongType, NOW))).toMatchObject({
      code: 'invalid_input',
      field: 'coordinatingAgencyIds',
    });
  });

  it('gives every refusal a Vietnamese and an English message and changes nothing', () => {
    const before = report({ state: 'assigned', leadAgencyId: 'A', returnCounts: { B: 1 } });
    const copy = structuredClone(before);
    for (const who of ALL_ACTORS)
      for (const action of ACTION_CODES) {
        const result = decide(before, who, action, {} as never, NOW);
        if (!result.ok) {
          expect(result.message.vi).not.toBe('');
          expect(result.message.en).not.toBe('');
        }
      }
    expect(before).toEqual(copy);
  });

  it('lets only the report’s own citizen rate it, reply to questions', () => {
    const published = report({ state: 'published', leadAgencyId: 'A', answerApproved: true });
    expect(refused(decide(published, otherCitizen, 'rate_satisfied', {}, NOW)).code).toBe('wrong_scope');
    expect(refused(decide(published, receiver, 'rate_satisfied', {}, NOW)).code).toBe('not_allowed_for_role');
    const anonymous = report({ state: 'published', reporterAccountId: null, answerApproved: true });
    expect(refused(decide(anonymous, actor('citizen', null, 'x'), 'rate_satisfied', {}, NOW)).code).toBe(
      'wrong_scope',
    );
    const asked = report({ state: 'in_progress', leadAgencyId: 'A', infoRequested: true });
    expect(refused(decide(asked, otherCitizen, 'provide_info', SAMPLE.provide_info, NOW)).code).toBe(
      'wrong_scope',
    );
  });

  it('lets coordinating agencies add notes only', () => {
    const r = report({
      state: 'in_progress',
      leadAgencyId: 'A',
      coordinatingAgencyIds: ['B'],
      dueAt: later(40),
    });
    expect(availableActions(r, handlerB)).toEqual(['note']);
    expect(availableActions(r, leaderB)).toEqual(['note']);
    const note = ok(decide(r, handlerB, 'note', { text: ' Sở B đã khảo sát ' }, NOW));
    expect(note.to).toBe('in_progress');
    expect(note.changes).toEqual({});
    expect(note.event).toMatchObject({
      kind: 'note',
      visibility: 'internal',
      data: { text: 'Sở B đã khảo sát' },
    });
    expect(refused(decide(r, actor('handler', 'C'), 'note', { text: 'x' }, NOW)).code).toBe('wrong_scope');
  });

  it('allows notes on closed, rejected and merged reports and nothing else', () => {
    for (const state of TERMINAL_STATES) {
      const r = report({ state, leadAgencyId: 'A' });
      for (const who of ALL_ACTORS) expect(availableActions(r, who).filter((a) => a !== 'note')).toEqual([]);
      expect(ok(decide(r, receiver, 'note', { text: 'Lưu hồ sơ' }, NOW)).to).toBe(state);
    }
  });
});

describe('decide: intake', () => {
  it('refuses a khiếu nại with the standard guidance to its legal channel', () => {
    const d = ok(decide(report(), receiver, 'reject', { reasonCode: 'complaint' }, NOW));
    expect(d.to).toBe('rejected');
    expect(d.event.visibility).toBe('reporter');
    expect(d.event.data.guidance).toEqual(REJECT_REASON_LABELS.complaint.guidance);
    expect(REJECT_REASON_LABELS.complaint.guidance?.vi).toContain('Luật Khiếu nại năm 2011');
    expect(REJECT_REASON_LABELS.denunciation.guidance?.vi).toContain('Luật Tố cáo năm 2018');
    expect(d.notify).toEqual([{ audience: 'reporter' }]);
    expect(d.clocks.stop).toEqual(['intake']);
  });

  it('needs an explanation for "other" and a known reason code', () => {
    expect(refused(decide(report(), receiver, 'reject', { reasonCode: 'other' }, NOW))).toMatchObject({
      code: 'missing_input',
      field: 'reasonText',
    });
    expect(
      ok(decide(report(), receiver, 'reject', { reasonCode: 'other', reasonText: 'Quảng cáo' }, NOW)).to,
    ).toBe('rejected');
    const bogus = { reasonCode: 'spam' } as unknown as ActionInputs['reject'];
    expect(refused(decide(report(), receiver, 'reject', bogus, NOW)).code).toBe('invalid_input');
  });

  it('merges into another report only', () => {
    expect(refused(decide(report(), receiver, 'merge', { targetReportId: 'r1' }, NOW)).field).toBe(
      'targetReportId',
    );
    const d = ok(decide(report(), receiver, 'merge', { targetReportId: 'r0' }, NOW));
    expect(d).toMatchObject({ to: 'merged', changes: { mergedIntoReportId: 'r0' } });
  });

  it('reclassifies the priority on acceptance', () => {
    expect(ok(decide(report(), receiver, 'accept', { priority: 'urgent' }, NOW)).changes).toEqual({
      priority: 'urgent',
    });
    expect(ok(decide(report(), receiver, 'accept', {}, NOW)).changes).toEqual({});
  });
});

describe('decide: assignment, return, escalation', () => {
  it('assigns a lead agency and coordinating agencies, starting the clocks', () => {
    const d = ok(decide(report({ state: 'accepted' }), receiver, 'assign', SAMPLE.assign, NOW, { deadline }));
    expect(d.to).toBe('assigned');
    expect(d.changes).toMatchObject({
      leadAgencyId: 'A',
      coordinatingAgencyIds: ['B'],
      acknowledgeDueAt: later(8),
      dueAt: later(120),
      originalDueAt: null,
    });
    expect(d.notify).toEqual([
      { audience: 'followers' },
      { audience: 'lead_agency', agencyIds: ['A'] },
      { audience: 'coordinating_agencies', agencyIds: ['B'] },
    ]);
    const without = ok(decide(report({ state: 'accepted' }), receiver, 'assign', SAMPLE.assign, NOW));
    expect(without.changes).toMatchObject({ acknowledgeDueAt: null, dueAt: null });
    expect(without.clocks.start).toEqual(['acknowledge', 'resolve']);
    const both = { leadAgencyId: 'A', coordinatingAgencyIds: ['A'] };
    expect(refused(decide(report({ state: 'accepted' }), receiver, 'assign', both, NOW)).code).toBe(
      'invalid_input',
    );
  });

  it('tells the previous agency when a receiver reassigns before it acknowledged', () => {
    const d = ok(
      decide(
        report({ state: 'assigned', leadAgencyId: 'A' }),
        receiver,
        'assign',
        { leadAgencyId: 'B' },
        NOW,
      ),
    );
    expect(d.notify).toContainEqual({ audience: 'previous_lead_agency', agencyIds: ['A'] });
    expect(d.event.data.previousLeadAgencyId).toBe('A');
  });

  it('counts a return against the returning agency and sends the report back to intake', () => {
    let r = step(report({ state: 'accepted' }), receiver, 'assign');
    r = step(r, handlerA, 'return');
    expect(r).toMatchObject({
      state: 'returned',
      leadAgencyId: null,
      coordinatingAgencyIds: [],
      returnCounts: { A: 1 },
    });
    r = step(r, receiver, 'assign', { leadAgencyId: 'A' });
    r = step(r, handlerA, 'acknowledge');
    const d = ok(decide(r, leaderA, 'return', SAMPLE.return, NOW));
    expect(d.changes.returnCounts).toEqual({ A: 2 });
    expect(d.notify).toEqual([{ audience: 'receivers' }, { audience: 'agency_leader', agencyIds: ['A'] }]);
    expect(d.event).toMatchObject({ visibility: 'internal', data: { agencyId: 'A' } });
  });

  it('escalates to provincial leaders, who direct it back to an agency', () => {
    const inProgress = report({ state: 'in_progress', leadAgencyId: 'A', dueAt: later(40) });
    expect(refused(decide(inProgress, handlerA, 'escalate', SAMPLE.escalate, NOW)).code).toBe(
      'not_allowed_for_role',
    );
    expect(refused(decide(inProgress, leaderB, 'escalate', SAMPLE.escalate, NOW)).code).toBe('wrong_scope');
    let r = step(inProgress, leaderA, 'escalate');
    expect(r.state).toBe('escalated');
    expect(availableActions(r, provincial)).toEqual(['direct', 'note']);
    expect(refused(decide(r, receiver, 'direct', SAMPLE.direct, NOW)).code).toBe('not_allowed_for_role');
    r = step(r, provincial, 'direct', { directive: 'Sở B chủ trì', leadAgencyId: 'B', dueAt: later(30) });
    expect(r).toMatchObject({
      state: 'assigned',
      leadAgencyId: 'B',
      dueAt: later(30),
      acknowledgeDueAt: later(8),
    });
    const past = { directive: 'x', leadAgencyId: 'B', dueAt: later(-1) };
    expect(refused(decide(report({ state: 'escalated' }), provincial, 'direct', past, NOW)).field).toBe(
      'dueAt',
    );
  });
});

describe('decide: extensions', () => {
  const inProgress = report({ state: 'in_progress', leadAgencyId: 'A', dueAt: later(40) });

  it('records a request without changing the state, once at a time', () => {
    const d = ok(decide(inProgress, handlerA, 'request_extension', SAMPLE.request_extension, NOW));
    expect(d.to).toBe('in_progress');
    expect(d.changes.pendingExtension).toEqual({
      reason: 'Cần khảo sát hiện trường',
      proposedDueAt: later(100),
      requestedBy: 'handler-1',
      requestedAt: NOW,
    });
    const pending = applyDecision(inProgress, d);
    expect(refused(decide(pending, handlerA, 'request_extension', SAMPLE.request_extension, NOW)).code).toBe(
      'precondition_failed',
    );
    for (const proposedDueAt of [later(-1), later(40), later(20)])
      expect(
        refused(decide(inProgress, handlerA, 'request_extension', { reason: 'x', proposedDueAt }, NOW)).field,
      ).toBe('proposedDueAt');
  });

  it('keeps the original due date across approved extensions', () => {
    let r = step(inProgress, handlerA, 'request_extension');
    expect(availableActions(r, receiver)).toContain('approve_extension');
    expect(availableActions(r, leaderA)).not.toContain('approve_extension');
    r = step(r, receiver, 'approve_extension');
    expect(r).toMatchObject({ dueAt: later(100), originalDueAt: later(40), pendingExtension: null });
    r = step(r, handlerA, 'request_extension', { reason: 'Chờ vật tư', proposedDueAt: later(150) });
    r = step(r, receiver, 'approve_extension', { dueAt: later(130) });
    expect(r).toMatchObject({ dueAt: later(130), originalDueAt: later(40) });
    const refusedOne = step(
      step(r, handlerA, 'request_extension', { reason: 'x', proposedDueAt: later(200) }),
      receiver,
      'refuse_extension',
    );
    expect(refusedOne).toMatchObject({ dueAt: later(130), originalDueAt: later(40), pendingExtension: null });
  });

  it('refuses to grant a date that is not later than the due date', () => {
    const r = step(inProgress, handlerA, 'request_extension');
    expect(refused(decide(r, receiver, 'approve_extension', { dueAt: later(30) }, NOW)).field).toBe('dueAt');
  });

  it('drops a pending request when the report leaves the agency’s hands', () => {
    const r = step(inProgress, handlerA, 'request_extension');
    const d = ok(decide(r, handlerA, 'return', SAMPLE.return, NOW));
    expect(d.changes.pendingExtension).toBeNull();
    expect(d.event.data.extensionRequestLapsed).toBe(true);
    // but not when the answer goes for approval: receivers may still decide it
    expect(step(r, handlerA, 'submit_answer').pendingExtension).not.toBeNull();
  });
});

describe('decide: answer, publication, rating', () => {
  it('runs the whole journey of issue 5 to a satisfied close', () => {
    let r = step(report(), receiver, 'accept');
    r = step(r, receiver, 'assign');
    r = step(r, handlerA, 'acknowledge');
    r = step(r, handlerA, 'submit_answer');
    expect(r).toMatchObject({ state: 'answered', answerDrafted: true, answerApproved: false });
    expect(refused(decide(r, handlerA, 'approve_answer', {}, NOW)).code).toBe('not_allowed_for_role');
    r = step(r, leaderA, 'send_back_answer');
    expect(r.state).toBe('in_progress');
    r = step(step(r, handlerA, 'submit_answer'), leaderA, 'approve_answer');
    expect(r).toMatchObject({ state: 'approved', answerApproved: true });
    const publish = ok(
      decide(r, receiver, 'publish', { publicAnswer: '  Đã sửa  ', hiddenMediaIds: ['m2', 'm2'] }, NOW),
    );
    expect(publish.event).toMatchObject({
      kind: 'published',
      visibility: 'public',
      data: { publicAnswer: 'Đã sửa', hiddenMediaIds: ['m2'] },
    });
    expect(refused(decide(r, receiver, 'publish', { publicAnswer: '' }, NOW)).code).toBe('missing_input');
    r = applyDecision(r, publish);
    r = step(r, reporter, 'rate_satisfied');
    expect(r).toMatchObject({ state: 'closed', rating: 'satisfied' });
  });

  it('sends an unsatisfied rating to receivers, who reopen or close', () => {
    const published = report({
      state: 'published',
      leadAgencyId: 'A',
      answerDrafted: true,
      answerApproved: true,
    });
    expect(refused(decide(published, reporter, 'rate_unsatisfied', { comment: ' ' }, NOW)).code).toBe(
      'missing_input',
    );
    const requested = step(published, reporter, 'rate_unsatisfied');
    expect(requested).toMatchObject({ state: 'reopen_requested', rating: 'unsatisfied' });
    expect(step(requested, receiver, 'close_reopen_request')).toMatchObject({
      state: 'closed',
      rating: 'unsatisfied',
    });
    const reopened = step(requested, receiver, 'reopen');
    expect(reopened).toMatchObject({
      state: 'in_progress',
      rating: null,
      answerApproved: false,
      answerDrafted: false,
      dueAt: later(120),
    });
  });

  it('closes without publishing, and closes unrated reports automatically', () => {
    const approved = report({ state: 'approved', leadAgencyId: 'A', answerApproved: true });
    expect(step(approved, receiver, 'close_unpublished').state).toBe('closed');
    const published = { ...approved, state: 'published' as const };
    expect(refused(decide(published, receiver, 'auto_close', {}, NOW)).code).toBe('not_allowed_for_role');
    expect(step(published, system, 'auto_close').state).toBe('closed');
    expect(refused(decide({ ...published, rating: 'satisfied' }, system, 'auto_close', {}, NOW)).code).toBe(
      'precondition_failed',
    );
  });
});

describe('decide: questions to the reporter', () => {
  it('opens a question, takes the reporter’s answer, and closes it when the case ends', () => {
    const r = step(report(), receiver, 'request_info');
    expect(r).toMatchObject({ state: 'submitted', infoRequested: true });
    expect(ok(decide(r, receiver, 'request_info', SAMPLE.request_info, NOW)).event.visibility).toBe(
      'reporter',
    );
    expect(refused(decide(report(), reporter, 'provide_info', SAMPLE.provide_info, NOW)).code).toBe(
      'precondition_failed',
    );
    expect(step(r, reporter, 'provide_info')).toMatchObject({ state: 'submitted', infoRequested: false });
    expect(step(r, receiver, 'reject')).toMatchObject({ state: 'rejected', infoRequested: false });
  });
});

describe('slaFlag', () => {
  const calendar = new WorkCalendar();
  // Friday 6 March 2026 16:00 in Vietnam; due Monday 9 March 10:00.
  const friday = new Date('2026-03-06T09:00:00Z');
  const monday10 = new Date('2026-03-09T03:00:00Z');

  it('counts "due soon" in working time, across a weekend', () => {
    // 1 h on Friday + 2.5 h on Monday morning = 210 working minutes, although 66 hours away
    expect(slaFlag({ dueAt: monday10 }, friday, calendar)).toBe('due_soon');
    expect(slaFlag({ dueAt: monday10 }, friday, calendar, 120)).toBe('on_time');
    expect(slaFlag({ dueAt: monday10 }, new Date('2026-03-04T02:00:00Z'), calendar)).toBe('on_time');
  });

  it('is overdue after the due date in force, late-with-extension between the two dates', () => {
    expect(slaFlag({ dueAt: friday }, monday10, calendar)).toBe('overdue');
    expect(
      slaFlag({ dueAt: monday10, originalDueAt: friday }, new Date('2026-03-07T02:00:00Z'), calendar),
    ).toBe('late_with_extension');
    expect(
      slaFlag({ dueAt: monday10, originalDueAt: friday }, new Date('2026-03-09T04:00:00Z'), calendar),
    ).toBe('overdue');
    expect(slaFlag({ dueAt: null }, friday, calendar)).toBeNull();
  });

  it('judges a met clock by when it was met', () => {
    const clock = { dueAt: monday10, originalDueAt: friday };
    expect(slaFlag({ ...clock, doneAt: new Date('2026-03-05T02:00:00Z') }, monday10, calendar)).toBe(
      'on_time',
    );
    expect(slaFlag({ ...clock, doneAt: new Date('2026-03-08T02:00:00Z') }, later(999), calendar)).toBe(
      'late_with_extension',
    );
    expect(slaFlag({ ...clock, doneAt: new Date('2026-03-10T02:00:00Z') }, later(999), calendar)).toBe(
      'overdue',
    );
    expect(slaFlag({ dueAt: friday, doneAt: friday }, later(999), calendar)).toBe('on_time');
  });
});

describe('docs/workflow.md', () => {
  it('is what `npm run docs:workflow` writes now', async () => {
    const written = fs.readFileSync(WORKFLOW_DOC_PATH, 'utf8');
    expect(written, 'run `npm run docs:workflow` and commit docs/workflow.md').toBe(
      await renderWorkflowDoc(),
    );
  });

  it('has the diagram and both rule tables', async () => {
    const doc = await renderWorkflowDoc();
    expect(doc).toContain('```mermaid\nstateDiagram-v2');
    expect(doc).toContain('in_progress --> answered: Trình duyệt kết quả xử lý');
    for (const rule of WORKFLOW_RULES) {
      expect(doc).toContain(`| ${rule.label.vi} `);
      expect(doc).toContain(`| ${rule.label.en} `);
    }
  });
});
