// `npm run import:officers -- <file>`: imports officer accounts from an XLSX or CSV list; `--export <file>` writes one.
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { migrate } from '../platform/db/migrate.js';
import { exportOfficers, formatOfFileName, importOfficers } from '../modules/accounts/officer-import.js';
import { OfficerImportError } from '../modules/accounts/problems.js';
import { runCli } from './common.js';

const USAGE = `Usage:
  npm run import:officers -- <officers.xlsx|officers.csv> [--dry-run] [--en]
  npm run import:officers -- --export <officers.xlsx|officers.csv> [--en] [--semicolon]

  --dry-run    check the file and count what would change, without writing
  --en         problems in English; with --export, English headers, role codes and ISO dates
  --semicolon  CSV export with ";" between cells (Excel set to Vietnamese)
The layout of the file is described in the README ("Officer accounts from a spreadsheet").
`;

function commandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        export: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        en: { type: 'boolean', default: false },
        semicolon: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const args = commandLine();
const file = args.values.export ?? args.positionals[0];
const format = file === undefined ? null : formatOfFileName(file);
if (file === undefined || format === null || args.positionals.length > (args.values.export ? 0 : 1)) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const lang = args.values.en ? 'en' : 'vi';

await runCli(async ({ database, logger }) => {
  await migrate(database.db, logger);
  if (args.values.export !== undefined) {
    const result = await exportOfficers(database.db, format, {
      actor: 'console',
      lang,
      ...(args.values.semicolon ? { delimiter: ';' as const } : {}),
    });
    await fs.writeFile(file, result.data);
    process.stdout.write(`Exported ${result.rows} officer position(s) to ${file}.\n`);
    return;
  }
  const data = await fs.readFile(file);
  let result;
  try {
    result = await importOfficers(database.db, {
      data,
      format,
      actor: 'console',
      dryRun: args.values['dry-run'],
    });
  } catch (error) {
    if (!(error instanceof OfficerImportError)) throw error;
    process.exitCode = 1;
    const more = error.total - error.problems.length;
    process.stderr.write(
      (lang === 'vi'
        ? `Tệp không được nhập, dữ liệu không thay đổi: ${error.total} lỗi.\n`
        : `The file was not imported, nothing changed: ${error.total} problem(s).\n`) +
        error.problems.map((p) => `  - ${p[lang]}\n`).join('') +
        (more > 0 ? (lang === 'vi' ? `  … và ${more} lỗi khác.\n` : `  … and ${more} more.\n`) : ''),
    );
    return;
  }
  if (result.ignoredColumns.length > 0)
    process.stdout.write(`Ignored columns: ${result.ignoredColumns.join(', ')}\n`);
  process.stdout.write(
    `${result.dryRun ? 'Dry run, nothing written. Would import' : 'Imported'} ${result.rows} row(s): ` +
      `accounts ${result.accountsCreated} created, ${result.accountsUpdated} updated, ` +
      `${result.accountsUnchanged} unchanged; positions ${result.positionsCreated} created, ` +
      `${result.positionsUpdated} updated, ${result.positionsEnded} ended, ${result.positionsUnchanged} unchanged.\n`,
  );
});
