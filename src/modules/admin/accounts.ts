// Officer accounts one at a time, as the administration screen edits them: the list with positions, a new
// officer, profile changes, and positions added or ended (disabling is the auth module's). Bulk changes are the import's
// (modules/accounts). Each change is one transaction ending with its audit entry; entries hold ids only.
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.js';
import { authorize, ROLE_LABELS, type Actor, type OfficerRole } from '../../platform/auth/policy.js';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { cleanText, foldSearchKey, normalizePhoneVN } from '../../platform/text.js';
import { ROLES_NEEDING_SCOPE } from '../accounts/schemas.js';
import type { OrgTables } from '../org/tables.js';

const accountsDb = (db: RootDb) => db.withTables<OrgTables>();
type Trx = ReturnType<typeof accountsDb>;

export interface OfficerPosition {
  id: string;
  role: OfficerRole;
  agency: { id: string; name: string } | null;
  area: { id: string; name: string } | null;
  validFrom: string;
  /** Exclusive: the first day without the position; null while it lasts. */
  validTo: string | null;
}

export interface Officer {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  disabled: boolean;
  /** False until the officer sets a password (accounts created by an import or here have none). */
  hasPassword: boolean;
  secondFactor: boolean;
  createdAt: string;
  positions: OfficerPosition[];
}

export interface OfficerQuery {
  q?: string;
  role?: OfficerRole;
  agencyId?: string;
  status?: 'active' | 'disabled';
  limit: number;
  offset: number;
}

const detail = (field: string, problem: string, vi: string, en: string): ErrorDetail => ({
  field,
  problem,
  messages: { vi, en },
});
const invalid = (details: ErrorDetail[]) => new AppError('validation_failed', { details });

async function officersById(t: Trx, ids: readonly string[], today: string, all: boolean): Promise<Officer[]> {
  if (ids.length === 0) return [];
  const accounts = await t
    .selectFrom('accounts')
    .select([
      'id',
      'username',
      'display_name',
      'email',
      'phone',
      'disabled_at',
      'created_at',
      sql<boolean>`password_hash is not null`.as('has_password'),
      sql<boolean>`totp_enabled_at is not null`.as('second_factor'),
    ])
    .where('id', 'in', ids)
    .execute();
  const positions = await t
    .selectFrom('positions as p')
    .leftJoin('agencies as g', 'g.id', 'p.agency_id')
    .leftJoin('areas as r', 'r.id', 'p.area_id')
    .select([
      'p.id',
      'p.account_id',
      'p.role',
      'p.agency_id',
      'g.name as agency_name',
      'p.area_id',
      sql<string | null>`r.kind || ' ' || r.name`.as('area_name'),
      'p.valid_from',
      'p.valid_to',
    ])
    .where('p.account_id', 'in', ids)
    .$if(!all, (q) => q.where((eb) => eb.or([eb('p.valid_to', 'is', null), eb('p.valid_to', '>', today)])))
    .orderBy('p.valid_from')
    .orderBy('p.created_at')
    .execute();
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return ids.flatMap((id) => {
    const a = byId.get(id);
    if (!a) return [];
    return [
      {
        id: a.id,
        username: a.username ?? '',
        displayName: a.display_name,
        email: a.email,
        phone: a.phone,
        disabled: a.disabled_at !== null,
        hasPassword: a.has_password,
        secondFactor: a.second_factor,
        createdAt: a.created_at.toISOString(),
        positions: positions
          .filter((p) => p.account_id === id)
          .map((p) => ({
            id: p.id,
            role: p.role,
            agency: p.agency_id === null ? null : { id: p.agency_id, name: p.agency_name ?? '' },
            area: p.area_id === null ? null : { id: p.area_id, name: p.area_name ?? '' },
            validFrom: p.valid_from,
            validTo: p.valid_to,
          })),
      },
    ];
  });
}

/**
 * Officers (erased ones excepted) matching the filters, by username, with their current and coming
 * positions. `q` matches the username or the name whatever the case and accents; `role` and `agencyId`
 * match a position held today or later (an agency: that agency itself).
 */
export async function listOfficers(
  db: RootDb,
  actor: Actor | null,
  query: OfficerQuery,
): Promise<{ total: number; items: Officer[] }> {
  authorize(actor, 'account.manage');
  const t = accountsDb(db);
  const today = localDate(new Date());
  const candidates = await t
    .selectFrom('accounts as a')
    .select(['a.id', 'a.username', 'a.display_name'])
    .where('a.kind', '=', 'officer')
    .where('a.deleted_at', 'is', null)
    .$if(query.status !== undefined, (q) =>
      q.where('a.disabled_at', query.status === 'disabled' ? 'is not' : 'is', null),
    )
    .$if(query.role !== undefined || query.agencyId !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('positions as p')
            .select('p.id')
            .whereRef('p.account_id', '=', 'a.id')
            .where((eb) => eb.or([eb('p.valid_to', 'is', null), eb('p.valid_to', '>', today)]))
            .$if(query.role !== undefined, (s) => s.where('p.role', '=', query.role as OfficerRole))
            .$if(query.agencyId !== undefined, (s) => s.where('p.agency_id', '=', query.agencyId as string)),
        ),
      ),
    )
    .orderBy(sql`lower(a.username)`)
    .execute();
  // Accent-insensitive matching is done here: officers number in the thousands, and the folded key of a
  // name is not stored.
  const needle = query.q === undefined ? '' : foldSearchKey(query.q).trim();
  const matching =
    needle === ''
      ? candidates
      : candidates.filter(
          (c) =>
            (c.username ?? '').toLowerCase().includes(needle) ||
            foldSearchKey(c.display_name).includes(needle),
        );
  const page = matching.slice(query.offset, query.offset + query.limit).map((c) => c.id);
  return { total: matching.length, items: await officersById(t, page, today, false) };
}

/** One officer with every position, ended ones included. */
export async function getOfficer(db: RootDb, actor: Actor | null, id: string): Promise<Officer> {
  authorize(actor, 'account.manage');
  return officer(accountsDb(db), id, true);
}

async function officer(t: Trx, id: string, all = true): Promise<Officer> {
  const kind = await t
    .selectFrom('accounts')
    .select('kind')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (kind?.kind !== 'officer') throw new AppError('not_found');
  const [found] = await officersById(t, [id], localDate(new Date()), all);
  if (!found) throw new AppError('not_found');
  return found;
}

export interface ProfileInput {
  displayName?: string;
  email?: string | null;
  phone?: string | null;
}

/** Cleans a profile's fields; problems name each field. */
function profileValues(input: ProfileInput) {
  const problems: ErrorDetail[] = [];
  const values: { display_name?: string; email?: string | null; phone?: string | null } = {};
  if (input.displayName !== undefined) {
    values.display_name = cleanText(input.displayName);
    if (values.display_name === '')
      problems.push(
        detail(
          '/body/displayName',
          'must not be empty',
          'Vui lòng nhập họ và tên.',
          'Please enter the name.',
        ),
      );
  }
  if (input.email !== undefined)
    values.email =
      input.email === null || input.email.trim() === '' ? null : input.email.trim().toLowerCase();
  if (input.phone !== undefined) {
    if (input.phone === null || input.phone.trim() === '') values.phone = null;
    else {
      values.phone = normalizePhoneVN(input.phone);
      if (values.phone === null)
        problems.push(
          detail(
            '/body/phone',
            'is not a Vietnamese phone number',
            `“${input.phone}” không phải số điện thoại Việt Nam.`,
            `"${input.phone}" is not a Vietnamese phone number.`,
          ),
        );
    }
  }
  return { values, problems };
}

export interface PositionInput {
  role: OfficerRole;
  agencyId: string | null;
  areaId: string | null;
  /** Default: today. */
  validFrom?: string;
}

/** A position must have the scope its role needs, and name units in force on its first day. */
async function positionProblems(t: Trx, input: PositionInput, validFrom: string, at: string) {
  const problems: ErrorDetail[] = [];
  if (ROLES_NEEDING_SCOPE.has(input.role) && input.agencyId === null && input.areaId === null)
    problems.push(
      detail(
        `${at}/agencyId`,
        'the role needs an agency or an area',
        `Vai trò “${ROLE_LABELS[input.role].vi}” phải gắn với một cơ quan hoặc một địa bàn.`,
        `The role "${ROLE_LABELS[input.role].en}" needs an agency or an area.`,
      ),
    );
  for (const [table, id, field, vi, en] of [
    ['agencies', input.agencyId, 'agencyId', 'Cơ quan', 'The agency'],
    ['areas', input.areaId, 'areaId', 'Địa bàn', 'The area'],
  ] as const) {
    if (id === null) continue;
    const unit = await t
      .selectFrom(table)
      .select(['name', 'valid_from', 'valid_to'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!unit)
      problems.push(detail(`${at}/${field}`, 'unknown', `${vi} không tồn tại.`, `${en} does not exist.`));
    else if (unit.valid_from > validFrom || (unit.valid_to !== null && unit.valid_to <= validFrom))
      problems.push(
        detail(
          `${at}/${field}`,
          `not in force on ${validFrom}`,
          `${vi} “${unit.name}” không còn (hoặc chưa) hoạt động vào ngày ${validFrom.split('-').reverse().join('/')}.`,
          `${en} "${unit.name}" is not in force on ${validFrom}.`,
        ),
      );
  }
  return problems;
}

async function insertPosition(t: Trx, accountId: string, input: PositionInput, validFrom: string) {
  const same = await t
    .selectFrom('positions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('role', '=', input.role)
    .where((eb) =>
      input.agencyId === null ? eb('agency_id', 'is', null) : eb('agency_id', '=', input.agencyId),
    )
    .where((eb) => (input.areaId === null ? eb('area_id', 'is', null) : eb('area_id', '=', input.areaId)))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', validFrom)]))
    .executeTakeFirst();
  if (same)
    throw invalid([
      detail(
        '/body/role',
        'the officer already holds this position',
        'Cán bộ đã giữ vị trí công tác này.',
        'The officer already holds this position.',
      ),
    ]);
  const { id } = await t
    .insertInto('positions')
    .values({
      account_id: accountId,
      role: input.role,
      agency_id: input.agencyId,
      area_id: input.areaId,
      valid_from: validFrom,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface OfficerCreate extends ProfileInput {
  username: string;
  displayName: string;
  position: PositionInput;
}

/** Creates an officer without a password (they set one through the password reset) and their first position. */
export async function createOfficer(db: RootDb, actor: Actor | null, input: OfficerCreate): Promise<Officer> {
  authorize(actor, 'account.manage');
  const { values, problems } = profileValues(input);
  const validFrom = input.position.validFrom ?? localDate(new Date());
  try {
    return await db.transaction().execute(async (trx) => {
      const t = accountsDb(trx);
      problems.push(...(await positionProblems(t, input.position, validFrom, '/body/position')));
      const taken = await t
        .selectFrom('accounts')
        .select('id')
        .where(sql`lower(username)`, '=', input.username.toLowerCase())
        .executeTakeFirst();
      if (taken)
        problems.push(
          detail(
            '/body/username',
            'taken',
            `Tên đăng nhập “${input.username}” đã được dùng.`,
            `The username "${input.username}" is taken.`,
          ),
        );
      if (problems.length > 0) throw invalid(problems);
      const { id } = await t
        .insertInto('accounts')
        .values({
          kind: 'officer',
          username: input.username.toLowerCase(),
          display_name: values.display_name ?? '',
          email: values.email ?? null,
          phone: values.phone ?? null,
          password_hash: null,
          disabled_at: null,
          phone_verified_at: null,
          email_verified_at: null,
          totp_secret: null,
          totp_enabled_at: null,
          totp_last_step: null,
          password_changed_at: null,
          privacy_version: null,
          privacy_accepted_at: null,
          deleted_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const positionId = await insertPosition(t, id, input.position, validFrom);
      await recordAudit(trx, {
        actorId: actor.accountId,
        action: 'account.create',
        subjectType: 'account',
        subjectId: id,
        requestId: actor.requestId,
        detail: { positionId, role: input.position.role },
      });
      return officer(t, id);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505') throw new AppError('conflict', { cause: error });
    throw error;
  }
}

export async function updateOfficer(
  db: RootDb,
  actor: Actor | null,
  id: string,
  input: ProfileInput,
): Promise<Officer> {
  authorize(actor, 'account.manage');
  const { values, problems } = profileValues(input);
  if (problems.length > 0) throw invalid(problems);
  return db.transaction().execute(async (trx) => {
    const t = accountsDb(trx);
    const before = await officer(t, id);
    const changed = (
      [
        ['display_name', before.displayName],
        ['email', before.email],
        ['phone', before.phone],
      ] as const
    )
      .filter(([k, v]) => values[k] !== undefined && values[k] !== v)
      .map(([k]) => k);
    if (changed.length === 0) return before;
    await t.updateTable('accounts').set(values).where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'account.update',
      subjectType: 'account',
      subjectId: id,
      requestId: actor.requestId,
      detail: { changed },
    });
    return officer(t, id);
  });
}

export async function addPosition(
  db: RootDb,
  actor: Actor | null,
  accountId: string,
  input: PositionInput,
): Promise<Officer> {
  authorize(actor, 'account.manage');
  const validFrom = input.validFrom ?? localDate(new Date());
  return db.transaction().execute(async (trx) => {
    const t = accountsDb(trx);
    await officer(t, accountId);
    const problems = await positionProblems(t, input, validFrom, '/body');
    if (problems.length > 0) throw invalid(problems);
    const positionId = await insertPosition(t, accountId, input, validFrom);
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'account.position.add',
      subjectType: 'account',
      subjectId: accountId,
      requestId: actor.requestId,
      detail: { positionId, role: input.role, validFrom },
    });
    return officer(t, accountId);
  });
}

/**
 * Ends a position: from `on` the officer no longer holds it. A position that has not begun by `on` is
 * removed. An administrator cannot end their own administrator position (nobody could give it back).
 */
export async function endPosition(
  db: RootDb,
  actor: Actor | null,
  accountId: string,
  positionId: string,
  on: string,
): Promise<Officer> {
  authorize(actor, 'account.manage');
  return db.transaction().execute(async (trx) => {
    const t = accountsDb(trx);
    const position = await t
      .selectFrom('positions')
      .select(['id', 'role', 'valid_from', 'valid_to'])
      .where('id', '=', positionId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!position) throw new AppError('not_found');
    if (accountId === actor.accountId && position.role === 'admin')
      throw invalid([
        detail(
          '/params/positionId',
          'an administrator cannot end their own administrator position',
          'Không thể tự kết thúc vị trí quản trị của chính mình.',
          'You cannot end your own administrator position.',
        ),
      ]);
    if (position.valid_to !== null && position.valid_to <= on)
      throw invalid([
        detail(
          '/body/on',
          `the position already ends on ${position.valid_to}`,
          `Vị trí này đã kết thúc từ ngày ${position.valid_to.split('-').reverse().join('/')}.`,
          `The position already ends on ${position.valid_to}.`,
        ),
      ]);
    const removed = on <= position.valid_from;
    if (removed) await t.deleteFrom('positions').where('id', '=', positionId).execute();
    else await t.updateTable('positions').set({ valid_to: on }).where('id', '=', positionId).execute();
    await recordAudit(trx, {
      actorId: actor.accountId,
      action: 'account.position.end',
      subjectType: 'account',
      subjectId: accountId,
      requestId: actor.requestId,
      detail: { positionId, on, removed },
    });
    return officer(t, accountId);
  });
}
