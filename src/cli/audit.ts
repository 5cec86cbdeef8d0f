// `npm run audit:verify`: checks the audit log's hash chain; one line, exit status 0 if intact, 1 if not.
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
  if (result.ok) {
    process.stdout.write(
      `Audit log intact: ${result.rows} rows` +
        (result.lastHash === null ? '.\n' : `, last hash ${result.lastHash}\n`),
    );
    return;
  }
  process.stdout.write(
    `Audit log BROKEN at row ${result.firstBadId} (after ${result.rows} intact rows): ${result.problem}\n`,
  );
  process.exitCode = 1;
});
