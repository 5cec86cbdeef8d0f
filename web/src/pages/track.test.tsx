// The tracking form: codes typed loosely open the report's page; anything else is refused next to the field.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, text } from '../test-helpers.js';
import { TrackPage } from './track.js';

let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
  window.location.hash = '';
});

async function submit(container: HTMLElement, typed: string) {
  const input = container.querySelector<HTMLInputElement>('#track-code');
  if (input === null) throw new Error('no code field');
  input.value = typed;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  // Let Preact render the typed value before the form is sent.
  await new Promise((resolve) => setTimeout(resolve, 0));
  container.querySelector('form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

describe('track page', () => {
  it('opens the report page with the code in its canonical form', async () => {
    const page = mount(<TrackPage />);
    unmount = page.unmount;
    expect(page.container.querySelector('label[for="track-code"]')?.textContent).toBe('Mã phản ánh');
    await submit(page.container, 'pa 2026 000123');
    await Promise.resolve();
    expect(window.location.hash).toBe('#/phan-anh/PA-2026-000123');
  });

  it('explains a code it cannot read, tied to the field', async () => {
    const page = mount(<TrackPage />);
    unmount = page.unmount;
    await submit(page.container, 'PA-12');
    await new Promise((resolve) => setTimeout(resolve, 0));
    const input = page.container.querySelector<HTMLInputElement>('#track-code');
    expect(input?.getAttribute('aria-invalid')).toBe('true');
    expect(input?.getAttribute('aria-describedby')).toContain('track-code-error');
    expect(text(page.container.querySelector('#track-code-error'))).toBe(
      'Mã phản ánh gồm chữ PA, năm gửi và số thứ tự, ví dụ PA-2026-000123.',
    );
    expect(window.location.hash).not.toContain('phan-anh');
  });

  it('is in English when English is chosen', () => {
    const page = mount(<TrackPage />, 'en');
    unmount = page.unmount;
    expect(text(page.container.querySelector('h1'))).toBe('Track a report');
    expect(text(page.container.querySelector('#where-title'))).toBe('Where do I find the code?');
    expect(text(page.container.querySelector('button[type="submit"]'))).toBe('Track');
  });
});
