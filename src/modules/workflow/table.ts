// The handling workflow of a report as one table: states, actions, who may act, what they must give, what
// is recorded and who is told. The API, the screens, docs/workflow.md and the tests all read this table;
// `machine.ts` applies it. Sources: shared/reference/vietnam-pakn.md §1.3–1.7 and issue 5.
import type { Role } from '../../platform/auth/policy.js';
import type { Priority } from '../reports/tables.js';

/** A user-facing text in Vietnamese (first) and English. */
export interface Label {
  vi: string;
  en: string;
}

/**
 * Report states. The first ten codes are the ones migration 0003 already allows; `returned`, `escalated`
 * and `reopen_requested` are new. `answered` keeps its code and means "an answer is drafted and waits for
 * the agency leader's approval" (chờ lãnh đạo duyệt).
 */
export const WORKFLOW_STATES = [
  'submitted',
  'accepted',
  'rejected',
  'merged',
  'assigned',
  'returned',
  'in_progress',
  'escalated',
  'answered',
  'approved',
  'published',
  'reopen_requested',
  'closed',
] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

/** States no action leaves; only internal notes are still allowed on them. */
export const TERMINAL_STATES: readonly WorkflowState[] = ['rejected', 'merged', 'closed'];

/** States in which a pending extension request can exist; leaving them drops the request. */
export const EXTENSION_STATES: readonly WorkflowState[] = ['in_progress', 'answered'];

/** States in which a question to the reporter can be open; leaving them closes the question. */
export const INFO_STATES: readonly WorkflowState[] = [
  'submitted',
  'accepted',
  'returned',
  'assigned',
  'in_progress',
  'escalated',
  'answered',
  'reopen_requested',
];

export const STATE_LABELS: Record<WorkflowState, Label & { meaning: Label }> = {
  submitted: {
    vi: 'Chờ tiếp nhận',
    en: 'Awaiting intake',
    meaning: {
      vi: 'Phản ánh mới gửi từ một kênh bất kỳ, chờ cán bộ tiếp nhận kiểm tra.',
      en: 'Arrived from any channel; an intake officer checks it.',
    },
  },
  accepted: {
    vi: 'Đã tiếp nhận',
    en: 'Accepted',
    meaning: {
      vi: 'Đã kiểm tra, phân loại; chờ chuyển đơn vị xử lý.',
      en: 'Checked and classified; waits to be assigned to an agency.',
    },
  },
  rejected: {
    vi: 'Từ chối tiếp nhận',
    en: 'Rejected',
    meaning: {
      vi: 'Không tiếp nhận, có lý do; người phản ánh được thông báo và hướng dẫn.',
      en: 'Not taken in, with a reason; the reporter is told and guided.',
    },
  },
  merged: {
    vi: 'Đã gộp',
    en: 'Merged',
    meaning: {
      vi: 'Trùng với một phản ánh khác; người phản ánh và người theo dõi được chuyển sang phản ánh đó.',
      en: 'A duplicate of another report; its reporter and followers follow that report.',
    },
  },
  assigned: {
    vi: 'Đã chuyển xử lý',
    en: 'Assigned',
    meaning: {
      vi: 'Đã chuyển đơn vị chủ trì (và đơn vị phối hợp); chờ đơn vị nhận xử lý.',
      en: 'Sent to a lead agency (and coordinating agencies); waits for the agency to take it.',
    },
  },
  returned: {
    vi: 'Bị trả lại (không đúng thẩm quyền)',
    en: 'Returned (not the agency’s remit)',
    meaning: {
      vi: 'Đơn vị trả lại vì không thuộc thẩm quyền; chờ cán bộ tiếp nhận chuyển lại.',
      en: 'The agency gave it back as not its remit; intake officers route it again.',
    },
  },
  in_progress: {
    vi: 'Đang xử lý',
    en: 'In progress',
    meaning: {
      vi: 'Đơn vị chủ trì đã nhận và đang xử lý.',
      en: 'The lead agency has taken it and is handling it.',
    },
  },
  escalated: {
    vi: 'Đã trình lãnh đạo UBND tỉnh',
    en: 'Escalated to provincial leaders',
    meaning: {
      vi: 'Vụ việc phức tạp hoặc liên quan nhiều đơn vị, chờ lãnh đạo UBND tỉnh chỉ đạo.',
      en: 'Complex or involving several agencies; waits for the provincial leaders’ direction.',
    },
  },
  answered: {
    vi: 'Chờ lãnh đạo duyệt',
    en: 'Answer awaiting approval',
    meaning: {
      vi: 'Đã có dự thảo kết quả (nội dung, hình ảnh, tài liệu), chờ lãnh đạo đơn vị duyệt.',
      en: 'A draft answer (text, photos, documents) waits for the agency leader’s approval.',
    },
  },
  approved: {
    vi: 'Đã duyệt kết quả',
    en: 'Answer approved',
    meaning: {
      vi: 'Kết quả đã được duyệt và gửi người phản ánh; chờ quyết định công khai.',
      en: 'The answer is approved and sent to the reporter; waits for the decision to publish.',
    },
  },
  published: {
    vi: 'Đã công khai',
    en: 'Published',
    meaning: {
      vi: 'Kết quả đã công khai; chờ người phản ánh đánh giá mức độ hài lòng.',
      en: 'The answer is public; waits for the reporter’s rating.',
    },
  },
  reopen_requested: {
    vi: 'Đề nghị xử lý lại',
    en: 'Reopen requested',
    meaning: {
      vi: 'Người phản ánh không hài lòng; chờ cán bộ tiếp nhận quyết định xử lý lại hoặc kết thúc.',
      en: 'The reporter is not satisfied; intake officers decide to reopen or close.',
    },
  },
  closed: {
    vi: 'Đã kết thúc',
    en: 'Closed',
    meaning: {
      vi: 'Vụ việc đã kết thúc.',
      en: 'The case is over.',
    },
  },
};

/** Who acts: the roles of `platform/auth/policy.ts`, plus the system's scheduled jobs. */
export type WorkflowRole = Role | 'system';

export const WORKFLOW_ROLE_LABELS: Record<WorkflowRole, Label> = {
  citizen: { vi: 'Người phản ánh', en: 'Reporter' },
  receiver: { vi: 'Cán bộ tiếp nhận', en: 'Intake officer' },
  handler: { vi: 'Cán bộ xử lý', en: 'Handling officer' },
  agency_leader: { vi: 'Lãnh đạo đơn vị', en: 'Agency leader' },
  provincial_leader: { vi: 'Lãnh đạo UBND tỉnh', en: 'Provincial leader' },
  auditor: { vi: 'Kiểm tra viên', en: 'Auditor' },
  admin: { vi: 'Quản trị hệ thống', en: 'System administrator' },
  system: { vi: 'Hệ thống (tự động)', en: 'System (automatic)' },
};

/**
 * Whose report it must be for the role to act:
 * - `any`: province-wide (receivers, provincial leaders);
 * - `lead_agency`: the actor's agency is the report's lead agency;
 * - `handling_agency`: the lead agency or a coordinating agency (notes only);
 * - `reporter`: the citizen who sent the report;
 * - `system`: a scheduled job.
 */
export type Scope = 'any' | 'lead_agency' | 'handling_agency' | 'reporter' | 'system';

export const SCOPE_LABELS: Record<Scope, Label> = {
  any: { vi: 'toàn tỉnh', en: 'province-wide' },
  lead_agency: { vi: 'đơn vị chủ trì', en: 'lead agency' },
  handling_agency: { vi: 'đơn vị chủ trì hoặc phối hợp', en: 'lead or coordinating agency' },
  reporter: { vi: 'người gửi phản ánh', en: 'the reporter' },
  system: { vi: 'tác vụ định kỳ', en: 'scheduled job' },
};

export interface Permit {
  role: WorkflowRole;
  scope: Scope;
}

/** Conditions on the report beyond its state. */
export type Guard =
  | 'no_pending_extension'
  | 'pending_extension'
  | 'has_due_date'
  | 'info_requested'
  | 'answer_approved'
  | 'not_rated';

export const GUARD_LABELS: Record<Guard, Label> = {
  no_pending_extension: { vi: 'không có đề nghị gia hạn đang chờ', en: 'no extension request pending' },
  pending_extension: { vi: 'có đề nghị gia hạn đang chờ', en: 'an extension request is pending' },
  has_due_date: { vi: 'đã có hạn xử lý', en: 'a due date is set' },
  info_requested: {
    vi: 'đang chờ người phản ánh bổ sung thông tin',
    en: 'a question to the reporter is open',
  },
  answer_approved: { vi: 'kết quả đã được duyệt', en: 'the answer is approved' },
  not_rated: { vi: 'người phản ánh chưa đánh giá', en: 'the reporter has not rated' },
};

/** Who sees the recorded event: everybody (public timeline), the reporter only, or officers only. */
export type Visibility = 'public' | 'reporter' | 'internal';

export const VISIBILITY_LABELS: Record<Visibility, Label> = {
  public: { vi: 'công khai', en: 'public' },
  reporter: { vi: 'người phản ánh', en: 'reporter only' },
  internal: { vi: 'nội bộ', en: 'internal' },
};

/** Who is told. Agency audiences are resolved to agency ids by `decide`. */
export type Audience =
  | 'reporter'
  | 'followers'
  | 'lead_agency'
  | 'agency_leader'
  | 'coordinating_agencies'
  | 'previous_lead_agency'
  | 'receivers'
  | 'provincial_leaders';

export const AUDIENCE_LABELS: Record<Audience, Label> = {
  reporter: { vi: 'người phản ánh', en: 'the reporter' },
  followers: { vi: 'người phản ánh và người theo dõi', en: 'the reporter and followers' },
  lead_agency: { vi: 'đơn vị chủ trì', en: 'the lead agency' },
  agency_leader: { vi: 'lãnh đạo đơn vị chủ trì', en: 'the lead agency’s leader' },
  coordinating_agencies: { vi: 'đơn vị phối hợp', en: 'coordinating agencies' },
  previous_lead_agency: { vi: 'đơn vị chủ trì trước đó', en: 'the previous lead agency' },
  receivers: { vi: 'cán bộ tiếp nhận', en: 'intake officers' },
  provincial_leaders: { vi: 'lãnh đạo UBND tỉnh', en: 'provincial leaders' },
};

/** The deadline clocks of issue 5 point 2; their lengths come from the category's policy (org/deadlines.ts). */
export type Clock = 'intake' | 'acknowledge' | 'resolve';

export const CLOCK_LABELS: Record<Clock, Label> = {
  intake: { vi: 'hạn tiếp nhận', en: 'intake deadline' },
  acknowledge: { vi: 'hạn nhận xử lý', en: 'acknowledgement deadline' },
  resolve: { vi: 'hạn xử lý', en: 'resolution deadline' },
};

/**
 * The clock that runs in each state, as the rows' `clocks` start and stop them: intake from submission until
 * accepted, rejected or merged; acknowledgement from assignment until acknowledged (resolution runs then too, and
 * ends later); resolution from assignment until the answer is approved, also while escalated; none once returned
 * (a new assignment starts both again) and none outside handling. The inboxes sort and flag by it; migration 0016
 * stores its due date as `reports.clock_due_at` (keep the two equal).
 */
export const RUNNING_CLOCK: Readonly<Record<WorkflowState, Clock | null>> = {
  submitted: 'intake',
  accepted: null,
  rejected: null,
  merged: null,
  assigned: 'acknowledge',
  returned: null,
  in_progress: 'resolve',
  escalated: 'resolve',
  answered: 'resolve',
  approved: null,
  published: null,
  reopen_requested: null,
  closed: null,
};

/** Why a report is refused at intake. */
export const REJECT_REASONS = [
  'complaint',
  'denunciation',
  'state_secret',
  'not_a_report',
  'insufficient_information',
  'missing_media',
  'outside_province',
  'abusive',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * Labels and the standard text sent to the reporter. Khiếu nại and tố cáo are settled under their own laws
 * (Luật Khiếu nại 2011, Luật Tố cáo 2018) and state secrets are excluded (vietnam-pakn.md §1.3, §4.6
 * R-SCOPE2), so they are refused with guidance to the right channel rather than handled here.
 */
export const REJECT_REASON_LABELS: Record<
  RejectReason,
  Label & { guidance: Label | null; textRequired: boolean }
> = {
  complaint: {
    vi: 'Khiếu nại (giải quyết theo Luật Khiếu nại)',
    en: 'A complaint (settled under the Law on Complaints)',
    textRequired: false,
    guidance: {
      vi: 'Nội dung Ông/Bà gửi là khiếu nại, được giải quyết theo Luật Khiếu nại năm 2011, không thuộc phạm vi tiếp nhận của hệ thống phản ánh, kiến nghị. Đề nghị Ông/Bà gửi đơn khiếu nại đến cơ quan, người có thẩm quyền giải quyết (thủ trưởng cơ quan đã ban hành quyết định hoặc quản lý cán bộ, công chức có hành vi bị khiếu nại) hoặc đến Ban Tiếp công dân để được hướng dẫn.',
      en: 'What you sent is a complaint (khiếu nại), which is settled under the Law on Complaints 2011 and is outside this report system. Please send your complaint to the agency or person with the power to settle it (the head of the agency that issued the decision or that manages the official concerned), or go to a Citizen Reception Office (Ban Tiếp công dân) for guidance.',
    },
  },
  denunciation: {
    vi: 'Tố cáo (giải quyết theo Luật Tố cáo)',
    en: 'A denunciation (settled under the Law on Denunciations)',
    textRequired: false,
    guidance: {
      vi: 'Nội dung Ông/Bà gửi là tố cáo, được giải quyết theo Luật Tố cáo năm 2018, không thuộc phạm vi tiếp nhận của hệ thống phản ánh, kiến nghị. Đề nghị Ông/Bà gửi đơn hoặc tố cáo trực tiếp đến cơ quan, tổ chức, cá nhân có thẩm quyền giải quyết tố cáo, hoặc đến Ban Tiếp công dân để được hướng dẫn. Người tố cáo được pháp luật bảo vệ.',
      en: 'What you sent is a denunciation (tố cáo), which is settled under the Law on Denunciations 2018 and is outside this report system. Please send it in writing or in person to the agency, organisation or person with the power to settle it, or go to a Citizen Reception Office (Ban Tiếp công dân) for guidance. The law protects people who make a denunciation.',
    },
  },
  state_secret: {
    vi: 'Liên quan đến bí mật nhà nước',
    en: 'Concerns state secrets',
    textRequired: false,
    guidance: {
      vi: 'Nội dung liên quan đến bí mật nhà nước không được tiếp nhận qua hệ thống phản ánh, kiến nghị. Đề nghị Ông/Bà liên hệ trực tiếp cơ quan có thẩm quyền theo quy định của Luật Bảo vệ bí mật nhà nước.',
      en: 'Matters that concern state secrets are not taken in through this report system. Please contact the competent agency directly, as the Law on Protection of State Secrets requires.',
    },
  },
  not_a_report: {
    vi: 'Không phải phản ánh, kiến nghị',
    en: 'Not a report or a recommendation',
    textRequired: false,
    guidance: null,
  },
  insufficient_information: {
    vi: 'Không đủ thông tin (nội dung, địa điểm, thời gian)',
    en: 'Not enough information (what, where, when)',
    textRequired: false,
    guidance: {
      vi: 'Phản ánh chưa đủ thông tin để xử lý. Đề nghị Ông/Bà gửi lại phản ánh, nêu rõ nội dung, địa điểm và thời gian xảy ra sự việc.',
      en: 'The report does not say enough to act on. Please send it again, saying clearly what happened, where and when.',
    },
  },
  missing_media: {
    vi: 'Thiếu hình ảnh, video bắt buộc',
    en: 'Missing the required photo or video',
    textRequired: false,
    guidance: {
      vi: 'Loại phản ánh này cần có hình ảnh hoặc video tại hiện trường. Đề nghị Ông/Bà gửi lại phản ánh kèm hình ảnh hoặc video.',
      en: 'This kind of report needs a photo or video of the scene. Please send it again with one.',
    },
  },
  outside_province: {
    vi: 'Không thuộc địa bàn tỉnh',
    en: 'Outside the province',
    textRequired: false,
    guidance: null,
  },
  abusive: {
    vi: 'Nội dung không phù hợp, xúc phạm hoặc quấy rối',
    en: 'Abusive, offensive or harassing content',
    textRequired: false,
    guidance: null,
  },
  other: { vi: 'Lý do khác', en: 'Another reason', textRequired: true, guidance: null },
};

export type Rating = 'satisfied' | 'unsatisfied';

/** Every action of the workflow, in the order of a report's life; the order of the docs. */
export const ACTION_CODES = [
  'accept',
  'reject',
  'merge',
  'assign',
  'acknowledge',
  'return',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'escalate',
  'direct',
  'submit_answer',
  'approve_answer',
  'send_back_answer',
  'publish',
  'close_unpublished',
  'rate_satisfied',
  'rate_unsatisfied',
  'reopen',
  'close_reopen_request',
  'auto_close',
  'note',
  'request_info',
  'provide_info',
] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

/**
 * What each action takes. Text is trimmed and must not be empty; ids are non-empty strings; dates are
 * valid `Date`s. `machine.ts` checks all of it again at run time, since the values come from requests.
 */
export interface ActionInputs {
  accept: { priority?: Priority; note?: string };
  reject: { reasonCode: RejectReason; reasonText?: string };
  merge: { targetReportId: string; note?: string };
  assign: { leadAgencyId: string; coordinatingAgencyIds?: readonly string[]; note?: string };
  acknowledge: { note?: string };
  return: { reason: string; suggestedAgencyId?: string };
  request_extension: { reason: string; proposedDueAt: Date };
  approve_extension: { dueAt?: Date; note?: string };
  refuse_extension: { reason: string };
  escalate: { reason: string };
  direct: {
    directive: string;
    leadAgencyId: string;
    coordinatingAgencyIds?: readonly string[];
    dueAt?: Date;
  };
  submit_answer: { text: string; attachmentIds?: readonly string[] };
  approve_answer: { note?: string };
  send_back_answer: { reason: string };
  publish: { publicAnswer: string; publicDescription?: string; hiddenMediaIds?: readonly string[] };
  close_unpublished: { reason: string };
  rate_satisfied: { comment?: string };
  rate_unsatisfied: { comment: string };
  reopen: { reason: string };
  close_reopen_request: { reason: string };
  auto_close: Record<string, never>;
  note: { text: string };
  request_info: { question: string };
  provide_info: { text: string; attachmentIds?: readonly string[] };
}
export type ActionInput<A extends ActionCode> = ActionInputs[A];

/** How an input is checked and shown. */
export type InputType = 'text' | 'id' | 'ids' | 'date' | 'reject_reason' | 'priority';

export const INPUT_TYPE_LABELS: Record<InputType, Label> = {
  text: { vi: 'văn bản', en: 'text' },
  id: { vi: 'mã', en: 'id' },
  ids: { vi: 'danh sách mã', en: 'list of ids' },
  date: { vi: 'thời điểm', en: 'date and time' },
  reject_reason: { vi: 'mã lý do từ chối', en: 'reject reason code' },
  priority: { vi: 'mức độ: khẩn / bình thường / phức tạp', en: 'priority: urgent / normal / complex' },
};

type InputTypeOf<T> = [T] extends [Date]
  ? 'date'
  : [T] extends [readonly string[]]
    ? 'ids'
    : [T] extends [RejectReason]
      ? [RejectReason] extends [T]
        ? 'reject_reason'
        : never
      : [T] extends [Priority]
        ? [Priority] extends [T]
          ? 'priority'
          : never
        : [T] extends [string]
          ? 'text' | 'id'
          : never;

export interface InputSpec<T = unknown> {
  type: InputTypeOf<NonNullable<T>>;
  required: undefined extends T ? false : true;
  label: Label;
}

/** The input specs of an action, tied by type to `ActionInputs` so the two cannot disagree. */
export type InputSpecs<I> = { readonly [K in keyof I]-?: InputSpec<I[K]> };

export interface TransitionRule<A extends ActionCode = ActionCode> {
  action: A;
  label: Label;
  from: readonly WorkflowState[];
  /** The next state, or `unchanged` for actions that only record something. */
  to: WorkflowState | 'unchanged';
  allowed: readonly Permit[];
  guards: readonly Guard[];
  inputs: InputSpecs<ActionInputs[A]>;
  /** The event written to the report's timeline. */
  event: { kind: string; visibility: Visibility };
  notify: readonly Audience[];
  /** Deadline clocks the action starts (their due dates are computed) or stops (met). */
  clocks: { start: readonly Clock[]; stop: readonly Clock[] };
}

const text = <R extends boolean = true>(vi: string, en: string, required: R = true as R) => ({
  type: 'text' as const,
  required,
  label: { vi, en },
});
const REASON = { type: 'text', required: true, label: { vi: 'Lý do', en: 'Reason' } } as const;
const NOTE = { type: 'text', required: false, label: { vi: 'Ghi chú', en: 'Note' } } as const;
const NO_CLOCKS = { start: [], stop: [] } as const;

const officersOfLeadAgency: readonly Permit[] = [
  { role: 'handler', scope: 'lead_agency' },
  { role: 'agency_leader', scope: 'lead_agency' },
];
const receivers: readonly Permit[] = [{ role: 'receiver', scope: 'any' }];
const reporter: readonly Permit[] = [{ role: 'citizen', scope: 'reporter' }];

/** The table. One row per action; `machine.ts` is the only code that interprets it. */
export const WORKFLOW: { readonly [A in ActionCode]: TransitionRule<A> } = {
  accept: {
    action: 'accept',
    label: { vi: 'Tiếp nhận', en: 'Accept' },
    from: ['submitted'],
    to: 'accepted',
    allowed: receivers,
    guards: [],
    inputs: {
      priority: { type: 'priority', required: false, label: { vi: 'Mức độ', en: 'Priority' } },
      note: NOTE,
    },
    event: { kind: 'accepted', visibility: 'public' },
    notify: ['followers'],
    clocks: { start: [], stop: ['intake'] },
  },
  reject: {
    action: 'reject',
    label: { vi: 'Từ chối tiếp nhận', en: 'Reject' },
    from: ['submitted', 'accepted', 'returned'],
    to: 'rejected',
    allowed: receivers,
    guards: [],
    inputs: {
      reasonCode: { type: 'reject_reason', required: true, label: { vi: 'Lý do từ chối', en: 'Reason' } },
      reasonText: text(
        'Giải thích thêm (bắt buộc với "Lý do khác")',
        'Explanation (required for "other")',
        false,
      ),
    },
    event: { kind: 'rejected', visibility: 'reporter' },
    notify: ['reporter'],
    clocks: { start: [], stop: ['intake'] },
  },
  merge: {
    action: 'merge',
    label: { vi: 'Gộp vào phản ánh khác', en: 'Merge into another report' },
    from: ['submitted', 'accepted', 'returned'],
    to: 'merged',
    allowed: receivers,
    guards: [],
    inputs: {
      targetReportId: {
        type: 'id',
        required: true,
        label: { vi: 'Phản ánh gộp vào', en: 'Report merged into' },
      },
      note: NOTE,
    },
    event: { kind: 'merged', visibility: 'reporter' },
    notify: ['followers'],
    clocks: { start: [], stop: ['intake'] },
  },
  assign: {
    action: 'assign',
    label: { vi: 'Chuyển xử lý', en: 'Assign to an agency' },
    from: ['accepted', 'returned', 'assigned'],
    to: 'assigned',
    allowed: receivers,
    guards: [],
    inputs: {
      leadAgencyId: { type: 'id', required: true, label: { vi: 'Đơn vị chủ trì', en: 'Lead agency' } },
      coordinatingAgencyIds: {
        type: 'ids',
        required: false,
        label: { vi: 'Đơn vị phối hợp', en: 'Coordinating agencies' },
      },
      note: NOTE,
    },
    event: { kind: 'assigned', visibility: 'public' },
    notify: ['followers', 'lead_agency', 'coordinating_agencies', 'previous_lead_agency'],
    clocks: { start: ['acknowledge', 'resolve'], stop: [] },
  },
  acknowledge: {
    action: 'acknowledge',
    label: { vi: 'Nhận xử lý', en: 'Acknowledge' },
    from: ['assigned'],
    to: 'in_progress',
    allowed: officersOfLeadAgency,
    guards: [],
    inputs: { note: NOTE },
    event: { kind: 'acknowledged', visibility: 'public' },
    notify: ['followers', 'receivers'],
    clocks: { start: [], stop: ['acknowledge'] },
  },
  return: {
    action: 'return',
    label: { vi: 'Trả lại (không đúng thẩm quyền)', en: 'Return (not our remit)' },
    from: ['assigned', 'in_progress'],
    to: 'returned',
    allowed: officersOfLeadAgency,
    guards: [],
    inputs: {
      reason: REASON,
      suggestedAgencyId: {
        type: 'id',
        required: false,
        label: { vi: 'Đơn vị có thẩm quyền (đề xuất)', en: 'Suggested agency' },
      },
    },
    event: { kind: 'returned', visibility: 'internal' },
    notify: ['receivers', 'agency_leader', 'coordinating_agencies'],
    clocks: { start: [], stop: ['acknowledge', 'resolve'] },
  },
  request_extension: {
    action: 'request_extension',
    label: { vi: 'Đề nghị gia hạn', en: 'Request an extension' },
    from: ['in_progress'],
    to: 'unchanged',
    allowed: officersOfLeadAgency,
    guards: ['has_due_date', 'no_pending_extension'],
    inputs: {
      reason: REASON,
      proposedDueAt: { type: 'date', required: true, label: { vi: 'Hạn đề nghị', en: 'Proposed due date' } },
    },
    event: { kind: 'extension_requested', visibility: 'internal' },
    notify: ['receivers', 'agency_leader'],
    clocks: NO_CLOCKS,
  },
  approve_extension: {
    action: 'approve_extension',
    label: { vi: 'Đồng ý gia hạn', en: 'Approve the extension' },
    from: EXTENSION_STATES,
    to: 'unchanged',
    allowed: receivers,
    guards: ['pending_extension'],
    inputs: {
      dueAt: {
        type: 'date',
        required: false,
        label: { vi: 'Hạn mới (mặc định: hạn đề nghị)', en: 'New due date (default: the proposed one)' },
      },
      note: NOTE,
    },
    event: { kind: 'extension_approved', visibility: 'public' },
    notify: ['followers', 'lead_agency', 'agency_leader'],
    clocks: NO_CLOCKS,
  },
  refuse_extension: {
    action: 'refuse_extension',
    label: { vi: 'Không đồng ý gia hạn', en: 'Refuse the extension' },
    from: EXTENSION_STATES,
    to: 'unchanged',
    allowed: receivers,
    guards: ['pending_extension'],
    inputs: { reason: REASON },
    event: { kind: 'extension_refused', visibility: 'internal' },
    notify: ['lead_agency', 'agency_leader'],
    clocks: NO_CLOCKS,
  },
  escalate: {
    action: 'escalate',
    label: { vi: 'Trình lãnh đạo UBND tỉnh', en: 'Escalate to provincial leaders' },
    from: ['accepted', 'returned', 'assigned', 'in_progress'],
    to: 'escalated',
    allowed: [
      { role: 'receiver', scope: 'any' },
      { role: 'agency_leader', scope: 'lead_agency' },
    ],
    guards: [],
    inputs: { reason: REASON },
    event: { kind: 'escalated', visibility: 'internal' },
    notify: ['provincial_leaders', 'receivers', 'lead_agency'],
    clocks: NO_CLOCKS,
  },
  direct: {
    action: 'direct',
    label: { vi: 'Chỉ đạo xử lý', en: 'Direct the handling' },
    from: ['escalated'],
    to: 'assigned',
    allowed: [{ role: 'provincial_leader', scope: 'any' }],
    guards: [],
    inputs: {
      directive: text('Nội dung chỉ đạo', 'Direction'),
      leadAgencyId: { type: 'id', required: true, label: { vi: 'Đơn vị chủ trì', en: 'Lead agency' } },
      coordinatingAgencyIds: {
        type: 'ids',
        required: false,
        label: { vi: 'Đơn vị phối hợp', en: 'Coordinating agencies' },
      },
      dueAt: {
        type: 'date',
        required: false,
        label: { vi: 'Hạn xử lý (nếu lãnh đạo ấn định)', en: 'Due date (if the leaders set one)' },
      },
    },
    event: { kind: 'directed', visibility: 'internal' },
    notify: ['lead_agency', 'agency_leader', 'coordinating_agencies', 'previous_lead_agency', 'receivers'],
    clocks: { start: ['acknowledge', 'resolve'], stop: [] },
  },
  submit_answer: {
    action: 'submit_answer',
    label: { vi: 'Trình duyệt kết quả xử lý', en: 'Submit the answer for approval' },
    from: ['in_progress'],
    to: 'answered',
    allowed: officersOfLeadAgency,
    guards: [],
    inputs: {
      text: text('Nội dung kết quả xử lý', 'Answer'),
      attachmentIds: {
        type: 'ids',
        required: false,
        label: { vi: 'Hình ảnh, tài liệu kèm theo', en: 'Photos and documents' },
      },
    },
    event: { kind: 'answer_submitted', visibility: 'internal' },
    notify: ['agency_leader'],
    clocks: NO_CLOCKS,
  },
  approve_answer: {
    action: 'approve_answer',
    label: { vi: 'Duyệt kết quả', en: 'Approve the answer' },
    from: ['answered'],
    to: 'approved',
    allowed: [{ role: 'agency_leader', scope: 'lead_agency' }],
    guards: [],
    inputs: { note: NOTE },
    event: { kind: 'answer_approved', visibility: 'reporter' },
    notify: ['reporter', 'lead_agency', 'receivers'],
    clocks: { start: [], stop: ['resolve'] },
  },
  send_back_answer: {
    action: 'send_back_answer',
    label: { vi: 'Trả lại dự thảo kết quả', en: 'Send the draft answer back' },
    from: ['answered'],
    to: 'in_progress',
    allowed: [{ role: 'agency_leader', scope: 'lead_agency' }],
    guards: [],
    inputs: { reason: REASON },
    event: { kind: 'answer_sent_back', visibility: 'internal' },
    notify: ['lead_agency'],
    clocks: NO_CLOCKS,
  },
  publish: {
    action: 'publish',
    label: { vi: 'Công khai', en: 'Publish' },
    from: ['approved'],
    to: 'published',
    allowed: receivers,
    guards: ['answer_approved'],
    inputs: {
      publicAnswer: text(
        'Nội dung kết quả công khai (đã lược bỏ thông tin cá nhân)',
        'Public text of the answer (personal details removed)',
      ),
      publicDescription: text('Nội dung phản ánh công khai', 'Public text of the report', false),
      hiddenMediaIds: {
        type: 'ids',
        required: false,
        label: { vi: 'Ảnh không công khai', en: 'Photos to hide' },
      },
    },
    event: { kind: 'published', visibility: 'public' },
    notify: ['followers', 'lead_agency'],
    clocks: NO_CLOCKS,
  },
  close_unpublished: {
    action: 'close_unpublished',
    label: { vi: 'Kết thúc, không công khai', en: 'Close without publishing' },
    from: ['approved'],
    to: 'closed',
    allowed: receivers,
    guards: [],
    inputs: { reason: REASON },
    event: { kind: 'closed_unpublished', visibility: 'reporter' },
    notify: ['reporter', 'lead_agency'],
    clocks: NO_CLOCKS,
  },
  rate_satisfied: {
    action: 'rate_satisfied',
    label: { vi: 'Đánh giá mức độ hài lòng: Hài lòng', en: 'Rate: satisfied' },
    from: ['published'],
    to: 'closed',
    allowed: reporter,
    guards: ['not_rated'],
    inputs: { comment: text('Ý kiến', 'Comment', false) },
    event: { kind: 'rated', visibility: 'public' },
    notify: ['followers', 'lead_agency'],
    clocks: NO_CLOCKS,
  },
  rate_unsatisfied: {
    action: 'rate_unsatisfied',
    label: {
      vi: 'Đánh giá mức độ hài lòng: Không hài lòng, đề nghị xử lý lại',
      en: 'Rate: not satisfied, ask for re-handling',
    },
    from: ['published'],
    to: 'reopen_requested',
    allowed: reporter,
    guards: ['not_rated'],
    inputs: { comment: text('Lý do không hài lòng', 'Why not satisfied') },
    event: { kind: 'rated', visibility: 'public' },
    notify: ['followers', 'receivers', 'lead_agency', 'agency_leader'],
    clocks: NO_CLOCKS,
  },
  reopen: {
    action: 'reopen',
    label: { vi: 'Xử lý lại', en: 'Reopen' },
    from: ['reopen_requested'],
    to: 'in_progress',
    allowed: receivers,
    guards: [],
    inputs: { reason: REASON },
    event: { kind: 'reopened', visibility: 'public' },
    notify: ['followers', 'lead_agency', 'agency_leader'],
    clocks: { start: ['resolve'], stop: [] },
  },
  close_reopen_request: {
    action: 'close_reopen_request',
    label: { vi: 'Giữ nguyên kết quả, kết thúc', en: 'Keep the answer and close' },
    from: ['reopen_requested'],
    to: 'closed',
    allowed: receivers,
    guards: [],
    inputs: { reason: REASON },
    event: { kind: 'reopen_refused', visibility: 'public' },
    notify: ['followers', 'lead_agency'],
    clocks: NO_CLOCKS,
  },
  auto_close: {
    action: 'auto_close',
    label: { vi: 'Tự động kết thúc (hết thời hạn đánh giá)', en: 'Close automatically (no rating in time)' },
    from: ['published'],
    to: 'closed',
    allowed: [{ role: 'system', scope: 'system' }],
    guards: ['not_rated'],
    inputs: {},
    event: { kind: 'closed_automatically', visibility: 'public' },
    notify: ['followers'],
    clocks: NO_CLOCKS,
  },
  note: {
    action: 'note',
    label: { vi: 'Ghi chú nội bộ', en: 'Internal note' },
    from: WORKFLOW_STATES,
    to: 'unchanged',
    allowed: [
      { role: 'receiver', scope: 'any' },
      { role: 'provincial_leader', scope: 'any' },
      { role: 'handler', scope: 'handling_agency' },
      { role: 'agency_leader', scope: 'handling_agency' },
    ],
    guards: [],
    inputs: { text: text('Nội dung', 'Text') },
    event: { kind: 'note', visibility: 'internal' },
    notify: ['lead_agency', 'coordinating_agencies'],
    clocks: NO_CLOCKS,
  },
  request_info: {
    action: 'request_info',
    label: { vi: 'Yêu cầu bổ sung thông tin', en: 'Ask the reporter for more information' },
    from: INFO_STATES,
    to: 'unchanged',
    allowed: [{ role: 'receiver', scope: 'any' }, ...officersOfLeadAgency],
    guards: [],
    inputs: { question: text('Nội dung cần bổ sung', 'Question') },
    event: { kind: 'info_requested', visibility: 'reporter' },
    notify: ['reporter'],
    clocks: NO_CLOCKS,
  },
  provide_info: {
    action: 'provide_info',
    label: { vi: 'Bổ sung thông tin', en: 'Provide more information' },
    from: INFO_STATES,
    to: 'unchanged',
    allowed: reporter,
    guards: ['info_requested'],
    inputs: {
      text: text('Thông tin bổ sung', 'Information'),
      attachmentIds: {
        type: 'ids',
        required: false,
        label: { vi: 'Hình ảnh, tài liệu kèm theo', en: 'Photos and documents' },
      },
    },
    event: { kind: 'info_provided', visibility: 'reporter' },
    notify: ['receivers', 'lead_agency'],
    clocks: NO_CLOCKS,
  },
};

/** The rows in the order of `ACTION_CODES`. */
export const WORKFLOW_RULES: readonly TransitionRule[] = ACTION_CODES.map((action) => WORKFLOW[action]);

/** Why `decide` refused. */
export type RefusalCode =
  | 'not_allowed_for_role'
  | 'wrong_scope'
  | 'wrong_state'
  | 'precondition_failed'
  | 'missing_input'
  | 'invalid_input';

export const REFUSAL_MESSAGES: Record<RefusalCode, Label> = {
  not_allowed_for_role: {
    vi: 'Vai trò của bạn không được thực hiện thao tác này.',
    en: 'Your role may not do this.',
  },
  wrong_scope: {
    vi: 'Phản ánh này không thuộc phạm vi của bạn (đơn vị hoặc người gửi).',
    en: 'This report is outside your scope (agency or reporter).',
  },
  wrong_state: {
    vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của phản ánh.',
    en: 'This cannot be done in the report’s current state.',
  },
  precondition_failed: {
    vi: 'Phản ánh chưa đủ điều kiện cho thao tác này.',
    en: 'The report does not meet the conditions for this.',
  },
  missing_input: {
    vi: 'Thiếu thông tin bắt buộc.',
    en: 'Required information is missing.',
  },
  invalid_input: {
    vi: 'Thông tin nhập không hợp lệ.',
    en: 'Some information is not valid.',
  },
};

/**
 * Deadline flags, computed from the due dates and the time, never stored as the state (vietnam-pakn.md §1.4;
 * Huế reports "late with an extension" apart from plain lateness).
 */
export type SlaFlag = 'on_time' | 'due_soon' | 'overdue' | 'late_with_extension';

export const SLA_FLAG_LABELS: Record<SlaFlag, Label & { meaning: Label }> = {
  on_time: {
    vi: 'Đúng hạn',
    en: 'On time',
    meaning: {
      vi: 'Chưa đến hạn ban đầu và còn nhiều hơn ngưỡng "sắp đến hạn"; hoặc đã hoàn thành trước hạn ban đầu.',
      en: 'Before the original due date with more than the due-soon margin left, or done by the original due date.',
    },
  },
  due_soon: {
    vi: 'Sắp đến hạn',
    en: 'Due soon',
    meaning: {
      vi: 'Chưa hoàn thành, thời gian làm việc còn lại đến hạn không quá ngưỡng (mặc định 4 giờ làm việc).',
      en: 'Not done, with no more than the margin of working time left (4 working hours by default).',
    },
  },
  overdue: {
    vi: 'Quá hạn',
    en: 'Overdue',
    meaning: {
      vi: 'Đã qua hạn đang áp dụng (kể cả hạn đã gia hạn) mà chưa hoàn thành, hoặc hoàn thành sau hạn đó.',
      en: 'Past the due date in force (an extended one included) and not done, or done after it.',
    },
  },
  late_with_extension: {
    vi: 'Trễ hạn có gia hạn',
    en: 'Late with an extension',
    meaning: {
      vi: 'Đã qua hạn ban đầu nhưng trong hạn đã được gia hạn (chưa hoàn thành, hoặc hoàn thành trong hạn gia hạn).',
      en: 'Past the original due date but within an approved extension (not done yet, or done within it).',
    },
  },
};
