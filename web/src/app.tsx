// App shell: header with the system's name and language switch, main navigation, pages, footer.
import { useEffect, useRef, useState } from 'preact/hooks';
import { fetchSiteInfo, type SiteInfo } from './api.js';
import { LANGS, LANGUAGE_NAMES, useI18n, type MessageKey } from './i18n/index.js';
import { AdminPage } from './pages/admin.js';
import { HomePage } from './pages/home.js';
import { NotFoundPage, PendingPage } from './pages/pending.js';
import { SignInPage } from './pages/sign-in.js';
import { useHashPath } from './router.js';
import { isAdmin, SessionProvider, useSession } from './session.js';

interface Section {
  path: string;
  label: MessageKey;
}

/** The main navigation; every section but the home page is still being built. */
const SECTIONS: readonly Section[] = [
  { path: '/', label: 'nav.home' },
  { path: '/gui-phan-anh', label: 'nav.submit' },
  { path: '/tra-cuu', label: 'nav.lookup' },
  { path: '/huong-dan', label: 'nav.guides' },
];
const SIGN_IN: Section = { path: '/dang-nhap', label: 'signIn.title' };
/** In the navigation for administrators only; the page itself also says who may use it. */
const ADMIN: Section = { path: '/quan-tri', label: 'nav.admin' };
const ROUTES: readonly Section[] = [...SECTIONS, SIGN_IN, ADMIN];

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Page({ path, section }: { path: string; section: Section }) {
  switch (path) {
    case '/':
      return <HomePage />;
    case SIGN_IN.path:
      return <SignInPage />;
    case ADMIN.path:
      return <AdminPage />;
    default:
      return <PendingPage title={section.label} />;
  }
}

function Shell() {
  const { t } = useI18n();
  const path = useHashPath();
  const site = useSiteInfo();
  const mainRef = useRef<HTMLElement>(null);
  const section = ROUTES.find((s) => s.path === path);
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
          {section === undefined ? <NotFoundPage /> : <Page path={section.path} section={section} />}
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
  const sections = isAdmin(state) ? [...SECTIONS, ADMIN] : SECTIONS;
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
            {site && <span class="brand-province">{t('site.province', { province: site.province })}</span>}
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
          href="#/dang-nhap"
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
        profile?.phone ??
        t(me.kind === 'officer' ? 'account.officer' : 'account.citizen'));
  return (
    <div class="account" data-testid="account">
      <span class="account-name" data-testid="account-name">
        {/* The name alone fits a phone's header; screen readers hear the whole sentence. */}
        <span class="visually-hidden">{t('account.signedIn')} </span>
        {name}
      </span>
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
