-- Organisation: areas (administrative units), agencies, categories and accounts.
-- Official codes are attributes, never keys; `slug` is our own stable key used by imports.

create table areas (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9-]+(\.[a-z0-9-]+)*$'),
  parent_id uuid references areas (id),
  level text not null check (level in ('province', 'legacy_district', 'commune', 'hamlet')),
  kind text not null,
  name text not null,
  name_key text not null,
  valid_from date not null,
  valid_to date,
  check (valid_to is null or valid_to > valid_from)
);
comment on table areas is
  'Administrative units as a tree of any depth (province → commune, or the pre-2025 province → district → commune). Rows are never deleted: a unit that ceases to exist gets valid_to.';
comment on column areas.level is 'Position in the national hierarchy; legacy_district exists only before 1 July 2025.';
comment on column areas.kind is 'The unit''s type as written in Vietnamese: tỉnh, thành phố, huyện, thị xã, xã, phường, thị trấn, đặc khu.';
comment on column areas.name is 'Name without the type word, e.g. "Lục Ngạn" (NFC).';
comment on column areas.name_key is 'Folded search key of name: no diacritics, đ→d, lower case.';
create index areas_parent_idx on areas (parent_id);
create index areas_name_key_idx on areas (name_key);

create table area_codes (
  area_id uuid not null references areas (id),
  scheme text not null,
  code text not null,
  primary key (area_id, scheme)
);
comment on table area_codes is
  'Official codes of an area under a coding scheme (QD124_2004, QD19_2025, TMS, BNV). Codes change between schemes and are never keys.';
create index area_codes_lookup_idx on area_codes (scheme, code);

create table agencies (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9-]+(\.[a-z0-9-]+)*$'),
  parent_id uuid references agencies (id),
  kind text not null check (kind in ('provincial_committee', 'department', 'district_committee', 'commune_committee', 'public_service_company', 'central_agency')),
  name text not null,
  name_key text not null,
  area_id uuid references areas (id),
  valid_from date not null,
  valid_to date,
  check (valid_to is null or valid_to > valid_from)
);
comment on table agencies is
  'Agencies that receive and handle reports, as a second tree separate from areas: People''s Committees, departments, public-service companies, central agencies in the province.';
comment on column agencies.area_id is 'The area the agency serves (its whole subtree).';
create index agencies_parent_idx on agencies (parent_id);
create index agencies_area_idx on agencies (area_id);

create table categories (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9-]+(\.[a-z0-9-]+)*$'),
  parent_id uuid references categories (id),
  name_vi text not null,
  name_en text not null,
  name_key text not null,
  description_vi text,
  description_en text,
  default_priority text not null default 'normal' check (default_priority in ('urgent', 'normal', 'complex')),
  photo_required boolean not null default false,
  public_by_default boolean not null default true,
  sort_order integer not null default 0,
  active boolean not null default true
);
comment on table categories is 'Report categories (lĩnh vực) as a tree; each province edits its own list.';
comment on column categories.public_by_default is 'Whether an answered report in this category is published unless the reporter or an officer asks otherwise.';
create index categories_parent_idx on categories (parent_id, sort_order);

create table accounts (
  id uuid primary key default gen_random_uuid(),
  username text not null,
  display_name text not null,
  email text,
  phone text,
  password_hash text,
  role text not null check (role in ('citizen', 'intake_officer', 'handler', 'agency_leader', 'provincial_leader', 'supervisor', 'admin')),
  agency_id uuid references agencies (id),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  disabled_at timestamptz,
  check (role = 'citizen' or role = 'admin' or role = 'supervisor' or agency_id is not null)
);
comment on table accounts is 'People who sign in: citizens and officers. Name, e-mail and phone are personal data: never in public responses or logs.';
comment on column accounts.phone is 'E.164 (+84…).';
comment on column accounts.password_hash is 'argon2id; null for accounts that sign in only through an external identity provider.';
comment on column accounts.is_demo is 'Created by the demo data set; their generated passwords are printed by npm start in demo mode.';
create unique index accounts_username_idx on accounts (lower(username));
create index accounts_agency_idx on accounts (agency_id);
