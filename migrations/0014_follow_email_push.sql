-- Following a report by e-mail without an account, with double opt-in, and stopping it from any update mail
-- without signing in (issue 6 part 3); a browser's Web Push subscription linked to a citizen's account, told
-- about every report the account sent or follows (issue 6 part 7).

-- Every follow gets a secret of its own for the "stop following" link in the mails it is sent. Kept as is, not
-- hashed: the fan-out writes it into every update mail, and all it allows is ending that one follow.
alter table report_followers add column unsubscribe_token text not null
  default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
comment on column report_followers.unsubscribe_token is 'Secret of the "stop following" link in update mails (64 hex digits); ends this follow only. Never in a public response or a log line.';
comment on column report_followers.email is 'The address told about the report: given with the report by a reporter without an account, or confirmed by a follower through the double opt-in link. Personal data.';
create unique index report_followers_unsubscribe_idx on report_followers (unsubscribe_token);

-- A request to follow by e-mail: the follow exists only once its link is opened (double opt-in).
create table report_email_follow_requests (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references reports (id),
  email text not null check (char_length(email) between 3 and 254),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  requested_at timestamptz not null default now(),
  expires_at timestamptz not null,
  confirmed_at timestamptz,
  check (expires_at > requested_at)
);
comment on table report_email_follow_requests is 'Requests to follow a report by e-mail, waiting for the address''s owner to open the confirmation link; deleted once expired. Personal data.';
comment on column report_email_follow_requests.email is 'The address to confirm, lower case. Personal data: never in a public response or a log line.';
comment on column report_email_follow_requests.token_hash is 'SHA-256 (hex) of the one-time token in the confirmation link; the token itself is only in the mail.';
comment on column report_email_follow_requests.confirmed_at is 'When the link was opened and the follow created; a link works once.';
-- Requests per address in the last day (the per-address limit).
create index report_email_follow_requests_email_idx on report_email_follow_requests (lower(email), requested_at);
-- Expired requests are deleted as new ones come in.
create index report_email_follow_requests_expires_idx on report_email_follow_requests (expires_at);
create index report_email_follow_requests_report_idx on report_email_follow_requests (report_id);

comment on column push_subscriptions.account_id is 'Set when a signed-in citizen turned on notifications for all their reports in this browser: the subscription is sent every message about the reports the account sent or follows. Cleared when the account is deleted.';
-- The fan-out finds an account's browsers.
create index push_subscriptions_account_idx on push_subscriptions (account_id) where account_id is not null;
