// Who may do what: every permission of every role, declared in this one table. Services call
// `authorize` before anything else; scope (which agencies and areas) is checked against the resource.
import { AppError } from '../errors.js';

export const OFFICER_ROLES = [
  'receiver',
  'handler',
  'agency_leader',
  'provincial_leader',
  'auditor',
  'admin',
] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];
export type Role = 'citizen' | OfficerRole;

/** Vietnamese and English names of the roles, as users see them. */
export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  citizen: { vi: 'Người dân, doanh nghiệp', en: 'Citizen or business' },
  receiver: { vi: 'Cán bộ tiếp nhận', en: 'Intake officer' },
  handler: { vi: 'Cán bộ xử lý', en: 'Handling officer' },
  agency_leader: { vi: 'Lãnh đạo cơ quan', en: 'Agency leader' },
  provincial_leader: { vi: 'Lãnh đạo tỉnh', en: 'Provincial leader' },
  auditor: { vi: 'Kiểm tra viên', en: 'Auditor' },
  admin: { vi: 'Quản trị hệ thống', en: 'System administrator' },
};

/** The actions services guard. Later modules add theirs here, in the same table. */
export type Action =
  | 'account.read_self'
  | 'account.manage' // create, edit, disable officer accounts and their positions
  | 'org.read'
  | 'org.manage' // areas, agencies, categories, jurisdiction, restructuring, the working calendar's exceptions
  | 'content.manage' // guides and FAQ, reply templates (officers read the templates with org.read)
  | 'audit.read'
  | 'report.read' // the officer's view of a report (not the reporter's identity)
  | 'report.read_identity' // the reporter's name and contacts; every read is audited
  | 'report.grant_identity' // let a handling agency see the reporter's identity for one report (audited)
  | 'report.route' // change the suggested agency
  | 'report.enter' // enter a report received by phone or in person (hotline)
  | 'stats.read'; // the officers' statistics (by agency, area, category, status, month) and their exports

/** Scope `own`: the resource must lie in the position's agency or area subtree. `all`: anywhere. */
type Grant = 'all' | 'own';

const POLICY: Record<Role, Partial<Record<Action, Grant>>> = {
  citizen: { 'account.read_self': 'all' },
  // Receivers (IOC intake) see every report and, as in Huế's model, the only officers who see who reported.
  receiver: {
    'account.read_self': 'all',
    'org.read': 'all',
    'report.read': 'all',
    'report.read_identity': 'all',
    'report.grant_identity': 'all',
    'report.route': 'all',
    'report.enter': 'all',
    'stats.read': 'all',
  },
  handler: { 'account.read_self': 'all', 'org.read': 'all', 'report.read': 'own' },
  // An agency's leader sees the statistics of their agency and the units under it; handlers have none.
  agency_leader: { 'account.read_self': 'all', 'org.read': 'all', 'report.read': 'own', 'stats.read': 'own' },
  provincial_leader: {
    'account.read_self': 'all',
    'org.read': 'all',
    'report.read': 'all',
    'stats.read': 'all',
  },
  auditor: {
    'account.read_self': 'all',
    'org.read': 'all',
    'audit.read': 'all',
    'report.read': 'all',
    'stats.read': 'all',
  },
  admin: {
    'account.read_self': 'all',
    'org.read': 'all',
    'org.manage': 'all',
    'content.manage': 'all',
    'account.manage': 'all',
    'audit.read': 'all',
    'stats.read': 'all',
  },
};

/** Roles whose holders must pass a second factor (TOTP) before they can act. */
export const SECOND_FACTOR_REQUIRED: ReadonlySet<Role> = new Set<Role>(['admin']);

export interface ActorPosition {
  role: OfficerRole;
  /** Every agency id in the position's agency subtree; null when the position is not limited by agency. */
  agencyIds: ReadonlySet<string> | null;
  /** Every area id in the position's area subtree; null when not limited by area. */
  areaIds: ReadonlySet<string> | null;
}

export interface Actor {
  accountId: string;
  kind: 'citizen' | 'officer';
  positions: readonly ActorPosition[];
  sessionId: string;
  requestId: string;
}

/** Where a resource lives, for scope checks; omit for province-wide resources. */
export interface ResourceScope {
  agencyId?: string | null;
  areaId?: string | null;
}

export function rolesOf(actor: Actor): Role[] {
  return actor.kind === 'citizen' ? ['citizen'] : actor.positions.map((p) => p.role);
}

function inScope(position: ActorPosition, resource: ResourceScope | undefined): boolean {
  if (resource === undefined) return position.agencyIds === null && position.areaIds === null;
  const agencyOk =
    position.agencyIds === null || (resource.agencyId != null && position.agencyIds.has(resource.agencyId));
  const areaOk =
    position.areaIds === null || (resource.areaId != null && position.areaIds.has(resource.areaId));
  return agencyOk && areaOk;
}

/** True when one of the actor's roles grants `action` on a resource in `resource`'s scope. */
export function can(actor: Actor | null, action: Action, resource?: ResourceScope): boolean {
  if (actor === null) return false;
  if (actor.kind === 'citizen') return POLICY.citizen[action] === 'all';
  return actor.positions.some((p) => {
    const grant = POLICY[p.role][action];
    return grant === 'all' || (grant === 'own' && inScope(p, resource));
  });
}

/**
 * Where `action` reaches for this actor, for reads over many resources at once (statistics): `'all'`, or the
 * positions whose subtrees it covers (a resource counts when it lies in one of them, as `can` decides for one);
 * none when it is not granted at all.
 */
export function reachOf(actor: Actor, action: Action): 'all' | readonly ActorPosition[] {
  if (actor.kind === 'citizen') return POLICY.citizen[action] === 'all' ? 'all' : [];
  const own: ActorPosition[] = [];
  for (const p of actor.positions) {
    const grant = POLICY[p.role][action];
    // A position limited neither by agency nor by area reaches everything, as `inScope` says for one resource.
    if (grant === 'all' || (grant === 'own' && p.agencyIds === null && p.areaIds === null)) return 'all';
    if (grant === 'own') own.push(p);
  }
  return own;
}

/** Throws `unauthenticated` (no actor) or `forbidden` unless `can` allows it. */
export function authorize(
  actor: Actor | null,
  action: Action,
  resource?: ResourceScope,
): asserts actor is Actor {
  if (actor === null) throw new AppError('unauthenticated');
  if (!can(actor, action, resource)) throw new AppError('forbidden', { internal: action });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, set by the auth module's hook for every request; null when nobody is. */
    actor: Actor | null;
  }
}
