// Notifications on this device, through each honest state: a browser without Web Push, a server without it, a
// person who blocked it (told how to allow it again), offline; and turning them on and off — permission asked
// only after the press, the subscription made with the server's key and sent to the API.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetPushKey } from '../api-follow.js';
import { byTestId, json, mount, text } from '../test-helpers.js';
import { DevicePush, DevicePushAll } from './device-push.js';

const KEY = `B${'Ab-_'.repeat(21)}AB`;
const ENDPOINT = 'https://fcm.googleapis.com/fcm/send/thiet-bi-thu';
const CODE = 'PA-2026-000007';

let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
  vi.unstubAllGlobals();
  resetPushKey();
  Reflect.deleteProperty(navigator, 'serviceWorker');
  Reflect.deleteProperty(navigator, 'onLine');
});

type Routes = Record<string, (body: unknown) => Response>;

/** The API by "METHOD URL"; records what was asked. */
function stubFetch(routes: Routes) {
  const calls: { key: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const key = `${init?.method ?? 'GET'} ${url}`;
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      calls.push({ key, body });
      const route = routes[key];
      return Promise.resolve(route ? route(body) : json({ error: { code: 'not_found' } }, 404));
    }),
  );
  return calls;
}

/** A browser with Web Push: its permission, the service worker's push manager, and whether it is online. */
function webPushBrowser(
  options: { permission?: NotificationPermission; answer?: NotificationPermission } = {},
) {
  const state = {
    permission: options.permission ?? 'default',
    subscription: null as null | {
      endpoint: string;
      options: { applicationServerKey: ArrayBuffer };
      toJSON: () => PushSubscriptionJSON;
      unsubscribe: () => Promise<boolean>;
    },
    online: true,
  };
  const requestPermission = vi.fn(() => {
    state.permission = options.answer ?? 'granted';
    return Promise.resolve(state.permission);
  });
  const subscribe = vi.fn((given: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }) => {
    state.subscription = {
      endpoint: ENDPOINT,
      options: { applicationServerKey: given.applicationServerKey.slice().buffer },
      toJSON: () => ({
        endpoint: ENDPOINT,
        expirationTime: null,
        keys: { p256dh: `B${'q'.repeat(86)}`, auth: 'a'.repeat(22) },
      }),
      unsubscribe: () => Promise.resolve(true),
    };
    return Promise.resolve(state.subscription);
  });
  const registration = {
    pushManager: { subscribe, getSubscription: () => Promise.resolve(state.subscription) },
  };
  vi.stubGlobal('isSecureContext', true);
  vi.stubGlobal('PushManager', function PushManager() {
    // Only its presence matters.
  });
  vi.stubGlobal('Notification', {
    get permission() {
      return state.permission;
    },
    requestPermission,
  });
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: {
      getRegistration: () => Promise.resolve(registration),
      register: vi.fn(),
      ready: Promise.resolve(registration),
    },
  });
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => state.online });
  return { state, requestPermission, subscribe };
}

const stateText = (container: HTMLElement) => text(byTestId(container, 'device-push-state'));
const pushState = (container: HTMLElement) => byTestId(container, 'device-push').dataset.state;

describe('notifications on this device about one report', () => {
  it('says so when the browser cannot receive them, and asks the server nothing', async () => {
    const calls = stubFetch({});
    const page = mount(<DevicePush code={CODE} />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('unsupported');
    });
    expect(stateText(page.container)).toContain('Trình duyệt này không nhận được thông báo');
    expect(stateText(page.container)).toContain('thêm trang vào Màn hình chính');
    expect(page.container.querySelector('button')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('says so when Web Push is off on this server, without asking for permission', async () => {
    const browser = webPushBrowser();
    stubFetch({ 'GET /api/v1/public/push/key': () => json({ error: { code: 'not_found' } }, 404) });
    const page = mount(<DevicePush code={CODE} />, 'en');
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('off');
    });
    expect(stateText(page.container)).toBe(
      'Device notifications are not turned on in this system. You can still follow by e-mail, or sign in to be told by text message.',
    );
    expect(browser.requestPermission).not.toHaveBeenCalled();
  });

  it('explains how to allow them again when the person blocked them', async () => {
    const browser = webPushBrowser({ permission: 'denied' });
    stubFetch({ 'GET /api/v1/public/push/key': () => json({ publicKey: KEY }) });
    const page = mount(<DevicePush code={CODE} />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('denied');
    });
    expect(stateText(page.container)).toContain('Bạn đã chặn thông báo của trang này');
    expect(stateText(page.container)).toContain('đặt mục “Thông báo” thành “Cho phép”, rồi tải lại trang');
    expect(page.container.querySelector('button')).toBeNull();
    expect(browser.requestPermission).not.toHaveBeenCalled();
  });

  it('asks for permission only when pressed, subscribes with the server key, follows, and undoes it', async () => {
    const browser = webPushBrowser();
    const supporters: number[] = [];
    const calls = stubFetch({
      'GET /api/v1/public/push/key': () => json({ publicKey: KEY }),
      [`POST /api/v1/public/reports/${CODE}/followers`]: () => json({ following: true, supporters: 4 }),
      [`POST /api/v1/public/reports/${CODE}/followers/unsubscribe`]: () =>
        json({ following: false, supporters: 3 }),
    });
    const page = mount(<DevicePush code={CODE} onSupporters={(n) => supporters.push(n)} />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('available');
    });
    // Nothing asked on load.
    expect(browser.requestPermission).not.toHaveBeenCalled();
    expect(browser.subscribe).not.toHaveBeenCalled();

    byTestId(page.container, 'device-push-enable').click();
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('on');
    });
    expect(browser.requestPermission).toHaveBeenCalledTimes(1);
    const [options] = browser.subscribe.mock.calls[0]!;
    expect(options.userVisibleOnly).toBe(true);
    expect(options.applicationServerKey).toHaveLength(65);
    expect(options.applicationServerKey[0]).toBe(0x04);
    expect(calls.find((c) => c.key === `POST /api/v1/public/reports/${CODE}/followers`)?.body).toEqual({
      subscription: {
        endpoint: ENDPOINT,
        expirationTime: null,
        keys: { p256dh: `B${'q'.repeat(86)}`, auth: 'a'.repeat(22) },
      },
    });
    expect(stateText(page.container)).toBe('Thiết bị này đang nhận thông báo về phản ánh này.');

    byTestId(page.container, 'device-push-disable').click();
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('available');
    });
    expect(
      calls.find((c) => c.key === `POST /api/v1/public/reports/${CODE}/followers/unsubscribe`)?.body,
    ).toEqual({ endpoint: ENDPOINT });
    expect(stateText(page.container)).toBe('Đã tắt. Thiết bị này không còn nhận thông báo về phản ánh này.');
    expect(supporters).toEqual([4, 3]);
  });

  it('shows that this device is on already (asking nothing), and what to do when the prompt is dismissed', async () => {
    const browser = webPushBrowser({ permission: 'granted' });
    await browser.subscribe({ userVisibleOnly: true, applicationServerKey: new Uint8Array(65) });
    browser.subscribe.mockClear();
    const calls = stubFetch({
      'GET /api/v1/public/push/key': () => json({ publicKey: KEY }),
      [`POST /api/v1/public/reports/${CODE}/followers/device`]: () =>
        json({ following: true, supporters: 2 }),
    });
    const page = mount(<DevicePush code={CODE} />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('on');
    });
    expect(calls.find((c) => c.key.endsWith('/followers/device'))?.body).toEqual({ endpoint: ENDPOINT });
    expect(browser.requestPermission).not.toHaveBeenCalled();
    unmount();

    const dismissed = webPushBrowser({ answer: 'default' });
    const again = mount(<DevicePush code={CODE} />);
    unmount = again.unmount;
    await vi.waitFor(() => {
      expect(pushState(again.container)).toBe('available');
    });
    byTestId(again.container, 'device-push-enable').click();
    await vi.waitFor(() => {
      expect(text(again.container.querySelector('[role="alert"]'))).toBe(
        'Bạn chưa cho phép thông báo. Bấm lại nút và chọn “Cho phép” khi trình duyệt hỏi.',
      );
    });
    expect(dismissed.subscribe).not.toHaveBeenCalled();
  });

  it('waits for the network when offline: the button does nothing and says why', async () => {
    const browser = webPushBrowser();
    browser.state.online = false;
    stubFetch({ 'GET /api/v1/public/push/key': () => json({ publicKey: KEY }) });
    const page = mount(<DevicePush code={CODE} />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('available');
    });
    const button = byTestId(page.container, 'device-push-enable');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(text(byTestId(page.container, 'device-push-offline'))).toBe(
      'Bạn đang ngoại tuyến. Hãy kết nối mạng để bật hoặc tắt thông báo.',
    );
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(browser.requestPermission).not.toHaveBeenCalled();
    // Back online: the button works.
    browser.state.online = true;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => {
      expect(page.container.querySelector('[data-testid="device-push-offline"]')).toBeNull();
    });
  });
});

describe('notifications on this device about all my reports', () => {
  it('links the subscription to the account and unlinks it', async () => {
    webPushBrowser();
    const calls = stubFetch({
      'GET /api/v1/public/push/key': () => json({ publicKey: KEY }),
      'POST /api/v1/me/push-subscriptions': () => json({ enabled: true }),
      'POST /api/v1/me/push-subscriptions/remove': () => json({ enabled: false }),
    });
    const page = mount(<DevicePushAll />);
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('available');
    });
    expect(text(byTestId(page.container, 'device-push-enable'))).toBe(
      'Bật thông báo cho tất cả phản ánh của tôi',
    );
    byTestId(page.container, 'device-push-enable').click();
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('on');
    });
    expect(stateText(page.container)).toContain('kể cả sau khi bạn đăng xuất');
    expect(calls.find((c) => c.key === 'POST /api/v1/me/push-subscriptions')?.body).toMatchObject({
      subscription: { endpoint: ENDPOINT },
    });
    byTestId(page.container, 'device-push-disable').click();
    await vi.waitFor(() => {
      expect(pushState(page.container)).toBe('available');
    });
    expect(calls.find((c) => c.key === 'POST /api/v1/me/push-subscriptions/remove')?.body).toEqual({
      endpoint: ENDPOINT,
    });
  });
});
