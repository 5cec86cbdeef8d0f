-- The handling workflow (src/modules/workflow/table.ts): three more states, the facts the workflow keeps on a
-- report (lead and coordinating agencies, clocks, answer flags, the open question to the reporter), and the
-- records it keeps beside it (answers, extension requests, returns, identity grants, alerts to officers).

alter table reports drop constraint reports_status_check;
alter table reports add constraint reports_status_check check (status in (
  'submitted', 'accepted', 'rejected', 'merged', 'assigned', 'returned', 'in_progress', 'escalated',
  'answered', 'approved', 'published', 'reopen_requested', 'closed'));
comment on column reports.status is 'Workflow state (src/modules/workflow/table.ts, docs/workflow.md). answered: a draft answer awaits the agency leader; approved: the answer is approved and sent to the reporter.';

-- `listed` takes the new states after acceptance: its expression cannot be altered in place (PostgreSQL 15),
-- so the column, its partial indexes and the map cells built on it are made again.
drop materialized view report_map_cells;
alter table reports drop column listed;
alter table reports add column listed boolean generated always as (
  is_public and not confidential and merged_into is null
  and status in ('accepted', 'assigned', 'returned', 'in_progress', 'escalated', 'answered', 'approved',
                 'published', 'reopen_requested', 'closed')) stored;
comment on column reports.listed is 'Shown in the public list and map now: public, not confidential, not merged, and checked by an intake officer (accepted or later).';
create index reports_listed_recent_idx on reports (submitted_at desc, id desc) where listed;
create index reports_listed_category_idx on reports (category_id, submitted_at desc) where listed;
create index reports_listed_area_idx on reports (area_id, submitted_at desc) where listed;
create index reports_listed_point_idx on reports using gist (point(longitude, latitude)) where listed and latitude is not null;
create index reports_search_idx on reports using gin (search_doc) where listed;

create materialized view report_map_cells as
select g.size, floor(r.longitude / g.size)::int as cx, floor(r.latitude / g.size)::int as cy, r.category_id,
       (r.status in ('approved', 'published', 'reopen_requested', 'closed')) as answered,
       count(*)::int as n, avg(r.latitude) as lat, avg(r.longitude) as lon
  from reports r, (values (0.01::double precision), (0.05), (0.25)) as g (size)
 where r.listed and r.latitude is not null
 group by 1, 2, 3, 4, 5;
comment on materialized view report_map_cells is 'Public reports counted per grid cell of 0.01°, 0.05° and 0.25°, for the map at low zoom (the centre is the mean of the points).';
create unique index report_map_cells_key on report_map_cells (size, cx, cy, category_id, answered) nulls not distinct;

drop index reports_open_point_idx;
create index reports_open_point_idx on reports (category_id, latitude, longitude)
  where merged_into is null and status in ('submitted', 'accepted', 'assigned', 'returned', 'in_progress', 'escalated');

alter table reports add column coordinating_agency_ids uuid[] not null default '{}';
alter table reports add column assigned_at timestamptz;
alter table reports add column acknowledge_due_at timestamptz;
alter table reports add column acknowledged_at timestamptz;
alter table reports add column original_due_at timestamptz;
alter table reports add column answer_drafted boolean not null default false;
alter table reports add column answer_approved boolean not null default false;
alter table reports add column info_requested boolean not null default false;
alter table reports add column rating_comment text check (length(rating_comment) <= 20000);
alter table reports add column closed_at timestamptz;
alter table reports add column intake_done_at timestamptz;
alter table reports add column version integer not null default 0;
comment on column reports.agency_id is 'The lead agency (đơn vị chủ trì) handling it, once assigned; null again after a return.';
comment on column reports.coordinating_agency_ids is 'Agencies that contribute (đơn vị phối hợp): they see the report and add notes, the lead agency answers.';
comment on column reports.acknowledge_due_at is 'When the lead agency must have taken the report (the category''s acknowledge clock from assignment).';
comment on column reports.due_at is 'The resolution due date in force, after any approved extension (the resolve clock from assignment).';
comment on column reports.original_due_at is 'The resolution due date before the first approved extension of this round; on-time figures count against it.';
comment on column reports.resolved_at is 'When the agency leader approved the answer (sent to the reporter); cleared if the report is reopened.';
comment on column reports.answer_drafted is 'A draft answer exists for the current handling round.';
comment on column reports.answer_approved is 'The current answer is approved by the agency leader (a published report always has one).';
comment on column reports.info_requested is 'A question to the reporter ("request more information") waits for the answer.';
comment on column reports.intake_done_at is 'When the receivers accepted, rejected or merged it: the intake clock stops then.';
comment on column reports.version is 'Incremented by every workflow action: a client may send the version it saw, and an action on a changed report is refused.';
create index reports_coordinating_idx on reports using gin (coordinating_agency_ids) where coordinating_agency_ids <> '{}';
create index reports_open_due_idx on reports (due_at)
  where status in ('assigned', 'in_progress', 'escalated', 'answered') and due_at is not null;
create index reports_ack_due_idx on reports (acknowledge_due_at) where status = 'assigned';

create table report_answers (
  id bigint generated always as identity primary key,
  report_id uuid not null references reports (id),
  text text not null check (length(text) between 1 and 20000),
  attachment_ids uuid[] not null default '{}',
  drafted_by uuid references accounts (id),
  drafted_at timestamptz not null default now(),
  decision text check (decision in ('approved', 'sent_back')),
  decided_by uuid references accounts (id),
  decided_at timestamptz,
  decision_reason text,
  public_text text check (length(public_text) <= 20000),
  published_at timestamptz,
  check ((decision is null) = (decided_at is null))
);
comment on table report_answers is 'Answers drafted by the lead agency, one per draft: approved or sent back by its leader; the published one has a public text with personal details removed.';
create index report_answers_report_idx on report_answers (report_id, id);

create table report_extensions (
  id bigint generated always as identity primary key,
  report_id uuid not null references reports (id),
  reason text not null check (length(reason) between 1 and 20000),
  proposed_due_at timestamptz not null,
  previous_due_at timestamptz,
  requested_by uuid references accounts (id),
  requested_at timestamptz not null default now(),
  decision text check (decision in ('approved', 'refused', 'lapsed')),
  granted_due_at timestamptz,
  decided_by uuid references accounts (id),
  decided_at timestamptz,
  decision_reason text,
  check ((decision = 'approved') = (granted_due_at is not null))
);
comment on table report_extensions is 'Extension requests (đề nghị gia hạn) with their decision; at most one pending per report.';
create unique index report_extensions_pending_idx on report_extensions (report_id) where decision is null;

create table report_returns (
  id bigint generated always as identity primary key,
  report_id uuid not null references reports (id),
  agency_id uuid not null references agencies (id),
  reason text not null,
  suggested_agency_id uuid references agencies (id),
  returned_by uuid references accounts (id),
  returned_at timestamptz not null default now()
);
comment on table report_returns is 'Each time an agency returned a report as not its remit (trả lại không đúng thẩm quyền): counted per agency.';
create index report_returns_agency_idx on report_returns (agency_id, returned_at);
create index report_returns_report_idx on report_returns (report_id);

create table report_identity_grants (
  report_id uuid not null references reports (id),
  agency_id uuid not null references agencies (id),
  granted_by uuid references accounts (id),
  reason text not null check (length(reason) between 5 and 2000),
  granted_at timestamptz not null default now(),
  primary key (report_id, agency_id)
);
comment on table report_identity_grants is 'A receiver let a handling agency see the reporter''s identity for this report, with the reason (audited).';

create table report_alerts (
  id bigint generated always as identity primary key,
  report_id uuid not null references reports (id),
  audience text not null check (audience in ('lead_agency', 'agency_leader', 'coordinating_agencies',
    'previous_lead_agency', 'receivers', 'provincial_leaders')),
  agency_id uuid references agencies (id),
  kind text not null,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  dedupe_key text unique
);
comment on table report_alerts is 'What officers are told (new assignment, return, answer to approve, due soon, overdue…), per audience: the officer inbox reads it. dedupe_key makes the deadline job idempotent.';
create index report_alerts_audience_idx on report_alerts (audience, agency_id, id desc);
create index report_alerts_report_idx on report_alerts (report_id);

alter table report_events add column to_reporter boolean not null default false;
comment on column report_events.to_reporter is 'Shown to the reporter (in "my reports" and on their channel) though not public: e.g. the approved answer before publication, a question from the officers.';

-- On-time figures count against the first due date of the round: an answer within an extension is late
-- (with an extension), not on time (vietnam-pakn.md §1.7, Huế's split).
drop materialized view report_figures_monthly;
create materialized view report_figures_monthly as
select (date_trunc('month', submitted_at at time zone 'Asia/Ho_Chi_Minh'))::date as month,
       agency_id, area_id, category_id,
       count(*)::int as received,
       count(*) filter (where status = 'rejected')::int as rejected,
       count(*) filter (where resolved_at is not null)::int as handled,
       count(*) filter (where due_at is not null and (resolved_at is not null or due_at < now()))::int as came_due,
       count(*) filter (where due_at is not null and resolved_at is not null
                          and resolved_at <= coalesce(original_due_at, due_at))::int as on_time,
       count(*) filter (where rating is not null)::int as rated,
       count(*) filter (where rating = 'satisfied')::int as satisfied
  from reports
 where merged_into is null
 group by 1, 2, 3, 4;
comment on materialized view report_figures_monthly is 'Report counts per month (Vietnam time) × agency × area × category; came_due and on_time (against the first due date of the round) as of the last refresh.';
create unique index report_figures_monthly_key on report_figures_monthly (month, agency_id, area_id, category_id) nulls not distinct;

-- Audit entries of frequent changes wait here, written in the change's own transaction without the chain's
-- lock, and are appended to the hash chain (audit_log) moments later by platform/audit.ts chainQueuedAudit.
create table audit_outbox (
  id bigint generated always as identity primary key,
  at timestamptz not null default date_trunc('milliseconds', statement_timestamp()),
  actor_id uuid,
  action text not null,
  subject_type text not null,
  subject_id text,
  request_id text,
  detail jsonb
);
comment on table audit_outbox is 'Audit entries committed with their change and not yet on the hash chain; chained in id order within seconds (and by the audit.chain job every minute). at is kept.';
