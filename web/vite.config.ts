// Vite build of the citizen web app: Preact only, output to dist/web where the server picks it up.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));
const api = 'http://127.0.0.1:3000';

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside every hashed script and style sheet, which the server sends
 * to browsers that accept them (@fastify/static's `preCompressed`): a phone on a slow network downloads about a
 * third of the bytes, and the server spends no CPU compressing per request.
 */
function precompressAssets(): Plugin {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  let dir = path.join(outDir, 'assets');
  return {
    name: 'pakn-precompress-assets',
    apply: 'build',
    configResolved(config) {
      dir = path.resolve(config.root, config.build.outDir, config.build.assetsDir);
    },
    async closeBundle() {
      const files = (await readdir(dir)).filter((name) => /\.(js|css|svg)$/.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(dir, name);
          const data = await readFile(file);
          const [br, gzipped] = await Promise.all([
            brotli(data, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 11,
                [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
            gz(data, { level: 9 }),
          ]);
          if (br.length < data.length) await writeFile(`${file}.br`, br);
          if (gzipped.length < data.length) await writeFile(`${file}.gz`, gzipped);
        }),
      );
    },
  };
}

/**
 * Lists every script and style chunk that index.html does not load already (the pages loaded on first use, see
 * `lazyPage` in src/app.tsx, and what they share) as `<link rel="prefetch">` inside `<template id="later-chunks">`:
 * inert there, so that a first visit spends its bandwidth on what it shows (on a slow phone network twenty
 * prefetches sharing the line with the page's own scripts and API answers delay its first paint); `main.tsx` puts
 * them in the document once the page has loaded and the browser is idle, so moving to another page needs no round
 * trip. The service worker (public/sw.js), which keeps every `/assets/` file index.html names, keeps them for
 * offline use.
 */
function prefetchLazyChunks(): Plugin {
  return {
    name: 'pakn-prefetch-lazy-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context): HtmlTagDescriptor[] {
        const links = Object.values(context.bundle ?? {})
          .map((output) => output.fileName)
          .filter((file) => /\.(js|css)$/.test(file) && !html.includes(`/${file}`))
          .sort()
          .map((file) => ({ tag: 'link', attrs: { rel: 'prefetch', href: `/${file}` } }));
        return [{ tag: 'template', attrs: { id: 'later-chunks' }, children: links, injectTo: 'head' }];
      },
    },
  };
}

/**
 * Each feature's catalogue (`src/i18n/<feature>.ts`) exports its Vietnamese and English messages side by side; vi.ts
 * spreads in the one, en.ts the other. Imported from en.ts, such a file becomes a module of its own (`?lang=en`),
 * so that tree-shaking leaves only English in the English chunk (loaded when chosen, see `loadCatalogue` in
 * src/i18n/index.tsx) and only Vietnamese in the first script.
 */
function catalogueByLanguage(): Plugin {
  return {
    name: 'pakn-catalogue-by-language',
    apply: 'build',
    // Before Vite's own resolver, which would otherwise resolve the import first.
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || !importer.endsWith('/src/i18n/en.ts') || !source.startsWith('./'))
        return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (
        resolved === null ||
        resolved.external ||
        !resolved.id.endsWith('.ts') ||
        resolved.id.endsWith('/vi.ts')
      )
        return null;
      return `${resolved.id}?lang=en`;
    },
  };
}

// index.html stays a template: the server fills {{SITE_NAME}}, {{SITE_DESCRIPTION}} and <!--ssr-->.
export default defineConfig({
  root,
  base: '/',
  plugins: [preact(), catalogueByLanguage(), prefetchLazyChunks(), precompressAssets()],
  build: {
    outDir,
    emptyOutDir: true,
  },
  server: {
    proxy: { '/api': api, '/healthz': api, '/readyz': api },
  },
});
