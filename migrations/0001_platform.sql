-- Platform tables: the working-day calendar's exceptions and the audit log.

create table calendar_exceptions (
  id uuid primary key default gen_random_uuid(),
  day date not null,
  kind text not null check (kind in ('day_off', 'working_day')),
  note text,
  created_at timestamptz not null default now(),
  constraint calendar_exceptions_day_unique unique (day)
);
comment on table calendar_exceptions is
  'Administrator-edited exceptions to the working-day calendar: compensatory days off and swapped working Saturdays, as the government announces them each year. An exception wins over weekends and public holidays.';
comment on column calendar_exceptions.kind is 'day_off: no work on a normally working day; working_day: work on a normally free day.';

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  action text not null,
  subject_type text not null,
  subject_id text,
  request_id text,
  detail jsonb
);
comment on table audit_log is
  'Append-only record of every state change and every view of a reporter''s identity: who, what, on which subject, in which request.';
comment on column audit_log.actor_id is 'The account that acted; null for the system itself (jobs, imports).';
comment on column audit_log.detail is 'What changed; never the reporter''s personal data itself.';
create index audit_log_subject_idx on audit_log (subject_type, subject_id, at);
