// Vite build of the citizen web app: Preact only, output to dist/web where the server picks it up.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:3000';

// index.html stays a template: the server fills {{SITE_NAME}}, {{SITE_DESCRIPTION}} and <!--ssr-->.
export default defineConfig({
  root,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    proxy: { '/api': api, '/healthz': api, '/readyz': api },
  },
});
