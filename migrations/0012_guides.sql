-- The guides and the FAQ (issue 6 point 5): content the province edits, not code. Loaded from content/guides.json
-- when the table is empty; the portal shows it at #/huong-dan and the chatbot answers from it.
create table guides (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
  kind text not null check (kind in ('guide', 'faq')),
  position integer not null,
  title_vi text not null check (length(title_vi) between 1 and 200),
  title_en text not null check (length(title_en) between 1 and 200),
  body_vi text not null check (length(body_vi) <= 20000),
  body_en text not null check (length(body_en) <= 20000),
  updated_at timestamptz not null default now()
);
comment on table guides is 'How-to guides and frequently asked questions shown to citizens; bodies use the small markup of web/src/guides/markup.ts (paragraphs, numbered and bulleted lists, images under /huong-dan/anh/).';
create index guides_order_idx on guides (kind, position);
