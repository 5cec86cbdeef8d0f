// Administration: officer accounts downloaded as a spreadsheet, and imported from one (checked first).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, importOfficers, officerFileType, type OfficerImportResult } from '../api.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { isAdmin, signInHref, useSession } from '../session.js';

export function AdminPage() {
  const { t } = useI18n();
  const { state, ensureChecked } = useSession();
  useEffect(() => {
    ensureChecked();
  }, [ensureChecked]);
  return (
    <div class="page admin">
      <h1>{t('admin.title')}</h1>
      {state.status === 'loading' ? (
        <p>{t('admin.loading')}</p>
      ) : !isAdmin(state) ? (
        <div class="notice notice-info" data-testid="admin-required">
          <p>{t('admin.needAdmin')}</p>
          <a class="button" href={signInHref('/quan-tri')}>
            {t('account.signIn')}
          </a>
        </div>
      ) : (
        <OfficerAccounts />
      )}
    </div>
  );
}

type ImportState =
  | { status: 'idle' }
  | { status: 'busy'; dryRun: boolean }
  | { status: 'done'; result: OfficerImportResult }
  | { status: 'refused'; message: string; problems: string[] }
  | { status: 'error'; message: string };

type CountKey = Exclude<keyof OfficerImportResult, 'dryRun' | 'rows' | 'ignoredColumns'>;

const COUNTS: readonly { key: CountKey; label: MessageKey }[] = [
  { key: 'accountsCreated', label: 'admin.accountsCreated' },
  { key: 'accountsUpdated', label: 'admin.accountsUpdated' },
  { key: 'accountsUnchanged', label: 'admin.accountsUnchanged' },
  { key: 'positionsCreated', label: 'admin.positionsCreated' },
  { key: 'positionsUpdated', label: 'admin.positionsUpdated' },
  { key: 'positionsEnded', label: 'admin.positionsEnded' },
  { key: 'positionsUnchanged', label: 'admin.positionsUnchanged' },
];

export function OfficerAccounts() {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const busy = state.status === 'busy';

  const send = async (dryRun: boolean) => {
    if (busy) return;
    const type = file === null ? null : officerFileType(file);
    if (file === null || type === null) {
      setState({ status: 'error', message: t(file === null ? 'admin.fileMissing' : 'admin.fileType') });
      inputRef.current?.focus();
      return;
    }
    setState({ status: 'busy', dryRun });
    try {
      const result = await importOfficers(file, type, dryRun);
      setState({ status: 'done', result });
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setState({
          status: 'refused',
          message: error.userMessage ?? t('admin.refused'),
          problems: error.details.map((d) => d.messages?.[lang] ?? d.problem),
        });
      } else {
        setState({
          status: 'error',
          message:
            error instanceof ApiError && error.userMessage !== null
              ? error.userMessage
              : t('signIn.unexpected'),
        });
      }
    }
  };

  const checked = state.status === 'done' && state.result.dryRun;

  return (
    <section class="card" aria-labelledby="officers-title">
      <h2 id="officers-title">{t('admin.officers')}</h2>

      <h3>{t('admin.download')}</h3>
      <p class="field-hint">{t('admin.downloadHint')}</p>
      <ul class="downloads">
        <li>
          <a class="button" href={`/api/v1/admin/officers/export?format=xlsx&lang=${lang}`} download>
            {t('admin.downloadXlsx')}
          </a>
        </li>
        <li>
          <a class="button" href={`/api/v1/admin/officers/export?format=csv&lang=${lang}`} download>
            {t('admin.downloadCsv')}
          </a>
        </li>
      </ul>

      <h3>{t('admin.upload')}</h3>
      <p class="field-hint">{t('admin.uploadHint')}</p>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send(true);
        }}
      >
        <div class="field">
          <span class="field-label" id="officer-file-label">
            {t('admin.file')}
          </span>
          {/* The browser's own button speaks the browser's language; this one speaks the page's. */}
          <div class="file-picker">
            <input
              ref={inputRef}
              id="officer-file"
              class="visually-hidden"
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              aria-labelledby="officer-file-label"
              aria-describedby="officer-file-name"
              data-testid="officer-file"
              onChange={(event) => {
                setFile(event.currentTarget.files?.[0] ?? null);
                setState({ status: 'idle' });
              }}
            />
            <label for="officer-file" class="button" aria-hidden="true">
              {t('admin.chooseFile')}
            </label>
            <span class="file-name" id="officer-file-name">
              {file?.name ?? t('admin.noFile')}
            </span>
          </div>
        </div>
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={busy} data-testid="check-file">
            {t('admin.check')}
          </button>
          {checked && (
            <button
              type="button"
              class="button button-primary"
              aria-disabled={busy}
              data-testid="import-file"
              onClick={() => {
                void send(false);
              }}
            >
              {t('admin.import')}
            </button>
          )}
        </div>
      </form>

      <div class="import-result" aria-live="polite" data-testid="import-result">
        {state.status === 'busy' && <p>{t(state.dryRun ? 'admin.checking' : 'admin.importing')}</p>}
        {state.status === 'done' && <ImportSummary result={state.result} />}
      </div>
      <div class="import-error" role="alert" data-testid="import-error">
        {(state.status === 'refused' || state.status === 'error') && (
          <div class="notice notice-error">
            <p>{state.message}</p>
            {state.status === 'refused' && (
              <>
                <p class="problems-intro">{t('admin.problems')}</p>
                <ul class="problems">
                  {state.problems.map((problem, index) => (
                    <li key={index}>{problem}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

function ImportSummary({ result }: { result: OfficerImportResult }) {
  const { t, formatNumber } = useI18n();
  return (
    <div class={`notice ${result.dryRun ? 'notice-info' : 'notice-success'}`}>
      <p>{t(result.dryRun ? 'admin.checked' : 'admin.imported', { rows: formatNumber(result.rows) })}</p>
      <dl class="counts">
        {COUNTS.map(({ key, label }) => (
          <div key={key}>
            <dt>{t(label)}</dt>
            <dd data-testid={`count-${key}`}>{formatNumber(result[key])}</dd>
          </div>
        ))}
      </dl>
      {result.ignoredColumns.length > 0 && (
        <p class="field-hint">{t('admin.ignoredColumns', { columns: result.ignoredColumns.join(', ') })}</p>
      )}
    </div>
  );
}
