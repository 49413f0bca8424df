import { formatIsoInZone } from '../../../core/format.js';
import { AUTH_ERRORS, NOT_FOUND } from '../schemas/common.js';
import { Page, type PageJson } from '../schemas/page.js';
import { defineRoute, type ApiRoute, type PageContext } from '../route.js';

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export function pageJson(page: PageContext): PageJson {
  const s = page.settings;
  const at = (ms: number): string => formatIsoInZone(ms, s.timeZone);
  return {
    id: s.publicId,
    created_at: at(s.createdAt),
    updated_at: at(s.updatedAt),
    name: s.name,
    page_description: s.description,
    headline: null,
    branding: 'basic',
    subdomain: null,
    domain: hostOf(page.baseUrl),
    url: page.baseUrl,
    support_url: s.supportUrl,
    hidden_from_search: false,
    allow_page_subscribers: true,
    allow_incident_subscribers: false,
    allow_email_subscribers: true,
    allow_sms_subscribers: false,
    allow_rss_atom_feeds: true,
    allow_webhook_subscribers: false,
    notifications_from_email: page.mailFrom,
    notifications_email_footer: null,
    activity_score: 0,
    twitter_username: null,
    viewers_must_be_team_members: false,
    ip_restrictions: null,
    city: null,
    state: null,
    country: null,
    time_zone: s.timeZone,
    css_body_background_color: null,
    css_font_color: null,
    css_light_font_color: null,
    css_greens: null,
    css_yellows: null,
    css_oranges: null,
    css_blues: null,
    css_reds: null,
    css_border_color: null,
    css_graph_color: null,
    css_link_color: s.brandColor,
    css_no_data: null,
    favicon_logo: null,
    transactional_logo: s.logoUrl,
    hero_cover: null,
    email_logo: s.logoUrl,
    twitter_logo: null,
  };
}

export const PAGE_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/pages',
    operationId: 'getPages',
    summary: 'List the pages this token can reach (one: this status page)',
    tag: 'Pages',
    scope: 'read',
    responses: { 200: { description: 'The page, in a list.', schema: Page, list: true }, ...AUTH_ERRORS },
    handle: ({ page }) => ({ status: 200, body: [pageJson(page)] }),
  }),
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}',
    operationId: 'getPage',
    summary: 'Get the page',
    tag: 'Pages',
    scope: 'read',
    responses: { 200: { description: 'The page.', schema: Page }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ page }) => ({ status: 200, body: pageJson(page) }),
  }),
];
