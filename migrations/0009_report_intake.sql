-- Report intake and the public record: the report's content, where it is, how it was routed, its media,
-- its timeline, who reported and follows it (kept apart), idempotent submission and public figures.

-- Geometry of areas, for "is this point in the province?" and "which commune is it in?". Plain GeoJSON
-- (no PostGIS, so the embedded database works too); the server tests points against it in memory.
alter table areas add column boundary jsonb;
alter table areas add column center_lat double precision;
alter table areas add column center_lon double precision;
comment on column areas.boundary is 'GeoJSON Polygon or MultiPolygon ([longitude, latitude], WGS 84) of the unit; null when not loaded.';
comment on column areas.center_lat is 'A representative point of the unit (latitude), when known: used when no boundary is loaded.';

-- Vietnamese search key in SQL, the same folding as foldSearchKey in src/platform/text.ts for NFC text:
-- lower case, no tone or vowel marks, đ → d (lower() alone would leave capitals with marks under the C collation).
-- Decomposed (NFD), the marks are removed in one pass (3× faster than a 134-letter translate()).
create function pakn_fold(s text) returns text language sql immutable parallel safe strict return
  lower(translate(regexp_replace(normalize(s, NFD), '[\u0300-\u036f]+', '', 'g'), 'đĐ', 'dD'));
comment on function pakn_fold(text) is 'Folds Vietnamese NFC text for search: lower case without diacritics, đ → d.';

-- Tracking codes: PA-<year>-<number>. One sequence for all years (no hot counter row; gaps on rollback are fine).
create sequence report_code_seq;

alter table reports add column channel text not null default 'web'
  check (channel in ('web', 'app', 'zalo', 'chatbot', 'hotline', 'open311', 'email'));
alter table reports add column report_type text not null default 'field'
  check (report_type in ('field', 'procedure', 'business'));
alter table reports add column priority text not null default 'normal'
  check (priority in ('urgent', 'normal', 'complex'));
alter table reports add column description text not null default '' check (char_length(description) <= 4000);
alter table reports add column public_description text check (char_length(public_description) <= 4000);
alter table reports add column answers jsonb not null default '{}'::jsonb;
alter table reports add column latitude double precision check (latitude between -90 and 90);
alter table reports add column longitude double precision check (longitude between -180 and 180);
alter table reports add column location_source text
  check (location_source in ('device', 'photo', 'map', 'area', 'address'));
alter table reports add column address text check (char_length(address) <= 300);
alter table reports add column confidential boolean not null default false;
alter table reports add column is_public boolean not null default true;
alter table reports add column suggested_agency_id uuid references agencies (id);
alter table reports add column route jsonb;
alter table reports add column intake_due_at timestamptz;
alter table reports add column merged_into uuid references reports (id);
alter table reports add column supporters integer not null default 1 check (supporters >= 0);
alter table reports add column rating text check (rating in ('satisfied', 'unsatisfied'));
alter table reports add column rated_at timestamptz;
alter table reports add column reporter_account_id uuid references accounts (id);
alter table reports add column updated_at timestamptz not null default now();
alter table reports add column listed boolean generated always as (
  is_public and not confidential and merged_into is null
  and status in ('accepted', 'assigned', 'in_progress', 'answered', 'approved', 'published', 'closed')) stored;
alter table reports add column search_doc tsvector generated always as (
  to_tsvector('simple', pakn_fold(code || ' ' || coalesce(public_description, '')))) stored;
alter table reports add constraint reports_point_whole check ((latitude is null) = (longitude is null));
comment on column reports.channel is 'Where the report came in: web, app, zalo, chatbot, hotline (entered by an officer), open311, email.';
comment on column reports.report_type is 'field: phản ánh hiện trường; procedure: phản ánh việc giải quyết thủ tục hành chính; business: phản ánh của doanh nghiệp (Bắc Ninh 17/2024).';
comment on column reports.description is 'The reporter''s text (NFC, plain text). Never published as is: the public sees public_description or a masked copy.';
comment on column reports.public_description is 'The text shown to the public: phone numbers and e-mail addresses masked at intake; officers may edit it.';
comment on column reports.answers is 'Answers to the category''s extra questions, keyed by question code, validated against their types.';
comment on column reports.location_source is 'How the place was given: device GPS, the photo''s EXIF, a tap on the map, an area picked from the list, or an address.';
comment on column reports.address is 'Address or place description typed by the reporter (may be personal: officers only unless the report is public and the text is edited).';
comment on column reports.confidential is 'The reporter asked that the report not be published: it is never listed publicly, whatever else changes.';
comment on column reports.is_public is 'Whether the report may be published: the category''s default at intake, changeable by officers; always false when confidential.';
comment on column reports.listed is 'Shown in the public list and map now: public, not confidential, not merged, and checked by an intake officer (accepted or later).';
comment on column reports.search_doc is 'Folded (no diacritics, lower case) words of the code, public text and address, for diacritics-insensitive search.';
comment on column reports.suggested_agency_id is 'The agency the jurisdiction rules chose at intake; agency_id is set when a receiver assigns it.';
comment on column reports.route is 'Why the suggestion was made: rule id, the area it was routed in, ambiguity, or why no rule applied.';
comment on column reports.intake_due_at is 'When the receivers must have accepted or rejected it (the category''s intake clock).';
comment on column reports.merged_into is 'Set when merged as a duplicate: the report that carries on.';
comment on column reports.supporters is 'How many people it affects: the reporter plus everyone following it (and the reporters of merged duplicates).';
comment on column reports.reporter_account_id is 'The signed-in account that sent it, if any: identity details themselves live in report_reporters.';

create index reports_listed_recent_idx on reports (submitted_at desc, id desc) where listed;
create index reports_listed_category_idx on reports (category_id, submitted_at desc) where listed;
create index reports_listed_area_idx on reports (area_id, submitted_at desc) where listed;
create index reports_listed_point_idx on reports using gist (point(longitude, latitude)) where listed and latitude is not null;
create index reports_search_idx on reports using gin (search_doc) where listed;
create index reports_open_point_idx on reports (category_id, latitude, longitude)
  where merged_into is null and status in ('submitted', 'accepted', 'assigned', 'in_progress');
create index reports_reporter_account_idx on reports (reporter_account_id) where reporter_account_id is not null;
create index reports_agency_idx on reports (agency_id, status);
create index reports_suggested_agency_idx on reports (suggested_agency_id) where agency_id is null;
-- Same order as the listed index's keys, so the planner does not prefer walking this one past the newest,
-- not-yet-public reports (it scales a two-column index's correlation down).
create index reports_submitted_idx on reports (submitted_at desc, id desc);

-- Who reported it: personal data, apart from the report so that reading it is a separate, audited grant.
create table report_reporters (
  report_id uuid primary key references reports (id),
  account_id uuid references accounts (id),
  name text check (char_length(name) <= 120),
  phone text,
  email text,
  zalo_user_id text,
  erased_at timestamptz
);
comment on table report_reporters is 'The reporter''s identity and contact details. Never in a public response or a log line; officers read it only where their role allows, and every read is audited.';
comment on column report_reporters.erased_at is 'Set when the reporter deleted their account or Zalo withdrew consent: the details above are cleared, the report stays.';
create index report_reporters_account_idx on report_reporters (account_id) where account_id is not null;

-- Photos and short videos. Uploaded before the report is sent (report_id null until then).
create table report_media (
  id uuid primary key default gen_random_uuid(),
  report_id uuid references reports (id),
  kind text not null check (kind in ('photo', 'video')),
  mime text not null,
  bytes integer not null check (bytes > 0),
  width integer,
  height integer,
  original_key text not null,
  large_key text,
  thumb_key text,
  gps_lat double precision,
  gps_lon double precision,
  taken_at timestamptz,
  position smallint,
  hidden boolean not null default false,
  uploaded_by uuid references accounts (id),
  created_at timestamptz not null default now()
);
comment on table report_media is 'Media of reports: stored without EXIF or location metadata; the original (full size) is for officers, the large and thumbnail versions are public when the report is.';
comment on column report_media.gps_lat is 'Location read from the photo''s EXIF before it was stripped, to suggest the place; officers only.';
comment on column report_media.hidden is 'Hidden from the public by an officer (e.g. a face or a number plate).';
create index report_media_report_idx on report_media (report_id, position) where report_id is not null;
create index report_media_unattached_idx on report_media (created_at) where report_id is null;

-- The timeline: every change, with whether the public may see it.
create table report_events (
  id bigint generated always as identity primary key,
  report_id uuid not null references reports (id),
  at timestamptz not null default now(),
  kind text not null,
  actor_account_id uuid references accounts (id),
  public boolean not null default false,
  data jsonb not null default '{}'::jsonb
);
comment on table report_events is 'Timeline of a report. public = shown on the public report page; data never holds personal details.';
create index report_events_report_idx on report_events (report_id, id);

-- Followers: the reporter and anyone else who wants to hear about public changes.
create table report_followers (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references reports (id),
  account_id uuid references accounts (id),
  push_subscription_id uuid,
  role text not null check (role in ('reporter', 'follower')),
  email text,
  phone text,
  created_at timestamptz not null default now(),
  check (account_id is not null or push_subscription_id is not null or email is not null or phone is not null)
);
comment on table report_followers is 'Who is told about public changes of a report, and on which channel: a signed-in account (its verified e-mail/phone), a Web Push subscription, or the contact the reporter gave.';
comment on column report_followers.email is 'Contact given with the report by a reporter without an account; personal data.';
create unique index report_followers_account_idx on report_followers (report_id, account_id) where account_id is not null;
create unique index report_followers_push_idx on report_followers (report_id, push_subscription_id) where push_subscription_id is not null;
create index report_followers_report_idx on report_followers (report_id);

create table push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  account_id uuid references accounts (id),
  created_at timestamptz not null default now(),
  gone_at timestamptz
);
comment on table push_subscriptions is 'Web Push (VAPID) subscriptions of browsers; gone_at is set when the push service says the subscription has expired.';
alter table report_followers add constraint report_followers_push_fk
  foreign key (push_subscription_id) references push_subscriptions (id);

-- Idempotent submission: the first answer to a key is kept and given again to every retry.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  status_code integer,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
comment on table idempotency_keys is 'Idempotency-Key of state-changing requests: scope is the operation and the account (or "anonymous"); request_hash refuses the same key with another body.';
create index idempotency_keys_created_idx on idempotency_keys (created_at);

create table report_view_refreshes (
  view text primary key,
  at timestamptz not null
);
comment on table report_view_refreshes is 'When each pre-computed view (figures, map cells) was last refreshed: the "as of" time shown with them.';

-- Pre-computed figures and map clusters, refreshed by a scheduled job (reports.refresh_views, every minute)
-- so that the public figures and the low-zoom map cost the same with a million reports as with a hundred.
create materialized view report_figures_monthly as
select (date_trunc('month', submitted_at at time zone 'Asia/Ho_Chi_Minh'))::date as month,
       agency_id, area_id, category_id,
       count(*)::int as received,
       count(*) filter (where status = 'rejected')::int as rejected,
       count(*) filter (where resolved_at is not null)::int as handled,
       count(*) filter (where due_at is not null and (resolved_at is not null or due_at < now()))::int as came_due,
       count(*) filter (where due_at is not null and resolved_at is not null and resolved_at <= due_at)::int as on_time,
       count(*) filter (where rating is not null)::int as rated,
       count(*) filter (where rating = 'satisfied')::int as satisfied
  from reports
 where merged_into is null
 group by 1, 2, 3, 4;
comment on materialized view report_figures_monthly is 'Report counts per month (Vietnam time) × agency × area × category; came_due and on_time as of the last refresh.';
create unique index report_figures_monthly_key on report_figures_monthly (month, agency_id, area_id, category_id) nulls not distinct;

create materialized view report_map_cells as
select g.size, floor(r.longitude / g.size)::int as cx, floor(r.latitude / g.size)::int as cy, r.category_id,
       (r.status in ('answered', 'approved', 'published', 'closed')) as answered,
       count(*)::int as n, avg(r.latitude) as lat, avg(r.longitude) as lon
  from reports r, (values (0.01::double precision), (0.05), (0.25)) as g (size)
 where r.listed and r.latitude is not null
 group by 1, 2, 3, 4, 5;
comment on materialized view report_map_cells is 'Public reports counted per grid cell of 0.01°, 0.05° and 0.25°, for the map at low zoom (the centre is the mean of the points).';
create unique index report_map_cells_key on report_map_cells (size, cx, cy, category_id, answered) nulls not distinct;
