-- Reply templates (issue 7 points 2 and 4): the standard answers an agency adapts when it replies to a report,
-- kept by the administrators per category (or for every category), in Vietnamese — the language of the answer.
create table reply_templates (
  id uuid primary key default gen_random_uuid(),
  category_id uuid references categories (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  body text not null check (length(body) between 1 and 5000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table reply_templates is
  'Standard answers officers start from when they answer a report; edited by administrators, read by officers.';
comment on column reply_templates.category_id is 'The category the template is for; null: offered for every category.';
comment on column reply_templates.title is 'What the officer picks from the list (Vietnamese).';
comment on column reply_templates.body is 'The answer text (Vietnamese, plain text, no markup); the officer edits it before sending.';
-- Officers read the templates of one category and the general ones, by title.
create index reply_templates_category_idx on reply_templates (category_id, title);
