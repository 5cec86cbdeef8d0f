// The holiday calendar (`#/quan-tri/lich-nghi`): a year's public holidays (computed) and the exceptions the
// government announces (compensatory days off, swapped working days), which deadlines count with.
import { useState } from 'preact/hooks';
import { useI18n, type MessageKey } from '../i18n/index.js';
import {
  deleteCalendarException,
  fetchCalendar,
  setCalendarException,
  type CalendarException,
} from './api.js';
import {
  Alert,
  Field,
  inLang,
  LoadedView,
  showDate,
  Status,
  todayInVietnam,
  useLoad,
  useRefusal,
  type Refusal,
} from './ui.js';

const WEEKDAYS: readonly MessageKey[] = [
  'adm.cal.sun',
  'adm.cal.mon',
  'adm.cal.tue',
  'adm.cal.wed',
  'adm.cal.thu',
  'adm.cal.fri',
  'adm.cal.sat',
];
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

export function CalendarSection() {
  const { t, lang } = useI18n();
  const toRefusal = useRefusal();
  const [year, setYear] = useState(() => Number(todayInVietnam().slice(0, 4)));
  const [calendar, reload, replace] = useLoad((signal) => fetchCalendar(year, signal), String(year));
  const [values, setValues] = useState<{ date: string; kind: CalendarException['kind']; note: string }>({
    date: '',
    kind: 'day_off',
    note: '',
  });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const day = (date: string) => `${t(WEEKDAYS[weekdayOf(date)] ?? 'adm.cal.sun')}, ${showDate(date, lang)}`;

  const act = async (action: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    setStatus(null);
    try {
      await action();
      setStatus(done);
      reload();
    } catch (error) {
      setRefusal(toRefusal(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section class="card" aria-labelledby="calendar-title">
        <h2 id="calendar-title">{t('adm.cal.title', { year })}</h2>
        <p class="field-hint">{t('adm.cal.intro')}</p>
        <div class="form-actions adm-year" role="group" aria-label={t('adm.cal.year')}>
          <button
            type="button"
            class="button"
            onClick={() => {
              setYear(year - 1);
            }}
          >
            {t('adm.cal.previousYear', { year: year - 1 })}
          </button>
          <button
            type="button"
            class="button"
            onClick={() => {
              setYear(year + 1);
            }}
          >
            {t('adm.cal.nextYear', { year: year + 1 })}
          </button>
        </div>
        <LoadedView state={calendar} reload={reload}>
          {(data) => (
            <>
              <h3>{t('adm.cal.exceptions')}</h3>
              {data.exceptions.length === 0 ? (
                <p data-testid="exception-list">{t('adm.cal.noExceptions')}</p>
              ) : (
                <ul class="adm-list" data-testid="exception-list">
                  {data.exceptions.map((e) => (
                    <li key={e.date} class="adm-item">
                      <span class="adm-item-main">
                        <strong>{day(e.date)}</strong>{' '}
                        <span
                          class={`adm-badge ${e.kind === 'day_off' ? 'adm-badge-off' : 'adm-badge-work'}`}
                        >
                          {t(e.kind === 'day_off' ? 'adm.cal.dayOff' : 'adm.cal.workingDay')}
                        </span>
                        {e.note !== null && <span class="adm-snippet">{e.note}</span>}
                      </span>
                      <button
                        type="button"
                        class="button adm-item-action"
                        aria-disabled={busy}
                        onClick={() => {
                          void act(
                            async () => {
                              await deleteCalendarException(e.date);
                              replace({
                                ...data,
                                exceptions: data.exceptions.filter((x) => x.date !== e.date),
                              });
                            },
                            t('adm.cal.removed', { date: showDate(e.date, lang) }),
                          );
                        }}
                      >
                        {t('adm.delete')}
                        <span class="visually-hidden"> {day(e.date)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('adm.cal.holidays')}</h3>
              <ul class="adm-holidays" data-testid="holiday-list">
                {data.holidays.map((h) => (
                  <li key={h.date}>
                    <span class="adm-date">{day(h.date)}</span> {inLang(h.name, lang)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </LoadedView>
      </section>

      <section class="card" aria-labelledby="exception-new-title">
        <h2 id="exception-new-title">{t('adm.cal.add')}</h2>
        <p class="field-hint">{t('adm.cal.addHint')}</p>
        <form
          class="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
              setRefusal({ message: t('adm.notSaved'), problems: [t('adm.cal.dateMissing')] });
              return;
            }
            void act(
              async () => {
                await setCalendarException({
                  date: values.date,
                  kind: values.kind,
                  note: values.note.trim() === '' ? null : values.note,
                });
                setYear(Number(values.date.slice(0, 4)));
                setValues((v) => ({ ...v, date: '', note: '' }));
              },
              t('adm.cal.added', { date: showDate(values.date, lang) }),
            );
          }}
        >
          <Field id="exception-date" label={t('adm.cal.date')}>
            <input
              id="exception-date"
              type="date"
              min="2000-01-01"
              max="2099-12-31"
              value={values.date}
              onInput={(e) => {
                const next = e.currentTarget.value;
                setValues((v) => ({ ...v, date: next }));
              }}
            />
          </Field>
          <fieldset class="adm-fieldset adm-choices">
            <legend>{t('adm.cal.kind')}</legend>
            {(['day_off', 'working_day'] as const).map((kind) => (
              <label key={kind} class="check">
                <input
                  type="radio"
                  name="exception-kind"
                  value={kind}
                  checked={values.kind === kind}
                  onChange={() => {
                    setValues((v) => ({ ...v, kind }));
                  }}
                />
                <span>{t(kind === 'day_off' ? 'adm.cal.dayOffLong' : 'adm.cal.workingDayLong')}</span>
              </label>
            ))}
          </fieldset>
          <Field id="exception-note" label={t('adm.cal.note')} hint={t('adm.cal.noteHint')}>
            <input
              id="exception-note"
              maxLength={500}
              aria-describedby="exception-note-hint"
              value={values.note}
              onInput={(e) => {
                const next = e.currentTarget.value;
                setValues((v) => ({ ...v, note: next }));
              }}
            />
          </Field>
          <Alert refusal={refusal} testId="exception-error" />
          <div class="form-actions">
            <button
              type="submit"
              class="button button-primary"
              aria-disabled={busy}
              data-testid="add-exception"
            >
              {t('adm.cal.addButton')}
            </button>
            <Status text={status} testId="exception-status" />
          </div>
        </form>
      </section>
    </>
  );
}
