// The tracking code form: accepts the code as people type it and opens the report's page.
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { normaliseCode } from './code.js';

export function TrackForm({ initial = '' }: { initial?: string }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      class="form follow-track"
      role="search"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const code = normaliseCode(typed);
        if (code === null) {
          setInvalid(true);
          return;
        }
        setInvalid(false);
        window.location.hash = `#/phan-anh/${code}`;
      }}
    >
      <div class="field">
        <label for="track-code">{t('follow.codeLabel')}</label>
        <p class="field-hint" id="track-code-hint">
          {t('follow.codeHint')}
        </p>
        <div class="follow-track-row">
          <input
            id="track-code"
            type="text"
            inputMode="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            value={typed}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? 'track-code-error track-code-hint' : 'track-code-hint'}
            onInput={(event) => {
              setTyped(event.currentTarget.value);
              setInvalid(false);
            }}
          />
          <button type="submit" class="button button-primary">
            {t('follow.trackSubmit')}
          </button>
        </div>
        {invalid && (
          <p class="field-error" id="track-code-error" role="alert">
            {t('follow.codeInvalid')}
          </p>
        )}
      </div>
    </form>
  );
}
