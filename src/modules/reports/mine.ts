// A citizen's own reports: "my reports", their part of "download my data", and erasure when they delete
// their account (the reports stay, without anything that says who sent them).
import { sql } from 'kysely';
import { authorize, type Actor } from '../../platform/auth/policy.js';
import type { Db } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { reportsDb } from './intake.js';

/** Reports the citizen sent or follows, newest first (status and public text; their own text for their own). */
export async function myReports(db: Db, actor: Actor | null) {
  authorize(actor, 'account.read_self');
  const rows = await sql<{
    code: string;
    status: string;
    submitted_at: Date;
    description: string;
    category_vi: string | null;
    category_en: string | null;
    role: 'reporter' | 'follower';
  }>`
    select r.code, r.status, r.submitted_at, c.name_vi as category_vi, c.name_en as category_en,
           case when r.reporter_account_id = ${actor.accountId} then r.description
                else coalesce(r.public_description, '') end as description,
           case when r.reporter_account_id = ${actor.accountId} then 'reporter' else 'follower' end as role
      from reports r left join categories c on c.id = r.category_id
     where r.reporter_account_id = ${actor.accountId}
        or r.id in (select report_id from report_followers where account_id = ${actor.accountId})
     order by r.submitted_at desc
     limit 500`.execute(db);
  return rows.rows.map((r) => ({
    code: r.code,
    status: r.status,
    submittedAt: r.submitted_at.toISOString(),
    description: r.description,
    category: r.category_vi ? { nameVi: r.category_vi, nameEn: r.category_en ?? r.category_vi } : null,
    role: r.role,
  }));
}

/** Fields of the events addressed to the reporter that the reporter may read, per kind. */
const REPORTER_EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  submitted: ['channel'],
  rejected: ['reasonCode', 'reason', 'guidance', 'reasonText'],
  merged: ['targetCode'],
  extension_approved: ['dueAt'],
  info_requested: ['question'],
  info_provided: ['text'],
  closed_unpublished: ['reason'],
  reopen_refused: ['reason'],
  rated: ['rating', 'comment'],
};

/**
 * One of the citizen's own reports as its reporter sees it: their own text, the timeline of what is public
 * or addressed to them (the officers' questions, the reason for a refusal with its guidance, the answer
 * before it is published), the approved answer, and the question waiting for their reply. Not the officers'
 * internal notes. A report they did not send is not found.
 */
export async function myReport(db: Db, actor: Actor | null, code: string) {
  authorize(actor, 'account.read_self');
  const found = await sql<{
    id: string;
    code: string;
    status: string;
    submitted_at: Date;
    description: string;
    category_vi: string | null;
    category_en: string | null;
    rating: string | null;
    info_requested: boolean;
  }>`
    select r.id, r.code, r.status, r.submitted_at, r.description, c.name_vi as category_vi,
           c.name_en as category_en, r.rating, r.info_requested
      from reports r left join categories c on c.id = r.category_id
     where r.code = ${code.toUpperCase()} and r.reporter_account_id = ${actor.accountId}`.execute(db);
  const r = found.rows[0];
  if (!r) throw new AppError('not_found');
  const events = await sql<{ at: Date; kind: string; data: Record<string, unknown> }>`
    select at, kind, data from report_events
     where report_id = ${r.id}::uuid and (public or to_reporter) order by id`.execute(db);
  const answer = await sql<{ text: string; decided_at: Date }>`
    select text, decided_at from report_answers
     where report_id = ${r.id}::uuid and decision = 'approved' order by id desc limit 1`.execute(db);
  const question = r.info_requested
    ? events.rows.filter((e) => e.kind === 'info_requested').at(-1)?.data.question
    : undefined;
  return {
    code: r.code,
    status: r.status,
    submittedAt: r.submitted_at.toISOString(),
    description: r.description,
    category: r.category_vi ? { nameVi: r.category_vi, nameEn: r.category_en ?? r.category_vi } : null,
    rating: r.rating,
    timeline: events.rows.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      data: Object.fromEntries(
        (REPORTER_EVENT_FIELDS[e.kind] ?? [])
          .filter((f) => e.data[f] !== undefined)
          .map((f) => [f, e.data[f]]),
      ),
    })),
    answer: answer.rows[0]
      ? { text: answer.rows[0].text, approvedAt: answer.rows[0].decided_at.toISOString() }
      : null,
    openQuestion: typeof question === 'string' ? question : null,
  };
}

/** The reports part of "download my data": what they sent, with the contact details they gave. */
export async function reportsForExport(db: Db, accountId: string) {
  return reportsDb(db)
    .selectFrom('reports as r')
    .leftJoin('report_reporters as p', 'p.report_id', 'r.id')
    .select([
      'r.code',
      'r.status',
      'r.submitted_at',
      'r.channel',
      'r.description',
      'r.address',
      'r.latitude',
      'r.longitude',
      'r.confidential',
      'p.name as contactName',
      'p.phone as contactPhone',
      'p.email as contactEmail',
    ])
    .where('r.reporter_account_id', '=', accountId)
    .orderBy('r.submitted_at')
    .execute();
}

/**
 * Erases the account's link to reports inside the caller's transaction: identity rows cleared (the report
 * and its public record stay), follows ended (with the supporter counts they added), push subscriptions
 * detached.
 */
export async function eraseAccountFromReports(trx: Db, accountId: string, now: Date): Promise<void> {
  await sql`update report_reporters set account_id = null, name = null, phone = null, email = null,
             zalo_user_id = null, erased_at = ${now} where account_id = ${accountId}`.execute(trx);
  await sql`update reports set reporter_account_id = null where reporter_account_id = ${accountId}`.execute(
    trx,
  );
  await sql`with gone as (delete from report_followers where account_id = ${accountId} and role = 'follower'
                          returning report_id)
            update reports r set supporters = greatest(r.supporters - n.count, 0)
              from (select report_id, count(*)::int as count from gone group by report_id) n
             where r.id = n.report_id`.execute(trx);
  await sql`delete from report_followers where account_id = ${accountId}`.execute(trx);
  await sql`update push_subscriptions set account_id = null where account_id = ${accountId}`.execute(trx);
}
