// The portal draws exactly the icons a category may name: no name without a drawing, no stray drawing.
import { describe, expect, it } from 'vitest';
import { CATEGORY_ICONS } from '../../src/modules/org/schemas.js';
import { CATEGORY_ICON_PATHS, categoryIconPaths } from '../../web/src/report/category-icons.js';

describe('category icons', () => {
  it('has one drawing per icon name the API accepts, and no other', () => {
    expect(Object.keys(CATEGORY_ICON_PATHS).sort()).toEqual([...CATEGORY_ICONS].sort());
  });

  it('draws every icon with path data that stays on the 24×24 grid', () => {
    for (const [name, paths] of Object.entries(CATEGORY_ICON_PATHS)) {
      expect(paths.length, name).toBeGreaterThan(0);
      for (const d of paths) {
        expect(d, name).toMatch(/^M[-\d. ]/);
        const numbers = (d.match(/-?\d*\.?\d+/g) ?? []).map(Number);
        for (const n of numbers) expect(Math.abs(n), `${name}: ${d}`).toBeLessThanOrEqual(24);
      }
    }
  });

  it('falls back to the generic icon for none or an unknown name', () => {
    expect(categoryIconPaths(null)).toBe(CATEGORY_ICON_PATHS.other);
    expect(categoryIconPaths('a-future-icon')).toBe(CATEGORY_ICON_PATHS.other);
    expect(categoryIconPaths('tree')).toBe(CATEGORY_ICON_PATHS.tree);
  });
});
