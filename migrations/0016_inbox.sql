-- Officers' inboxes (src/modules/inbox/, issue 7 point 1): the due date of the clock that runs in each state, the
-- indexes the inbox tabs read in their order (most urgent first), and a notification in the transaction of every
-- new report and every workflow change, which feeds the live inboxes (Server-Sent Events) of every process.

-- The clock that runs in a state (workflow/table.ts RUNNING_CLOCK): intake while submitted, acknowledgement while
-- assigned (the resolution clock runs too, but ends later), resolution while in progress, escalated or answered;
-- none otherwise. Stored, so that the inboxes sort and filter on one indexed column. Adding it rewrites the table
-- once (with its indexes): minutes on a million reports, taken while the migration holds the table.
alter table reports add column clock_due_at timestamptz generated always as (
  case status
    when 'submitted' then intake_due_at
    when 'assigned' then acknowledge_due_at
    when 'in_progress' then due_at
    when 'escalated' then due_at
    when 'answered' then due_at
  end) stored;
comment on column reports.clock_due_at is 'Due date of the clock that runs in the current state (intake, acknowledge or resolve; workflow/table.ts RUNNING_CLOCK), null when none runs: the inboxes'' order and their due-soon and overdue tabs.';

-- Receivers' new, routing and hotline tabs: submitted and accepted reports by due date, then oldest first (the
-- included columns tell the tabs apart without reading the table).
create index reports_inbox_intake_idx on reports (clock_due_at, submitted_at, id) include (status, channel)
  where status in ('submitted', 'accepted');
-- Receivers' returned and reopen tabs, the provincial leaders' escalated tab: one state each, in order.
create index reports_inbox_state_idx on reports (status, clock_due_at, submitted_at, id)
  where status in ('returned', 'reopen_requested', 'escalated');
-- An agency's tabs by state (assigned, in progress, sent back, answers to approve), in order.
create index reports_inbox_agency_state_idx on reports (agency_id, status, clock_due_at, submitted_at, id)
  where status in ('assigned', 'in_progress', 'answered', 'escalated');
-- An agency's due-soon and overdue tabs: a range of the running clock's due date, in order; the included columns
-- decide "late with an extension" and count the tabs without reading the table.
create index reports_inbox_agency_due_idx on reports (agency_id, clock_due_at, submitted_at, id)
  include (status, original_due_at)
  where status in ('assigned', 'in_progress', 'answered', 'escalated');
-- An agency's answers sent back by its leader (a few of its reports in progress).
create index reports_inbox_sent_back_idx on reports (agency_id, clock_due_at, submitted_at, id)
  where status = 'in_progress' and answer_drafted;
-- Reports an agency coordinates while they are open (the older index also holds every closed one).
create index reports_inbox_coordinating_idx on reports using gin (coordinating_agency_ids)
  where status in ('assigned', 'in_progress', 'answered', 'escalated') and coordinating_agency_ids <> '{}';
-- Search in the inboxes: the words of the code and the public text, folded, of reports in an inbox state (the
-- public search index holds listed reports only, and new reports are not listed yet).
create index reports_inbox_search_idx on reports using gin (search_doc)
  where status in ('submitted', 'accepted', 'returned', 'assigned', 'in_progress', 'escalated', 'answered',
                   'reopen_requested');

-- The live inboxes: every new report and every workflow change (state, version, lead or coordinating agencies)
-- notifies channel pakn_reports with the report's id, state and the agencies before and after (to tell each officer
-- only of reports that concern them). In the change's own transaction, so it is sent at commit and never for a
-- rolled-back change, to every process listening; from a trigger, so every path that writes a report (intake in
-- batches, the workflow, a merge's target, imports) notifies without having to remember. No personal data.
create function reports_notify_inbox() returns trigger language plpgsql as $$
begin
  perform pg_notify('pakn_reports', json_build_object(
    'reportId', new.id,
    'status', new.status,
    'kind', case tg_op when 'INSERT' then 'created' else 'changed' end,
    'agencyIds', (select coalesce(json_agg(distinct a), '[]'::json)
                    from unnest(array[new.agency_id] || new.coordinating_agency_ids
                                || case tg_op when 'UPDATE' then array[old.agency_id] || old.coordinating_agency_ids
                                              else '{}'::uuid[] end) as a
                   where a is not null))::text);
  return null;
end $$;
comment on function reports_notify_inbox() is 'Notifies pakn_reports of a new report or a workflow change (id, state, kind, agencies before and after) for the live officer inboxes.';
create trigger reports_inbox_created after insert on reports
  for each row execute function reports_notify_inbox();
create trigger reports_inbox_changed after update of status, version, agency_id, coordinating_agency_ids on reports
  for each row when (old.status is distinct from new.status or old.version is distinct from new.version
                     or old.agency_id is distinct from new.agency_id
                     or old.coordinating_agency_ids is distinct from new.coordinating_agency_ids)
  execute function reports_notify_inbox();
