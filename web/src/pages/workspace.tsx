// The officers' workspace: the inboxes (`#/can-bo`), one report (`#/can-bo/phan-anh/{code}`) and the hotline entry
// (`#/can-bo/nhap-phan-anh`), under one navigation that also leads to the leaders' statistics
// (`#/can-bo/thong-ke`) and the administration (`#/quan-tri`). On a phone the navigation sits at the bottom of the
// screen, under the thumb. Only officers see it; anyone else is asked to sign in as one.
import { useEffect } from 'preact/hooks';
import { normaliseCode } from '../follow/code.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { isAdmin, signInHref, useSession } from '../session.js';
import { HotlineForm } from '../workspace/hotline-form.js';
import { Inbox } from '../workspace/inbox.js';
import { isWorkspaceOfficer, officerRoles } from '../workspace/labels.js';
import { ReportScreen } from '../workspace/report-screen.js';

export type WorkspaceView = 'inbox' | 'report' | 'hotline';

interface Link {
  href: string;
  label: MessageKey;
  view: WorkspaceView | null;
  /** Who sees the link (the page behind it checks again). */
  shown: (roles: readonly string[], admin: boolean) => boolean;
}

const LINKS: readonly Link[] = [
  { href: '#/can-bo', label: 'workspace.nav.inbox', view: 'inbox', shown: () => true },
  {
    href: '#/can-bo/nhap-phan-anh',
    label: 'workspace.nav.hotline',
    view: 'hotline',
    shown: (roles) => roles.includes('receiver'),
  },
  {
    href: '#/can-bo/thong-ke',
    label: 'workspace.nav.statistics',
    view: null,
    shown: (roles) => roles.some((r) => r !== 'handler'),
  },
  { href: '#/quan-tri', label: 'workspace.nav.admin', view: null, shown: (_roles, admin) => admin },
];

const TITLES: Readonly<Record<WorkspaceView, MessageKey>> = {
  inbox: 'workspace.inbox.title',
  report: 'workspace.report.nav',
  hotline: 'workspace.hotline.title',
};

export function WorkspacePage({ view, code = null }: { view: WorkspaceView; code?: string | null }) {
  const { t } = useI18n();
  const { state, ensureChecked } = useSession();
  useEffect(() => {
    ensureChecked();
  }, [ensureChecked]);
  const roles = officerRoles(state);
  const here =
    view === 'inbox'
      ? '/can-bo'
      : view === 'hotline'
        ? '/can-bo/nhap-phan-anh'
        : `/can-bo/phan-anh/${code ?? ''}`;
  const normalised = code === null ? null : normaliseCode(code);
  const title =
    view === 'report' && normalised !== null
      ? t('workspace.report.title', { code: normalised })
      : t(TITLES[view]);

  let body;
  if (state.status === 'loading') body = <p role="status">{t('workspace.checking')}</p>;
  else if (!isWorkspaceOfficer(state))
    body = (
      <div class="notice notice-info" data-testid="workspace-required">
        <p>{t(state.status === 'signed_in' ? 'workspace.needOfficerSignedIn' : 'workspace.needOfficer')}</p>
        <a class="button" href={signInHref(here)}>
          {t('account.signIn')}
        </a>
      </div>
    );
  else if (view === 'hotline' && !roles.includes('receiver'))
    body = (
      <p class="notice notice-info" data-testid="hotline-receivers-only">
        {t('workspace.hotline.receiversOnly')}
      </p>
    );
  else if (view === 'report')
    body =
      normalised === null ? (
        <p class="notice notice-error" role="alert">
          {t('workspace.report.badCode', { code: code ?? '' })}
        </p>
      ) : (
        <ReportScreen key={normalised} code={normalised} roles={roles} />
      );
  else if (view === 'hotline') body = <HotlineForm />;
  else body = <Inbox roles={roles} />;

  const officer = isWorkspaceOfficer(state);
  return (
    <div class={`page workspace workspace-${view}${officer ? ' workspace-signed-in' : ''}`}>
      {officer && <WorkspaceNav view={view} roles={roles} admin={isAdmin(state)} />}
      {view === 'report' && officer && (
        <p class="ws-back">
          <a href="#/can-bo">{t('workspace.report.back')}</a>
        </p>
      )}
      <h1>{title}</h1>
      {body}
    </div>
  );
}

function WorkspaceNav({
  view,
  roles,
  admin,
}: {
  view: WorkspaceView;
  roles: readonly string[];
  admin: boolean;
}) {
  const { t } = useI18n();
  const links = LINKS.filter((l) => l.shown(roles, admin));
  return (
    <nav class="ws-nav" aria-label={t('workspace.nav.label')} data-testid="workspace-nav">
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <a
              href={l.href}
              aria-current={
                l.view !== null && (l.view === view || (view === 'report' && l.view === 'inbox'))
                  ? 'page'
                  : undefined
              }
            >
              <span class={`ws-nav-icon ws-nav-icon-${l.label.split('.').pop() ?? ''}`} aria-hidden="true" />
              <span>{t(l.label)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
