// `npm run accounts -- create-admin <username> "<display name>"` creates a system administrator;
// `npm run accounts -- reset-password <username>` gives an officer a new password. Both print the
// generated password once; the officer changes it, and an administrator enrols in TOTP at first sign-in.
import crypto from 'node:crypto';
import { recordAudit } from '../platform/audit.js';
import { localDate } from '../platform/calendar/calendar.js';
import { migrate } from '../platform/db/migrate.js';
import { cleanText } from '../platform/text.js';
import { setPassword } from '../modules/auth/service.js';
import { accountByUsername, authDb } from '../modules/auth/store.js';
import { setCurrentPosition, upsertAccount } from '../modules/org/store.js';
import { runCli } from './common.js';

const [command, username, displayName] = process.argv.slice(2);
const usage =
  'Usage: npm run accounts -- create-admin <username> "<display name>"   or   npm run accounts -- reset-password <username>\n';

class UsageError extends Error {}

await runCli(
  async ({ database, logger }) => {
    if (username === undefined || !/^[a-z0-9._-]{3,64}$/.test(username)) throw new UsageError(usage);
    const password = crypto.randomBytes(12).toString('base64url');
    if (command === 'create-admin') {
      if (displayName === undefined || cleanText(displayName) === '') throw new UsageError(usage);
      await migrate(database.db, logger);
      const id = await database.db.transaction().execute(async (trx) => {
        const db = authDb(trx);
        if (await accountByUsername(db, username))
          throw new UsageError(`Account ${username} already exists. / Tài khoản ${username} đã tồn tại.\n`);
        const account = await upsertAccount(db, {
          kind: 'officer',
          username,
          display_name: cleanText(displayName),
          email: null,
          phone: null,
          is_demo: false,
        });
        await setCurrentPosition(
          db,
          account.id,
          { role: 'admin', agency_id: null, area_id: null },
          localDate(new Date()),
        );
        await recordAudit(trx, {
          actorId: null,
          action: 'account.created',
          subjectType: 'account',
          subjectId: account.id,
          detail: { role: 'admin', via: 'cli' },
        });
        return account.id;
      });
      await setPassword(database.db, id, password);
      process.stdout.write(
        `Administrator ${username} created. Password (shown once): ${password}\nSign in and set up two-factor authentication at first sign-in.\n`,
      );
      return;
    }
    if (command === 'reset-password') {
      const account = await accountByUsername(authDb(database.db), username);
      if (!account || account.kind !== 'officer')
        throw new UsageError(`No officer account ${username}. / Không có tài khoản cán bộ ${username}.\n`);
      await setPassword(database.db, account.id, password);
      await recordAudit(database.db, {
        actorId: null,
        action: 'account.password_reset',
        subjectType: 'account',
        subjectId: account.id,
        detail: { via: 'cli' },
      });
      process.stdout.write(`New password for ${username} (shown once): ${password}\n`);
      return;
    }
    throw new UsageError(usage);
  },
  (error) => error instanceof UsageError,
);
