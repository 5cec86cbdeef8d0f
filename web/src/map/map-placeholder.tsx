// What a map's frame shows until the map is ready: loading, offline, or an error with a retry.
import { useI18n } from '../i18n/index.js';
import type { MapLoad } from './lazy.js';

export function MapPlaceholder({ load, retry }: { load: MapLoad; retry: () => void }) {
  const { t } = useI18n();
  if (load.status === 'ready') return null;
  return (
    <div class="map-placeholder">
      {load.status === 'error' ? (
        <div class="notice notice-error">
          <p>{t('map.error')}</p>
          <button type="button" class="button" onClick={retry}>
            {t('map.retry')}
          </button>
        </div>
      ) : (
        <p>{t(load.status === 'offline' ? 'map.offline' : 'map.loading')}</p>
      )}
    </div>
  );
}
