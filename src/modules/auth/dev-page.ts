// `/dev/sms`: the messages the development SMS provider kept instead of sending (development only).
import type { FastifyPluginAsync } from 'fastify';
import type { DevMailProvider } from '../../platform/mail.js';
import type { DevSmsProvider } from '../../platform/sms.js';
import { formatDateTimeVN } from '../../platform/text.js';
import { escapeHtml } from '../site/home-page.js';

export const devSmsPage: FastifyPluginAsync<{ sms: DevSmsProvider }> = async (app, { sms }) => {
  app.get('/dev/sms', { schema: { hide: true } }, async (_request, reply) => {
    const rows = sms
      .messages()
      .map(
        (m) =>
          `<tr><td>${formatDateTimeVN(m.at)}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.text)}</td></tr>`,
      )
      .join('\n');
    void reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tin nhắn SMS thử nghiệm</title></head><body>
<h1>Tin nhắn SMS thử nghiệm / Development SMS</h1>
<p>Máy chủ đang dùng nhà cung cấp SMS thử nghiệm: tin nhắn không được gửi đi mà hiện ở đây. / The development provider keeps messages here instead of sending them.</p>
<table><thead><tr><th>Thời gian</th><th>Số điện thoại</th><th>Nội dung</th></tr></thead><tbody>
${rows || '<tr><td colspan="3">Chưa có tin nhắn nào. / No messages yet.</td></tr>'}
</tbody></table></body></html>`;
  });
};

export const devMailPage: FastifyPluginAsync<{ mail: DevMailProvider }> = async (app, { mail }) => {
  app.get('/dev/mail', { schema: { hide: true } }, async (_request, reply) => {
    const items = mail
      .messages()
      .map(
        (m) =>
          `<article><h2>${escapeHtml(m.subject)}</h2><p>${formatDateTimeVN(m.at)} — ${escapeHtml(m.to)}</p><pre>${escapeHtml(m.text)}</pre></article>`,
      )
      .join('\n');
    void reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Thư điện tử thử nghiệm</title></head><body>
<h1>Thư điện tử thử nghiệm / Development e-mail</h1>
<p>Chưa cấu hình máy chủ thư (SMTP_URL): thư không được gửi đi mà hiện ở đây. / No SMTP_URL: mail is kept here instead of being sent.</p>
${items || '<p>Chưa có thư nào. / No mail yet.</p>'}
</body></html>`;
  });
};
