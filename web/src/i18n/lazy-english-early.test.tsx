// The English catalogue asked for at the first render can arrive before the provider's effects run (a fast network,
// the chunk already cached): the page must still switch to English then. (Its own file: a module's catalogues load
// once, and the other tests load English before they start.)
import { options, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueLoaded, I18nProvider, loadCatalogue, useI18n } from './index.js';

function Title() {
  const { t, lang } = useI18n();
  return <h1 data-lang={lang}>{t('stats.received')}</h1>;
}

describe('the English catalogue, arrived before the effects ran', () => {
  afterEach(() => {
    options.requestAnimationFrame = undefined;
    document.body.replaceChildren();
  });

  it('is shown once the effects run', { timeout: 30_000 }, async () => {
    expect(catalogueLoaded('en')).toBe(false);
    // Preact runs effects after the next frame; hold that frame until the catalogue is there.
    const held: (() => void)[] = [];
    options.requestAnimationFrame = (callback) => {
      held.push(callback);
    };
    const container = document.createElement('div');
    document.body.append(container);
    render(
      <I18nProvider initial="en">
        <Title />
      </I18nProvider>,
      container,
    );
    expect(container.querySelector('h1')?.dataset.lang).toBe('vi');
    await loadCatalogue('en');
    options.requestAnimationFrame = undefined;
    for (const callback of held) callback();
    await expect.poll(() => container.querySelector('h1')?.dataset.lang).toBe('en');
    expect(container.querySelector('h1')?.textContent).toBe('Reports received');
    expect(document.documentElement.lang).toBe('en');
    render(null, container);
  });
});
