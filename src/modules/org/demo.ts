// Demo mode: on first start load data-demo/ and give each demo account a random password, shown only by `npm start`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/database.js';
import { DEMO_DATA_DIR } from '../../platform/paths.js';
import { importDataSet } from './service.js';
import { countAreas, orgDb } from './store.js';

export interface DemoAccount {
  username: string;
  role: string;
  password: string;
}

/** Random per installation, so a demo reachable from a network never has a well-known password. */
function generatePassword(): string {
  return crypto.randomBytes(9).toString('base64url');
}

export async function loadDemoDataIfEmpty(
  database: Database,
  dataDir: string,
  logger: Logger,
): Promise<DemoAccount[]> {
  const file = path.join(dataDir, 'demo-accounts.json');
  if ((await countAreas(orgDb(database.db))) > 0) {
    if (!fs.existsSync(file)) return [];
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoAccount[];
  }
  const passwords = new Map<string, string>();
  const result = await importDataSet(database.db, DEMO_DATA_DIR, {
    demo: true,
    passwordHashFor: async (username) => {
      const password = generatePassword();
      passwords.set(username, password);
      return hash(password);
    },
  });
  const accounts = result.createdAccounts.map((a) => ({
    username: a.username,
    role: a.role,
    password: passwords.get(a.username) ?? '',
  }));
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(accounts, null, 2), { mode: 0o600 });
  logger.info(
    {
      areas: result.areas,
      agencies: result.agencies,
      categories: result.categories,
      accounts: result.accounts,
    },
    'demo data loaded',
  );
  return accounts;
}
