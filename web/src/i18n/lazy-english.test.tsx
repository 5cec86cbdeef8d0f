// English is loaded when chosen: until its catalogue arrives the page stays in Vietnamese, under <html lang="vi">,
// never showing message keys; then it switches. (Its own file: the other tests load English before they start.)
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueLoaded, I18nProvider, loadCatalogue, useI18n } from './index.js';

function Title() {
  const { t, lang } = useI18n();
  return (
    <h1 data-lang={lang}>
      {t('home.title')} · {t('stats.received')}
    </h1>
  );
}

describe('the English catalogue', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  // The first import of en.ts is transformed on demand, slowly on a busy machine.
  it(
    'is loaded when English is chosen; the page shows Vietnamese until it arrives',
    { timeout: 30_000 },
    async () => {
      expect(catalogueLoaded('en')).toBe(false);
      const container = document.createElement('div');
      document.body.append(container);
      render(
        <I18nProvider initial="en">
          <Title />
        </I18nProvider>,
        container,
      );
      const heading = () => container.querySelector('h1');
      expect(heading()?.dataset.lang).toBe('vi');
      expect(heading()?.textContent).toContain('Phản ánh đã tiếp nhận');
      expect(document.documentElement.lang).toBe('vi');
      // The provider asked for it as it first rendered; this waits for that same load.
      await loadCatalogue('en');
      await expect.poll(() => heading()?.dataset.lang).toBe('en');
      expect(heading()?.textContent).toContain('Reports received');
      expect(document.documentElement.lang).toBe('en');
      expect(catalogueLoaded('en')).toBe(true);
      render(null, container);
    },
  );
});
