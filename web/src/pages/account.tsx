// The signed-in person's account (`#/tai-khoan`): the profile (display name editable), downloading everything the
// system holds about them, and deleting the account (personal data erased, reports kept without them).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiRequest } from '../api.js';
import { formatDateTimeVN, formatPhoneVN } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { signInHref, useSession } from '../session.js';
import { LoadError } from '../components/load-error.js';

interface FullProfile {
  kind: 'citizen' | 'officer';
  username: string | null;
  displayName: string;
  phone: string | null;
  email: string | null;
  privacyVersion: string | null;
  createdAt: string;
}

const orNull = (v: unknown) => v === null || typeof v === 'string';
const isFullProfile = (v: unknown): v is FullProfile => {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    (p.kind === 'citizen' || p.kind === 'officer') &&
    typeof p.displayName === 'string' &&
    typeof p.createdAt === 'string' &&
    orNull(p.username) &&
    orNull(p.phone) &&
    orNull(p.email) &&
    orNull(p.privacyVersion)
  );
};

type State =
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'ready'; profile: FullProfile }
  | { status: 'deleted' };

export function AccountPage() {
  const { t, lang } = useI18n();
  const session = useSession();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const signedIn = session.state.status === 'signed_in';

  useEffect(() => {
    session.ensureChecked();
  }, [session]);

  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    apiRequest('GET', '/api/v1/me/profile', { guard: isFullProfile, signal: controller.signal }).then(
      (profile) => {
        if (!controller.signal.aborted && profile) setState({ status: 'ready', profile });
      },
      () => {
        if (!controller.signal.aborted) setState({ status: 'error' });
      },
    );
    return () => {
      controller.abort();
    };
  }, [signedIn, attempt]);

  if (state.status === 'deleted')
    return (
      <div class="page account-page">
        <h1>{t('myAccount.title')}</h1>
        <p role="status">{t('myAccount.deleted')}</p>
      </div>
    );
  if (session.state.status === 'signed_out')
    return (
      <div class="page account-page">
        <h1>{t('myAccount.title')}</h1>
        <p>{t('myAccount.signedOut')}</p>
        <p>
          <a class="button button-primary" href={signInHref('/tai-khoan')}>
            {t('myAccount.signInLink')}
          </a>
        </p>
      </div>
    );
  return (
    <div class="page account-page" aria-busy={state.status === 'loading'}>
      <h1>{t('myAccount.title')}</h1>
      {state.status === 'loading' && <p role="status">{t('myAccount.loading')}</p>}
      {state.status === 'error' && (
        <LoadError
          message={t('myAccount.error')}
          retry={t('myAccount.retry')}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {state.status === 'ready' && (
        <>
          <ProfileForm
            profile={state.profile}
            onSaved={(profile) => {
              setState({ status: 'ready', profile });
              void session.refresh();
            }}
          />
          <section class="card" aria-labelledby="data-title">
            <h2 id="data-title">{t('myAccount.dataTitle')}</h2>
            <p>{t('myAccount.dataText')}</p>
            <a
              class="button"
              href="/api/v1/me/data"
              download="pakn-du-lieu-cua-toi.json"
              data-testid="download-data"
            >
              {t('myAccount.dataDownload')}
            </a>
          </section>
          {state.profile.kind === 'citizen' ? (
            <DeleteAccount
              onDeleted={() => {
                setState({ status: 'deleted' });
                void session.refresh();
              }}
            />
          ) : (
            <p class="muted">{t('myAccount.officerNote')}</p>
          )}
          <p class="muted" lang={lang}>
            {t('myAccount.since')}: {formatDateTimeVN(new Date(state.profile.createdAt))}
          </p>
        </>
      )}
    </div>
  );
}

function ProfileForm({ profile, onSaved }: { profile: FullProfile; onSaved: (p: FullProfile) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(profile.displayName);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <section class="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('myAccount.profile')}</h2>
      <dl class="facts">
        <div>
          <dt>{t('myAccount.phone')}</dt>
          <dd>{profile.phone === null ? t('myAccount.none') : formatPhoneVN(profile.phone)}</dd>
        </div>
        <div>
          <dt>{t('myAccount.email')}</dt>
          <dd>{profile.email ?? t('myAccount.none')}</dd>
        </div>
        {profile.privacyVersion !== null && (
          <div>
            <dt>{t('myAccount.privacy')}</dt>
            <dd>{profile.privacyVersion}</dd>
          </div>
        )}
      </dl>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          const displayName = name.trim();
          if (displayName === '') {
            setProblem(t('myAccount.displayNameMissing'));
            return;
          }
          setBusy(true);
          setProblem(null);
          apiRequest('PATCH', '/api/v1/me/profile', { body: { displayName }, guard: isFullProfile })
            .then((p) => {
              if (p) onSaved(p);
              setSaved(true);
            })
            .catch((error: unknown) => {
              setProblem(
                error instanceof ApiError && error.userMessage ? error.userMessage : t('myAccount.error'),
              );
            })
            .finally(() => {
              setBusy(false);
            });
        }}
      >
        <div class="field">
          <label for="display-name">{t('myAccount.displayName')}</label>
          <input
            id="display-name"
            value={name}
            maxLength={200}
            autoComplete="name"
            aria-describedby={`display-name-hint${problem ? ' display-name-problem' : ''}`}
            aria-invalid={problem !== null}
            onInput={(event) => {
              setName(event.currentTarget.value);
            }}
          />
          <p id="display-name-hint" class="field-hint">
            {t('myAccount.displayNameHint')}
          </p>
          {problem !== null && (
            <p id="display-name-problem" class="form-error" role="alert">
              {problem}
            </p>
          )}
        </div>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? t('myAccount.working') : t('myAccount.save')}
        </button>
        <p role="status" class="saved">
          {saved ? t('myAccount.saved') : ''}
        </p>
      </form>
    </section>
  );
}

function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section class="card card-danger" aria-labelledby="delete-title">
      <h2 id="delete-title">{t('myAccount.deleteTitle')}</h2>
      <p>{t('myAccount.deleteText')}</p>
      {!open ? (
        <button
          type="button"
          class="button button-danger"
          onClick={() => {
            setOpen(true);
          }}
        >
          {t('myAccount.deleteStart')}
        </button>
      ) : (
        <div class="confirm">
          <label class="check">
            <input
              type="checkbox"
              checked={understood}
              onChange={(event) => {
                setUnderstood(event.currentTarget.checked);
              }}
            />
            {t('myAccount.deleteConfirmLabel')}
          </label>
          {problem !== null && (
            <p class="form-error" role="alert">
              {problem}
            </p>
          )}
          <div class="actions">
            <button
              type="button"
              class="button button-danger"
              disabled={!understood || busy}
              onClick={() => {
                setBusy(true);
                setProblem(null);
                apiRequest('DELETE', '/api/v1/me')
                  .then(onDeleted)
                  .catch((error: unknown) => {
                    setProblem(
                      error instanceof ApiError && error.userMessage
                        ? error.userMessage
                        : t('myAccount.error'),
                    );
                  })
                  .finally(() => {
                    setBusy(false);
                  });
              }}
            >
              {busy ? t('myAccount.working') : t('myAccount.deleteConfirm')}
            </button>
            <button
              type="button"
              class="button"
              onClick={() => {
                setOpen(false);
                setUnderstood(false);
              }}
            >
              {t('myAccount.deleteCancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
