// The one stand-in of the browser journeys: Chromium's PushManager.subscribe (and getSubscription, its other
// half) made to give a subscription whose endpoint is the loopback push service of test/support/push-service.ts
// and whose keys the test generated, because the real push service cannot be reached from here. Everything
// else is the browser's own: the service worker, the permission prompt's answer, the page's code. The test
// decrypts what the server sends with the keys it kept (RFC 8291), as the browser would.
import type { BrowserContext } from 'playwright-core';

export interface StandInSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Installs the stand-in in every page of `context`. The subscription lives in the page's localStorage, so it
 * survives reloads like a real one; `window.__permissionAsks` counts Notification.requestPermission calls
 * (which still go to the browser), so a journey can check that nothing is asked before the person's tap.
 */
export async function standInPushManager(
  context: BrowserContext,
  subscription: StandInSubscription,
): Promise<void> {
  await context.addInitScript((sub: StandInSubscription) => {
    if (typeof PushManager === 'undefined' || typeof localStorage === 'undefined') return;
    const KEPT = 'pakn-test-push-subscription';
    const fromBase64url = (text: string) => {
      const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
      const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
      return Uint8Array.from(binary, (c) => c.charCodeAt(0));
    };
    const make = (applicationServerKey: number[]) => ({
      endpoint: sub.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: Uint8Array.from(applicationServerKey).buffer },
      getKey: (name: string) =>
        name === 'p256dh' || name === 'auth' ? fromBase64url(sub.keys[name]).buffer : null,
      toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: { ...sub.keys } }),
      unsubscribe: () => {
        localStorage.removeItem(KEPT);
        return Promise.resolve(true);
      },
    });
    PushManager.prototype.subscribe = function subscribe(options?: PushSubscriptionOptionsInit) {
      const key = options?.applicationServerKey;
      if (!options?.userVisibleOnly || key === undefined || key === null || typeof key === 'string')
        return Promise.reject(
          new DOMException('userVisibleOnly and a key are required', 'NotSupportedError'),
        );
      const bytes = Array.from(key instanceof ArrayBuffer ? new Uint8Array(key) : new Uint8Array(key.buffer));
      localStorage.setItem(KEPT, JSON.stringify(bytes));
      return Promise.resolve(make(bytes) as unknown as PushSubscription);
    };
    PushManager.prototype.getSubscription = function getSubscription() {
      const kept = localStorage.getItem(KEPT);
      return Promise.resolve(
        kept ? (make(JSON.parse(kept) as number[]) as unknown as PushSubscription) : null,
      );
    };
    const ask = Notification.requestPermission.bind(Notification);
    const counted = window as unknown as { __permissionAsks: number };
    counted.__permissionAsks = 0;
    Notification.requestPermission = () => {
      counted.__permissionAsks += 1;
      return ask();
    };
  }, subscription);
}
