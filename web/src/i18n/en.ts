// English catalogue: the same keys as the Vietnamese one, checked by its type.
import { accountEn } from './account.js';
import { adminEn } from './admin.js';
import { followEn } from './follow.js';
import { guidesEn } from './guides.js';
import { mapEn } from './map.js';
import { reportEn } from './report.js';
import { leaderStatsEn } from './leader-stats.js';
import { statsEn } from './stats.js';
import { signInEn } from './sign-in.js';
import { workspaceEn } from './workspace.js';
import type { Catalogue } from './vi.js';

export const en: Catalogue = {
  ...reportEn,
  ...followEn,
  ...guidesEn,
  ...mapEn,
  ...accountEn,
  ...adminEn,
  ...statsEn,
  ...leaderStatsEn,
  ...signInEn,
  ...workspaceEn,
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

  'nav.admin': 'Administration',
  'nav.report': 'Report',
  'nav.mine': 'My reports',

  'account.signIn': 'Sign in',
  'account.signOut': 'Sign out',
  'account.label': 'Account',
  'account.signedIn': 'Signed in:',
  'account.citizen': 'Citizen',
  'account.officer': 'Officer',
  'account.signOutError': 'Could not sign out. Please try again.',

  'signIn.title': 'Sign in',
  'signIn.tabs': 'Who is signing in',
  'signIn.tab.citizen': 'Citizen',
  'signIn.tab.officer': 'Officer',
  'signIn.already': 'You are signed in. Signing in with another account ends the current session.',
  'signIn.citizenTitle': 'Sign in with your phone number',
  'signIn.phone': 'Phone number',
  'signIn.phoneHint': 'We will send a 6-digit code to this number by text message.',
  'signIn.phoneMissing': 'Please enter your phone number.',
  'signIn.sendCode': 'Send the code',
  'signIn.codeTitle': 'Enter the code',
  'signIn.codeSent': 'A code has been sent to {sentTo}.',
  'signIn.code': 'Code (6 digits)',
  'signIn.codeMissing': 'Please enter the code.',
  'signIn.resend': 'Send the code again',
  'signIn.resendIn': 'Send again in {seconds} s',
  'signIn.changePhone': 'Use another number',
  'signIn.submit': 'Sign in',
  'signIn.working': 'Please wait…',
  'signIn.unexpected': 'Could not reach the system. Please check your connection and try again.',
  'signIn.privacyTitle': 'How we handle your personal data',
  'signIn.privacyIntro':
    'This is the first sign-in with this number. Before the account is created, please read this summary of the privacy notice.',
  'signIn.privacy1':
    'The system keeps your phone number, your name (if you give it) and your reports, to receive, handle and answer them.',
  'signIn.privacy2':
    'Only the competent state agencies use the data, to resolve your reports; it is not given to third parties unless the law requires it.',
  'signIn.privacy3':
    'You can view and download your data or delete your account at any time; reports you sent are then kept anonymised.',
  'signIn.privacyVersion': 'Notice version: {version}.',
  'signIn.privacyAccept': 'I have read and accept the privacy notice.',
  'signIn.privacyRequired': 'Please tick the box to accept the notice.',
  'signIn.privacyContinue': 'Accept and sign in',
  'signIn.officerTitle': 'Officer sign-in',
  'signIn.username': 'Username',
  'signIn.password': 'Password',
  'signIn.credentialsMissing': 'Please enter your username and password.',
  'signIn.totpTitle': 'Two-factor authentication',
  'signIn.totpIntro': 'Enter the 6-digit code your authenticator app shows.',
  'signIn.totpCode': 'Code',
  'signIn.verify': 'Confirm',
  'signIn.setupTitle': 'Set up two-factor authentication',
  'signIn.setupIntro':
    'Your account must use two-factor authentication. Open an authenticator app on your phone (e.g. Google Authenticator, Microsoft Authenticator), add an account with the secret key or the link below, then enter the 6-digit code the app shows.',
  'signIn.setupSecret': 'Secret key',
  'signIn.setupLink': 'Set-up link (open it on a phone with an authenticator app)',
  'signIn.setupLoading': 'Creating the secret key…',
  'signIn.startOver': 'Start again',

  'footer.license': 'Open-source software, licensed under AGPL-3.0.',
  'footer.api': 'API documentation',

  // A page loaded the first time it is shown (app.tsx).
  'page.loading': 'Loading the page…',
  'page.loadError': 'The page could not be loaded. Please check your connection and try again.',
  'page.retry': 'Try again',
};
