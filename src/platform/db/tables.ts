// Kysely row types of the tables the platform owns; modules declare their own and use `db.withTables<…>()`.
import type { ColumnType, Generated, Kysely } from 'kysely';

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface CalendarExceptionsTable {
  id: Generated<string>;
  day: ColumnType<string, string, string>;
  kind: 'day_off' | 'working_day';
  note: string | null;
  created_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  request_id: string | null;
  detail: ColumnType<unknown, string | null, string | null>;
}

export type PlatformTables = {
  schema_migrations: SchemaMigrationsTable;
  calendar_exceptions: CalendarExceptionsTable;
  audit_log: AuditLogTable;
};

/** The root handle every module receives; a module adds its own tables with `db.withTables<ModuleTables>()`. */
export type Db = Kysely<PlatformTables>;
