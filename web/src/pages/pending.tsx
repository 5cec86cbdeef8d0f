// Placeholder for a section that is not built yet, and the page for an unknown address.
import type { MessageKey } from '../i18n/index.js';
import { useI18n } from '../i18n/index.js';

export function PendingPage({ title }: { title: MessageKey }) {
  const { t } = useI18n();
  return (
    <div class="page">
      <h1>{t(title)}</h1>
      <p>{t('pending.text')}</p>
      <p>
        <a href="#/">{t('pending.back')}</a>
      </p>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div class="page">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <a href="#/">{t('pending.back')}</a>
      </p>
    </div>
  );
}
