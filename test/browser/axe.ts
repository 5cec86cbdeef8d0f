// axe-core (the installed node_modules/axe-core/axe.min.js) run in a page opened with playwright-core: the
// accessibility checks of the tour and of `npm run bench:budgets`.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The impacts that fail a page: axe's "serious" and "critical". */
export const BLOCKING_IMPACTS: ReadonlySet<string> = new Set(['serious', 'critical']);

export interface AxeViolation {
  /** axe's rule id, e.g. `color-contrast`. */
  id: string;
  impact: string;
  help: string;
  /** CSS selectors of the offending elements (the first few). */
  targets: string[];
}

let source: Promise<string> | undefined;

function axeSource(): Promise<string> {
  const file = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  source ??= readFile(file, 'utf8');
  return source;
}

/**
 * Every axe violation on the page as it is now (axe's default rules: WCAG 2.x A and AA, and best practices). The script
 * is evaluated through the DevTools protocol, which the app's Content-Security-Policy does not block (an injected
 * `<script>` tag would be).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource());
  return page.evaluate(async () => {
    interface Result {
      id: string;
      impact?: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } })
      .axe;
    const results = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: Result[] };
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  });
}

/** The violations that fail a page (serious or critical). */
export async function blockingViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => BLOCKING_IMPACTS.has(v.impact));
}

/** One line per violation: `color-contrast (serious) Elements must meet…: .a, .b`. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}) ${v.help}: ${v.targets.join(', ')}`).join('\n');
}
