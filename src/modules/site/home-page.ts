// Serves the web app's index.html with the province's system name and a no-JavaScript home page filled in.
import type { Db } from '../../platform/db/tables.js';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { en } from '../../../web/src/i18n/en.js';
import { vi, type Catalogue, type MessageKey } from '../../../web/src/i18n/vi.js';
import type { Lang } from '../../platform/errors.js';
import type { PublicStats } from '../stats/schemas.js';
import { getPublicStats } from '../stats/service.js';
import { formatDateTimeVN, formatNumberVN } from '../../platform/text.js';

export interface SiteOptions {
  name: string;
  shortName: string;
  province: string;
  /** Built web app (dist/web); when it has no index.html a minimal page is served. */
  webDir: string;
}

const FALLBACK_TEMPLATE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{{SITE_DESCRIPTION}}"><title>{{SITE_NAME}}</title></head>
<body><div id="app"><!--ssr--></div></body></html>`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CATALOGUES: Record<Lang, Catalogue> = { vi, en };

function message(lang: Lang, key: MessageKey, values: Record<string, string> = {}): string {
  return CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function formatNumber(lang: Lang, n: number): string {
  return lang === 'vi' ? formatNumberVN(n) : n.toLocaleString('en-GB');
}

/** The home page without JavaScript: the same facts the app shows, in the language asked by `?lang=`. */
function renderHome(site: SiteOptions, lang: Lang, stats: PublicStats): string {
  const t = (key: MessageKey, values?: Record<string, string>) => escapeHtml(message(lang, key, values));
  // Like the app: a dash for the figure and a small note saying why.
  const onTime =
    stats.onTimePercent === null
      ? `—</dd><dd class="stat-note">${t('stats.onTimeNone')}`
      : `${formatNumber(lang, stats.onTimePercent)}%`;
  return `<header class="ssr-header"><h1>${escapeHtml(site.name)}</h1><p>${t('site.province', { province: site.province })}</p></header>
<main class="ssr-main"><h2>${t('home.title')}</h2><p>${t('home.intro')}</p>
<h2>${t('stats.title')}</h2>
<dl class="ssr-stats">
<div><dt>${t('stats.received')}</dt><dd>${formatNumber(lang, stats.received)}</dd></div>
<div><dt>${t('stats.handled')}</dt><dd>${formatNumber(lang, stats.handled)}</dd></div>
<div><dt>${t('stats.onTime')}</dt><dd>${onTime}</dd></div>
</dl><p><small>${t('stats.updatedAt', { time: formatDateTimeVN(new Date(stats.asOf)) })}</small></p></main>`;
}

export async function registerHomePage(app: FastifyInstance, db: Db, site: SiteOptions): Promise<void> {
  const indexPath = path.join(site.webDir, 'index.html');
  const template = (fs.existsSync(indexPath) ? fs.readFileSync(indexPath, 'utf8') : FALLBACK_TEMPLATE)
    .replaceAll('{{SITE_NAME}}', escapeHtml(site.name))
    .replaceAll('{{SITE_DESCRIPTION}}', escapeHtml(message('vi', 'home.intro')));

  for (const url of ['/', '/index.html']) {
    app.get<{ Querystring: { lang?: string } }>(url, { schema: { hide: true } }, async (request, reply) => {
      const lang: Lang = request.query.lang === 'en' ? 'en' : 'vi';
      const stats = await getPublicStats(db);
      void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache');
      return template
        .replace('<html lang="vi"', `<html lang="${lang}"`)
        .replace('<!--ssr-->', renderHome(site, lang, stats));
    });
  }
}
