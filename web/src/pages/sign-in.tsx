// Sign-in page: citizens by a code sent by SMS, officers by username, password and a TOTP code.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  requestPhoneCode,
  signInWithPassword,
  startTotpSetup,
  verifyPhoneCode,
  verifyTotp,
  type CodeSent,
  type TotpSetup,
} from '../api.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { isAdmin, useSession, type SessionState } from '../session.js';

/** The version of the privacy notice this page summarises; the API records it with the new account. */
export const PRIVACY_VERSION = '2026-11';

type Tab = 'citizen' | 'officer';
const TABS: readonly { id: Tab; label: MessageKey }[] = [
  { id: 'citizen', label: 'signIn.tab.citizen' },
  { id: 'officer', label: 'signIn.tab.officer' },
];

export function SignInPage() {
  const { t } = useI18n();
  const { state, refresh } = useSession();
  const [tab, setTab] = useState<Tab>('citizen');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  /** After a sign-in: the header learns who it is, and the person goes where their work is. */
  const finish = async () => {
    const next: SessionState = await refresh();
    window.location.hash = isAdmin(next) ? '#/quan-tri' : '#/';
  };

  const select = (next: Tab, focus: boolean) => {
    setTab(next);
    if (focus) tabRefs.current[next]?.focus();
  };

  return (
    <div class="page sign-in">
      <h1>{t('signIn.title')}</h1>
      {state.status === 'signed_in' && (
        <p class="notice notice-info" data-testid="already-signed-in">
          {t('signIn.already')} <a href="#/">{t('pending.back')}</a>
        </p>
      )}
      <div class="card">
        <div class="tabs" role="tablist" aria-label={t('signIn.tabs')}>
          {TABS.map(({ id, label }, index) => (
            <button
              key={id}
              ref={(element) => {
                tabRefs.current[id] = element;
              }}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-controls={`panel-${id}`}
              aria-selected={tab === id}
              tabIndex={tab === id ? 0 : -1}
              data-testid={`tab-${id}`}
              onClick={() => {
                select(id, false);
              }}
              onKeyDown={(event) => {
                // Arrow keys move between tabs, as in every tab list (WAI-ARIA practices).
                const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
                if (step === 0) return;
                event.preventDefault();
                const next = TABS[(index + step + TABS.length) % TABS.length];
                if (next) select(next.id, true);
              }}
            >
              {t(label)}
            </button>
          ))}
        </div>
        {/* Both panels stay mounted so switching tabs keeps what was typed. */}
        <div role="tabpanel" id="panel-citizen" aria-labelledby="tab-citizen" hidden={tab !== 'citizen'}>
          <CitizenSignIn onSignedIn={finish} />
        </div>
        <div role="tabpanel" id="panel-officer" aria-labelledby="tab-officer" hidden={tab !== 'officer'}>
          <OfficerSignIn onSignedIn={finish} />
        </div>
      </div>
    </div>
  );
}

/** The message to show for a failed request: the API's own (already in the UI language), or ours. */
function useErrorText() {
  const { t } = useI18n();
  return (error: unknown): string =>
    error instanceof ApiError && error.userMessage !== null ? error.userMessage : t('signIn.unexpected');
}

/** Runs one request at a time for a form, with its error message. */
function useSubmit() {
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>, onError?: (error: unknown) => boolean) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      if (!onError?.(caught)) setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** Moves focus to the element once it is shown, so a new step is announced and typed into at once. */
function useFocusOnChange<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.focus();
  }, [key]);
  return ref;
}

function ErrorMessage({ text }: { text: string | null }) {
  // Always present, so screen readers announce the message when it appears.
  return (
    <div class="form-error" role="alert" data-testid="sign-in-error">
      {text}
    </div>
  );
}

function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint !== undefined && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
    </div>
  );
}

function SubmitButton({ busy, label }: { busy: boolean; label: string }) {
  const { t } = useI18n();
  return (
    <button type="submit" class="button button-primary" aria-disabled={busy}>
      {busy ? t('signIn.working') : label}
    </button>
  );
}

// Citizens.

type CitizenStep = { step: 'phone' } | { step: 'code'; sent: CodeSent; resendAt: number; consent: boolean };

/** Seconds left until `at`, ticking once a second while above zero. */
function useSecondsUntil(at: number | null): number {
  const left = () => (at === null ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    setSeconds(left());
    if (at === null) return;
    const timer = window.setInterval(() => {
      const next = left();
      setSeconds(next);
      if (next === 0) window.clearInterval(timer);
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
    // `left` only reads `at`.
  }, [at]);
  return seconds;
}

function CitizenSignIn({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [state, setState] = useState<CitizenStep>({ step: 'phone' });
  const { busy, error, setError, run } = useSubmit();
  const resendIn = useSecondsUntil(state.step === 'code' ? state.resendAt : null);
  const focusKey = state.step === 'code' ? (state.consent ? 'consent' : 'code') : 'phone';
  const stepRef = useFocusOnChange<HTMLHeadingElement>(focusKey);
  const [info, setInfo] = useState<string | null>(null);

  const sendCode = () =>
    run(async () => {
      const sent = await requestPhoneCode(phone.trim());
      setState({ step: 'code', sent, resendAt: Date.now() + sent.resendAfterSeconds * 1000, consent: false });
      setInfo(t('signIn.codeSent', { sentTo: sent.sentTo }));
    });

  const verify = () =>
    run(
      async () => {
        if (state.step !== 'code') return;
        if (state.consent && !accepted) {
          setError(t('signIn.privacyRequired'));
          return;
        }
        await verifyPhoneCode(phone.trim(), code.trim(), state.consent ? PRIVACY_VERSION : undefined);
        await onSignedIn();
      },
      (caught) => {
        // First sign-in with this number: the account is created only once the notice is accepted.
        if (
          caught instanceof ApiError &&
          caught.code === 'privacy_consent_required' &&
          state.step === 'code'
        ) {
          setState({ ...state, consent: true });
          return true;
        }
        return false;
      },
    );

  if (state.step === 'phone') {
    return (
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (phone.trim() === '') setError(t('signIn.phoneMissing'));
          else void sendCode();
        }}
      >
        <h2 class="step-title" tabIndex={-1} ref={stepRef}>
          {t('signIn.citizenTitle')}
        </h2>
        <Field id="sign-in-phone" label={t('signIn.phone')} hint={t('signIn.phoneHint')}>
          <input
            id="sign-in-phone"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            aria-describedby="sign-in-phone-hint"
            value={phone}
            onInput={(event) => {
              setPhone(event.currentTarget.value);
            }}
          />
        </Field>
        <ErrorMessage text={error} />
        <SubmitButton busy={busy} label={t('signIn.sendCode')} />
      </form>
    );
  }

  return (
    <form
      class="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (code.trim() === '') setError(t('signIn.codeMissing'));
        else void verify();
      }}
    >
      {state.consent ? (
        <section class="privacy" aria-labelledby="privacy-title" data-testid="privacy-notice">
          <h2 class="step-title" id="privacy-title" tabIndex={-1} ref={stepRef}>
            {t('signIn.privacyTitle')}
          </h2>
          <p>{t('signIn.privacyIntro')}</p>
          <ul>
            <li>{t('signIn.privacy1')}</li>
            <li>{t('signIn.privacy2')}</li>
            <li>{t('signIn.privacy3')}</li>
          </ul>
          <p class="field-hint">{t('signIn.privacyVersion', { version: PRIVACY_VERSION })}</p>
          <div class="check">
            <input
              id="privacy-accept"
              type="checkbox"
              checked={accepted}
              onChange={(event) => {
                setAccepted(event.currentTarget.checked);
              }}
            />
            <label for="privacy-accept">{t('signIn.privacyAccept')}</label>
          </div>
        </section>
      ) : (
        <>
          <h2 class="step-title" tabIndex={-1} ref={stepRef}>
            {t('signIn.codeTitle')}
          </h2>
          <p class="notice notice-info" role="status" data-testid="code-sent">
            {info}
          </p>
          <Field id="sign-in-code" label={t('signIn.code')}>
            <input
              id="sign-in-code"
              name="code"
              class="input-code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onInput={(event) => {
                setCode(event.currentTarget.value);
              }}
            />
          </Field>
        </>
      )}
      <ErrorMessage text={error} />
      <SubmitButton busy={busy} label={state.consent ? t('signIn.privacyContinue') : t('signIn.submit')} />
      {!state.consent && (
        <div class="form-actions">
          <button
            type="button"
            class="link-button"
            data-testid="resend"
            aria-disabled={resendIn > 0 || busy}
            onClick={() => {
              if (resendIn === 0 && !busy) void sendCode();
            }}
          >
            {resendIn > 0 ? t('signIn.resendIn', { seconds: resendIn }) : t('signIn.resend')}
          </button>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setCode('');
              setError(null);
              setState({ step: 'phone' });
            }}
          >
            {t('signIn.changePhone')}
          </button>
        </div>
      )}
    </form>
  );
}

// Officers.

type OfficerStep = { step: 'password' } | { step: 'totp' } | { step: 'setup'; setup: TotpSetup | null };

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`, easier to copy by hand. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

function OfficerSignIn({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [state, setState] = useState<OfficerStep>({ step: 'password' });
  const { busy, error, setError, run } = useSubmit();
  const stepRef = useFocusOnChange<HTMLHeadingElement>(state.step);

  const signIn = () =>
    run(async () => {
      const result = await signInWithPassword(username.trim(), password);
      setPassword('');
      if (result === 'signed_in') {
        await onSignedIn();
      } else if (result === 'second_factor_required') {
        setState({ step: 'totp' });
      } else {
        setState({ step: 'setup', setup: null });
        const setup = await startTotpSetup();
        setState({ step: 'setup', setup });
      }
    });

  const verify = () =>
    run(async () => {
      await verifyTotp(code.trim());
      await onSignedIn();
    });

  if (state.step === 'password') {
    return (
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (username.trim() === '' || password === '') setError(t('signIn.credentialsMissing'));
          else void signIn();
        }}
      >
        <h2 class="step-title" tabIndex={-1} ref={stepRef}>
          {t('signIn.officerTitle')}
        </h2>
        <Field id="sign-in-username" label={t('signIn.username')}>
          <input
            id="sign-in-username"
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            value={username}
            onInput={(event) => {
              setUsername(event.currentTarget.value);
            }}
          />
        </Field>
        <Field id="sign-in-password" label={t('signIn.password')}>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(event) => {
              setPassword(event.currentTarget.value);
            }}
          />
        </Field>
        <ErrorMessage text={error} />
        <SubmitButton busy={busy} label={t('signIn.submit')} />
      </form>
    );
  }

  const setup = state.step === 'setup' ? state.setup : null;
  return (
    <form
      class="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (code.trim() === '') setError(t('signIn.codeMissing'));
        else void verify();
      }}
    >
      <h2 class="step-title" tabIndex={-1} ref={stepRef}>
        {state.step === 'setup' ? t('signIn.setupTitle') : t('signIn.totpTitle')}
      </h2>
      {state.step === 'setup' ? (
        <>
          <p>{t('signIn.setupIntro')}</p>
          {setup === null ? (
            <p role="status">{t('signIn.setupLoading')}</p>
          ) : (
            <dl class="totp-setup">
              <dt>{t('signIn.setupSecret')}</dt>
              <dd class="secret" data-testid="totp-secret">
                {groupSecret(setup.secret)}
              </dd>
              <dt>{t('signIn.setupLink')}</dt>
              <dd class="otpauth">
                <a href={setup.uri} data-testid="totp-uri">
                  {setup.uri}
                </a>
              </dd>
            </dl>
          )}
        </>
      ) : (
        <p>{t('signIn.totpIntro')}</p>
      )}
      <Field id="sign-in-totp" label={t('signIn.totpCode')}>
        <input
          id="sign-in-totp"
          name="totp"
          class="input-code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onInput={(event) => {
            setCode(event.currentTarget.value);
          }}
        />
      </Field>
      <ErrorMessage text={error} />
      <SubmitButton busy={busy} label={t('signIn.verify')} />
      <div class="form-actions">
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setCode('');
            setError(null);
            setState({ step: 'password' });
          }}
        >
          {t('signIn.startOver')}
        </button>
      </div>
    </form>
  );
}
