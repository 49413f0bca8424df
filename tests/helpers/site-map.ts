import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { components, eventUpdates, events, templates } from '../../db/schema.js';
import { ensureTemplatesSeeded } from '../../src/server/templates/store.js';
import { linkKey } from '../../src/server/subscribers/access.js';
import { linkToken } from '../../src/server/subscribers/links.js';
import { subscriber } from './subscribers.js';

/** Every page a person can open on a seeded demo site: the public ones and the admin ones. */
export interface SiteMap {
  readonly public: readonly string[];
  readonly admin: readonly string[];
}

/**
 * The paths of every page of a database filled by `seedDemo` (plus one confirmed subscriber,
 * added here, for the manage and unsubscribe pages). Admin paths need a signed-in owner.
 */
export function siteMapOf(db: Db, now: number): SiteMap {
  const open = db.select().from(events).where(eq(events.kind, 'incident')).orderBy(desc(events.sortAt)).get()!;
  const withPostmortem = db.select().from(events).where(isNotNull(events.postmortemPublishedAt)).get()!;
  const works = db.select().from(events).where(eq(events.kind, 'maintenance')).orderBy(asc(events.sortAt)).get()!;
  const update = db.select().from(eventUpdates).where(eq(eventUpdates.eventId, open.id)).get()!;
  const member = db.select().from(components).where(and(eq(components.isGroup, false), eq(components.slug, 'email'))).get()!;
  const group = db.select().from(components).where(eq(components.isGroup, true)).get()!;
  ensureTemplatesSeeded(db, now);
  const template = db.select().from(templates).get()!;
  const reader = subscriber(db, 'reader@example.com', 'active', now);
  const key = linkKey(db, now);
  return {
    public: [
      '/',
      '/history',
      '/subscribe',
      '/integrations',
      `/incidents/${open.id}`,
      `/incidents/${withPostmortem.id}`,
      `/incidents/${works.id}`,
      `/components/${member.slug}`,
      `/components/${group.slug}`,
      '/embed',
      '/no-such-page',
      `/subscriptions/${linkToken(key, 'manage', reader, 0)}`,
      `/unsubscribe/${linkToken(key, 'unsubscribe', reader, 0)}`,
      '/subscribe/confirm/not-a-real-token',
    ],
    admin: [
      '/admin',
      '/admin/components',
      '/admin/components/new',
      `/admin/components/${member.id}`,
      '/admin/incidents/new',
      `/admin/incidents/${open.id}`,
      `/admin/incidents/${open.id}/updates/${update.id}`,
      `/admin/incidents/${withPostmortem.id}/postmortem`,
      `/admin/incidents/${open.id}/delete`,
      '/admin/incidents/backfill',
      '/admin/maintenance/new',
      `/admin/maintenance/${works.id}`,
      '/admin/subscribers',
      '/admin/settings',
      '/admin/templates',
      '/admin/templates/new',
      `/admin/templates/${template.id}`,
      '/admin/audit',
      '/admin/account',
    ],
  };
}
