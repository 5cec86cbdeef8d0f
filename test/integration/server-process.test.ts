// The server as an operator runs it: a separate process, configured by environment variables.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/platform/paths.js';
import { backend, openTestDatabase } from '../support/backends.js';

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  return { child, output: () => out, exited };
}

async function urlOf(server: Running): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output());
    if (match) return match[0];
    if (server.child.exitCode !== null) throw new Error(`server exited: ${server.output()}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pakn-proc-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.runIf(backend === 'pglite')('configuration errors', () => {
  it('lists every problem at boot and exits with status 1', async () => {
    const server = startServer({ DATA_DIR: tmp, PORT: 'abc', DATABASE_POOL_MAX: '0', LOG_LEVEL: 'loud' });
    expect(await server.exited).toBe(1);
    const text = server.output();
    expect(text).toContain('PORT');
    expect(text).toContain('DATABASE_POOL_MAX');
    expect(text).toContain('LOG_LEVEL');
    expect(text).not.toMatch(/at .*\(.*\.ts:\d+/);
  });
});

describe(`the server process on ${backend}`, () => {
  let env: Record<string, string>;
  let closeDb = async () => undefined as unknown;
  beforeAll(async () => {
    if (backend === 'postgres') {
      const test = await openTestDatabase();
      closeDb = () => test.database.close();
      env = { DATABASE_URL: test.url!, DATA_DIR: path.join(tmp, 'pg') };
    } else {
      env = { DATA_DIR: path.join(tmp, 'lite') };
    }
  });
  afterAll(async () => {
    await closeDb();
  });

  it('starts, answers /readyz, refuses a second process on the same data directory, and stops on SIGTERM', async () => {
    const server = startServer(env);
    const url = await urlOf(server);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    // Demo mode is the default on the embedded database only: a real server gets no demo accounts.
    if (backend === 'pglite') expect(server.output()).toContain('nguoidan1');
    else expect(server.output()).not.toContain('Demo accounts');

    if (backend === 'pglite') {
      const second = startServer(env);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('is in use by process');
    }

    // An officer's live inbox is open (demo accounts: embedded database only): the stop does not wait for it.
    let streamEnded: Promise<string> | undefined;
    if (backend === 'pglite') {
      const [, username, password] = /receiver\s+(\S+)\s+(\S+)/.exec(server.output()) ?? [];
      const signIn = await fetch(`${url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const cookie = /pakn_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0] ?? '';
      const stream = await fetch(`${url}/api/v1/inbox/stream`, { headers: { cookie } });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain(': connected');
      streamEnded = (async () => {
        let text = '';
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
          text += new TextDecoder().decode(chunk.value);
        return text;
      })();
    }

    // (That requests in flight are finished on close is shown in http.test.ts.)
    // A stop that hung (on the stream) would be cut by server.ts after SHUTDOWN_TIMEOUT_MS + 5 s, with status 1.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    if (streamEnded) await streamEnded;
    expect(server.output()).not.toContain('shutdown failed');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    if (backend === 'pglite') expect(fs.existsSync(path.join(env.DATA_DIR!, 'pakn.lock'))).toBe(false);
  });
});
