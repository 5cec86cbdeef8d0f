// Officers (`#/quan-tri/can-bo`): the list with positions, filtered and paged; one officer's profile, lock and
// positions; a new officer; and the whole list as a spreadsheet.
import { useState } from 'preact/hooks';
import { isOfficerImportResult, type OfficerImportResult } from '../api.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import {
  addPosition,
  createOfficer,
  endPosition,
  fetchAgencies,
  fetchAreas,
  fetchOfficer,
  fetchOfficers,
  OFFICER_ROLES,
  PAGE_SIZE,
  ROLES_NEEDING_SCOPE,
  setOfficerDisabled,
  updateOfficer,
  type Agency,
  type Area,
  type Officer,
  type OfficerFilter,
  type OfficerRole,
  type Position,
} from './api.js';
import { Counts, FileImport } from './file-import.js';
import {
  Alert,
  areaName,
  ConfirmButton,
  Field,
  LoadedView,
  showDate,
  Status,
  todayInVietnam,
  useLoad,
  useRefusal,
  useReveal,
  type Refusal,
} from './ui.js';

const roleKey = (role: OfficerRole) => `adm.role.${role}` as MessageKey;

export function OfficersSection() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<OfficerFilter>({ q: '', role: '', status: '', offset: 0 });
  const [draft, setDraft] = useState(filter);
  const [list, reload] = useLoad((signal) => fetchOfficers(filter, signal), JSON.stringify(filter));
  const [units] = useLoad(async (signal) => {
    const [agencies, areas] = await Promise.all([fetchAgencies(signal), fetchAreas(signal)]);
    return { agencies, areas };
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  return (
    <>
      <section class="card" aria-labelledby="officer-list-title">
        <h2 id="officer-list-title">{t('adm.officers.list')}</h2>
        <form
          class="adm-filters"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter({ ...draft, offset: 0 });
          }}
        >
          <Field id="officer-q" label={t('adm.officers.search')}>
            <input
              id="officer-q"
              type="search"
              value={draft.q}
              onInput={(e) => {
                const next = e.currentTarget.value;
                setDraft((v) => ({ ...v, q: next }));
              }}
            />
          </Field>
          <Field id="officer-role" label={t('adm.officers.role')}>
            <select
              id="officer-role"
              value={draft.role}
              onChange={(e) => {
                const next = e.currentTarget.value as OfficerRole | '';
                setDraft((v) => ({ ...v, role: next }));
              }}
            >
              <option value="">{t('adm.all')}</option>
              {OFFICER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(roleKey(r))}
                </option>
              ))}
            </select>
          </Field>
          <Field id="officer-status" label={t('adm.officers.status')}>
            <select
              id="officer-status"
              value={draft.status}
              onChange={(e) => {
                const next = e.currentTarget.value as OfficerFilter['status'];
                setDraft((v) => ({ ...v, status: next }));
              }}
            >
              <option value="">{t('adm.all')}</option>
              <option value="active">{t('adm.officers.active')}</option>
              <option value="disabled">{t('adm.officers.disabled')}</option>
            </select>
          </Field>
          <div class="form-actions">
            <button type="submit" class="button">
              {t('adm.filter')}
            </button>
          </div>
        </form>
        <LoadedView state={list} reload={reload}>
          {({ total, items }) => (
            <>
              <p class="adm-count" role="status">
                {total === 0
                  ? t('adm.officers.none')
                  : t('adm.officers.count', {
                      from: filter.offset + 1,
                      to: filter.offset + items.length,
                      total,
                    })}
              </p>
              <ul class="adm-list" data-testid="officer-list">
                {items.map((o) => (
                  <li key={o.id} class="adm-item">
                    <div class="adm-item-main">
                      <strong>{o.displayName}</strong> <span class="adm-code">{o.username}</span>
                      <OfficerBadges officer={o} />
                      <ul class="adm-positions">
                        {o.positions.map((p) => (
                          <li key={p.id}>
                            <PositionText position={p} />
                          </li>
                        ))}
                      </ul>
                    </div>
                    <button
                      type="button"
                      class="button adm-item-action"
                      aria-expanded={selected === o.id}
                      aria-controls="officer-editor"
                      onClick={() => {
                        setSelected(selected === o.id ? null : o.id);
                        setAdding(false);
                      }}
                    >
                      {t('adm.edit')}
                      <span class="visually-hidden"> {o.displayName}</span>
                    </button>
                  </li>
                ))}
              </ul>
              {total > PAGE_SIZE && (
                <div class="form-actions adm-pager">
                  <button
                    type="button"
                    class="button"
                    aria-disabled={filter.offset === 0}
                    onClick={() => {
                      if (filter.offset > 0)
                        setFilter({ ...filter, offset: Math.max(0, filter.offset - PAGE_SIZE) });
                    }}
                  >
                    {t('adm.previous')}
                  </button>
                  <button
                    type="button"
                    class="button"
                    aria-disabled={filter.offset + PAGE_SIZE >= total}
                    onClick={() => {
                      if (filter.offset + PAGE_SIZE < total)
                        setFilter({ ...filter, offset: filter.offset + PAGE_SIZE });
                    }}
                  >
                    {t('adm.next')}
                  </button>
                </div>
              )}
            </>
          )}
        </LoadedView>
        <div class="form-actions adm-below">
          <button
            type="button"
            class="button button-primary"
            aria-expanded={adding}
            aria-controls="officer-new"
            onClick={() => {
              setAdding(!adding);
              setSelected(null);
            }}
          >
            {t('adm.officers.add')}
          </button>
        </div>
      </section>

      {selected !== null && units.status === 'ready' && (
        <OfficerEditor key={selected} id={selected} units={units.data} onChanged={reload} />
      )}
      {adding && units.status === 'ready' && (
        <NewOfficer
          units={units.data}
          onCreated={(officer) => {
            setAdding(false);
            setFilter({ q: officer.username, role: '', status: '', offset: 0 });
            setDraft({ q: officer.username, role: '', status: '', offset: 0 });
            setSelected(officer.id);
          }}
        />
      )}

      <section class="card" aria-labelledby="officers-title">
        <h2 id="officers-title">{t('admin.officers')}</h2>
        <FileImport<OfficerImportResult>
          id="officer"
          exportUrl="/api/v1/admin/officers/export"
          importUrl="/api/v1/admin/officers/import"
          guard={isOfficerImportResult}
          fileLabel={t('admin.file')}
          downloadTitle={t('admin.download')}
          uploadTitle={t('admin.upload')}
          onImported={reload}
          counts={(r) => (
            <Counts
              rows={[
                [t('admin.accountsCreated'), r.accountsCreated, 'accountsCreated'],
                [t('admin.accountsUpdated'), r.accountsUpdated, 'accountsUpdated'],
                [t('admin.accountsUnchanged'), r.accountsUnchanged, 'accountsUnchanged'],
                [t('admin.positionsCreated'), r.positionsCreated, 'positionsCreated'],
                [t('admin.positionsUpdated'), r.positionsUpdated, 'positionsUpdated'],
                [t('admin.positionsEnded'), r.positionsEnded, 'positionsEnded'],
                [t('admin.positionsUnchanged'), r.positionsUnchanged, 'positionsUnchanged'],
              ]}
            />
          )}
        />
      </section>
    </>
  );
}

function OfficerBadges({ officer }: { officer: Officer }) {
  const { t } = useI18n();
  return (
    <span class="adm-badges">
      {officer.disabled && <span class="adm-badge adm-badge-off">{t('adm.officers.disabled')}</span>}
      {!officer.hasPassword && <span class="adm-badge">{t('adm.officers.noPassword')}</span>}
    </span>
  );
}

function PositionText({ position }: { position: Position }) {
  const { t, lang } = useI18n();
  const area = position.area?.name;
  const where = [position.agency?.name, area === undefined ? undefined : areaName({ kind: '', name: area })]
    .filter((x) => x !== undefined)
    .join(' – ');
  const today = todayInVietnam();
  const when =
    position.validTo !== null
      ? t('adm.officers.until', {
          from: showDate(position.validFrom, lang),
          to: showDate(position.validTo, lang),
        })
      : position.validFrom > today
        ? t('adm.officers.fromFuture', { from: showDate(position.validFrom, lang) })
        : t('adm.officers.since', { from: showDate(position.validFrom, lang) });
  return (
    <>
      {t(roleKey(position.role))}
      {where !== '' && <> · {where}</>} <span class="adm-when">({when})</span>
    </>
  );
}

interface Units {
  agencies: Agency[];
  areas: Area[];
}

function UnitSelects({
  idPrefix,
  units,
  agencyId,
  areaId,
  onChange,
}: {
  idPrefix: string;
  units: Units;
  agencyId: string;
  areaId: string;
  onChange: (next: { agencyId: string; areaId: string }) => void;
}) {
  const { t } = useI18n();
  const agencies = [...units.agencies].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const areas = [...units.areas].sort((a, b) => areaName(a).localeCompare(areaName(b), 'vi'));
  return (
    <>
      <Field id={`${idPrefix}-agency`} label={t('adm.officers.agency')}>
        <select
          id={`${idPrefix}-agency`}
          value={agencyId}
          onChange={(e) => {
            onChange({ agencyId: e.currentTarget.value, areaId });
          }}
        >
          <option value="">{t('adm.none')}</option>
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${idPrefix}-area`} label={t('adm.officers.area')}>
        <select
          id={`${idPrefix}-area`}
          value={areaId}
          onChange={(e) => {
            onChange({ agencyId, areaId: e.currentTarget.value });
          }}
        >
          <option value="">{t('adm.none')}</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {areaName(a)}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

function PositionForm({
  idPrefix,
  units,
  value,
  onChange,
}: {
  idPrefix: string;
  units: Units;
  value: { role: OfficerRole; agencyId: string; areaId: string; validFrom: string };
  onChange: (next: { role: OfficerRole; agencyId: string; areaId: string; validFrom: string }) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field
        id={`${idPrefix}-role`}
        label={t('adm.officers.role')}
        hint={
          ROLES_NEEDING_SCOPE.has(value.role)
            ? t('adm.officers.scopeNeeded')
            : t('adm.officers.scopeOptional')
        }
      >
        <select
          id={`${idPrefix}-role`}
          aria-describedby={`${idPrefix}-role-hint`}
          value={value.role}
          onChange={(e) => {
            onChange({ ...value, role: e.currentTarget.value as OfficerRole });
          }}
        >
          {OFFICER_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(roleKey(r))}
            </option>
          ))}
        </select>
      </Field>
      <UnitSelects
        idPrefix={idPrefix}
        units={units}
        agencyId={value.agencyId}
        areaId={value.areaId}
        onChange={(next) => {
          onChange({ ...value, ...next });
        }}
      />
      <Field id={`${idPrefix}-from`} label={t('adm.officers.validFrom')}>
        <input
          id={`${idPrefix}-from`}
          type="date"
          value={value.validFrom}
          onInput={(e) => {
            onChange({ ...value, validFrom: e.currentTarget.value });
          }}
        />
      </Field>
    </>
  );
}

const blank = (s: string) => (s.trim() === '' ? null : s.trim());

function OfficerEditor({ id, units, onChanged }: { id: string; units: Units; onChanged: () => void }) {
  const { t } = useI18n();
  const reveal = useReveal<HTMLElement>();
  const [officer, reload, replace] = useLoad((signal) => fetchOfficer(id, signal), id);
  return (
    <section
      class="card adm-editor"
      id="officer-editor"
      aria-labelledby="officer-editor-title"
      ref={reveal}
      tabIndex={-1}
    >
      <LoadedView state={officer} reload={reload}>
        {(o) => (
          <OfficerForms
            officer={o}
            units={units}
            onSaved={(next) => {
              replace(next);
              onChanged();
            }}
          />
        )}
      </LoadedView>
      {officer.status !== 'ready' && <h2 id="officer-editor-title">{t('adm.officers.editor')}</h2>}
    </section>
  );
}

function OfficerForms({
  officer,
  units,
  onSaved,
}: {
  officer: Officer;
  units: Units;
  onSaved: (officer: Officer) => void;
}) {
  const { t, lang } = useI18n();
  const toRefusal = useRefusal();
  const [profile, setProfile] = useState({
    displayName: officer.displayName,
    email: officer.email ?? '',
    phone: officer.phone ?? '',
  });
  const [position, setPosition] = useState({
    role: 'handler' as OfficerRole,
    agencyId: '',
    areaId: '',
    validFrom: todayInVietnam(),
  });
  const [endOn, setEndOn] = useState(todayInVietnam());
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<Officer>, done: MessageKey) => {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    setStatus(null);
    try {
      onSaved(await action());
      setStatus(t(done));
    } catch (error) {
      setRefusal(toRefusal(error));
    } finally {
      setBusy(false);
    }
  };
  const today = todayInVietnam();
  const open = officer.positions.filter((p) => p.validTo === null || p.validTo > today);
  const ended = officer.positions.filter((p) => p.validTo !== null && p.validTo <= today);

  return (
    <>
      <h2 id="officer-editor-title">
        {officer.displayName} <span class="adm-code">{officer.username}</span>
      </h2>
      <OfficerBadges officer={officer} />
      <Alert refusal={refusal} testId="officer-error" />
      <Status text={status} testId="officer-status" />

      <h3>{t('adm.officers.profile')}</h3>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void run(
            () =>
              updateOfficer(officer.id, {
                displayName: profile.displayName,
                email: blank(profile.email),
                phone: blank(profile.phone),
              }),
            'adm.saved',
          );
        }}
      >
        <Field id="officer-name" label={t('adm.officers.name')}>
          <input
            id="officer-name"
            value={profile.displayName}
            maxLength={200}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setProfile((v) => ({ ...v, displayName: next }));
            }}
          />
        </Field>
        <Field id="officer-email" label={t('adm.officers.email')}>
          <input
            id="officer-email"
            type="email"
            value={profile.email}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setProfile((v) => ({ ...v, email: next }));
            }}
          />
        </Field>
        <Field id="officer-phone" label={t('adm.officers.phone')}>
          <input
            id="officer-phone"
            type="tel"
            value={profile.phone}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setProfile((v) => ({ ...v, phone: next }));
            }}
          />
        </Field>
        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-disabled={busy}>
            {t('adm.save')}
          </button>
          <button
            type="button"
            class={officer.disabled ? 'button' : 'button button-danger'}
            aria-disabled={busy}
            data-testid="officer-lock"
            onClick={() => {
              void run(
                async () => {
                  await setOfficerDisabled(officer.id, !officer.disabled);
                  return fetchOfficer(officer.id);
                },
                officer.disabled ? 'adm.officers.enabled' : 'adm.officers.lockedDone',
              );
            }}
          >
            {t(officer.disabled ? 'adm.officers.enable' : 'adm.officers.disable')}
          </button>
        </div>
        <p class="field-hint">{t('adm.officers.disableHint')}</p>
      </form>

      <h3>{t('adm.officers.positions')}</h3>
      {open.length === 0 ? (
        <p>{t('adm.officers.noPositions')}</p>
      ) : (
        <>
          <Field id="officer-end-on" label={t('adm.officers.endOn')} hint={t('adm.officers.endHint')}>
            <input
              id="officer-end-on"
              type="date"
              aria-describedby="officer-end-on-hint"
              value={endOn}
              onInput={(e) => {
                setEndOn(e.currentTarget.value);
              }}
            />
          </Field>
          <ul class="adm-list">
            {open.map((p) => (
              <li key={p.id} class="adm-item">
                <span class="adm-item-main">
                  <PositionText position={p} />
                </span>
                <ConfirmButton
                  busy={busy}
                  label={
                    <>
                      {t('adm.officers.end')}
                      <span class="visually-hidden"> {t(roleKey(p.role))}</span>
                    </>
                  }
                  confirmLabel={t('adm.officers.confirmEnd', { date: showDate(endOn, lang) })}
                  onConfirm={() => {
                    void run(() => endPosition(officer.id, p.id, endOn), 'adm.officers.ended');
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      {ended.length > 0 && (
        <details class="adm-details">
          <summary>{t('adm.officers.past', { count: ended.length })}</summary>
          <ul>
            {ended.map((p) => (
              <li key={p.id}>
                <PositionText position={p} />
              </li>
            ))}
          </ul>
        </details>
      )}

      <h3>{t('adm.officers.addPosition')}</h3>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void run(
            () =>
              addPosition(officer.id, {
                role: position.role,
                agencyId: blank(position.agencyId),
                areaId: blank(position.areaId),
                ...(position.validFrom !== '' ? { validFrom: position.validFrom } : {}),
              }),
            'adm.officers.positionAdded',
          );
        }}
      >
        <PositionForm idPrefix="position" units={units} value={position} onChange={setPosition} />
        <button type="submit" class="button button-primary" aria-disabled={busy}>
          {t('adm.officers.addPositionButton')}
        </button>
      </form>
    </>
  );
}

function NewOfficer({ units, onCreated }: { units: Units; onCreated: (officer: Officer) => void }) {
  const { t } = useI18n();
  const reveal = useReveal<HTMLElement>();
  const toRefusal = useRefusal();
  const [values, setValues] = useState({ username: '', displayName: '', email: '', phone: '' });
  const [position, setPosition] = useState({
    role: 'handler' as OfficerRole,
    agencyId: '',
    areaId: '',
    validFrom: todayInVietnam(),
  });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section
      class="card adm-editor"
      id="officer-new"
      aria-labelledby="officer-new-title"
      ref={reveal}
      tabIndex={-1}
    >
      <h2 id="officer-new-title">{t('adm.officers.add')}</h2>
      <p class="field-hint">{t('adm.officers.addHint')}</p>
      <Alert refusal={refusal} testId="new-officer-error" />
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (busy) return;
          setBusy(true);
          setRefusal(null);
          createOfficer({
            username: values.username.trim(),
            displayName: values.displayName,
            email: blank(values.email),
            phone: blank(values.phone),
            position: {
              role: position.role,
              agencyId: blank(position.agencyId),
              areaId: blank(position.areaId),
              ...(position.validFrom !== '' ? { validFrom: position.validFrom } : {}),
            },
          }).then(onCreated, (error: unknown) => {
            setRefusal(toRefusal(error));
            setBusy(false);
          });
        }}
      >
        <Field id="new-username" label={t('signIn.username')} hint={t('adm.officers.usernameHint')}>
          <input
            id="new-username"
            autoComplete="off"
            aria-describedby="new-username-hint"
            value={values.username}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, username: next }));
            }}
          />
        </Field>
        <Field id="new-name" label={t('adm.officers.name')}>
          <input
            id="new-name"
            value={values.displayName}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, displayName: next }));
            }}
          />
        </Field>
        <Field id="new-email" label={t('adm.officers.email')}>
          <input
            id="new-email"
            type="email"
            value={values.email}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, email: next }));
            }}
          />
        </Field>
        <Field id="new-phone" label={t('adm.officers.phone')}>
          <input
            id="new-phone"
            type="tel"
            value={values.phone}
            onInput={(e) => {
              const next = e.currentTarget.value;
              setValues((v) => ({ ...v, phone: next }));
            }}
          />
        </Field>
        <PositionForm idPrefix="new-position" units={units} value={position} onChange={setPosition} />
        <button type="submit" class="button button-primary" aria-disabled={busy}>
          {t('adm.officers.create')}
        </button>
      </form>
    </section>
  );
}
