// The reporter's reply to the officers' question (workflow action provide_info).
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { errorMessage } from './labels.js';

export function ReplyForm({
  question,
  onSubmit,
}: {
  question: string;
  onSubmit: (text: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <section class="card follow-question" aria-labelledby="question-title" data-testid="question">
      <h2 id="question-title">{t('follow.questionTitle')}</h2>
      <blockquote lang="vi">{question}</blockquote>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (sending) return;
          setFailure(null);
          if (text.trim() === '') {
            setMissing(true);
            return;
          }
          setSending(true);
          onSubmit(text.trim()).then(
            () => {
              setSending(false);
            },
            (error: unknown) => {
              setSending(false);
              setFailure(errorMessage(error, t, 'follow.actionError'));
            },
          );
        }}
      >
        <div class="field">
          <label for="reply-text">{t('follow.replyLabel')}</label>
          <textarea
            id="reply-text"
            rows={4}
            maxLength={4000}
            required
            value={text}
            aria-invalid={missing ? true : undefined}
            aria-describedby={missing ? 'reply-error' : undefined}
            onInput={(event) => {
              setText(event.currentTarget.value);
              setMissing(false);
            }}
          />
          {missing && (
            <p class="field-error" id="reply-error" role="alert">
              {t('follow.replyRequired')}
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
            {sending ? t('follow.sending') : t('follow.replySubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
