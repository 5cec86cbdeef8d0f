// English catalogue: the same keys as the Vietnamese one, checked by its type.
import type { Catalogue } from './vi.js';

export const en: Catalogue = {
  'site.defaultName': 'Field Report Information System',
  'site.defaultShortName': 'PAKN',
  'site.province': '{province} province',

  skipLink: 'Skip to main content',
  'lang.label': 'Language',

  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'nav.submit': 'Send a report',
  'nav.lookup': 'Look up a report',
  'nav.guides': 'Guides',

  'home.title': 'Reports and petitions from citizens and businesses',
  'home.intro':
    "This is where citizens and businesses send reports and petitions about problems in daily and social life to the province's state agencies. Those agencies are responsible for checking, handling and answering them in accordance with the law.",
  'home.cta': 'Send a report',

  'stats.title': 'Public figures',
  'stats.received': 'Reports received',
  'stats.handled': 'Reports handled',
  'stats.onTime': 'Handled on time',
  'stats.onTimeNone': 'no report has come due yet',
  'stats.updatedAt': 'Updated at {time} (Vietnam time)',
  'stats.loading': 'Loading figures…',
  'stats.error': 'Could not load the figures.',
  'stats.retry': 'Try again',

  'pending.text': 'This feature is being built.',
  'pending.back': 'Back to the home page',
  'notFound.title': 'Page not found',
  'notFound.text': 'There is no page at this address.',

  'footer.license': 'Open-source software, licensed under AGPL-3.0.',
  'footer.api': 'API documentation',
};
