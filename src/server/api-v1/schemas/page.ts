import { z } from 'zod/v4';
import { named } from '../registry.js';
import { isoDateTime } from './common.js';

/**
 * Statuspage's Page, with every field it documents. Fields that mean nothing in Beacon (SMS,
 * Twitter, IP restrictions, page CSS) are null or false rather than missing, so clients that
 * read them find what they expect.
 */
export const Page = named(
  'Page',
  z.object({
    id: z.string(),
    created_at: isoDateTime,
    updated_at: isoDateTime,
    name: z.string(),
    page_description: z.string().nullable(),
    headline: z.string().nullable(),
    branding: z.string(),
    subdomain: z.string().nullable(),
    domain: z.string().nullable(),
    url: z.string(),
    support_url: z.string().nullable(),
    hidden_from_search: z.boolean(),
    allow_page_subscribers: z.boolean(),
    allow_incident_subscribers: z.boolean(),
    allow_email_subscribers: z.boolean(),
    allow_sms_subscribers: z.boolean(),
    allow_rss_atom_feeds: z.boolean(),
    allow_webhook_subscribers: z.boolean(),
    notifications_from_email: z.string().nullable(),
    notifications_email_footer: z.string().nullable(),
    activity_score: z.number(),
    twitter_username: z.string().nullable(),
    viewers_must_be_team_members: z.boolean(),
    ip_restrictions: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    country: z.string().nullable(),
    time_zone: z.string(),
    css_body_background_color: z.string().nullable(),
    css_font_color: z.string().nullable(),
    css_light_font_color: z.string().nullable(),
    css_greens: z.string().nullable(),
    css_yellows: z.string().nullable(),
    css_oranges: z.string().nullable(),
    css_blues: z.string().nullable(),
    css_reds: z.string().nullable(),
    css_border_color: z.string().nullable(),
    css_graph_color: z.string().nullable(),
    css_link_color: z.string().nullable(),
    css_no_data: z.string().nullable(),
    favicon_logo: z.string().nullable(),
    transactional_logo: z.string().nullable(),
    hero_cover: z.string().nullable(),
    email_logo: z.string().nullable(),
    twitter_logo: z.string().nullable(),
  }),
);
export type PageJson = z.output<typeof Page>;
