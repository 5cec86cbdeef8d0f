-- Officers' alerts go out by e-mail too (issue 5 point 6): the `workflow.alerts` job sends what is not yet
-- delivered, one message per officer per run, and marks it delivered in the same transaction.
alter table report_alerts add column delivered_at timestamptz;
comment on column report_alerts.delivered_at is 'When the alert was handed to the job queue for e-mail to the officers it concerns (null: not yet).';
-- Alerts from before delivery existed are not news any more.
update report_alerts set delivered_at = created_at;
create index report_alerts_undelivered_idx on report_alerts (id) where delivered_at is null;
-- Who an alert concerns is found from the agency up its parents (workflow/alerts.ts).
create index positions_agency_idx on positions (agency_id) where agency_id is not null;
