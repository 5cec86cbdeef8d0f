// Kysely row types of the tables the reports module owns (migrations 0003 and 0009).
import type { ColumnType, Generated } from 'kysely';
import type { OrgTables } from '../org/tables.js';

export type Channel = 'web' | 'app' | 'zalo' | 'chatbot' | 'hotline' | 'open311' | 'email';
export type ReportType = 'field' | 'procedure' | 'business';
export type Priority = 'urgent' | 'normal' | 'complex';
export type ReportStatus =
  | 'submitted'
  | 'accepted'
  | 'rejected'
  | 'merged'
  | 'assigned'
  | 'in_progress'
  | 'answered'
  | 'approved'
  | 'published'
  | 'closed';

type Json<T> = ColumnType<T, string, string>;

export interface ReportsTable {
  id: Generated<string>;
  code: string;
  status: Generated<ReportStatus>;
  category_id: string | null;
  area_id: string | null;
  agency_id: string | null;
  submitted_at: Generated<Date>;
  due_at: Date | null;
  resolved_at: Date | null;
  channel: Channel;
  report_type: ReportType;
  priority: Priority;
  description: string;
  public_description: string | null;
  answers: Json<Record<string, unknown>>;
  latitude: number | null;
  longitude: number | null;
  location_source: 'device' | 'photo' | 'map' | 'area' | 'address' | null;
  address: string | null;
  confidential: boolean;
  is_public: boolean;
  listed: ColumnType<boolean, never, never>;
  search_doc: ColumnType<string | null, never, never>;
  suggested_agency_id: string | null;
  route: Json<unknown>;
  intake_due_at: Date | null;
  merged_into: string | null;
  supporters: Generated<number>;
  rating: 'satisfied' | 'unsatisfied' | null;
  rated_at: Date | null;
  reporter_account_id: string | null;
  updated_at: Generated<Date>;
}

export interface ReportReportersTable {
  report_id: string;
  account_id: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  zalo_user_id: string | null;
  erased_at: Date | null;
}

export interface ReportMediaTable {
  id: Generated<string>;
  report_id: string | null;
  kind: 'photo' | 'video';
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  original_key: string;
  large_key: string | null;
  thumb_key: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  taken_at: Date | null;
  position: number | null;
  hidden: Generated<boolean>;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface ReportEventsTable {
  id: Generated<string>;
  report_id: string;
  at: Generated<Date>;
  kind: string;
  actor_account_id: string | null;
  public: boolean;
  data: Json<Record<string, unknown>>;
}

export interface ReportFollowersTable {
  id: Generated<string>;
  report_id: string;
  account_id: string | null;
  push_subscription_id: string | null;
  role: 'reporter' | 'follower';
  email: string | null;
  phone: string | null;
  created_at: Generated<Date>;
}

export interface PushSubscriptionsTable {
  id: Generated<string>;
  endpoint: string;
  p256dh: string;
  auth: string;
  account_id: string | null;
  created_at: Generated<Date>;
  gone_at: Date | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: Json<unknown> | null;
  created_at: Generated<Date>;
}

export interface ReportFiguresMonthlyView {
  month: string;
  agency_id: string | null;
  area_id: string | null;
  category_id: string | null;
  received: number;
  rejected: number;
  handled: number;
  came_due: number;
  on_time: number;
  rated: number;
  satisfied: number;
}

export interface ReportMapCellsView {
  size: number;
  cx: number;
  cy: number;
  category_id: string | null;
  answered: boolean;
  n: number;
  lat: number;
  lon: number;
}

export type ReportTables = OrgTables & {
  reports: ReportsTable;
  report_reporters: ReportReportersTable;
  report_media: ReportMediaTable;
  report_events: ReportEventsTable;
  report_followers: ReportFollowersTable;
  push_subscriptions: PushSubscriptionsTable;
  idempotency_keys: IdempotencyKeysTable;
  report_figures_monthly: ReportFiguresMonthlyView;
  report_map_cells: ReportMapCellsView;
};
