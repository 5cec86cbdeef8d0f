// A fixed-window request limit per client, kept in this process's memory: a brake on floods of
// submissions and uploads from one address. With several processes each counts its own share; limits that
// must hold exactly across processes (sign-in failures) live in the database instead.
import { AppError } from './errors.js';

export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    /** Requests allowed per window; 0 turns the limit off. */
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one request of `key`; throws `rate_limited` (429) when the window is full. */
  hit(key: string, now = Date.now()): void {
    if (this.limit === 0) return;
    if (this.windows.size > 100_000) this.sweep(now);
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > this.limit)
      throw new AppError('rate_limited', {
        internal: `limit ${this.limit} per ${this.windowMs} ms`,
        retryAfterSeconds: Math.ceil((window.start + this.windowMs - now) / 1000),
      });
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows)
      if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
