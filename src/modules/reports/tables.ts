// Kysely row types of the tables the reports module owns (migrations 0003, 0009 and 0014).
import type { ColumnType, Generated } from 'kysely';
import type { OrgTables } from '../org/tables.js';
import type { WorkflowState } from '../workflow/table.js';

export type Channel = 'web' | 'app' | 'zalo' | 'chatbot' | 'hotline' | 'open311' | 'email';
export type ReportType = 'field' | 'procedure' | 'business';
export type Priority = 'urgent' | 'normal' | 'complex';
/** The workflow's states (src/modules/workflow/table.ts is their one source). */
export type ReportStatus = WorkflowState;

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
  coordinating_agency_ids: Generated<string[]>;
  assigned_at: Date | null;
  acknowledge_due_at: Date | null;
  acknowledged_at: Date | null;
  original_due_at: Date | null;
  answer_drafted: Generated<boolean>;
  answer_approved: Generated<boolean>;
  info_requested: Generated<boolean>;
  rating_comment: string | null;
  closed_at: Date | null;
  version: Generated<number>;
  /** The due date of the clock that runs in the current state (migration 0016, workflow RUNNING_CLOCK). */
  clock_due_at: ColumnType<Date | null, never, never>;
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
  to_reporter: Generated<boolean>;
  data: Json<Record<string, unknown>>;
}

export interface ReportAnswersTable {
  id: Generated<string>;
  report_id: string;
  text: string;
  attachment_ids: Generated<string[]>;
  drafted_by: string | null;
  drafted_at: Generated<Date>;
  decision: 'approved' | 'sent_back' | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  public_text: string | null;
  published_at: Date | null;
}

export interface ReportExtensionsTable {
  id: Generated<string>;
  report_id: string;
  reason: string;
  proposed_due_at: Date;
  previous_due_at: Date | null;
  requested_by: string | null;
  requested_at: Generated<Date>;
  decision: 'approved' | 'refused' | 'lapsed' | null;
  granted_due_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

export interface ReportReturnsTable {
  id: Generated<string>;
  report_id: string;
  agency_id: string;
  reason: string;
  suggested_agency_id: string | null;
  returned_by: string | null;
  returned_at: Generated<Date>;
}

export interface ReportIdentityGrantsTable {
  report_id: string;
  agency_id: string;
  granted_by: string | null;
  reason: string;
  granted_at: Generated<Date>;
}

export interface ReportAlertsTable {
  id: Generated<string>;
  report_id: string;
  audience:
    | 'lead_agency'
    | 'agency_leader'
    | 'coordinating_agencies'
    | 'previous_lead_agency'
    | 'receivers'
    | 'provincial_leaders';
  agency_id: string | null;
  kind: string;
  data: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  dedupe_key: string | null;
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
  /** Secret of the "stop following" link in update mails (0014). */
  unsubscribe_token: Generated<string>;
}

/** A request to follow by e-mail, waiting for its confirmation link to be opened (0014). */
export interface ReportEmailFollowRequestsTable {
  id: Generated<string>;
  report_id: string;
  email: string;
  token_hash: string;
  requested_at: Generated<Date>;
  expires_at: Date;
  confirmed_at: Date | null;
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
  report_answers: ReportAnswersTable;
  report_extensions: ReportExtensionsTable;
  report_returns: ReportReturnsTable;
  report_identity_grants: ReportIdentityGrantsTable;
  report_alerts: ReportAlertsTable;
  report_followers: ReportFollowersTable;
  report_email_follow_requests: ReportEmailFollowRequestsTable;
  push_subscriptions: PushSubscriptionsTable;
  idempotency_keys: IdempotencyKeysTable;
  report_figures_monthly: ReportFiguresMonthlyView;
  report_map_cells: ReportMapCellsView;
};
