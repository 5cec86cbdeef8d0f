-- E-mail flows: a password-reset link belongs to an account; a citizen's sign-in link carries the
-- address it was sent to until it is used (then the address is cleared).
alter table one_time_codes add column account_id uuid references accounts (id) on delete cascade;
alter table one_time_codes add column destination text;
comment on column one_time_codes.account_id is 'The account a password-reset link is for.';
comment on column one_time_codes.destination is 'The e-mail address a sign-in link went to, kept only until the link is used or expires.';
alter table one_time_codes drop constraint one_time_codes_purpose_check;
alter table one_time_codes add constraint one_time_codes_purpose_check
  check (purpose in ('sign_in_phone', 'sign_in_email', 'password_reset'));
create index one_time_codes_code_idx on one_time_codes (code_hash);
