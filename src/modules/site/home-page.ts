// Serves the web app's index.html with the province's system name and a no-JavaScript home page filled in.
import type { Db } from '../../platform/db/tables.js';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
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

function description(site: SiteOptions): string {
  return `Kênh để người dân, doanh nghiệp tỉnh ${site.province} gửi phản ánh, kiến nghị về những vấn đề trong đời sống đến cơ quan nhà nước để được kiểm tra, xử lý và trả lời theo quy định.`;
}

export async function registerHomePage(app: FastifyInstance, db: Db, site: SiteOptions): Promise<void> {
  const indexPath = path.join(site.webDir, 'index.html');
  const template = (fs.existsSync(indexPath) ? fs.readFileSync(indexPath, 'utf8') : FALLBACK_TEMPLATE)
    .replaceAll('{{SITE_NAME}}', escapeHtml(site.name))
    .replaceAll('{{SITE_DESCRIPTION}}', escapeHtml(description(site)));

  const serve = async (): Promise<string> => {
    const stats = await getPublicStats(db);
    const onTime = stats.onTimePercent === null ? '—' : `${formatNumberVN(stats.onTimePercent)}%`;
    const body = `<header class="ssr-header"><h1>${escapeHtml(site.name)}</h1><p>${escapeHtml(site.province)}</p></header>
<main class="ssr-main"><p>${escapeHtml(description(site))}</p>
<dl class="ssr-stats">
<div><dt>Phản ánh đã tiếp nhận</dt><dd>${formatNumberVN(stats.received)}</dd></div>
<div><dt>Đã xử lý xong</dt><dd>${formatNumberVN(stats.handled)}</dd></div>
<div><dt>Tỷ lệ đúng hạn</dt><dd>${onTime}</dd></div>
</dl><p><small>Cập nhật lúc ${formatDateTimeVN(new Date(stats.asOf))}</small></p></main>`;
    return template.replace('<!--ssr-->', body);
  };

  for (const url of ['/', '/index.html']) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => {
      void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache');
      return serve();
    });
  }
}
