// The reporter's rating of a published answer: "Hài lòng" (comment optional) or "Chưa hài lòng" (reason
// required, and the report is put forward to be handled again). Only the choices the API allows are offered.
import { useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { errorMessage } from './labels.js';

export type RatingAction = 'rate_satisfied' | 'rate_unsatisfied';

type Problem = 'choose' | 'comment' | null;

export function RatingForm({
  allowed,
  onSubmit,
}: {
  /** The rating actions the user may take now (from the workflow view). */
  allowed: readonly string[];
  /** Sends the rating; rejects with the API's refusal. */
  onSubmit: (action: RatingAction, comment: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<RatingAction | null>(null);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const firstChoiceRef = useRef<HTMLInputElement>(null);
  const choices = (['rate_satisfied', 'rate_unsatisfied'] as const).filter((a) => allowed.includes(a));
  if (choices.length === 0) return null;
  const commentRequired = choice === 'rate_unsatisfied';

  const submit = (event: Event) => {
    event.preventDefault();
    if (sending) return;
    setFailure(null);
    if (choice === null) {
      setProblem('choose');
      firstChoiceRef.current?.focus();
      return;
    }
    if (commentRequired && comment.trim() === '') {
      setProblem('comment');
      commentRef.current?.focus();
      return;
    }
    setProblem(null);
    setSending(true);
    onSubmit(choice, comment.trim()).then(
      () => {
        setSending(false);
      },
      (error: unknown) => {
        setSending(false);
        setFailure(errorMessage(error, t, 'follow.actionError'));
      },
    );
  };

  return (
    <form class="form follow-rating" onSubmit={submit} noValidate data-testid="rating-form">
      <fieldset aria-describedby={problem === 'choose' ? 'rating-choose-error' : undefined}>
        <legend>{t('follow.ratingLegend')}</legend>
        {choices.map((action, index) => (
          <div class="check" key={action}>
            <input
              type="radio"
              id={`rating-${action}`}
              name="rating"
              value={action}
              ref={index === 0 ? firstChoiceRef : undefined}
              checked={choice === action}
              aria-describedby={action === 'rate_unsatisfied' ? 'rating-unsatisfied-hint' : undefined}
              onChange={() => {
                setChoice(action);
                if (problem === 'choose') setProblem(null);
              }}
            />
            <label for={`rating-${action}`}>
              {t(action === 'rate_satisfied' ? 'follow.ratingSatisfied' : 'follow.ratingUnsatisfied')}
            </label>
            {action === 'rate_unsatisfied' && (
              <p class="field-hint" id="rating-unsatisfied-hint">
                {t('follow.ratingUnsatisfiedHint')}
              </p>
            )}
          </div>
        ))}
        {problem === 'choose' && (
          <p class="field-error" id="rating-choose-error" role="alert">
            {t('follow.ratingChoose')}
          </p>
        )}
      </fieldset>
      <div class="field">
        <label for="rating-comment">{t('follow.ratingComment')}</label>
        {!commentRequired && (
          <p class="field-hint" id="rating-comment-hint">
            {t('follow.ratingCommentOptional')}
          </p>
        )}
        <textarea
          id="rating-comment"
          ref={commentRef}
          rows={3}
          maxLength={4000}
          value={comment}
          required={commentRequired}
          aria-invalid={problem === 'comment' ? true : undefined}
          aria-describedby={
            problem === 'comment'
              ? 'rating-comment-error'
              : !commentRequired
                ? 'rating-comment-hint'
                : undefined
          }
          onInput={(event) => {
            setComment(event.currentTarget.value);
            if (problem === 'comment') setProblem(null);
          }}
        />
        {problem === 'comment' && (
          <p class="field-error" id="rating-comment-error" role="alert">
            {t('follow.ratingCommentRequired')}
          </p>
        )}
      </div>
      {failure !== null && (
        <p class="form-error" role="alert" data-testid="rating-error">
          {failure}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-disabled={sending}>
          {sending ? t('follow.sending') : t('follow.ratingSubmit')}
        </button>
      </div>
    </form>
  );
}
