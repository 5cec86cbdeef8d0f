// Entry point of `npm start`: validate configuration, boot, print the URL, stop gracefully on SIGTERM/SIGINT.
import { ConfigError, loadConfig, type Config } from './platform/config.js';
import { DataDirLockedError } from './platform/db/lock.js';
import { createLogger } from './platform/logger.js';
import { startRuntime } from './runtime.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee the configuration table in README.md.\n`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
const started = Date.now();
try {
  const runtime = await startRuntime(config, logger);
  logger.info(
    { url: runtime.url, backend: runtime.database.backend, ms: Date.now() - started },
    'PAKN is ready',
  );
  process.stdout.write(
    `\n  ${config.siteName}\n  ${runtime.url}   (database: ${runtime.database.backend === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL server'})\n`,
  );
  if (runtime.demoAccounts.length > 0) {
    process.stdout.write('\n  Demo accounts (demo mode only) / Tài khoản dùng thử:\n');
    for (const a of runtime.demoAccounts)
      process.stdout.write(`    ${a.role.padEnd(18)} ${a.username.padEnd(24)} ${a.password}\n`);
  }
  process.stdout.write('\n');

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000);
    force.unref();
    runtime.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
} catch (error) {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'start failed');
  }
  process.exit(1);
}
