// Administration (`#/quan-tri`, one section: `#/quan-tri/{section}`): areas, agencies, routing rules, categories
// and their deadlines, the holiday calendar, officers and positions, reply templates, the guides and FAQ.
import type { ComponentType } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { CalendarSection } from '../admin/calendar.js';
import { CategoriesSection } from '../admin/categories.js';
import { GuidesSection } from '../admin/guides.js';
import { OfficersSection } from '../admin/officers.js';
import { AgenciesSection, AreasSection, JurisdictionsSection } from '../admin/org.js';
import { TemplatesSection } from '../admin/templates.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { isAdmin, signInHref, useSession } from '../session.js';

export interface AdminSection {
  slug: string;
  title: MessageKey;
  summary: MessageKey;
  component: ComponentType;
}

/** The sections, in the order of the administration menu. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  {
    slug: 'linh-vuc',
    title: 'adm.nav.categories',
    summary: 'adm.nav.categoriesSummary',
    component: CategoriesSection,
  },
  {
    slug: 'mau-tra-loi',
    title: 'adm.nav.templates',
    summary: 'adm.nav.templatesSummary',
    component: TemplatesSection,
  },
  {
    slug: 'lich-nghi',
    title: 'adm.nav.calendar',
    summary: 'adm.nav.calendarSummary',
    component: CalendarSection,
  },
  {
    slug: 'can-bo',
    title: 'adm.nav.officers',
    summary: 'adm.nav.officersSummary',
    component: OfficersSection,
  },
  {
    slug: 'co-quan',
    title: 'adm.nav.agencies',
    summary: 'adm.nav.agenciesSummary',
    component: AgenciesSection,
  },
  {
    slug: 'don-vi-hanh-chinh',
    title: 'adm.nav.areas',
    summary: 'adm.nav.areasSummary',
    component: AreasSection,
  },
  {
    slug: 'tham-quyen',
    title: 'adm.nav.jurisdictions',
    summary: 'adm.nav.jurisdictionsSummary',
    component: JurisdictionsSection,
  },
  { slug: 'huong-dan', title: 'adm.nav.guides', summary: 'adm.nav.guidesSummary', component: GuidesSection },
];

export function AdminPage({ section = null }: { section?: string | null }) {
  const { t } = useI18n();
  const { state, ensureChecked } = useSession();
  useEffect(() => {
    ensureChecked();
  }, [ensureChecked]);
  const current = ADMIN_SECTIONS.find((s) => s.slug === section);
  const here = section === null ? '/quan-tri' : `/quan-tri/${section}`;
  // On a phone the menu is one row that scrolls sideways: bring the open section's link into it.
  const menu = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const list = menu.current;
    const link = list?.querySelector<HTMLElement>('[aria-current="page"]');
    if (list && link && list.scrollWidth > list.clientWidth)
      list.scrollLeft = link.offsetLeft - list.offsetLeft - 16;
  }, [section, state.status]);

  if (state.status === 'loading' || !isAdmin(state))
    return (
      <div class="page admin">
        <h1>{t('admin.title')}</h1>
        {state.status === 'loading' ? (
          <p>{t('admin.loading')}</p>
        ) : (
          <div class="notice notice-info" data-testid="admin-required">
            <p>{t('admin.needAdmin')}</p>
            <a class="button" href={signInHref(here)}>
              {t('account.signIn')}
            </a>
          </div>
        )}
      </div>
    );

  if (section !== null && current === undefined)
    return (
      <div class="page admin">
        <h1>{t('admin.title')}</h1>
        <p>{t('notFound.text')}</p>
        <a class="button" href="#/quan-tri">
          {t('adm.backToMenu')}
        </a>
      </div>
    );

  const Section = current?.component;
  return (
    <div class={`page admin adm-layout${current === undefined ? ' adm-home' : ''}`}>
      <nav class="adm-nav" aria-label={t('adm.nav.label')}>
        <ul ref={menu}>
          <li>
            <a href="#/quan-tri" aria-current={current === undefined ? 'page' : undefined}>
              {t('admin.title')}
            </a>
          </li>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s.slug}>
              <a href={`#/quan-tri/${s.slug}`} aria-current={s === current ? 'page' : undefined}>
                {t(s.title)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="adm-main">
        {current === undefined || Section === undefined ? (
          <>
            <h1>{t('admin.title')}</h1>
            <p class="intro">{t('adm.intro')}</p>
            <ul class="adm-menu" data-testid="admin-menu">
              {ADMIN_SECTIONS.map((s) => (
                <li key={s.slug}>
                  <a class="card adm-menu-item" href={`#/quan-tri/${s.slug}`}>
                    <strong>{t(s.title)}</strong>
                    <span>{t(s.summary)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <>
            <h1>{t(current.title)}</h1>
            <Section />
          </>
        )}
      </div>
    </div>
  );
}
