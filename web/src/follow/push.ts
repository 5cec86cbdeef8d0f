// This browser's Web Push subscription: whether it can have one, the one it has (asking nothing), and a new one
// made after the person's tap — permission is asked then, never on page load. The subscription is made through
// the service worker main.tsx registers (web/public/sw.js shows the messages); the same subscription serves
// every report this browser follows and, linked to an account, all of that account's reports.

/** Why this browser cannot be told: no Web Push here, the person blocked or dismissed it, or it failed. */
export type PushProblem = 'unsupported' | 'denied' | 'dismissed' | 'failed';

export class PushError extends Error {
  override name = 'PushError';
  constructor(readonly problem: PushProblem) {
    super(`Web Push: ${problem}`);
  }
}

/** Whether this browser can receive Web Push at all (a secure page, service workers, PushManager, notifications). */
export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

/** The notification permission as it stands (reading it asks nothing). */
export function notificationPermission(): NotificationPermission {
  return pushSupported() ? Notification.permission : 'denied';
}

const SW_READY_MS = 15_000;

/** The service worker's registration: the one main.tsx made, else registered now; once it is active. */
async function registration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration('/');
  if (existing === undefined) await navigator.serviceWorker.register('/sw.js');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new PushError('failed'));
    }, SW_READY_MS);
  });
  try {
    return await Promise.race([navigator.serviceWorker.ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The subscription this browser already has, or null; asks no permission (and none when it is not granted). */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported() || Notification.permission !== 'granted') return null;
  const existing = await navigator.serviceWorker.getRegistration('/');
  if (existing === undefined) return null;
  return existing.pushManager.getSubscription();
}

/** base64url (the VAPID key as the server gives it) to bytes. */
export function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameKey(given: ArrayBuffer | null | undefined, wanted: Uint8Array): boolean {
  if (given === null || given === undefined) return false;
  const bytes = new Uint8Array(given);
  return bytes.length === wanted.length && bytes.every((b, i) => b === wanted[i]);
}

/**
 * Call only from the person's tap: asks for permission (the browser's prompt), then subscribes with the
 * server's VAPID key — or gives the subscription this browser already has for that key. Throws PushError.
 */
export async function subscribeThisBrowser(publicKey: string): Promise<PushSubscriptionJSON> {
  if (!pushSupported()) throw new PushError('unsupported');
  const permission = await Notification.requestPermission();
  if (permission === 'denied') throw new PushError('denied');
  if (permission !== 'granted') throw new PushError('dismissed');
  try {
    const { pushManager } = await registration();
    const key = base64urlBytes(publicKey);
    const existing = await pushManager.getSubscription();
    if (existing !== null) {
      if (sameKey(existing.options.applicationServerKey, key)) return existing.toJSON();
      // Made with another key (the server's keys changed): the push service would refuse our messages.
      await existing.unsubscribe();
    }
    const subscription = await pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    return subscription.toJSON();
  } catch (error) {
    if (error instanceof PushError) throw error;
    // A refusal after the prompt (a browser setting, an enterprise policy) reads as a NotAllowedError.
    if (error instanceof DOMException && error.name === 'NotAllowedError') throw new PushError('denied');
    throw new PushError('failed');
  }
}
