// "Nhận thông báo trên thiết bị này": Web Push on this browser for one report (DevicePush, on a report's page
// and after a report is sent) or for all of the signed-in citizen's reports (DevicePushAll, on "my reports").
// Honest states: checking, not supported by this browser, off on this server (no VAPID key), blocked by the
// person (how to allow it again), offline. Permission is asked only when the button is pressed.
import { useEffect, useState } from 'preact/hooks';
import {
  fetchDeviceFollowState,
  fetchDeviceLinked,
  fetchPushKey,
  followReport,
  linkDevice,
  unfollowWithDevice,
  unlinkDevice,
} from '../api-follow.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { errorMessage } from './labels.js';
import {
  currentSubscription,
  notificationPermission,
  PushError,
  pushSupported,
  subscribeThisBrowser,
} from './push.js';

type Status = 'checking' | 'unsupported' | 'off' | 'denied' | 'available' | 'on' | 'linked';

/** What turning notifications on and off means for the caller: one report, or all of an account's reports. */
interface Target {
  /**
   * Whether the browser's subscription (its endpoint) is already told: `on` by itself, `linked` through the
   * signed-in citizen's account (turned off on "my reports", not here).
   */
  check: (endpoint: string, signal: AbortSignal) => Promise<'on' | 'linked' | 'available'>;
  turnOn: (subscription: PushSubscriptionJSON) => Promise<void>;
  turnOff: (endpoint: string) => Promise<void>;
}

/** Whether the browser says it is online, following its `online` and `offline` events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine);
  useEffect(() => {
    const update = () => {
      setOnline(navigator.onLine);
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function useDevicePush(target: Target, key: string) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>('checking');
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // What this browser can do and whether it is told already: nothing here asks the person anything.
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const settle = (next: Status) => {
      if (!signal.aborted) setStatus(next);
    };
    setStatus('checking');
    setChanged(false);
    setFailure(null);
    if (!pushSupported()) {
      settle('unsupported');
      return undefined;
    }
    void (async () => {
      try {
        if ((await fetchPushKey()) === null) {
          settle('off');
          return;
        }
      } catch {
        // Offline or the server unreachable: the button asks again when pressed.
      }
      if (notificationPermission() === 'denied') {
        settle('denied');
        return;
      }
      try {
        const subscription = await currentSubscription();
        settle(subscription === null ? 'available' : await target.check(subscription.endpoint, signal));
      } catch {
        settle('available');
      }
    })();
    return () => {
      controller.abort();
    };
    // `target` is a new object each render; `key` names what it points at.
  }, [key]);

  const fail = (error: unknown) => {
    if (error instanceof PushError) {
      if (error.problem === 'unsupported') setStatus('unsupported');
      else if (error.problem === 'denied') setStatus('denied');
      else setFailure(t(error.problem === 'dismissed' ? 'follow.deviceDismissed' : 'follow.deviceFailed'));
    } else setFailure(errorMessage(error, t, 'follow.deviceFailed'));
  };

  const enable = () => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    void (async () => {
      try {
        const publicKey = await fetchPushKey();
        if (publicKey === null) {
          setStatus('off');
          return;
        }
        await target.turnOn(await subscribeThisBrowser(publicKey));
        setStatus('on');
        setChanged(true);
      } catch (error) {
        fail(error);
      } finally {
        setBusy(false);
      }
    })();
  };

  const disable = () => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    void (async () => {
      try {
        const subscription = await currentSubscription();
        if (subscription !== null) await target.turnOff(subscription.endpoint);
        setStatus('available');
        setChanged(true);
      } catch (error) {
        fail(error);
      } finally {
        setBusy(false);
      }
    })();
  };

  return { status, busy, changed, failure, enable, disable };
}

/** How each state's sentence looks: news about this device stands out; the rest reads as text. */
const STATE_CLASS: Partial<Record<Status, string>> = {
  unsupported: 'notice notice-info',
  off: 'notice notice-info',
  denied: 'notice notice-info',
  on: 'notice notice-success',
  linked: 'notice notice-success',
};

interface Texts {
  intro: MessageKey;
  on: MessageKey;
  offDone: MessageKey;
  enable: MessageKey;
  disable: MessageKey;
}

function DevicePushView({ target, targetKey, texts }: { target: Target; targetKey: string; texts: Texts }) {
  const { t } = useI18n();
  const online = useOnline();
  const { status, busy, changed, failure, enable, disable } = useDevicePush(target, targetKey);
  const blocked = busy || !online;
  const stateText: Partial<Record<Status, string>> = {
    checking: t('follow.deviceChecking'),
    unsupported: t('follow.deviceUnsupported'),
    off: t('follow.devicePushOff'),
    denied: t('follow.deviceDenied'),
    on: t(texts.on),
    linked: t('follow.deviceLinked'),
    ...(changed ? { available: t(texts.offDone) } : {}),
  };
  return (
    <div class="device-push" data-testid="device-push" data-state={status}>
      <p>{t(texts.intro)}</p>
      <p
        class={`device-push-state ${STATE_CLASS[status] ?? ''}`}
        role="status"
        data-testid="device-push-state"
      >
        {stateText[status] ?? ''}
      </p>
      {status === 'linked' && (
        <p>
          <a href="#/cua-toi">{t('follow.deviceLinkedLink')}</a>
        </p>
      )}
      {(status === 'available' || status === 'on') && (
        <div class="form-actions">
          <button
            type="button"
            class={status === 'on' ? 'button' : 'button button-primary'}
            aria-disabled={blocked}
            aria-describedby={online ? undefined : 'device-push-offline'}
            data-testid={status === 'on' ? 'device-push-disable' : 'device-push-enable'}
            onClick={() => {
              if (blocked) return;
              if (status === 'on') disable();
              else enable();
            }}
          >
            {busy ? t('follow.sending') : t(status === 'on' ? texts.disable : texts.enable)}
          </button>
        </div>
      )}
      {!online && status !== 'unsupported' && status !== 'off' && (
        <p class="field-hint" id="device-push-offline" data-testid="device-push-offline">
          {t('follow.deviceOffline')}
        </p>
      )}
      {failure !== null && (
        <p class="form-error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}

/**
 * Notifications about one report on this browser, for anyone (signed in or not; the reporter too). Also for
 * the "report sent" screen: `<DevicePush code={code} />`. `account`: the signed-in citizen sent or follows the
 * report, so a browser linked to their account is told already.
 */
export function DevicePush({
  code,
  account = false,
  onSupporters,
}: {
  code: string;
  account?: boolean;
  onSupporters?: (n: number) => void;
}) {
  const target: Target = {
    check: async (endpoint, signal) => {
      if ((await fetchDeviceFollowState(code, endpoint, signal)).following) return 'on';
      return account && (await fetchDeviceLinked(endpoint, signal)) ? 'linked' : 'available';
    },
    turnOn: async (subscription) => {
      onSupporters?.((await followReport(code, subscription)).supporters);
    },
    turnOff: async (endpoint) => {
      onSupporters?.((await unfollowWithDevice(code, endpoint)).supporters);
    },
  };
  return (
    <DevicePushView
      target={target}
      targetKey={`${code}:${account}`}
      texts={{
        intro: 'follow.deviceIntro',
        on: 'follow.deviceOn',
        offDone: 'follow.deviceOffDone',
        enable: 'follow.deviceEnable',
        disable: 'follow.deviceDisable',
      }}
    />
  );
}

/** Notifications on this browser about every report the signed-in citizen sent or follows ("my reports"). */
export function DevicePushAll() {
  const target: Target = {
    check: async (endpoint, signal) => ((await fetchDeviceLinked(endpoint, signal)) ? 'on' : 'available'),
    turnOn: async (subscription) => {
      await linkDevice(subscription);
    },
    turnOff: async (endpoint) => {
      await unlinkDevice(endpoint);
    },
  };
  return (
    <DevicePushView
      target={target}
      targetKey="all"
      texts={{
        intro: 'follow.allIntro',
        on: 'follow.allOn',
        offDone: 'follow.allOffDone',
        enable: 'follow.allEnable',
        disable: 'follow.deviceDisable',
      }}
    />
  );
}
