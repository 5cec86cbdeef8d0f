// Sign-in page (`#/dang-nhap`): citizens by a code sent by SMS or a link sent by e-mail, officers by username,
// password and a TOTP code, anyone by single sign-on when it is configured. `?ve=/path` brings the person back
// to the page they came from. Also the page an e-mailed link opens (`#/dang-nhap/email?ma=…`) and single
// sign-on's consent step for a new citizen (`#/dang-nhap/dong-y`).
import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
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
import {
  completeSsoRegistration,
  fetchSignInMethods,
  fetchSsoRegistration,
  requestEmailLink,
  ssoStartUrl,
  verifyEmailLink,
  type SignInMethods,
  type SsoRegistration,
} from '../api-sign-in.js';
import { formatPhoneVN } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import {
  expectSignIn,
  hashParams,
  isAdmin,
  safeReturnPath,
  signInHref,
  useSession,
  type SessionState,
} from '../session.js';
import { NotFoundPage } from './pending.js';

/** The version of the privacy notice this page summarises; the API records it with the new account. */
export const PRIVACY_VERSION = '2026-11';
/** The full notice, a guide of the content (`content/guides.json`). */
export const PRIVACY_NOTICE_HREF = '#/huong-dan/bao-ve-du-lieu-ca-nhan';

/** `step`: what follows `/dang-nhap/` in the address (`email`, `dong-y`), or null for the sign-in forms. */
export function SignInPage({ step = null }: { step?: string | null }) {
  if (step === 'email') return <EmailLinkPage />;
  if (step === 'dong-y') return <SsoConsentPage />;
  if (step !== null) return <NotFoundPage />;
  return <SignInForms />;
}

/** The parameters of the address (`#/dang-nhap?ve=…&cach=email`), following changes of the address. */
function useHashParams(): URLSearchParams {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => {
      setHash(window.location.hash);
    };
    window.addEventListener('hashchange', onChange);
    onChange();
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);
  return useMemo(() => hashParams(hash), [hash]);
}

/**
 * After a sign-in: the header learns who it is, and the person goes back to the page they came from, else
 * where their work is. The sign-in page is replaced in the history: Back does not return to a used form.
 */
function useFinish() {
  const { refresh } = useSession();
  return async (returnPath: string | null) => {
    const next: SessionState = await refresh();
    goTo(returnPath ?? (isAdmin(next) ? '/quan-tri' : '/'));
  };
}

function goTo(path: string) {
  window.location.replace(`#${path}`);
}

/** Single sign-on, when the deployment offers it (asked once per visit of the page; without an answer, not offered). */
function useSignInMethods(): SignInMethods {
  const [methods, setMethods] = useState<SignInMethods>({ sso: null });
  useEffect(() => {
    const controller = new AbortController();
    fetchSignInMethods(controller.signal).then(
      (answer) => {
        if (!controller.signal.aborted) setMethods(answer);
      },
      () => {
        // Phone, e-mail and password still work.
      },
    );
    return () => {
      controller.abort();
    };
  }, []);
  return methods;
}

type Tab = 'citizen' | 'officer';
const TABS: readonly TabItem<Tab>[] = [
  { id: 'citizen', label: 'signIn.tab.citizen' },
  { id: 'officer', label: 'signIn.tab.officer' },
];
type Method = 'phone' | 'email';
const METHODS: readonly TabItem<Method>[] = [
  { id: 'phone', label: 'signIn.method.phone' },
  { id: 'email', label: 'signIn.method.email' },
];

function SignInForms() {
  const { t } = useI18n();
  const { state } = useSession();
  const params = useHashParams();
  const returnPath = safeReturnPath(params.get('ve'));
  const methods = useSignInMethods();
  const finish = useFinish();
  const [tab, setTab] = useState<Tab>('citizen');
  const [method, setMethod] = useState<Method>(() => (params.get('cach') === 'email' ? 'email' : 'phone'));
  const onSignedIn = () => finish(returnPath);
  const sso = methods.sso;

  return (
    <div class="page sign-in">
      <h1>{t('signIn.title')}</h1>
      {state.status === 'signed_in' && (
        <p class="notice notice-info" data-testid="already-signed-in">
          {t('signIn.already')}{' '}
          <a href={`#${returnPath ?? '/'}`}>
            {t(returnPath === null ? 'pending.back' : 'signIn.backToPage')}
          </a>
        </p>
      )}
      {returnPath !== null && state.status !== 'signed_in' && (
        <p class="field-hint sign-in-return" data-testid="return-note">
          {t('signIn.returnNote')}
        </p>
      )}
      <div class="card">
        <Tabs label={t('signIn.tabs')} items={TABS} selected={tab} onSelect={setTab} />
        {/* Every panel stays mounted so switching tabs keeps what was typed. */}
        <div role="tabpanel" id="panel-citizen" aria-labelledby="tab-citizen" hidden={tab !== 'citizen'}>
          <MethodChoice selected={method} onSelect={setMethod} />
          {/* Not labelled by the choice's name: "Số điện thoại" must name one thing, the phone field. */}
          <div id="panel-method-phone" hidden={method !== 'phone'}>
            <PhoneSignIn onSignedIn={onSignedIn} />
          </div>
          <div id="panel-method-email" hidden={method !== 'email'}>
            <EmailSignIn returnPath={returnPath} onSignedIn={onSignedIn} />
          </div>
          {sso?.accountKind === 'citizen' && <SsoStart returnPath={returnPath} />}
        </div>
        <div role="tabpanel" id="panel-officer" aria-labelledby="tab-officer" hidden={tab !== 'officer'}>
          <OfficerSignIn onSignedIn={onSignedIn} />
          {sso?.accountKind === 'officer' && <SsoStart returnPath={returnPath} />}
        </div>
      </div>
    </div>
  );
}

interface TabItem<T extends string> {
  id: T;
  label: MessageKey;
}

/** Arrow keys move to the previous or next item, round the ends (WAI-ARIA practices for tabs and radio groups). */
function arrowStep(key: string, vertical: boolean): number {
  if (key === 'ArrowRight' || (vertical && key === 'ArrowDown')) return 1;
  if (key === 'ArrowLeft' || (vertical && key === 'ArrowUp')) return -1;
  return 0;
}

/** Who signs in: a tab list; tab `x` controls the panel `panel-x`. */
function Tabs<T extends string>({
  label,
  items,
  selected,
  onSelect,
}: {
  label: string;
  items: readonly TabItem<T>[];
  selected: T;
  onSelect: (tab: T) => void;
}) {
  const { t } = useI18n();
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});
  return (
    <div class="tabs" role="tablist" aria-label={label}>
      {items.map((item, index) => (
        <button
          key={item.id}
          ref={(element) => {
            refs.current[item.id] = element;
          }}
          type="button"
          role="tab"
          id={`tab-${item.id}`}
          aria-controls={`panel-${item.id}`}
          aria-selected={selected === item.id}
          tabIndex={selected === item.id ? 0 : -1}
          data-testid={`tab-${item.id}`}
          onClick={() => {
            onSelect(item.id);
          }}
          onKeyDown={(event) => {
            const step = arrowStep(event.key, false);
            if (step === 0) return;
            event.preventDefault();
            const next = items[(index + step + items.length) % items.length];
            if (next) {
              onSelect(next.id);
              refs.current[next.id]?.focus();
            }
          }}
        >
          {t(item.label)}
        </button>
      ))}
    </div>
  );
}

/** Phone or e-mail: a radio group drawn as two joined buttons; arrow keys move and choose. */
function MethodChoice({ selected, onSelect }: { selected: Method; onSelect: (method: Method) => void }) {
  const { t } = useI18n();
  const refs = useRef<Partial<Record<Method, HTMLButtonElement | null>>>({});
  return (
    <div class="method-choice" role="radiogroup" aria-label={t('signIn.methods')}>
      {METHODS.map((item, index) => (
        <button
          key={item.id}
          ref={(element) => {
            refs.current[item.id] = element;
          }}
          type="button"
          role="radio"
          aria-checked={selected === item.id}
          aria-controls={`panel-method-${item.id}`}
          tabIndex={selected === item.id ? 0 : -1}
          data-testid={`method-${item.id}`}
          onClick={() => {
            onSelect(item.id);
          }}
          onKeyDown={(event) => {
            const step = arrowStep(event.key, true);
            if (step === 0) return;
            event.preventDefault();
            const next = METHODS[(index + step + METHODS.length) % METHODS.length];
            if (next) {
              onSelect(next.id);
              refs.current[next.id]?.focus();
            }
          }}
        >
          {t(item.label)}
        </button>
      ))}
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

function SubmitButton({ busy, label, waiting = false }: { busy: boolean; label: string; waiting?: boolean }) {
  const { t } = useI18n();
  return (
    <button type="submit" class="button button-primary" aria-disabled={busy || waiting}>
      {busy ? t('signIn.working') : label}
    </button>
  );
}

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

/** `40` → "40 giây", `60` → "60 giây", `75` → "1 phút 15 giây", `120` → "2 phút". */
function useDuration() {
  const { t } = useI18n();
  return (seconds: number): string => {
    const minutes = Math.floor(seconds / 60);
    if (seconds <= 60) return t('signIn.waitSeconds', { seconds });
    if (seconds % 60 === 0) return t('signIn.waitWholeMinutes', { minutes });
    return t('signIn.waitMinutes', { minutes, seconds: seconds % 60 });
  };
}

// The privacy notice, before a citizen's account exists.

type ConsentVia = 'phone' | 'email' | 'sso';
const CONSENT_TEXT: Readonly<Record<ConsentVia, { intro: MessageKey; first: MessageKey }>> = {
  phone: { intro: 'signIn.privacyIntro', first: 'signIn.privacy1' },
  email: { intro: 'signIn.privacyIntroEmail', first: 'signIn.privacy1Email' },
  sso: { intro: 'signIn.privacyIntroSso', first: 'signIn.privacy1Sso' },
};

/**
 * The notice's key points, a link to the whole of it, and the box to tick. Silence is not consent (Decree
 * 13/2023/NĐ-CP art. 11): the box starts unticked and nothing is sent until it is ticked.
 */
function PrivacyConsent({
  via,
  version,
  accepted,
  onAccept,
  titleRef,
  children,
}: {
  via: ConsentVia;
  version: string;
  accepted: boolean;
  onAccept: (accepted: boolean) => void;
  titleRef: Ref<HTMLHeadingElement>;
  /** Shown between the introduction and the key points (single sign-on: what the account would hold). */
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  const text = CONSENT_TEXT[via];
  return (
    <section class="privacy" aria-labelledby="privacy-title" data-testid="privacy-notice">
      <h2 class="step-title" id="privacy-title" tabIndex={-1} ref={titleRef}>
        {t('signIn.privacyTitle')}
      </h2>
      <p>{t(text.intro)}</p>
      {children}
      <ul>
        <li>{t(text.first)}</li>
        <li>{t('signIn.privacy2')}</li>
        <li>{t('signIn.privacy3')}</li>
      </ul>
      <p class="privacy-full">
        <a href={PRIVACY_NOTICE_HREF} target="_blank" rel="noopener" data-testid="privacy-full">
          {t('signIn.privacyFull')} <span class="field-hint-inline">{t('signIn.newTab')}</span>
        </a>
      </p>
      <p class="field-hint">{t('signIn.privacyVersion', { version })}</p>
      <div class="check">
        <input
          id="privacy-accept"
          type="checkbox"
          checked={accepted}
          onChange={(event) => {
            onAccept(event.currentTarget.checked);
          }}
        />
        <label for="privacy-accept">{t('signIn.privacyAccept')}</label>
      </div>
    </section>
  );
}

// Citizens: phone.

type PhoneStep = { step: 'phone' } | { step: 'code'; sent: CodeSent; resendAt: number; consent: boolean };

function PhoneSignIn({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [state, setState] = useState<PhoneStep>({ step: 'phone' });
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
        <PrivacyConsent
          via="phone"
          version={PRIVACY_VERSION}
          accepted={accepted}
          onAccept={setAccepted}
          titleRef={stepRef}
        />
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

// Citizens: e-mail.

/** Enough of a check to catch a typo before asking the API, which checks again. */
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

type EmailStep = { step: 'address' } | { step: 'sent'; email: string; minutes: number; resent: boolean };

function EmailSignIn({
  returnPath,
  onSignedIn,
}: {
  returnPath: string | null;
  onSignedIn: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { state: session } = useSession();
  const duration = useDuration();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<EmailStep>({ step: 'address' });
  /** When the next link may be asked for: the API's pace after a link, or its Retry-After after a refusal. */
  const [nextAt, setNextAt] = useState<number | null>(null);
  const waitFor = useSecondsUntil(nextAt);
  const { busy, error, setError, run } = useSubmit();
  const stepRef = useFocusOnChange<HTMLHeadingElement>(state.step);
  /** Whether nobody was signed in here when the link was sent: then a sign-in in another tab ends the wait. */
  const waitingSignedOut = useRef(false);

  const send = (address: string, again: boolean) =>
    run(
      async () => {
        const sent = await requestEmailLink(address, returnPath);
        setNextAt(Date.now() + sent.resendAfterSeconds * 1000);
        waitingSignedOut.current = session.status !== 'signed_in';
        setState({
          step: 'sent',
          email: address,
          minutes: Math.round(sent.expiresInSeconds / 60),
          resent: again,
        });
      },
      (caught) => {
        if (!(caught instanceof ApiError) || caught.status !== 429) return false;
        const seconds = caught.retryAfterSeconds ?? 60;
        setNextAt(Date.now() + seconds * 1000);
        // Said once, with the wait at that moment; the button counts down (a live message would be re-read every second).
        setError(t('signIn.rateLimited', { time: duration(seconds) }));
        return true;
      },
    );

  // The link opened in another tab of this browser signed in there: this tab follows (SessionProvider hears it).
  useEffect(() => {
    if (state.step === 'sent' && waitingSignedOut.current && session.status === 'signed_in') {
      waitingSignedOut.current = false;
      void onSignedIn();
    }
  }, [state.step, session.status]);

  if (state.step === 'address') {
    const address = email.trim();
    return (
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (address === '') setError(t('signIn.emailMissing'));
          else if (!EMAIL_SHAPE.test(address)) setError(t('signIn.emailInvalid'));
          else if (waitFor === 0) void send(address, false);
        }}
      >
        <h2 class="step-title" tabIndex={-1} ref={stepRef}>
          {t('signIn.emailTitle')}
        </h2>
        <Field id="sign-in-email" label={t('signIn.email')} hint={t('signIn.emailHint')}>
          <input
            id="sign-in-email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            autoCapitalize="none"
            spellcheck={false}
            aria-describedby="sign-in-email-hint"
            value={email}
            onInput={(event) => {
              setEmail(event.currentTarget.value);
              // Another address has its own pace.
              setNextAt(null);
            }}
          />
        </Field>
        <ErrorMessage text={error} />
        <SubmitButton
          busy={busy}
          waiting={waitFor > 0}
          label={waitFor > 0 ? t('signIn.sendLinkIn', { time: duration(waitFor) }) : t('signIn.sendLink')}
        />
      </form>
    );
  }

  return (
    <div class="form" data-testid="link-sent">
      <h2 class="step-title" tabIndex={-1} ref={stepRef}>
        {t('signIn.linkSentTitle')}
      </h2>
      <div class="notice notice-info" role="status">
        <p data-testid="link-sent-to">
          <Emphasised
            message={t(state.resent ? 'signIn.linkResent' : 'signIn.linkSent', { email: MARK })}
            part={state.email}
          />
        </p>
        <p>{t('signIn.linkValidity', { minutes: state.minutes })}</p>
      </div>
      <p class="field-hint" data-testid="spam-hint">
        {t('signIn.spamHint')}
      </p>
      <ErrorMessage text={error} />
      <div class="form-actions">
        <button
          type="button"
          class="link-button"
          data-testid="resend-link"
          aria-disabled={waitFor > 0 || busy}
          onClick={() => {
            if (waitFor === 0 && !busy) void send(state.email, true);
          }}
        >
          {waitFor > 0 ? t('signIn.resendLinkIn', { time: duration(waitFor) }) : t('signIn.resendLink')}
        </button>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setError(null);
            setNextAt(null);
            setState({ step: 'address' });
          }}
        >
          {t('signIn.changeEmail')}
        </button>
      </div>
    </div>
  );
}

/** Stands for a placeholder's value in a message, to show that value apart (in bold). */
const MARK = '\u0000';

/** `message` with its MARK replaced by `part` in bold: the address to check for a typo stands out. */
function Emphasised({ message, part }: { message: string; part: string }) {
  const [before = '', after = ''] = message.split(MARK);
  return (
    <>
      {before}
      <strong class="sent-to">{part}</strong>
      {after}
    </>
  );
}

/** A link to the identity provider: a full page load, back here signed in (or to the consent step). */
function SsoStart({ returnPath }: { returnPath: string | null }) {
  const { t } = useI18n();
  return (
    <div class="sso" data-testid="sso">
      <p class="sso-or">
        <span>{t('signIn.or')}</span>
      </p>
      <a class="button" href={ssoStartUrl(returnPath)} data-testid="sso-start" onClick={expectSignIn}>
        {t('signIn.sso')}
      </a>
      <p class="field-hint">{t('signIn.ssoHint')}</p>
    </div>
  );
}

// The page an e-mailed link opens: `#/dang-nhap/email?ma=TOKEN&ve=/phan-anh/…`.

/** The API's tokens: 32 random bytes in base64url; anything else is no link of ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{30,60}$/;

type LinkState =
  { step: 'checking' } | { step: 'consent' } | { step: 'invalid' } | { step: 'error'; message: string };

function EmailLinkPage() {
  const { t } = useI18n();
  const params = useHashParams();
  const token = params.get('ma') ?? '';
  // From the link, which anyone can edit: checked again here, as the server did when it made the link.
  const returnPath = safeReturnPath(params.get('ve'));
  const finish = useFinish();
  const errorText = useErrorText();
  const [state, setState] = useState<LinkState>(() =>
    TOKEN_SHAPE.test(token) ? { step: 'checking' } : { step: 'invalid' },
  );
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [consentError, setConsentError] = useState<string | null>(null);
  const stepRef = useFocusOnChange<HTMLHeadingElement>(state.step);

  const verify = async (acceptPrivacyVersion?: string) => {
    setBusy(true);
    setConsentError(null);
    try {
      await verifyEmailLink(token, acceptPrivacyVersion);
      await finish(returnPath);
    } catch (caught) {
      const consent = caught instanceof ApiError && caught.code === 'privacy_consent_required';
      const refused = caught instanceof ApiError && caught.status === 400;
      if (consent && acceptPrivacyVersion === undefined) setState({ step: 'consent' });
      // Used, expired, or no link of ours.
      else if (refused && !consent) setState({ step: 'invalid' });
      // Said next to the consent (the network, or a notice newer than this page): the link still works.
      else if (acceptPrivacyVersion !== undefined) setConsentError(errorText(caught));
      else setState({ step: 'error', message: errorText(caught) });
    } finally {
      setBusy(false);
    }
  };

  // Opening the link is the person's request to sign in: checked at once (a link checker that only fetches the
  // page runs no script, so it cannot use the link up).
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !TOKEN_SHAPE.test(token)) return;
    started.current = true;
    void verify();
  }, [token]);

  return (
    <div class="page sign-in">
      <h1>{t('signIn.title')}</h1>
      <div class="card" aria-busy={state.step === 'checking'}>
        {state.step === 'checking' && (
          <p role="status" data-testid="link-checking">
            {t('signIn.linkChecking')}
          </p>
        )}
        {state.step === 'consent' && (
          <form
            class="form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (busy) return;
              if (!accepted) setConsentError(t('signIn.privacyRequired'));
              else void verify(PRIVACY_VERSION);
            }}
          >
            <PrivacyConsent
              via="email"
              version={PRIVACY_VERSION}
              accepted={accepted}
              onAccept={setAccepted}
              titleRef={stepRef}
            />
            <ErrorMessage text={consentError} />
            <SubmitButton busy={busy} label={t('signIn.privacyContinue')} />
          </form>
        )}
        {state.step === 'invalid' && (
          <div data-testid="link-invalid">
            <h2 class="step-title" tabIndex={-1} ref={stepRef}>
              {t('signIn.linkInvalidTitle')}
            </h2>
            <p>{t('signIn.linkInvalid')}</p>
            <a class="button button-primary" href={signInHref(returnPath, { method: 'email' })}>
              {t('signIn.newLink')}
            </a>
          </div>
        )}
        {state.step === 'error' && (
          <div data-testid="link-error">
            <h2 class="step-title" tabIndex={-1} ref={stepRef}>
              {t('signIn.linkErrorTitle')}
            </h2>
            <div class="notice notice-error" role="alert">
              <p>{state.message}</p>
              <button
                type="button"
                class="button"
                onClick={() => {
                  setState({ step: 'checking' });
                  void verify();
                }}
              >
                {t('signIn.retry')}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

// Single sign-on's consent step (`#/dang-nhap/dong-y`): the server sends a new citizen here from its callback.

type ConsentState =
  | { step: 'loading' }
  | { step: 'ready'; registration: SsoRegistration }
  | { step: 'expired' }
  | { step: 'error'; message: string };

/** `/#/phan-anh/…` (the server's `returnTo`) → `/phan-anh/…`, checked; null for anything else. */
export function returnPathFromSite(returnTo: string): string | null {
  return returnTo.startsWith('/#') ? safeReturnPath(returnTo.slice(2)) : null;
}

function SsoConsentPage() {
  const { t } = useI18n();
  const finish = useFinish();
  const errorText = useErrorText();
  const [state, setState] = useState<ConsentState>({ step: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [accepted, setAccepted] = useState(false);
  const { busy, error, setError, run } = useSubmit();
  const stepRef = useFocusOnChange<HTMLHeadingElement>(state.step);

  useEffect(() => {
    const controller = new AbortController();
    fetchSsoRegistration(controller.signal).then(
      (registration) => {
        if (!controller.signal.aborted) setState({ step: 'ready', registration });
      },
      (caught: unknown) => {
        if (controller.signal.aborted) return;
        // 400: no sign-in waiting for consent in this browser (expired, finished elsewhere, never started);
        // 404: single sign-on is not configured at all.
        if (caught instanceof ApiError && (caught.status === 400 || caught.status === 404))
          setState({ step: 'expired' });
        else setState({ step: 'error', message: errorText(caught) });
      },
    );
    return () => {
      controller.abort();
    };
  }, [attempt]);

  const accept = (version: string) =>
    run(
      async () => {
        if (!accepted) {
          setError(t('signIn.privacyRequired'));
          return;
        }
        const returnTo = await completeSsoRegistration(version);
        await finish(returnPathFromSite(returnTo));
      },
      (caught) => {
        if (
          caught instanceof ApiError &&
          caught.status === 400 &&
          caught.code !== 'privacy_consent_required'
        ) {
          setState({ step: 'expired' });
          return true;
        }
        return false;
      },
    );

  return (
    <div class="page sign-in">
      <h1>{t('signIn.title')}</h1>
      <div class="card" aria-busy={state.step === 'loading'}>
        {state.step === 'loading' && <p role="status">{t('signIn.ssoLoading')}</p>}
        {state.step === 'ready' && (
          <form
            class="form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void accept(state.registration.privacyVersion);
            }}
          >
            <PrivacyConsent
              via="sso"
              version={state.registration.privacyVersion}
              accepted={accepted}
              onAccept={setAccepted}
              titleRef={stepRef}
            >
              <SsoDetails registration={state.registration} />
            </PrivacyConsent>
            <ErrorMessage text={error} />
            <SubmitButton busy={busy} label={t('signIn.privacyContinue')} />
          </form>
        )}
        {state.step === 'expired' && (
          <div data-testid="sso-expired">
            <h2 class="step-title" tabIndex={-1} ref={stepRef}>
              {t('signIn.ssoExpiredTitle')}
            </h2>
            <p>{t('signIn.ssoExpired')}</p>
            <a class="button button-primary" href={signInHref(null)}>
              {t('signIn.backToSignIn')}
            </a>
          </div>
        )}
        {state.step === 'error' && (
          <div class="notice notice-error" role="alert">
            <p>{state.message}</p>
            <button
              type="button"
              class="button"
              onClick={() => {
                setState({ step: 'loading' });
                setAttempt((n) => n + 1);
              }}
            >
              {t('signIn.retry')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function SsoDetails({ registration }: { registration: SsoRegistration }) {
  const { t } = useI18n();
  const none = <span class="muted">{t('signIn.ssoNone')}</span>;
  return (
    <div class="sso-details">
      <h3>{t('signIn.ssoDetails')}</h3>
      <dl data-testid="sso-details">
        <dt>{t('signIn.ssoName')}</dt>
        <dd>{registration.displayName.trim() === '' ? none : registration.displayName}</dd>
        <dt>{t('signIn.ssoEmail')}</dt>
        <dd>{registration.email ?? none}</dd>
        <dt>{t('signIn.ssoPhone')}</dt>
        <dd>{registration.phone === null ? none : formatPhoneVN(registration.phone)}</dd>
      </dl>
    </div>
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
