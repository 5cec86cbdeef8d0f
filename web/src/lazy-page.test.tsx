// Pages loaded on first use (app.tsx's lazyPage): a status while the chunk loads, the page once it has, and a
// message with a way to try again when it could not be loaded.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPage } from './app.js';
import { mount, text } from './test-helpers.js';

let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
});

function Greeting({ name }: { name: string }) {
  return <h1>Xin chào {name}</h1>;
}

describe('a page loaded on first use', () => {
  it('says it is loading, then shows the page with its properties', async () => {
    let resolve: (page: typeof Greeting) => void = () => undefined;
    const chunk = new Promise<typeof Greeting>((r) => (resolve = r));
    const Page = lazyPage(() => chunk, 'guides.title');
    const page = mount(<Page name="An" />);
    unmount = page.unmount;
    expect(text(page.container.querySelector('[role="status"]'))).toBe('Đang tải trang…');
    resolve(Greeting);
    await vi.waitFor(() => {
      expect(text(page.container.querySelector('h1'))).toBe('Xin chào An');
    });
    expect(page.container.querySelector('[role="status"]')).toBeNull();
  });

  it('says so when the page could not be loaded, and loads it again on request', async () => {
    const load = vi
      .fn<() => Promise<typeof Greeting>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValue(Greeting);
    const Page = lazyPage(load, 'guides.title');
    const page = mount(<Page name="Bình" />, 'en');
    unmount = page.unmount;
    await vi.waitFor(() => {
      expect(text(page.container.querySelector('[role="alert"] p'))).toBe(
        'The page could not be loaded. Please check your connection and try again.',
      );
    });
    // Still a page with its heading, in the visitor's language.
    expect(text(page.container.querySelector('h1'))).toBe('Guides');
    page.container.querySelector<HTMLButtonElement>('[role="alert"] button')?.click();
    await vi.waitFor(() => {
      expect(text(page.container.querySelector('h1'))).toBe('Xin chào Bình');
    });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('asks for its chunk and its data as it first renders, before the browser paints', () => {
    const load = vi.fn(() => new Promise<typeof Greeting>(() => undefined));
    const preload = vi.fn();
    const Page = lazyPage(load, 'guides.title', preload);
    const page = mount(<Page name="Giang" />);
    unmount = page.unmount;
    // Synchronously: no effect has run yet.
    expect(load).toHaveBeenCalledTimes(1);
    expect(preload).toHaveBeenCalledWith({ name: 'Giang' }, 'vi');
  });

  it('is shown at once the next time, without loading it again', async () => {
    const load = vi.fn(() => Promise.resolve(Greeting));
    const Page = lazyPage(load, 'guides.title');
    const first = mount(<Page name="Chi" />);
    await vi.waitFor(() => {
      expect(text(first.container.querySelector('h1'))).toBe('Xin chào Chi');
    });
    first.unmount();
    const again = mount(<Page name="Dũng" />);
    unmount = again.unmount;
    expect(text(again.container.querySelector('h1'))).toBe('Xin chào Dũng');
    expect(load).toHaveBeenCalledTimes(1);
  });
});
