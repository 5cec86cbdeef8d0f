// Starts the real PAKN app in this process for browser journeys: built web app, embedded database in memory, demo data.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { setPassword } from '../../src/modules/auth/service.js';
import { authDb, currentPositions } from '../../src/modules/auth/store.js';
import type { Actor } from '../../src/platform/auth/policy.js';
import { localDate } from '../../src/platform/calendar/calendar.js';
import type { Db } from '../../src/platform/db/tables.js';
import { startRuntime } from '../../src/runtime.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TestApp {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  /**
   * Gives an existing account a known password (demo passwords are random), for a journey that signs in
   * through the page.
   */
  setPassword(username: string, password: string): Promise<void>;
  /** The app's database, for checking what a journey wrote. */
  db: Db;
  /**
   * Takes a workflow action on a report as the officer `username` (with their positions), as the officer
   * workspace would: how a journey has its report accepted, answered and published.
   */
  act(username: string, ref: string, action: string, input?: object): Promise<void>;
  /** Stops the server, the jobs and the database, then removes the data directory. */
  stop(): Promise<void>;
}

/**
 * A port nobody listens on now, for an app that must know its own address before it starts (`PORT`): the
 * links it e-mails and the single sign-on callback it registers then point at it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * `env` adds to or overrides the journeys' settings, e.g. `SMTP_URL` and a fixed `PORT` (so e-mailed links open
 * here), `DEMO_REPORTS` for a system with a public record, or a `MAP_TILE_URL` for a journey that checks the
 * maps' requests for tiles.
 */
export async function startTestApp(options: { env?: Record<string, string> } = {}): Promise<TestApp> {
  // The server serves dist/web; a stale build would test yesterday's web app.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-needed'], {
    cwd: ROOT,
    stdio: 'inherit',
  });

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pakn-browser-'));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  try {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      // The journeys check the figures of a system that has received nothing yet.
      DEMO_REPORTS: '0',
      // The journeys run without the internet: no background map to fetch (the maps still show outlines).
      MAP_TILE_URL: 'off',
      ...options.env,
    });
    const runtime = await startRuntime(config, createLogger(config.logLevel), { pgliteDataDir: 'memory://' });
    const db = runtime.database.db;
    return {
      url: runtime.url,
      db,
      async act(username, ref, action, input = {}) {
        const account = await authDb(db)
          .selectFrom('accounts')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirstOrThrow();
        const actor: Actor = {
          accountId: account.id,
          kind: 'officer',
          positions: await currentPositions(authDb(db), account.id, localDate(new Date())),
          sessionId: 'browser-test',
          requestId: 'browser-test',
        };
        await runtime.workflow.act(actor, ref, action, input);
      },
      async setPassword(username, password) {
        const account = await authDb(db)
          .selectFrom('accounts')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirstOrThrow();
        await setPassword(db, account.id, password);
      },
      async stop() {
        try {
          await runtime.stop();
        } finally {
          await removeDataDir();
        }
      },
    };
  } catch (error) {
    await removeDataDir();
    throw error;
  }
}
