// The pages the links in mails open: `#/xac-nhan-theo-doi/{token}` confirms a follow by e-mail (double opt-in),
// `#/huy-theo-doi/{token}` stops one, without signing in. Each waits for the person's press: mail scanners that
// open links must not confirm or stop anything, and consent is an act of the person (Nghị định 13/2023).
import { useEffect, useRef, useState } from 'preact/hooks';
import { confirmEmailFollow, unsubscribeEmailFollow, type EmailFollowState } from '../api-follow.js';
import { useI18n } from '../i18n/index.js';
import { errorMessage } from './labels.js';

export type EmailLinkKind = 'confirm' | 'unsubscribe';

const TOKEN = /^[0-9a-f]{64}$/;

const TEXTS = {
  confirm: {
    title: 'follow.confirmTitle',
    intro: 'follow.confirmIntro',
    button: 'follow.confirmButton',
  },
  unsubscribe: {
    title: 'follow.unsubscribeTitle',
    intro: 'follow.unsubscribeIntro',
    button: 'follow.unsubscribeButton',
  },
} as const;

export function EmailLinkPage({ kind, token }: { kind: EmailLinkKind; token: string }) {
  const { t } = useI18n();
  const texts = TEXTS[kind];
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<EmailFollowState | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const result = useRef<HTMLParagraphElement>(null);
  const valid = TOKEN.test(token);

  useEffect(() => {
    if (done !== null) result.current?.focus();
  }, [done]);

  const press = () => {
    if (sending) return;
    setSending(true);
    setFailure(null);
    (kind === 'confirm' ? confirmEmailFollow(token) : unsubscribeEmailFollow(token)).then(
      (state) => {
        setSending(false);
        setDone(state);
      },
      (error: unknown) => {
        setSending(false);
        setFailure(errorMessage(error, t, 'follow.actionError'));
      },
    );
  };

  return (
    <div class="page follow-page email-link">
      <h1>{t(texts.title)}</h1>
      {!valid ? (
        <p class="notice notice-error" role="alert" data-testid="email-link-invalid">
          {t('follow.linkInvalid')}
        </p>
      ) : done !== null ? (
        <div class="card">
          <p
            class={kind === 'confirm' && !done.following ? 'notice notice-info' : 'notice notice-success'}
            tabIndex={-1}
            ref={result}
            data-testid="email-link-done"
          >
            {kind === 'unsubscribe'
              ? t('follow.unsubscribeDone', { code: done.code })
              : done.following
                ? t('follow.confirmDone', { code: done.code })
                : t('follow.confirmUsed', { code: done.code })}
          </p>
          <p>
            <a href={`#/phan-anh/${done.code}`}>{t('follow.viewReport', { code: done.code })}</a>
          </p>
        </div>
      ) : (
        <div class="card">
          <p>{t(texts.intro)}</p>
          {failure !== null && (
            <p class="form-error" role="alert">
              {failure}
            </p>
          )}
          <div class="form-actions">
            <button
              type="button"
              class="button button-primary"
              aria-disabled={sending}
              data-testid="email-link-button"
              onClick={press}
            >
              {sending ? t('follow.sending') : t(texts.button)}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
