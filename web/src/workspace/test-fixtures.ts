// Test data of the workspace's tests: the workflow table exactly as `GET /api/v1/public/workflow` serves it, built
// from the server's own table (src/modules/workflow/table.ts), so the forms are tested against every real action;
// inbox items; an officer's report and its workflow view; a fake EventSource.
import {
  ACTION_CODES,
  REJECT_REASON_LABELS,
  REJECT_REASONS,
  STATE_LABELS,
  WORKFLOW,
  WORKFLOW_STATES,
} from '../../../src/modules/workflow/table.js';
import type { FullWorkflowTable, InboxItem, OfficerReport, WorkflowView } from './api.js';

/** The table document, as `tableDocument()` in src/modules/workflow/routes.ts builds it. */
export function workflowDocument(): FullWorkflowTable {
  return {
    states: WORKFLOW_STATES.map((code) => ({
      code,
      label: { vi: STATE_LABELS[code].vi, en: STATE_LABELS[code].en },
    })),
    actions: ACTION_CODES.map((code) => {
      const rule = WORKFLOW[code];
      return {
        code,
        label: rule.label,
        from: [...rule.from],
        to: rule.to,
        allowed: rule.allowed.map((p) => ({ role: p.role, scope: p.scope })),
        inputs: Object.entries(
          rule.inputs as Record<
            string,
            { type: string; required: boolean; label: { vi: string; en: string } }
          >,
        ).map(([name, spec]) => ({
          name,
          type: spec.type as FullWorkflowTable['actions'][number]['inputs'][number]['type'],
          required: spec.required,
          label: spec.label,
        })),
        event: { kind: rule.event.kind, visibility: rule.event.visibility },
      };
    }),
    rejectReasons: REJECT_REASONS.map((code) => ({
      code,
      label: { vi: REJECT_REASON_LABELS[code].vi, en: REJECT_REASON_LABELS[code].en },
      guidance: REJECT_REASON_LABELS[code].guidance ?? null,
    })),
  };
}

export const AGENCIES = [
  {
    id: '00000000-0000-4000-8000-0000000000a1',
    slug: 'so-gtvt',
    parentId: null,
    kind: 'department',
    name: 'Sở Giao thông vận tải',
    areaId: null,
    validFrom: '2020-01-01',
    validTo: null,
  },
  {
    id: '00000000-0000-4000-8000-0000000000a2',
    slug: 'so-tnmt',
    parentId: null,
    kind: 'department',
    name: 'Sở Tài nguyên và Môi trường',
    areaId: null,
    validFrom: '2020-01-01',
    validTo: null,
  },
  {
    id: '00000000-0000-4000-8000-0000000000a3',
    slug: 'ubnd-luc-ngan',
    parentId: null,
    kind: 'district_committee',
    name: 'UBND huyện Lục Ngạn',
    areaId: null,
    validFrom: '2020-01-01',
    validTo: null,
  },
];

export function inboxItem(n: number, patch: Partial<InboxItem> = {}): InboxItem {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    code: `PA-2026-${String(n).padStart(6, '0')}`,
    status: 'submitted',
    priority: 'normal',
    channel: 'web',
    description: `Phản ánh số ${n}: đường hư hỏng, nhiều ổ gà.`,
    category: { id: 'c1', name: { vi: 'Giao thông', en: 'Transport' } },
    area: { id: 'ar1', name: 'Huyện Lục Ngạn' },
    agency: null,
    submittedAt: '2026-03-02T01:00:00.000Z',
    due: { clock: 'intake', dueAt: '2026-03-03T10:00:00.000Z', flag: 'due_soon' },
    photoCount: 1,
    returns: 0,
    version: 3,
    ...patch,
  };
}

const LUC_NGAN = AGENCIES[2] ?? AGENCIES[0];

export const REPORT_ID = '11111111-1111-4111-8111-111111111111';
export const REPORT_CODE = 'PA-2026-000042';

export function officerReport(patch: Partial<OfficerReport> = {}): OfficerReport {
  return {
    id: REPORT_ID,
    code: REPORT_CODE,
    status: 'submitted',
    channel: 'web',
    reportType: 'field',
    priority: 'normal',
    description: 'Rác thải đổ bừa bãi ven đường thôn Đồng Mới, gọi 0912 345 678.',
    publicDescription: 'Rác thải đổ bừa bãi ven đường thôn Đồng Mới, gọi [đã ẩn].',
    answers: null,
    latitude: null,
    longitude: null,
    address: 'Thôn Đồng Mới',
    confidential: false,
    isPublic: false,
    category: { id: 'c1', name: 'Vệ sinh môi trường' },
    area: { id: 'ar1', name: 'Huyện Lục Ngạn' },
    suggestedAgency: LUC_NGAN ? { id: LUC_NGAN.id, name: LUC_NGAN.name } : null,
    agency: null,
    route: { ruleId: 'r1', agencyId: LUC_NGAN?.id, areaId: 'ar1', ambiguous: false, locatedBy: 'given' },
    submittedAt: '2026-03-02T01:00:00.000Z',
    supporters: 1,
    hasReporterIdentity: true,
    media: [],
    timeline: [{ at: '2026-03-02T01:00:00.000Z', kind: 'submitted', public: false, data: {} }],
    ...patch,
  };
}

export function workflowView(actions: string[], patch: Partial<WorkflowView> = {}): WorkflowView {
  const none = { dueAt: null, originalDueAt: null, flag: null };
  return {
    id: REPORT_ID,
    code: REPORT_CODE,
    status: 'submitted',
    version: 7,
    actions,
    deadlines: {
      intake: { dueAt: '2026-03-03T10:00:00.000Z', originalDueAt: null, flag: 'on_time' },
      acknowledge: none,
      resolve: none,
    },
    pendingExtension: null,
    ...patch,
  };
}

type Listener = (event: MessageEvent) => void;

/** Stands in for the browser's EventSource: tests open it, send it events and make it fail. */
export class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  readonly listeners = new Map<string, Listener[]>();
  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  removeEventListener(type: string, listener: Listener): void {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((l) => l !== listener),
    );
  }
  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data = ''): void {
    if (type === 'open') this.readyState = FakeEventSource.OPEN;
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }));
  }
}
