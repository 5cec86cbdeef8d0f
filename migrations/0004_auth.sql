-- Sign-in: citizen and officer accounts, positions (a role in an agency or area for a period),
-- server-side sessions, one-time codes, sign-in throttling, privacy-notice consent.

-- Roles move from the account to positions, so reassigning staff after a merger is a data operation.
create table positions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  role text not null check (role in ('receiver', 'handler', 'agency_leader', 'provincial_leader', 'auditor', 'admin')),
  agency_id uuid references agencies (id),
  area_id uuid references areas (id),
  valid_from date not null default current_date,
  valid_to date,
  created_at timestamptz not null default now(),
  check (valid_to is null or valid_to > valid_from),
  check (role in ('provincial_leader', 'auditor', 'admin') or agency_id is not null or area_id is not null)
);
comment on table positions is
  'A role an officer holds, scoped to an agency subtree and/or an area subtree, for a period (valid_to exclusive).';
comment on column positions.agency_id is 'Scope: this agency and every agency under it; null with area_id null means province-wide.';
comment on column positions.area_id is 'Scope: this area and every area under it.';
create index positions_account_idx on positions (account_id);

insert into positions (account_id, role, agency_id, valid_from)
select id,
       case role when 'intake_officer' then 'receiver' when 'supervisor' then 'auditor' else role end,
       agency_id,
       created_at::date
  from accounts
 where role <> 'citizen';

alter table accounts add column kind text not null default 'officer' check (kind in ('citizen', 'officer'));
update accounts set kind = 'citizen' where role = 'citizen';
alter table accounts alter column kind drop default;
alter table accounts drop column role;
alter table accounts drop column agency_id;
alter table accounts alter column username drop not null;
alter table accounts add column phone_verified_at timestamptz;
alter table accounts add column email_verified_at timestamptz;
alter table accounts add column totp_secret text;
alter table accounts add column totp_enabled_at timestamptz;
alter table accounts add column totp_last_step bigint;
alter table accounts add column password_changed_at timestamptz;
alter table accounts add column privacy_version text;
alter table accounts add column privacy_accepted_at timestamptz;
alter table accounts add column deleted_at timestamptz;
comment on column accounts.kind is 'citizen: signs in with a phone or e-mail code; officer: username, password and (for admins) TOTP.';
comment on column accounts.totp_secret is 'Base32 TOTP secret of an officer; set when enrolment starts, effective from totp_enabled_at.';
comment on column accounts.totp_last_step is 'The last accepted TOTP time step, so a code is accepted once.';
comment on column accounts.privacy_version is 'Version of the privacy notice the citizen accepted, with privacy_accepted_at.';
comment on column accounts.deleted_at is 'Erased at the person''s request: personal fields are cleared, reports stay anonymised.';
create unique index accounts_phone_unique on accounts (phone) where phone is not null and deleted_at is null and kind = 'citizen';
create unique index accounts_email_unique on accounts (lower(email)) where email is not null and deleted_at is null and kind = 'citizen';

create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash bytea not null unique,
  account_id uuid not null references accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  second_factor_at timestamptz
);
comment on table sessions is
  'Server-side sessions: the cookie holds a random token, the table only its SHA-256. A new session at every sign-in; revoked rows stay for the audit.';
comment on column sessions.second_factor_at is 'When the officer passed TOTP in this session; null until then.';
create index sessions_account_idx on sessions (account_id) where revoked_at is null;

create table one_time_codes (
  id uuid primary key default gen_random_uuid(),
  purpose text not null check (purpose in ('sign_in_phone', 'sign_in_email', 'password_reset')),
  destination_hash bytea not null,
  code_hash bytea not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  attempts integer not null default 0
);
comment on table one_time_codes is
  'Codes sent by SMS or e-mail. Only hashes are kept: of the code, and of the phone or e-mail it went to.';
create index one_time_codes_destination_idx on one_time_codes (destination_hash, purpose, created_at);

create table auth_throttle (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  blocked_until timestamptz
);
comment on table auth_throttle is
  'Failed sign-ins per (account, client) and per client: blocking a pair never locks the real owner out from elsewhere.';
