// The service worker of the installable app (issue 6 point 7). Keeps the app shell — the page and its hashed
// assets — so the app opens without a network; never stores API answers or photos (personal data, and stale
// figures would mislead). Shows Web Push notifications about followed reports and opens the report on a tap.
// Plain JavaScript, served as is from the site's root so that it controls the whole site.
const SHELL = 'pakn-shell-v1';
const SHELL_FILES = ['/', '/favicon.svg', '/manifest.webmanifest', '/icons/192.png'];

/** The hashed asset files a page links (`/assets/…`), so that the shell is complete offline. */
function assetsOf(html) {
  return [...new Set(html.match(/\/assets\/[A-Za-z0-9._-]+/g) || [])];
}

async function cacheShell() {
  const cache = await caches.open(SHELL);
  const page = await fetch('/', { cache: 'reload' });
  if (!page.ok) throw new Error(`the page answered ${page.status}`);
  const html = await page.clone().text();
  await cache.put('/', page);
  await cache.addAll([...SHELL_FILES.slice(1), ...assetsOf(html)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('pakn-') && k !== SHELL).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

/** The page from the network (kept for offline use with its assets), else the kept one. */
async function navigate(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok && new URL(request.url).pathname === '/') {
      const html = await response.clone().text();
      await cache.put('/', response.clone());
      // A new release links new assets: keep them too (the old ones go with the next cache version).
      await Promise.all(
        assetsOf(html).map((url) =>
          cache.match(url).then((hit) => hit || cache.add(url).catch(() => undefined)),
        ),
      );
    }
    return response;
  } catch (error) {
    const kept = await cache.match('/');
    if (kept) return kept;
    throw error;
  }
}

/** Hashed assets never change: the kept copy, else the network (and keep it). */
async function asset(request) {
  const cache = await caches.open(SHELL);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Small files that may change (icons, the manifest): the kept copy at once, refreshed in the background. */
async function refreshed(request, event) {
  const cache = await caches.open(SHELL);
  const kept = await cache.match(request);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(navigate(request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
  else if (SHELL_FILES.includes(url.pathname) || url.pathname.startsWith('/icons/'))
    event.respondWith(refreshed(request, event));
  // Everything else (the API, photos) goes to the network untouched.
});

// Web Push: the `push.send` job's payload (code, kind, title and body in Vietnamese, the report's address). Public
// facts only; one notification per report (its tag), a newer one replacing the older and alerting again.
self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : '' };
  }
  const title = data.title || 'PAKN';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || '',
      icon: '/icons/192.png',
      badge: '/icons/192.png',
      lang: 'vi',
      tag: data.code || undefined,
      renotify: Boolean(data.code),
      data: { url: data.url || '/' },
    }),
  );
});

/**
 * The page a notification opens, on this site whatever address the server wrote (a PUBLIC_URL behind a proxy,
 * or another host name of the same deployment): its path and the report's hash route.
 */
function pageOf(url) {
  let given;
  try {
    given = new URL(url || '/', self.location.origin);
  } catch {
    given = new URL('/', self.location.origin);
  }
  return new URL(`${given.pathname}${given.search}${given.hash}`, self.location.origin);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = pageOf(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        if (new URL(w.url).origin === target.origin && 'focus' in w) {
          return w
            .focus()
            .then((focused) => (focused && 'navigate' in focused ? focused.navigate(target.href) : focused));
        }
      }
      return self.clients.openWindow(target.href);
    }),
  );
});
