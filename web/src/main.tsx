// Entry point: replaces the server-rendered, no-JavaScript home page with the app.
import { render } from 'preact';
import { App } from './app.js';
import { I18nProvider } from './i18n/index.js';
import './styles.css';
import { startOutbox } from './report/outbox.js';

const root = document.getElementById('app');
if (root !== null) {
  // The server's static page is a different tree; clear it rather than let Preact reuse its nodes.
  root.replaceChildren();
  render(
    <I18nProvider>
      <App />
    </I18nProvider>,
    root,
  );
}

// Reports queued offline are sent when the network returns, whichever page is open.
startOutbox();
