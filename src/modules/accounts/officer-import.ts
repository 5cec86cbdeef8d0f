// Officer accounts in bulk: import an XLSX or CSV list (all rows or none, in one transaction) and export
// the same layout, so an administrator can keep the province's officers in a spreadsheet.
import { authorize, type Actor } from '../../platform/auth/policy.js';
import { recordAudit } from '../../platform/audit.js';
import { localDate } from '../../platform/calendar/calendar.js';
import type { Db as RootDb } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { locateColumns, readSheet, writeOfficerFile, type WriteOptions } from './officer-file.js';
import { checkRows, UnitIndex, usernamesOf, type ExistingAccount, type OfficerRow } from './officer-rows.js';
import { OfficerImportError } from './problems.js';
import type { OfficerFileFormat, OfficerFileLang, OfficerImportResult } from './schemas.js';
import * as store from './store.js';

/**
 * Who imports: the signed-in person (an administrator; anyone else is refused), or `console` for the
 * server's operator running `npm run import:officers`, who already holds the database.
 */
export type ImportActor = Actor | null | 'console';

export interface ImportOfficersInput {
  data: Uint8Array;
  format: OfficerFileFormat;
  actor: ImportActor;
  /** Check the file and count what would change, without writing. */
  dryRun?: boolean;
  now?: Date;
}

/** `officers.xlsx` → `xlsx`; null for any other extension. */
export function formatOfFileName(name: string): OfficerFileFormat | null {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'xlsx' || ext === 'csv' ? ext : null;
}

/**
 * Imports officers: each row creates the account or updates its profile (by username, whatever its
 * case) and makes the row's role, agency and area the officer's position from `Từ ngày` (today when
 * empty). The officer's other positions end that day, or are removed if they had not begun. Accounts not
 * in the file are left alone; created accounts have no password (they get one through activation).
 * The whole file is checked first and refused with every problem if one row is wrong
 * (OfficerImportError); otherwise it is applied in one transaction, with one audit entry.
 */
export async function importOfficers(
  rootDb: RootDb,
  input: ImportOfficersInput,
): Promise<OfficerImportResult> {
  if (input.actor !== 'console') authorize(input.actor, 'account.manage');
  const actorId = input.actor === 'console' ? null : input.actor.accountId;
  const requestId = input.actor === 'console' ? null : input.actor.requestId;
  const table = locateColumns(await readSheet(input.data, input.format));
  const today = localDate(input.now ?? new Date());
  const dryRun = input.dryRun === true;

  const run = rootDb.transaction().execute(async (trx) => {
    const db = store.accountsDb(trx);
    await store.lockOfficerImports(db);
    const units = await store.loadUnits(db);
    const accounts = await store.accountsByUsername(db, usernamesOf(table));
    const { rows, problems } = checkRows(table, {
      agencies: new UnitIndex(units.agencies),
      areas: new UnitIndex(units.areas),
      accounts,
      today,
    });
    if (problems.length > 0) throw new OfficerImportError(problems);

    const profiles = planProfiles(rows, accounts);
    const existingIds = rows.flatMap((r) => accounts.get(r.username)?.id ?? []);
    const earliest = rows.reduce(
      (min, r) => ((r.validFrom ?? today) < min ? (r.validFrom ?? today) : min),
      today,
    );
    const open = await store.positionsOpenOn(db, existingIds, earliest);
    const createdIds = dryRun
      ? new Map(profiles.inserts.map((p) => [p.username, p.username]))
      : await store.insertOfficers(db, profiles.inserts);
    const positions = planPositions(rows, (u) => accounts.get(u)?.id ?? createdIds.get(u), open, today);

    const result: OfficerImportResult = {
      dryRun,
      rows: rows.length,
      accountsCreated: profiles.inserts.length,
      accountsUpdated: profiles.updates.length,
      accountsUnchanged: profiles.unchanged,
      positionsCreated: positions.inserts.length,
      positionsUpdated: positions.restarts.length,
      positionsEnded: positions.ends.length + positions.deletes.length,
      positionsUnchanged: positions.unchanged,
      ignoredColumns: table.ignoredColumns,
      createdAccountIds: dryRun ? [] : [...createdIds.values()],
    };
    if (dryRun) return result;

    await store.updateProfiles(db, profiles.updates);
    await store.deletePositions(db, positions.deletes);
    await store.endPositions(db, positions.ends);
    await store.restartPositions(db, positions.restarts);
    await store.insertPositions(db, positions.inserts);
    const { ignoredColumns: _ignored, createdAccountIds: _created, dryRun: _dryRun, ...counts } = result;
    await recordAudit(trx, {
      actorId,
      action: 'account.import',
      subjectType: 'officer_list',
      requestId,
      detail: { format: input.format, ...counts },
    });
    return result;
  });
  // Imports are serialized, but an account created meanwhile by another path can still take a username.
  return run.catch((error: unknown) => {
    if ((error as { code?: unknown }).code === '23505')
      throw new AppError('conflict', {
        internal: 'officer import: a username was taken meanwhile',
        cause: error,
      });
    throw error;
  });
}

function planProfiles(rows: readonly OfficerRow[], accounts: ReadonlyMap<string, ExistingAccount>) {
  const inserts: (store.ProfileValues & { username: string })[] = [];
  const updates: (store.ProfileValues & { id: string })[] = [];
  let unchanged = 0;
  for (const row of rows) {
    const existing = accounts.get(row.username);
    if (existing === undefined) {
      inserts.push({
        username: row.username,
        display_name: row.displayName,
        email: row.email ?? null,
        phone: row.phone ?? null,
      });
      continue;
    }
    // A column missing from the file leaves the field as it is.
    const next = {
      display_name: row.displayName,
      email: row.email === undefined ? existing.email : row.email,
      phone: row.phone === undefined ? existing.phone : row.phone,
    };
    if (
      next.display_name === existing.displayName &&
      next.email === existing.email &&
      next.phone === existing.phone
    )
      unchanged++;
    else updates.push({ id: existing.id, ...next });
  }
  return { inserts, updates, unchanged };
}

const later = (a: string, b: string) => (a > b ? a : b);

/**
 * Each row's position becomes the officer's position from its start. An open position with the same
 * role, agency and area is kept (given the file's start if one is written); any other position still
 * open when the row's position takes effect ends then, or is removed if it would only begin then or later.
 */
function planPositions(
  rows: readonly OfficerRow[],
  accountId: (username: string) => string | undefined,
  open: readonly store.PositionRow[],
  today: string,
) {
  const byAccount = new Map<string, store.PositionRow[]>();
  for (const p of open) byAccount.set(p.account_id, [...(byAccount.get(p.account_id) ?? []), p]);
  const inserts: Omit<store.PositionRow, 'id' | 'valid_to'>[] = [];
  const restarts: { id: string; validFrom: string }[] = [];
  const ends: { id: string; validTo: string }[] = [];
  const deletes: string[] = [];
  let unchanged = 0;

  for (const row of rows) {
    const id = accountId(row.username);
    if (id === undefined) throw new Error(`no account id for row ${row.row}`);
    const start = row.validFrom ?? today;
    const held = byAccount.get(id) ?? [];
    const matches = (p: store.PositionRow) =>
      p.role === row.role &&
      p.agency_id === row.agencyId &&
      p.area_id === row.areaId &&
      (p.valid_to === null || p.valid_to > start);
    const same = held.find((p) => matches(p) && p.valid_to === null) ?? held.find(matches);
    if (same) {
      const validFrom = row.validFrom ?? same.valid_from;
      if (same.valid_from === validFrom && same.valid_to === null) unchanged++;
      else restarts.push({ id: same.id, validFrom });
    } else {
      inserts.push({
        account_id: id,
        role: row.role,
        agency_id: row.agencyId,
        area_id: row.areaId,
        valid_from: start,
      });
    }
    // A new position replaces the others from its start; a kept one means "only this one", from now on.
    const endOn = same ? later(today, start) : start;
    for (const p of held) {
      if (p === same || (p.valid_to !== null && p.valid_to <= endOn)) continue;
      if (p.valid_from >= endOn) deletes.push(p.id);
      else ends.push({ id: p.id, validTo: endOn });
    }
  }
  return { inserts, restarts, ends, deletes, unchanged };
}

export interface ExportOfficersOptions {
  actor: ImportActor;
  /** Headers, role names and dates in Vietnamese (default) or English (codes, ISO dates). */
  lang?: OfficerFileLang;
  /** CSV only: `,` (default) or `;` for Excel set to Vietnamese. */
  delimiter?: WriteOptions['delimiter'];
  now?: Date;
}

export interface OfficerExport {
  data: Buffer;
  rows: number;
  contentType: string;
  /** A suggested name, e.g. `can-bo-2025-07-01.xlsx`. */
  fileName: string;
}

const CONTENT_TYPES: Record<OfficerFileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Every officer with each open-ended position, one row per position, in the import's layout: importing
 * the file again changes nothing. (An officer holding two positions at once takes two rows, which the
 * import refuses as a repeated username: such officers are edited one position at a time.)
 * XLSX files get a second sheet listing the roles, agencies and areas. The export is audited (counts only).
 */
export async function exportOfficers(
  rootDb: RootDb,
  format: OfficerFileFormat,
  options: ExportOfficersOptions,
): Promise<OfficerExport> {
  if (options.actor !== 'console') authorize(options.actor, 'account.manage');
  const lang = options.lang ?? 'vi';
  const today = localDate(options.now ?? new Date());
  const db = store.accountsDb(rootDb);
  const rows = await store.officersForExport(db);
  const catalogue = format === 'xlsx' ? await store.unitsInForce(db, today) : undefined;
  const data = await writeOfficerFile(rows, format, {
    lang,
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    ...(catalogue === undefined ? {} : { catalogue }),
  });
  await recordAudit(rootDb, {
    actorId: options.actor === 'console' ? null : options.actor.accountId,
    action: 'account.export',
    subjectType: 'officer_list',
    requestId: options.actor === 'console' ? null : options.actor.requestId,
    detail: { format, rows: rows.length },
  });
  return {
    data,
    rows: rows.length,
    contentType: CONTENT_TYPES[format],
    fileName: `${lang === 'vi' ? 'can-bo' : 'officers'}-${today}.${format}`,
  };
}
