// Entry point: replaces the server-rendered, no-JavaScript home page with the app.
import { render } from 'preact';
import { App } from './app.js';
import { I18nProvider } from './i18n/index.js';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) {
  // In a task of its own, not in the one that ran the scripts: a phone stays responsive between the two (and
  // between this one and the layout of what it rendered, in the next frame) instead of one long task.
  setTimeout(() => {
    // The server's static page is a different tree; clear it rather than let Preact reuse its nodes.
    root.replaceChildren();
    render(
      <I18nProvider>
        <App />
      </I18nProvider>,
      root,
    );
  }, 0);
}

// The installable app: the service worker keeps the app shell for offline use (web/public/sw.js). Registered after
// the page has loaded so that it never competes with the first paint on a slow phone.
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Without it the app works online as before.
    });
  });
}

// Reports queued offline are sent when the network returns, whichever page is open. The queue's code (IndexedDB, the
// API's checks) is loaded once the page has loaded, not before its first paint.
function startOutboxLater(): void {
  void import('./report/outbox.js').then(
    ({ startOutbox }) => {
      startOutbox();
    },
    () => {
      // Not loaded (offline, and the chunk not kept yet): what waits is sent after the next page load.
    },
  );
}

/**
 * The other pages' chunks, listed inert in index.html (`<template id="later-chunks">`, see web/vite.config.ts), are
 * prefetched once the page has loaded and the browser is idle: a later page opens without a round trip, and the
 * first one did not share its bandwidth with them.
 */
function prefetchLaterChunks(): void {
  const template = document.getElementById('later-chunks');
  if (template instanceof HTMLTemplateElement) document.head.append(template.content.cloneNode(true));
}

function afterLoad(): void {
  startOutboxLater();
  if ('requestIdleCallback' in window) requestIdleCallback(prefetchLaterChunks, { timeout: 5000 });
  else setTimeout(prefetchLaterChunks, 1000);
}
if (document.readyState === 'complete') afterLoad();
else window.addEventListener('load', afterLoad, { once: true });
