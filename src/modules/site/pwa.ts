// The installable app (issue 6 point 7): the web manifest with the deployment's name, its icons (PNG rendered once
// from the SVG badge, as browsers want 192 and 512 px PNGs to offer installing), and the service worker's headers.
import type { FastifyInstance } from 'fastify';

export interface ManifestOptions {
  name: string;
  shortName: string;
  description: string;
}

const THEME = '#0b4f8a';
/** The badge (a speech bubble on the theme colour) — the same drawing as web/public/favicon.svg. */
const ICON_SVG = (padding: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${-padding} ${-padding} ${32 + 2 * padding} ${32 + 2 * padding}">` +
  `<rect x="${-padding}" y="${-padding}" width="${32 + 2 * padding}" height="${32 + 2 * padding}" fill="${THEME}"/>` +
  `<path d="M8 9h16v11H14l-5 4v-4H8z" fill="#fff"/></svg>`;
/** Icon variants: `any` fills the square; `maskable` keeps the drawing inside the safe zone (80 %). */
const ICONS = {
  '192': { size: 192, padding: 0 },
  '512': { size: 512, padding: 0 },
  'maskable-512': { size: 512, padding: 6 },
} as const;
type IconName = keyof typeof ICONS;

export function webManifest(site: ManifestOptions): Record<string, unknown> {
  return {
    name: site.name,
    short_name: site.shortName,
    description: site.description,
    lang: 'vi',
    dir: 'ltr',
    id: '/',
    start_url: '/?source=app',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#ffffff',
    theme_color: THEME,
    categories: ['government', 'utilities'],
    icons: [
      { src: '/icons/192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
    shortcuts: [{ name: 'Gửi phản ánh', short_name: 'Gửi phản ánh', url: '/#/gui-phan-anh' }],
  };
}

export async function registerPwa(app: FastifyInstance, site: ManifestOptions): Promise<void> {
  const manifest = JSON.stringify(webManifest(site));
  app.get('/manifest.webmanifest', { schema: { hide: true } }, async (_request, reply) => {
    void reply
      .type('application/manifest+json; charset=utf-8')
      .header('cache-control', 'public, max-age=3600');
    return manifest;
  });

  const rendered = new Map<IconName, Promise<Buffer>>();
  app.get<{ Params: { name: string } }>(
    '/icons/:name',
    { schema: { hide: true } },
    async (request, reply) => {
      const name = request.params.name.replace(/\.png$/, '');
      if (!(name in ICONS) || !request.params.name.endsWith('.png'))
        return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      const icon = ICONS[name as IconName];
      let png = rendered.get(name as IconName);
      if (png === undefined) {
        // sharp loads on the first icon asked for, not at start.
        png = import('sharp').then((m) =>
          m
            .default(Buffer.from(ICON_SVG(icon.padding)), { density: 72 * (icon.size / 32) })
            .resize(icon.size, icon.size)
            .png()
            .toBuffer(),
        );
        rendered.set(name as IconName, png);
      }
      void reply.type('image/png').header('cache-control', 'public, max-age=86400');
      return png;
    },
  );
}
