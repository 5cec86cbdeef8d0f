// Kysely row types of the organisation tables (migrations 0002, 0004 and 0006).
import type { ColumnType, Generated } from 'kysely';

export interface AreasTable {
  id: Generated<string>;
  slug: string;
  parent_id: string | null;
  level: string;
  kind: string;
  name: string;
  name_key: string;
  valid_from: string;
  valid_to: string | null;
}
export interface AreaCodesTable {
  area_id: string;
  scheme: string;
  code: string;
}
export interface AgenciesTable {
  id: Generated<string>;
  slug: string;
  parent_id: string | null;
  kind: string;
  name: string;
  name_key: string;
  area_id: string | null;
  valid_from: string;
  valid_to: string | null;
}
export interface CategoriesTable {
  id: Generated<string>;
  slug: string;
  parent_id: string | null;
  name_vi: string;
  name_en: string;
  name_key: string;
  description_vi: string | null;
  description_en: string | null;
  default_priority: string;
  photo_required: boolean;
  public_by_default: boolean;
  sort_order: number;
  active: Generated<boolean>;
  /** DeadlinePolicy (schemas.ts); written as JSON text, read as an object on both back ends. */
  deadline_policy: ColumnType<unknown, string, string>;
  /** Question[] (schemas.ts). */
  questions: ColumnType<unknown, string | undefined, string>;
  /** One of CATEGORY_ICONS (schemas.ts); null: the generic icon. */
  icon: string | null;
  /** The number to call first; with it the portal stops the citizen before reporting. */
  emergency_hotline: string | null;
  /** The stop's own notice (both or neither); null: the portal's standard text. */
  emergency_notice_vi: string | null;
  emergency_notice_en: string | null;
}
export type LineageKindColumn = 'merge' | 'split' | 'rename' | 'transfer' | 'abolish';
export interface AreaLineageTable {
  id: Generated<string>;
  kind: LineageKindColumn;
  effective_on: string;
  note: string | null;
  created_at: Generated<Date>;
}
export interface AreaLineageLinksTable {
  lineage_id: string;
  from_area_id: string;
  to_area_id: string;
  /** numeric: a string such as '0.5000' when read. */
  share: ColumnType<string | null, number | null, number | null>;
}
export interface AgencyLineageTable {
  id: Generated<string>;
  kind: LineageKindColumn;
  effective_on: string;
  note: string | null;
  created_at: Generated<Date>;
}
export interface AgencyLineageLinksTable {
  lineage_id: string;
  from_agency_id: string;
  to_agency_id: string;
}
export interface JurisdictionsTable {
  id: Generated<string>;
  agency_id: string;
  category_id: string | null;
  area_id: string;
  include_subareas: boolean;
  priority: number;
  valid_from: string;
  valid_to: string | null;
  note: string | null;
  created_at: Generated<Date>;
}
export interface AccountsTable {
  id: Generated<string>;
  kind: 'citizen' | 'officer';
  username: string | null;
  display_name: string;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  disabled_at: Date | null;
  phone_verified_at: Date | null;
  email_verified_at: Date | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
  password_changed_at: Date | null;
  privacy_version: string | null;
  privacy_accepted_at: Date | null;
  deleted_at: Date | null;
}
export type OfficerRole =
  'receiver' | 'handler' | 'agency_leader' | 'provincial_leader' | 'auditor' | 'admin';
export interface PositionsTable {
  id: Generated<string>;
  account_id: string;
  role: OfficerRole;
  agency_id: string | null;
  area_id: string | null;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
  created_at: Generated<Date>;
}
export type OrgTables = {
  areas: AreasTable;
  area_codes: AreaCodesTable;
  agencies: AgenciesTable;
  categories: CategoriesTable;
  accounts: AccountsTable;
  positions: PositionsTable;
  area_lineage: AreaLineageTable;
  area_lineage_links: AreaLineageLinksTable;
  agency_lineage: AgencyLineageTable;
  agency_lineage_links: AgencyLineageLinksTable;
  jurisdictions: JurisdictionsTable;
};
