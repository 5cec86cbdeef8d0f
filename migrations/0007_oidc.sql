-- Single sign-on with OpenID Connect (VNeID or a province's own identity provider): identities at a
-- provider linked to accounts, and the short-lived state of sign-ins in progress.

create table account_identities (
  account_id uuid not null references accounts (id) on delete cascade,
  issuer text not null,
  subject text not null,
  created_at timestamptz not null default now(),
  primary key (issuer, subject)
);
comment on table account_identities is
  'A person''s identity at an OpenID Connect provider, linked to one account: signing in there signs in here. Officers are linked only to existing accounts (by a verified e-mail or a row an administrator adds), never created.';
comment on column account_identities.issuer is 'The provider''s issuer identifier, exactly as in its ID tokens (iss).';
comment on column account_identities.subject is 'The person''s stable identifier at that provider (sub): pseudonymous, but personal data.';
-- Everything linked to one account: erasure, the copy of a person's data, sign-in of that account.
create index account_identities_account_idx on account_identities (account_id);

create table oidc_sign_in_flows (
  token_hash bytea primary key,
  step text not null check (step in ('authorize', 'consent')),
  issuer text not null,
  return_to text not null check (return_to ~ '^/([^/\\]|$)'),
  code_verifier text,
  nonce text,
  subject text,
  profile jsonb,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check (
    (step = 'authorize' and code_verifier is not null and nonce is not null and subject is null and profile is null)
    or (step = 'consent' and code_verifier is null and nonce is null and subject is not null and profile is not null)
  )
);
comment on table oidc_sign_in_flows is
  'Sign-ins through a provider that have started and not finished, each bound to one browser by a cookie holding a random token (only its SHA-256 is here). Rows are used once and deleted; expired ones are swept at the next start.';
comment on column oidc_sign_in_flows.step is
  'authorize: sent to the provider, waiting for its answer (the token is the OAuth state); consent: the provider vouched for a person without an account, who must accept the privacy notice before one is created (a new token, never in a URL).';
comment on column oidc_sign_in_flows.return_to is 'Where in this site to go once signed in: a path, never another origin.';
comment on column oidc_sign_in_flows.code_verifier is 'PKCE verifier (step authorize): proves at the token endpoint that this server asked for the code.';
comment on column oidc_sign_in_flows.nonce is 'Expected in the ID token (step authorize), so a token minted for another sign-in is refused.';
comment on column oidc_sign_in_flows.profile is
  'Step consent: what the account would hold (display name; e-mail and phone only if the provider asserted them verified), shown to the person before they accept. Gone once they do, or when the row expires.';
create index oidc_sign_in_flows_expiry_idx on oidc_sign_in_flows (expires_at);
