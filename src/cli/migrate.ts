// `npm run migrate`: applies pending SQL migrations to the configured database and exits.
import { migrate } from '../platform/db/migrate.js';
import { runCli } from './common.js';

await runCli(async ({ database, logger }) => {
  const applied = await migrate(database.db, logger);
  process.stdout.write(
    applied.length === 0 ? 'Database is up to date.\n' : `Applied migrations: ${applied.join(', ')}\n`,
  );
});
