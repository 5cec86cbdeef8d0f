// "Tra cứu phản ánh": the tracking code form, and where a person finds their code.
import { useI18n } from '../i18n/index.js';
import { TrackForm } from '../follow/track-form.js';

export function TrackPage() {
  const { t } = useI18n();
  return (
    <div class="page follow-page">
      <h1>{t('follow.trackTitle')}</h1>
      <p class="intro">{t('follow.trackIntro')}</p>
      <div class="card">
        <TrackForm />
      </div>
      <section class="follow-where" aria-labelledby="where-title">
        <h2 id="where-title">{t('follow.whereTitle')}</h2>
        <ul>
          <li>{t('follow.whereSuccess')}</li>
          <li>{t('follow.whereMessage')}</li>
          <li>{t('follow.whereMine')}</li>
        </ul>
      </section>
    </div>
  );
}
