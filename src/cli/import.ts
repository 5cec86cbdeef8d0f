// `npm run import -- <dir>`: loads an organisation data set (areas, agencies, categories, accounts, calendar).
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { createLogger } from '../platform/logger.js';
import { ImportError, importDataSet } from '../modules/org/service.js';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('Usage: npm run import -- <directory with areas.json, agencies.json, …>\n');
  process.exit(2);
}
const config = loadConfig();
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolMax: 2,
  connectTimeoutMs: config.databaseConnectTimeoutMs,
  statementTimeoutMs: config.databaseStatementTimeoutMs,
  logger,
});
try {
  await migrate(database.db, logger);
  const result = await importDataSet(database.db, dir);
  process.stdout.write(
    `Imported: ${result.areas} areas, ${result.agencies} agencies, ${result.categories} categories, ` +
      `${result.accounts} accounts, ${result.calendarExceptions} calendar exceptions.\n`,
  );
} catch (error) {
  process.exitCode = 1;
  process.stderr.write(error instanceof ImportError ? `${error.message}\n` : `Import failed: ${(error as Error).message}\n`);
} finally {
  await database.close();
}
