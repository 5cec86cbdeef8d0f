// Words of the workspace that come from codes: deadline flags and the time left, priorities, channels, inbox tabs,
// who is an officer of the workspace, and what the table says of an action or a state in the reader's language.
import type { Lang, MessageKey } from '../i18n/index.js';
import type { SessionState } from '../session.js';
import type { FullWorkflowTable, SlaFlag } from './api.js';

/** The roles that work in the workspace (an administrator alone has the administration, not an inbox). */
export const WORKSPACE_ROLES = [
  'receiver',
  'handler',
  'agency_leader',
  'provincial_leader',
  'auditor',
] as const;

export function officerRoles(state: SessionState): string[] {
  if (state.status !== 'signed_in' || state.me.kind !== 'officer') return [];
  return state.me.roles;
}

export function isWorkspaceOfficer(state: SessionState): boolean {
  const roles = officerRoles(state);
  return roles.some((r) => (WORKSPACE_ROLES as readonly string[]).includes(r));
}

export const FLAG_KEYS: Readonly<Record<SlaFlag, MessageKey>> = {
  on_time: 'workspace.flag.on_time',
  due_soon: 'workspace.flag.due_soon',
  overdue: 'workspace.flag.overdue',
  late_with_extension: 'workspace.flag.late_with_extension',
};

const PRIORITY_KEYS: Readonly<Record<string, MessageKey>> = {
  urgent: 'workspace.priority.urgent',
  normal: 'workspace.priority.normal',
  complex: 'workspace.priority.complex',
};

export function priorityKey(priority: string): MessageKey | null {
  return PRIORITY_KEYS[priority] ?? null;
}

const CHANNEL_KEYS: Readonly<Record<string, MessageKey>> = {
  web: 'workspace.channel.web',
  app: 'workspace.channel.app',
  zalo: 'workspace.channel.zalo',
  chatbot: 'workspace.channel.chatbot',
  hotline: 'workspace.channel.hotline',
  open311: 'workspace.channel.open311',
  email: 'workspace.channel.email',
};

export function channelKey(channel: string): MessageKey | null {
  return CHANNEL_KEYS[channel] ?? null;
}

const TAB_KEYS: Readonly<Record<string, MessageKey>> = {
  new: 'workspace.tab.new',
  returned: 'workspace.tab.returned',
  extensions: 'workspace.tab.extensions',
  reopen: 'workspace.tab.reopen',
  hotline: 'workspace.tab.hotline',
  assigned: 'workspace.tab.assigned',
  in_progress: 'workspace.tab.in_progress',
  due_soon: 'workspace.tab.due_soon',
  overdue: 'workspace.tab.overdue',
  sent_back: 'workspace.tab.sent_back',
  approval: 'workspace.tab.approval',
  agency_overdue: 'workspace.tab.agency_overdue',
  escalated: 'workspace.tab.escalated',
};

export function tabKey(id: string): MessageKey | null {
  return TAB_KEYS[id] ?? null;
}

const ROLE_KEYS: Readonly<Record<string, MessageKey>> = {
  receiver: 'workspace.role.receiver',
  handler: 'workspace.role.handler',
  agency_leader: 'workspace.role.agency_leader',
  provincial_leader: 'workspace.role.provincial_leader',
  auditor: 'workspace.role.auditor',
  agency: 'workspace.role.agency',
  leader: 'workspace.role.leader',
  provincial: 'workspace.role.provincial_leader',
};

export function roleKey(role: string): MessageKey | null {
  return ROLE_KEYS[role] ?? null;
}

/**
 * The time left to `dueAt` (or past it) in days, hours and minutes of the clock, for a glance ("còn 3 giờ 20 phút",
 * "quá hạn 2 ngày 1 giờ"). The flag, computed by the server on the working calendar, says whether it is due soon.
 */
export function timeLeft(
  dueAt: Date,
  now: Date,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
): string {
  const minutes = Math.round((dueAt.getTime() - now.getTime()) / 60_000);
  const span = Math.abs(minutes);
  const days = Math.floor(span / 1440);
  const hours = Math.floor((span % 1440) / 60);
  const mins = span % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(t('workspace.time.days', { n: days }));
  if (hours > 0) parts.push(t('workspace.time.hours', { n: hours }));
  if (days === 0 && mins > 0) parts.push(t('workspace.time.minutes', { n: mins }));
  const amount = parts.length === 0 ? t('workspace.time.minutes', { n: 0 }) : parts.join(' ');
  return t(minutes >= 0 ? 'workspace.time.left' : 'workspace.time.past', { time: amount });
}

export function actionLabel(table: FullWorkflowTable | null, code: string, lang: Lang): string {
  return table?.actions.find((a) => a.code === code)?.label[lang] ?? code;
}

export function stateLabel(table: FullWorkflowTable | null, code: string, lang: Lang): string {
  return table?.states.find((s) => s.code === code)?.label[lang] ?? code;
}

/**
 * Whether the table lets one of `roles` take `action` on a report in `status` (its guards and the agency's scope
 * aside: the server decides those and says why it refuses). Used for the inbox's bulk actions and its `a` key; the
 * report screen shows exactly the actions the API lists for the report.
 */
export function tableAllows(
  table: FullWorkflowTable | null,
  action: string,
  status: string,
  roles: readonly string[],
): boolean {
  const rule = table?.actions.find((a) => a.code === action);
  if (rule === undefined) return false;
  return rule.from.includes(status) && rule.allowed.some((p) => roles.includes(p.role));
}

/**
 * An area as people name it: its kind, then its name ("Huyện Lục Ngạn", "Phường Trần Phú"). The public list of
 * areas gives the kind apart from the name; without it, the name alone.
 */
export function areaLabel(area: { name: string; kind?: unknown }): string {
  const kind = typeof area.kind === 'string' ? area.kind.trim() : '';
  if (kind === '') return area.name;
  return `${kind.charAt(0).toLocaleUpperCase('vi')}${kind.slice(1)} ${area.name}`;
}
