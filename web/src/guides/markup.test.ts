import { describe, expect, it } from 'vitest';
import { parseMarkup } from './markup.js';

describe('the guides markup', () => {
  it('reads paragraphs, numbered steps, lists and screenshots', () => {
    const body =
      'Mở đầu\ncòn tiếp.\n\n1. Một\n2. Hai\n\n- A\n- B\n\n![Trang đăng nhập](/huong-dan/anh/dang-nhap.png)';
    expect(parseMarkup(body)).toEqual([
      { type: 'p', text: 'Mở đầu còn tiếp.' },
      { type: 'ol', items: ['Một', 'Hai'] },
      { type: 'ul', items: ['A', 'B'] },
      { type: 'img', alt: 'Trang đăng nhập', src: '/huong-dan/anh/dang-nhap.png' },
    ]);
  });

  it('keeps anything else as text: no HTML, no image from elsewhere, no mixed list', () => {
    expect(parseMarkup('<img src=x onerror=alert(1)>')).toEqual([
      { type: 'p', text: '<img src=x onerror=alert(1)>' },
    ]);
    expect(parseMarkup('![x](https://evil.example/a.png)')).toEqual([
      { type: 'p', text: '![x](https://evil.example/a.png)' },
    ]);
    expect(parseMarkup('![x](/huong-dan/anh/../../a.png)')[0]?.type).toBe('p');
    expect(parseMarkup('1. Một\nkhông phải bước')).toEqual([{ type: 'p', text: '1. Một không phải bước' }]);
  });
});
