// The first administrator is created from the command line, as an operator does after installing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';
import { ROOT_DIR } from '../../src/platform/paths.js';
import { startTestApp } from '../support/app.js';
import { backend, quietLogger } from '../support/backends.js';

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-cli-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const env = { PATH: process.env.PATH ?? '', DATA_DIR: tmp, LOG_LEVEL: 'warn' };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/accounts.ts', ...args],
      { cwd: ROOT_DIR, env },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe.runIf(backend === 'pglite')('npm run accounts', () => {
  it('creates the first administrator, who must then enrol in two-factor authentication', async () => {
    const created = await cli('create-admin', 'quantri', 'Nguyễn Văn Quản');
    expect(created.code).toBe(0);
    const password = /shown once\): (\S+)/.exec(created.out)?.[1];
    expect(password).toBeDefined();
    expect((await cli('create-admin', 'quantri', 'Lần hai')).code).toBe(1);
    expect((await cli('reset-password', 'khongco')).code).toBe(1);

    const database = await openDatabase({
      databaseUrl: undefined,
      dataDir: tmp,
      poolMax: 1,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 30_000,
      logger: quietLogger,
    });
    const testApp = await startTestApp(database);
    const app = testApp.app;
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'quantri', password: password! },
      });
      expect(res.json()).toEqual({ state: 'second_factor_setup_required' });
    } finally {
      await testApp.close();
      await database.close();
    }
  });
});
