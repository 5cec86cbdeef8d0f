// `npm run audit:verify`: checks the audit log's hash chain; one line, exit status 0 if intact, 1 if not.
import { sql } from 'kysely';
import { verifyAuditChain } from '../platform/audit.js';
import { runCli } from './common.js';

const [command] = process.argv.slice(2);

await runCli(async ({ database }) => {
  if (command !== 'verify') {
    process.stderr.write('Usage: npm run audit:verify   (node --import tsx src/cli/audit.ts verify)\n');
    process.exitCode = 2;
    return;
  }
  const result = await verifyAuditChain(database.db);
  const queued = await sql<{ n: number }>`select count(*)::int as n from audit_outbox`.execute(database.db);
  const waiting = queued.rows[0]?.n ?? 0;
  if (result.ok) {
    process.stdout.write(
      `Audit log intact: ${result.rows} rows` +
        (result.lastHash === null ? '.\n' : `, last hash ${result.lastHash}\n`) +
        (waiting > 0 ? `${waiting} more entries are queued and join the chain within a minute.\n` : ''),
    );
    return;
  }
  process.stdout.write(
    `Audit log BROKEN at row ${result.firstBadId} (after ${result.rows} intact rows): ${result.problem}\n`,
  );
  process.exitCode = 1;
});
