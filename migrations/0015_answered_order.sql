-- The public list "most recently answered first" (GET /api/v1/public/reports?sort=answered: the home page's
-- recent answers): a keyset on the answer's time, like reports_listed_recent_idx on the submission's.
create index reports_listed_answered_idx on reports (resolved_at desc, id desc)
  where listed and resolved_at is not null;
