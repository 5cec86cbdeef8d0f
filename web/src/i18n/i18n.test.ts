// The catalogues stay in step, and the language choice follows its precedence rules.
import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.js';
import { initialLang, loadCatalogue, translate } from './index.js';
import { vi as viCatalogue } from './vi.js';

describe('catalogues', () => {
  it('have the same keys in Vietnamese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(viCatalogue).sort());
  });

  it('have no empty messages and use the same placeholders in both languages', () => {
    for (const key of Object.keys(viCatalogue) as (keyof typeof viCatalogue)[]) {
      expect(viCatalogue[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(en[key]), key).toEqual(placeholders(viCatalogue[key]));
    }
  });

  it('store Vietnamese in precomposed form (NFC), as the rest of the system does', () => {
    for (const message of Object.values(viCatalogue)) expect(message).toBe(message.normalize('NFC'));
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', async () => {
    await loadCatalogue('en');
    expect(translate('vi', 'site.province', { province: 'Bắc Giang' })).toBe('Tỉnh Bắc Giang');
    expect(translate('en', 'site.province', { province: 'Bắc Giang' })).toBe('Bắc Giang province');
    expect(translate('vi', 'site.province')).toBe('Tỉnh {province}');
  });
});

describe('initialLang', () => {
  afterEach(() => {
    localStorage.clear();
  });

  it('is Vietnamese by default', () => {
    expect(initialLang('')).toBe('vi');
  });

  it('remembers the last choice', () => {
    localStorage.setItem('pakn.lang', 'en');
    expect(initialLang('')).toBe('en');
  });

  it('lets ?lang= override the remembered choice, and ignores unknown values', () => {
    localStorage.setItem('pakn.lang', 'en');
    expect(initialLang('?lang=vi')).toBe('vi');
    expect(initialLang('?lang=fr')).toBe('en');
    localStorage.clear();
    expect(initialLang('?lang=en')).toBe('en');
  });
});
