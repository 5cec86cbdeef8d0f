// "Theo dõi qua thư điện tử" on a public report, without an account: the address is sent once, the server mails
// a confirmation link (double opt-in), and the page says what to do next. The address stays on this page only.
import { useState } from 'preact/hooks';
import { requestEmailFollow } from '../api-follow.js';
import { useI18n } from '../i18n/index.js';
import { errorMessage } from './labels.js';

/** The same rule as the server's: one address, nothing that could make it several. */
const EMAIL = /^[^\s@,;<>()[\]"\\]+@[^\s@,;<>()[\]"\\]+\.[^\s@,;<>()[\]"\\]+$/;

export function EmailFollowForm({ code }: { code: string }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<'required' | 'invalid' | null>(null);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (sentTo !== null)
    return (
      <div class="email-follow" data-testid="email-follow">
        <p class="notice notice-success" role="status" data-testid="email-follow-sent">
          {t('follow.emailSent', { email: sentTo })}
        </p>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setSentTo(null);
            setEmail('');
          }}
        >
          {t('follow.emailAnother')}
        </button>
      </div>
    );

  return (
    <form
      class="form email-follow"
      noValidate
      data-testid="email-follow"
      onSubmit={(event) => {
        event.preventDefault();
        if (sending) return;
        setFailure(null);
        const address = email.trim();
        if (address === '') {
          setProblem('required');
          return;
        }
        if (!EMAIL.test(address) || address.length > 254) {
          setProblem('invalid');
          return;
        }
        setSending(true);
        requestEmailFollow(code, address).then(
          () => {
            setSending(false);
            setSentTo(address);
          },
          (error: unknown) => {
            setSending(false);
            setFailure(errorMessage(error, t, 'follow.actionError'));
          },
        );
      }}
    >
      <p>{t('follow.emailIntro')}</p>
      <div class="field">
        <label for="email-follow-address">{t('follow.emailLabel')}</label>
        <p class="field-hint" id="email-follow-hint">
          {t('follow.emailPrivacy')}
        </p>
        <input
          id="email-follow-address"
          type="email"
          inputMode="email"
          autoComplete="email"
          autoCapitalize="off"
          spellcheck={false}
          maxLength={254}
          value={email}
          aria-invalid={problem !== null ? true : undefined}
          aria-describedby={problem !== null ? 'email-follow-error email-follow-hint' : 'email-follow-hint'}
          onInput={(event) => {
            setEmail(event.currentTarget.value);
            setProblem(null);
          }}
        />
        {problem !== null && (
          <p class="field-error" id="email-follow-error" role="alert">
            {t(problem === 'required' ? 'follow.emailRequired' : 'follow.emailInvalid')}
          </p>
        )}
      </div>
      {failure !== null && (
        <p class="form-error" role="alert">
          {failure}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-disabled={sending}>
          {sending ? t('follow.sending') : t('follow.emailSubmit')}
        </button>
      </div>
    </form>
  );
}
