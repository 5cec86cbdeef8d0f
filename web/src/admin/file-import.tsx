// A table as a spreadsheet: download it (XLSX or CSV, in the import layout), then upload a file, checked first
// (nothing written) and imported only on a second press. A refused file lists its problems by row.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError, officerFileType, type Guard } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { importFile } from './api.js';

type ImportState<R> =
  | { status: 'idle' }
  | { status: 'busy'; dryRun: boolean }
  | { status: 'done'; result: R }
  | { status: 'refused'; message: string; problems: string[] }
  | { status: 'error'; message: string };

export interface FileImportProps<R extends { dryRun: boolean; rows: number; ignoredColumns: string[] }> {
  /** Element ids and test ids start with it (`officer` → `#officer-file`). */
  id: string;
  exportUrl: string;
  importUrl: string;
  guard: Guard<R>;
  /** The file field's label, e.g. "Tệp danh sách cán bộ (.xlsx hoặc .csv)". */
  fileLabel: string;
  downloadTitle: string;
  uploadTitle: string;
  /** The counts of a checked or imported file. */
  counts: (result: R) => ComponentChildren;
  /** After a real import (not a check): e.g. reload the list. */
  onImported?: () => void;
}

export function FileImport<R extends { dryRun: boolean; rows: number; ignoredColumns: string[] }>(
  props: FileImportProps<R>,
) {
  const { t, lang, formatNumber } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<ImportState<R>>({ status: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const busy = state.status === 'busy';
  const { id } = props;

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
      const result = await importFile(props.importUrl, file, type, dryRun, props.guard);
      setState({ status: 'done', result });
      if (!dryRun) props.onImported?.();
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
  const exportHref = (format: 'xlsx' | 'csv') =>
    `${props.exportUrl}${props.exportUrl.includes('?') ? '&' : '?'}format=${format}&lang=${lang}`;

  return (
    <div class="adm-file">
      <h3>{props.downloadTitle}</h3>
      <p class="field-hint">{t('admin.downloadHint')}</p>
      <ul class="downloads">
        <li>
          <a class="button" href={exportHref('xlsx')} download>
            {t('admin.downloadXlsx')}
          </a>
        </li>
        <li>
          <a class="button" href={exportHref('csv')} download>
            {t('admin.downloadCsv')}
          </a>
        </li>
      </ul>

      <h3>{props.uploadTitle}</h3>
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
          <span class="field-label" id={`${id}-file-label`}>
            {props.fileLabel}
          </span>
          {/* The browser's own button speaks the browser's language; this one speaks the page's. */}
          <div class="file-picker">
            <input
              ref={inputRef}
              id={`${id}-file`}
              class="visually-hidden"
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              aria-labelledby={`${id}-file-label`}
              aria-describedby={`${id}-file-name`}
              data-testid={`${id}-file`}
              onChange={(event) => {
                setFile(event.currentTarget.files?.[0] ?? null);
                setState({ status: 'idle' });
              }}
            />
            <label for={`${id}-file`} class="button" aria-hidden="true">
              {t('admin.chooseFile')}
            </label>
            <span class="file-name" id={`${id}-file-name`}>
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
        {state.status === 'done' && (
          <div class={`notice ${state.result.dryRun ? 'notice-info' : 'notice-success'}`}>
            <p>
              {t(state.result.dryRun ? 'admin.checked' : 'admin.imported', {
                rows: formatNumber(state.result.rows),
              })}
            </p>
            {props.counts(state.result)}
            {state.result.ignoredColumns.length > 0 && (
              <p class="field-hint">
                {t('admin.ignoredColumns', { columns: state.result.ignoredColumns.join(', ') })}
              </p>
            )}
          </div>
        )}
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
    </div>
  );
}

/** The counts of a result as a definition list: `[label, value, test id]`. */
export function Counts({ rows }: { rows: readonly (readonly [string, number, string])[] }) {
  const { formatNumber } = useI18n();
  return (
    <dl class="counts">
      {rows.map(([label, value, testId]) => (
        <div key={testId}>
          <dt>{label}</dt>
          <dd data-testid={`count-${testId}`}>{formatNumber(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
