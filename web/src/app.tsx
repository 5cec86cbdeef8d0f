// App shell: header with the system's name and language switch, main navigation, pages, footer.
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fetchSiteInfo, type SiteInfo } from './api.js';
import { preloadPublicReport } from './api-follow.js';
import { normaliseCode } from './follow/code.js';
import { LoadError } from './components/load-error.js';
import { formatPhoneVN } from './format.js';
import { LANGS, LANGUAGE_NAMES, useI18n, type Lang, type MessageKey } from './i18n/index.js';
import { HomePage } from './pages/home.js';
import { NotFoundPage, PendingPage } from './pages/pending.js';
import { useHashPath } from './router.js';
import { isAdmin, SessionProvider, signInHref, useSession } from './session.js';
import { isWorkspaceOfficer } from './workspace/labels.js';

/**
 * A page whose code is a chunk of its own, loaded the first time it is shown: a first visit downloads and runs the
 * shell, the home page and the page it opens, not every page of the app (a cheap phone spends its time on what it
 * shows). The chunk is asked for while the page first renders, not after it has painted, and `preload` (given the
 * page's properties and the language) may start the page's own API request at the same time, so that a phone waits
 * for one round trip, not two. The build lists every such chunk for a prefetch once the first page has loaded
 * (web/vite.config.ts), so the browser fetches them when idle and the service worker keeps them for offline use.
 * `title` heads the page while it cannot be loaded.
 */
export function lazyPage<P extends object>(
  load: () => Promise<ComponentType<P>>,
  title: MessageKey,
  preload?: (props: P, lang: Lang) => void,
): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return function LazyPage(props: P) {
    const { t, lang } = useI18n();
    const [component, setComponent] = useState<ComponentType<P> | undefined>(() => {
      preload?.(props, lang);
      if (loaded === undefined) loading ??= load();
      return loaded;
    });
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (component !== undefined) return;
      let live = true;
      loading ??= load();
      loading.then(
        (page) => {
          loaded = page;
          if (live) setComponent(() => page);
        },
        () => {
          // No network (and the chunk not kept yet): the next attempt asks again.
          loading = undefined;
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [component, attempt]);
    if (component !== undefined) {
      const Loaded = component;
      return <Loaded {...props} />;
    }
    if (failed)
      return (
        <div class="page">
          <h1>{t(title)}</h1>
          <LoadError
            message={t('page.loadError')}
            retry={t('page.retry')}
            onRetry={() => {
              setFailed(false);
              setAttempt((n) => n + 1);
            }}
          />
        </div>
      );
    return (
      <p class="page-loading" role="status">
        {t('page.loading')}
      </p>
    );
  };
}

const AccountPage = lazyPage(
  () => import('./pages/account.js').then((m) => m.AccountPage),
  'myAccount.title',
);
const AdminPage = lazyPage(() => import('./pages/admin.js').then((m) => m.AdminPage), 'admin.title');
const GuidesPage = lazyPage(() => import('./pages/guides.js').then((m) => m.GuidesPage), 'guides.title');
const MyReportsPage = lazyPage(
  () => import('./pages/my-reports.js').then((m) => m.MyReportsPage),
  'nav.mine',
);
const ReportNewPage = lazyPage(
  () => import('./pages/report-new.js').then((m) => m.ReportNewPage),
  'nav.submit',
);
const ReportViewPage = lazyPage(
  () => import('./pages/report-view.js').then((m) => m.ReportViewPage),
  'nav.report',
  ({ code }, lang) => {
    const canonical = normaliseCode(code);
    if (canonical !== null) preloadPublicReport(canonical, lang);
  },
);
const SignInPage = lazyPage(() => import('./pages/sign-in.js').then((m) => m.SignInPage), 'signIn.title');
const TrackPage = lazyPage(() => import('./pages/track.js').then((m) => m.TrackPage), 'nav.lookup');
const ReportsListPage = lazyPage(
  () => import('./pages/reports-list.js').then((m) => m.ReportsListPage),
  'nav.reports',
);
const StatisticsPage = lazyPage(
  () => import('./pages/statistics.js').then((m) => m.StatisticsPage),
  'nav.statistics',
);
const WorkspacePage = lazyPage(
  () => import('./pages/workspace.js').then((m) => m.WorkspacePage),
  'workspace.title',
);
const LeaderStatisticsPage = lazyPage(
  () => import('./pages/leader-statistics.js').then((m) => m.LeaderStatisticsPage),
  'leaderStats.title',
);
const EmailLinkPage = lazyPage(
  () => import('./follow/email-link.js').then((m) => m.EmailLinkPage),
  'nav.report',
);

interface Section {
  path: string;
  label: MessageKey;
  /** Also matches `path/<param>` (a report's code), passed to the page. */
  withParam?: boolean;
}

/** The main navigation. */
const SECTIONS: readonly Section[] = [
  { path: '/', label: 'nav.home' },
  { path: '/gui-phan-anh', label: 'nav.submit' },
  // The public reports; `/phan-anh/{code}` is one report (REPORT below).
  { path: '/phan-anh', label: 'nav.reports' },
  { path: '/tra-cuu', label: 'nav.lookup' },
  { path: '/huong-dan', label: 'nav.guides', withParam: true },
  { path: '/thong-ke', label: 'nav.statistics' },
];
/** Also `#/dang-nhap/email` (an e-mailed link) and `#/dang-nhap/dong-y` (single sign-on's consent step). */
const SIGN_IN: Section = { path: '/dang-nhap', label: 'signIn.title', withParam: true };
/** In the navigation for administrators only; the page itself also says who may use it. `#/quan-tri/{section}`: one section. */
const ADMIN: Section = { path: '/quan-tri', label: 'nav.admin', withParam: true };
/** One report's public page: `#/phan-anh/PA-2026-000123`. */
const REPORT: Section = { path: '/phan-anh', label: 'nav.report', withParam: true };
/** The address the receipts (SMS, e-mail, Web Push) give: `#/theo-doi/PA-2026-000123`, the same page. */
const TRACKED: Section = { path: '/theo-doi', label: 'nav.report', withParam: true };
/** The signed-in citizen's own reports (in the navigation once signed in). */
const MINE: Section = { path: '/cua-toi', label: 'nav.mine' };
/** The signed-in person's account: the name in the header leads here. */
const ACCOUNT: Section = { path: '/tai-khoan', label: 'myAccount.title' };
/** The links in mails about following by e-mail: confirm a follow, stop one (`#/huy-theo-doi/{token}`). */
const EMAIL_CONFIRM: Section = { path: '/xac-nhan-theo-doi', label: 'follow.confirmTitle', withParam: true };
const EMAIL_STOP: Section = { path: '/huy-theo-doi', label: 'follow.unsubscribeTitle', withParam: true };
const MAIL = [EMAIL_CONFIRM, EMAIL_STOP];
/** The officers' workspace: the inboxes, one report (`#/can-bo/phan-anh/PA-2026-000123`), the hotline entry. */
const WORKSPACE: Section = { path: '/can-bo', label: 'nav.workspace' };
const WORKSPACE_REPORT: Section = {
  path: '/can-bo/phan-anh',
  label: 'workspace.report.nav',
  withParam: true,
};
const WORKSPACE_HOTLINE: Section = { path: '/can-bo/nhap-phan-anh', label: 'workspace.hotline.title' };
const WORKSPACE_ROUTES = [WORKSPACE, WORKSPACE_REPORT, WORKSPACE_HOTLINE];
/** The officers' statistics (the officer workspace links to it). */
const LEADER_STATS: Section = { path: '/can-bo/thong-ke', label: 'leaderStats.title' };
const ROUTES: readonly Section[] = [
  ...SECTIONS,
  SIGN_IN,
  ADMIN,
  REPORT,
  TRACKED,
  MINE,
  ACCOUNT,
  ...MAIL,
  ...WORKSPACE_ROUTES,
  LEADER_STATS,
];

/** The section a path names and its parameter (`/phan-anh/PA-2026-000123` → REPORT, 'PA-2026-000123'). */
export function route(path: string): { section: Section; param: string | null } | undefined {
  for (const section of ROUTES) {
    if (section.path === path) return { section, param: null };
    if (section.withParam && path.startsWith(`${section.path}/`)) {
      const param = decodeURIComponent(path.slice(section.path.length + 1));
      if (param !== '' && !param.includes('/')) return { section, param };
    }
  }
  return undefined;
}

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Page({ section, param }: { section: Section; param: string | null }) {
  switch (section.path) {
    case '/':
      return <HomePage />;
    case '/gui-phan-anh':
      return <ReportNewPage />;
    case '/tra-cuu':
      return <TrackPage />;
    case REPORT.path:
      return param === null ? <ReportsListPage /> : <ReportViewPage code={param} />;
    case TRACKED.path:
      return param === null ? <TrackPage /> : <ReportViewPage code={param} />;
    case MINE.path:
      return <MyReportsPage />;
    case EMAIL_CONFIRM.path:
    case EMAIL_STOP.path:
      return (
        <EmailLinkPage
          kind={section.path === EMAIL_CONFIRM.path ? 'confirm' : 'unsubscribe'}
          token={param ?? ''}
        />
      );
    case ACCOUNT.path:
      return <AccountPage />;
    case '/huong-dan':
      return <GuidesPage slug={param} />;
    case SIGN_IN.path:
      return <SignInPage step={param} />;
    case '/thong-ke':
      return <StatisticsPage />;
    case ADMIN.path:
      return <AdminPage section={param} />;
    case WORKSPACE.path:
      return <WorkspacePage view="inbox" />;
    case WORKSPACE_REPORT.path:
      return param === null ? <WorkspacePage view="inbox" /> : <WorkspacePage view="report" code={param} />;
    case WORKSPACE_HOTLINE.path:
      return <WorkspacePage view="hotline" />;
    case LEADER_STATS.path:
      return <LeaderStatisticsPage />;
    default:
      return <PendingPage title={section.label} />;
  }
}

function Shell() {
  const { t } = useI18n();
  const path = useHashPath();
  const site = useSiteInfo();
  const mainRef = useRef<HTMLElement>(null);
  const found = route(path);
  const section = found?.section;
  const siteName = site?.name ?? t('site.defaultName');

  useEffect(() => {
    document.title =
      section === undefined || section.path === '/' ? siteName : `${t(section.label)} – ${siteName}`;
  }, [section, siteName, t]);

  // After following a link, start reading and tabbing from the new page, not from the old link.
  const routed = useRef(false);
  useEffect(() => {
    if (routed.current) {
      mainRef.current?.focus();
      window.scrollTo(0, 0);
    }
    routed.current = true;
  }, [path]);

  return (
    <div class="shell">
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash is the router's; move focus without touching it.
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('skipLink')}
      </a>
      <Header site={site} currentPath={path} />
      <main id="main" ref={mainRef} tabIndex={-1}>
        <div class="container">
          {found === undefined ? <NotFoundPage /> : <Page section={found.section} param={found.param} />}
        </div>
      </main>
      <Footer site={site} siteName={siteName} />
    </div>
  );
}

function useSiteInfo(): SiteInfo | null {
  const [site, setSite] = useState<SiteInfo | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchSiteInfo(controller.signal).then(
      (info) => {
        if (!controller.signal.aborted) setSite(info);
      },
      () => {
        // The header keeps the catalogue's default name; the page works without it.
      },
    );
    return () => {
      controller.abort();
    };
  }, []);
  return site;
}

function Header({ site, currentPath }: { site: SiteInfo | null; currentPath: string }) {
  const { t } = useI18n();
  const { state } = useSession();
  const sections = [
    ...SECTIONS,
    ...(isWorkspaceOfficer(state) ? [WORKSPACE] : []),
    ...(isAdmin(state) ? [ADMIN] : []),
    ...(state.status === 'signed_in' && state.me.kind === 'citizen' ? [MINE] : []),
  ];
  return (
    <header class="site-header">
      <div class="container header-inner">
        <div class="header-tools">
          <AccountStatus currentPath={currentPath} />
          <LanguageSwitch />
        </div>
        <a class="brand" href="#/">
          <span class="brand-badge" aria-hidden="true">
            {site?.shortName ?? t('site.defaultShortName')}
          </span>
          <span class="brand-text">
            <span class="brand-name" lang={site ? 'vi' : undefined}>
              {site?.name ?? t('site.defaultName')}
            </span>
            {/* Its line is kept while the site's facts load, so the page below does not move when they arrive. */}
            <span class="brand-province" aria-hidden={site ? undefined : 'true'}>
              {site ? t('site.province', { province: site.province }) : '\u00a0'}
            </span>
          </span>
        </a>
      </div>
      <nav class="site-nav" aria-label={t('nav.label')}>
        <ul class="container">
          {sections.map((s) => (
            <li key={s.path}>
              <a href={`#${s.path}`} aria-current={s.path === currentPath ? 'page' : undefined}>
                {t(s.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** "Đăng nhập", or who is signed in with a way to sign out. */
function AccountStatus({ currentPath }: { currentPath: string }) {
  const { t } = useI18n();
  const { state, signOut } = useSession();
  const [failed, setFailed] = useState(false);
  if (state.status === 'loading') return <div class="account" />;
  if (state.status === 'signed_out') {
    return (
      <div class="account">
        <a
          class="account-link"
          href={signInHref(currentPath)}
          data-testid="sign-in-link"
          aria-current={currentPath === SIGN_IN.path ? 'page' : undefined}
        >
          {t('account.signIn')}
        </a>
      </div>
    );
  }
  const { me, profile } = state;
  const name =
    profile !== null && profile.displayName.trim() !== ''
      ? profile.displayName
      : (profile?.username ??
        (profile?.phone ? formatPhoneVN(profile.phone) : null) ??
        t(me.kind === 'officer' ? 'account.officer' : 'account.citizen'));
  return (
    <div class="account" data-testid="account">
      <a
        class="account-name"
        href="#/tai-khoan"
        data-testid="account-name"
        aria-current={currentPath === ACCOUNT.path ? 'page' : undefined}
      >
        {/* The name alone fits a phone's header; screen readers hear the whole sentence. */}
        <span class="visually-hidden">{t('account.signedIn')} </span>
        {name}
      </a>
      <button
        type="button"
        class="account-link"
        data-testid="sign-out"
        onClick={() => {
          setFailed(false);
          signOut().then(
            () => {
              window.location.hash = '#/';
            },
            () => {
              setFailed(true);
            },
          );
        }}
      >
        {t('account.signOut')}
      </button>
      {failed && (
        <span class="account-error" role="alert">
          {t('account.signOutError')}
        </span>
      )}
    </div>
  );
}

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === lang}
          data-testid={`lang-${l}`}
          onClick={() => {
            setLang(l);
          }}
        >
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

function Footer({ site, siteName }: { site: SiteInfo | null; siteName: string }) {
  const { t } = useI18n();
  return (
    <footer class="site-footer">
      <div class="container">
        <p>
          <strong lang={site ? 'vi' : undefined}>{siteName}</strong>
          {site && (
            <>
              {' · '}
              <span class="nowrap">{t('site.province', { province: site.province })}</span>
            </>
          )}
        </p>
        <p>
          {t('footer.license')} <a href="/docs">{t('footer.api')}</a>
        </p>
      </div>
    </footer>
  );
}
