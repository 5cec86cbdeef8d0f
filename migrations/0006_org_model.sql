-- Organisation model: lineage of areas and agencies (merge, split, rename, transfer, abolish), jurisdiction
-- rules that route reports, and per-category deadline policies and extra questions.

create table area_lineage (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('merge', 'split', 'rename', 'transfer', 'abolish')),
  effective_on date not null,
  note text,
  created_at timestamptz not null default now()
);
comment on table area_lineage is
  'One restructuring event of administrative units, e.g. three communes merged into a new one on 2025-07-01. The old units keep their rows (valid_to = effective_on); the links say where their territory went.';
comment on column area_lineage.kind is
  'merge: several units (from) become one (to, new or existing); split: one becomes several (share per link); rename and transfer: the same territory continues as a new row (new name, or new parent); abolish: a level disappears and a higher unit (to) takes the territory over, e.g. districts on 2025-07-01.';
comment on column area_lineage.effective_on is 'First day of the new structure; equals valid_to of the units that ended and valid_from of the units created.';
comment on column area_lineage.note is 'Legal basis and caveats, e.g. "NQ 1658/NQ-UBTVQH15".';
create index area_lineage_effective_idx on area_lineage (effective_on);

create table area_lineage_links (
  lineage_id uuid not null references area_lineage (id) on delete cascade,
  from_area_id uuid not null references areas (id),
  to_area_id uuid not null references areas (id),
  share numeric(5, 4) check (share > 0 and share <= 1),
  primary key (lineage_id, from_area_id, to_area_id),
  check (from_area_id <> to_area_id)
);
comment on table area_lineage_links is 'Where the territory of an ended unit went: one row per (from, to) pair of an event.';
comment on column area_lineage_links.share is
  'Fraction of the from unit that went to this to unit (splits only, e.g. by population); null on a merge, rename, transfer or abolish, where the whole unit went.';
-- Following a chain forwards (old unit → today) and backwards (today → its predecessors).
create index area_lineage_links_from_idx on area_lineage_links (from_area_id);
create index area_lineage_links_to_idx on area_lineage_links (to_area_id);

create table agency_lineage (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('merge', 'split', 'rename', 'transfer', 'abolish')),
  effective_on date not null,
  note text,
  created_at timestamptz not null default now()
);
comment on table agency_lineage is
  'One restructuring event of agencies, e.g. two departments merged, or the district People''s Committees abolished on 2025-07-01 (to = the agency that takes their cases over).';
create index agency_lineage_effective_idx on agency_lineage (effective_on);

create table agency_lineage_links (
  lineage_id uuid not null references agency_lineage (id) on delete cascade,
  from_agency_id uuid not null references agencies (id),
  to_agency_id uuid not null references agencies (id),
  primary key (lineage_id, from_agency_id, to_agency_id),
  check (from_agency_id <> to_agency_id)
);
comment on table agency_lineage_links is 'Which agency took over the cases and duties of an ended agency.';
create index agency_lineage_links_from_idx on agency_lineage_links (from_agency_id);
create index agency_lineage_links_to_idx on agency_lineage_links (to_agency_id);

create table jurisdictions (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references agencies (id),
  category_id uuid references categories (id),
  area_id uuid not null references areas (id),
  include_subareas boolean not null default true,
  priority integer not null default 0,
  valid_from date not null,
  valid_to date,
  note text,
  created_at timestamptz not null default now(),
  check (valid_to is null or valid_to > valid_from)
);
comment on table jurisdictions is
  'Routing rules: which agency handles reports of a category in an area, for a period (valid_to exclusive). The most specific rule in force wins: deepest category, then deepest area, then highest priority.';
comment on column jurisdictions.category_id is 'Null: every category. A rule for a category also covers its subcategories.';
comment on column jurisdictions.include_subareas is 'Whether the rule also covers every area under area_id (false: reports located exactly in area_id).';
comment on column jurisdictions.priority is 'Breaks ties between equally specific rules; higher wins.';
-- One rule per (agency, category, area, start): the import updates it in place. NULLS NOT DISTINCT: PostgreSQL 15+.
create unique index jurisdictions_rule_unique on jurisdictions (agency_id, category_id, area_id, valid_from) nulls not distinct;
-- routeReport: the rules of the report's area and its ancestors.
create index jurisdictions_area_idx on jurisdictions (area_id);
create index jurisdictions_category_idx on jurisdictions (category_id);

-- Deadline policy and extra questions are read whole with their category (to compute due dates and to render
-- the report form) and never queried by their parts, so they are stored as validated jsonb documents.
alter table categories add column deadline_policy jsonb;
-- The defaults of src/modules/org/deadlines.ts (DEFAULT_DEADLINE_POLICY), where each number is sourced.
update categories set deadline_policy = '{
  "urgent": {"intake": {"amount": 5, "unit": "working_minutes"}, "acknowledge": {"amount": 4, "unit": "working_hours"}, "resolve": {"amount": 1, "unit": "working_days"}},
  "normal": {"intake": {"amount": 5, "unit": "working_minutes"}, "acknowledge": {"amount": 8, "unit": "working_hours"}, "resolve": {"amount": 5, "unit": "working_days"}},
  "complex": {"intake": {"amount": 5, "unit": "working_minutes"}, "acknowledge": {"amount": 8, "unit": "working_hours"}, "resolve": {"amount": 10, "unit": "working_days"}}
}'::jsonb;
alter table categories alter column deadline_policy set not null;
alter table categories add constraint categories_deadline_policy_shape
  check (jsonb_typeof(deadline_policy) = 'object' and deadline_policy ?& array['urgent', 'normal', 'complex']);
alter table categories add column questions jsonb not null default '[]'::jsonb
  check (jsonb_typeof(questions) = 'array');
comment on column categories.deadline_policy is
  'Clocks per priority (urgent, normal, complex): intake (submitted → assigned to a unit), acknowledge (assigned → accepted by the unit), resolve (assigned → answered), each {amount, unit: working_minutes | working_hours | working_days}, counted on the working calendar. Validated by the DeadlinePolicy schema.';
comment on column categories.questions is
  'Extra questions of the report form, like Open311 service attributes: [{code, datatype, required, order, descriptionVi, descriptionEn, values?}]. Validated by the Question schema; answers are stored per report under the code.';
