// `npm run import -- <dir>`: loads an organisation data set (areas, agencies, categories, accounts, calendar).
import { migrate } from '../platform/db/migrate.js';
import { ImportError, importDataSet } from '../modules/org/service.js';
import { runCli } from './common.js';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('Usage: npm run import -- <directory with areas.json, agencies.json, …>\n');
  process.exit(2);
}
await runCli(
  async ({ database, logger }) => {
    await migrate(database.db, logger);
    const result = await importDataSet(database.db, dir);
    process.stdout.write(
      `Imported: ${result.areas} areas, ${result.agencies} agencies, ${result.categories} categories, ` +
        `${result.accounts} accounts, ${result.calendarExceptions} calendar exceptions.\n`,
    );
  },
  (error) => error instanceof ImportError,
);
