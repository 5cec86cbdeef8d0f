// Shared frame of the command-line tools: configuration, a quiet logger, the database, clear errors.
import { ConfigError, loadConfig, type Config } from '../platform/config.js';
import { databaseOptions, openDatabase, type Database } from '../platform/db/database.js';
import { DataDirLockedError } from '../platform/db/lock.js';
import { createLogger } from '../platform/logger.js';
import type { Logger } from 'pino';

export interface CliContext {
  config: Config;
  logger: Logger;
  database: Database;
}

/** Runs `main` with an open database and closes it; known errors become one line and exit status 1. */
export async function runCli(
  main: (context: CliContext) => Promise<void>,
  known: (error: unknown) => boolean = () => false,
): Promise<void> {
  let database: Database | undefined;
  try {
    const config = loadConfig();
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
    database = await openDatabase({ ...databaseOptions(config, logger), poolMax: 2 });
    await main({ config, logger, database });
  } catch (error) {
    process.exitCode = 1;
    const message =
      error instanceof ConfigError || error instanceof DataDirLockedError || known(error)
        ? (error as Error).message
        : `Failed: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
  } finally {
    await database?.close();
  }
}
