// Photos and videos attached to an answer or to a report taken by telephone: taken with the phone's camera or chosen
// from the device, each uploaded at once (`POST /api/v1/public/uploads`; photos shrunk in the browser first), so
// the form sends only their ids. Removing one drops its id; the server deletes uploads nobody attached within a day.
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { downscalePhoto, uploadPhoto } from '../report/image.js';
import { useI18n } from '../i18n/index.js';

/** At most this many files per answer or report (the report form's limit). */
export const MAX_ATTACHMENTS = 6;

interface Item {
  key: string;
  name: string;
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  id: string | null;
  thumbUrl: string | null;
  error: string | null;
}

let counter = 0;

export function AttachmentPicker({
  id,
  labelledBy,
  value,
  onChange,
  onBusy,
}: {
  id: string;
  labelledBy: string;
  /** The ids uploaded so far, in order. */
  value: readonly string[];
  onChange: (ids: string[]) => void;
  /** True while a file is uploading: the form waits for it. */
  onBusy: (busy: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Item[]>([]);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const valueRef = useRef(value);
  valueRef.current = value;

  const update = (key: string, patch: Partial<Item>) => {
    const next = itemsRef.current.map((i) => (i.key === key ? { ...i, ...patch } : i));
    itemsRef.current = next;
    setItems(next);
    onBusy(next.some((i) => i.status === 'uploading'));
  };

  const add = async (file: File) => {
    counter += 1;
    const key = `f${counter}`;
    const item: Item = {
      key,
      name: file.name,
      status: 'uploading',
      progress: 0,
      id: null,
      thumbUrl: null,
      error: null,
    };
    itemsRef.current = [...itemsRef.current, item];
    setItems(itemsRef.current);
    onBusy(true);
    try {
      // Photos are shrunk on the phone (a 5 MB photo becomes ~300 KB); videos go as they are.
      const blob = file.type.startsWith('image/') ? (await downscalePhoto(file)).blob : file;
      const uploaded = await uploadPhoto(
        blob,
        (share) => {
          update(key, { progress: share });
        },
        lang,
      );
      update(key, { status: 'done', id: uploaded.id, thumbUrl: uploaded.thumbUrl, progress: 1 });
      onChange([...valueRef.current, uploaded.id]);
    } catch (error) {
      update(key, {
        status: 'failed',
        error:
          error instanceof ApiError && error.userMessage !== null
            ? error.userMessage
            : t('workspace.attachments.failed'),
      });
    }
  };

  const remove = (item: Item) => {
    const next = itemsRef.current.filter((i) => i.key !== item.key);
    itemsRef.current = next;
    setItems(next);
    onBusy(next.some((i) => i.status === 'uploading'));
    if (item.id !== null) onChange(valueRef.current.filter((x) => x !== item.id));
  };

  const full = items.filter((i) => i.status !== 'failed').length >= MAX_ATTACHMENTS;
  const choose = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const room = MAX_ATTACHMENTS - itemsRef.current.filter((i) => i.status !== 'failed').length;
    for (const file of Array.from(input.files ?? []).slice(0, Math.max(0, room))) void add(file);
    input.value = '';
  };

  return (
    <div class="ws-attachments" role="group" aria-labelledby={labelledBy} data-testid="attachments">
      {!full && (
        <div class="photo-pickers">
          {/* The browser's own buttons speak the browser's language; these speak the page's. */}
          <div class="file-picker">
            <input
              id={`${id}-camera`}
              class="visually-hidden"
              type="file"
              accept="image/*"
              capture="environment"
              data-testid="attachment-camera"
              onChange={choose}
            />
            <label for={`${id}-camera`} class="button">
              {t('workspace.attachments.camera')}
            </label>
          </div>
          <div class="file-picker">
            <input
              id={`${id}-files`}
              class="visually-hidden"
              type="file"
              accept="image/*,video/*"
              multiple
              data-testid="attachment-files"
              onChange={choose}
            />
            <label for={`${id}-files`} class="button">
              {t('workspace.attachments.choose')}
            </label>
          </div>
        </div>
      )}
      <p class="field-hint">{t('workspace.attachments.hint', { max: MAX_ATTACHMENTS })}</p>
      {items.length > 0 && (
        <ul class="ws-attachment-list" aria-live="polite">
          {items.map((item, index) => (
            <li key={item.key} data-status={item.status}>
              {item.thumbUrl !== null ? (
                <img src={item.thumbUrl} alt="" width={56} height={56} />
              ) : (
                <span class="ws-attachment-icon" aria-hidden="true" />
              )}
              <span class="ws-attachment-name">
                {t('workspace.attachments.item', { n: index + 1 })}
                {item.status === 'uploading' && (
                  <>
                    {' '}
                    <progress
                      max={1}
                      value={item.progress}
                      aria-label={t('workspace.attachments.uploading')}
                    />
                  </>
                )}
                {item.status === 'done' && ` – ${t('workspace.attachments.done')}`}
                {item.status === 'failed' && <span class="field-error"> {item.error}</span>}
              </span>
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  remove(item);
                }}
              >
                {t('workspace.attachments.remove')}
                <span class="visually-hidden"> {t('workspace.attachments.item', { n: index + 1 })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
