-- The core of a field report: enough for the public figures. The intake and workflow issues extend it.

create table reports (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  status text not null default 'submitted'
    check (status in ('submitted', 'accepted', 'rejected', 'merged', 'assigned', 'in_progress', 'answered', 'approved', 'published', 'closed')),
  category_id uuid references categories (id),
  area_id uuid references areas (id),
  agency_id uuid references agencies (id),
  submitted_at timestamptz not null default now(),
  due_at timestamptz,
  resolved_at timestamptz,
  check (resolved_at is null or resolved_at >= submitted_at)
);
comment on table reports is 'Field reports (phản ánh hiện trường) sent by citizens and businesses.';
comment on column reports.code is 'Short human tracking code given to the reporter, e.g. PA-2026-000123.';
comment on column reports.status is 'Lifecycle state; the allowed transitions live in the workflow table of the reports module.';
comment on column reports.due_at is 'Resolution deadline computed from the category''s policy and the working-day calendar.';
comment on column reports.resolved_at is 'When the handling agency answered (Đã xử lý); on time when resolved_at <= due_at.';
create index reports_status_idx on reports (status);
create index reports_due_open_idx on reports (due_at) where resolved_at is null;
