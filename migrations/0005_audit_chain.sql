-- A tamper-evident audit log: each row chained to the previous one by SHA-256 (checked by
-- `npm run audit:verify`), and UPDATE, DELETE and TRUNCATE refused by the database itself.
-- The serialization hashed here must stay byte-identical to the one in src/platform/audit.ts.

alter table audit_log add column prev_hash bytea, add column hash bytea;
comment on column audit_log.prev_hash is
  'hash of the row before this one in id order; 32 zero bytes for the first row. Unique, so the chain cannot fork.';
comment on column audit_log.hash is
  'sha256(prev_hash || UTF-8 JSON array of id, at, actor_id, action, subject_type, subject_id, request_id, detail, each as PostgreSQL prints it; see src/platform/audit.ts). Changing, deleting or reordering a row breaks the chain there.';

-- Rows written before this migration (data-set imports) are chained here, in id order, with the same
-- serialization recordAudit uses, so the verifier checks the whole table from its first row. One pass
-- at migration time; the statement timeout of the connection would cut a large table short.
set local statement_timeout = 0;
do $$
declare
  r record;
  prev bytea := decode(repeat('00', 32), 'hex');
  next_hash bytea;
begin
  for r in
    select id, '[' || concat_ws(',',
        coalesce(to_json(id::text)::text, 'null'),
        coalesce(to_json(to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text, 'null'),
        coalesce(to_json(actor_id::text)::text, 'null'),
        coalesce(to_json(action)::text, 'null'),
        coalesce(to_json(subject_type)::text, 'null'),
        coalesce(to_json(subject_id)::text, 'null'),
        coalesce(to_json(request_id)::text, 'null'),
        coalesce(to_json(detail::text)::text, 'null')
      ) || ']' as serialized
    from audit_log
    order by id
  loop
    next_hash := sha256(prev || convert_to(r.serialized, 'UTF8'));
    update audit_log set prev_hash = prev, hash = next_hash where id = r.id;
    prev := next_hash;
  end loop;
end
$$;

alter table audit_log
  alter column prev_hash set not null,
  alter column hash set not null,
  add constraint audit_log_hash_length check (octet_length(prev_hash) = 32 and octet_length(hash) = 32),
  add constraint audit_log_single_chain unique (prev_hash);
comment on constraint audit_log_single_chain on audit_log is
  'Two rows can never follow the same row: appends are serialized by an advisory lock, and this makes a fork impossible even if one were not.';

create function audit_log_refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is refused', tg_op
    using hint = 'Audit records are never changed or removed; record a new entry instead.';
end
$$;
comment on function audit_log_refuse_change() is 'Trigger function of audit_log_append_only: raises on any change to the audit log.';

-- Per statement, so even a statement that matches no row is refused, and TRUNCATE (statement-level only) too.
create trigger audit_log_append_only
  before update or delete or truncate on audit_log
  for each statement execute function audit_log_refuse_change();
comment on trigger audit_log_append_only on audit_log is
  'Makes the audit log append-only even against a bug. A superuser can still disable it; the hash chain (npm run audit:verify) then shows what changed.';
