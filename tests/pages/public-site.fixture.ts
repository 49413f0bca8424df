import { openDatabase } from '../../db/client.js';
import { publishPostmortem } from '../../src/server/write/postmortem.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE, page } from '../helpers/fixtures.js';

export interface PublicSite {
  readonly now: number;
  readonly resolvedId: string;
  readonly resolvedReference: string;
  readonly openId: string;
  readonly maintenanceId: string;
}

/** XSS probe used in stored text; the page must show it as text, never run it. */
export const PROBE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';

/**
 * A small page in Europe/Berlin: group "API" (REST, GraphQL), a standalone Website,
 * one resolved incident with a published postmortem, one open incident (REST partial
 * outage) and one upcoming maintenance.
 */
export function writePublicSite(path: string, now: number): PublicSite {
  const handle = openDatabase(path);
  const db = handle.db;
  const created = now - 120 * DAY;
  page(db, 'Test Status', 'Europe/Berlin', created);
  const api = group(db, 'api', 'API', created, 1);
  const rest = component(db, 'rest', 'REST', created, { groupId: api, position: 1, description: 'The REST endpoints.' });
  const graphql = component(db, 'graphql', 'GraphQL', created, { groupId: api, position: 2 });
  const website = component(db, 'website', 'Website', created, { position: 2 });

  const start = now - 10 * DAY;
  const resolved = incident(db, {
    title: 'GraphQL timeouts',
    severity: 'SEV3',
    startedAt: start,
    timeZone: 'Europe/Berlin',
    steps: [
      { at: start, status: 'investigating', body: `We are looking into **timeouts**. ${PROBE}`, set: { [graphql]: 'major_outage' } },
      { at: start + 30 * MINUTE, status: 'identified', body: 'A slow query was found.', set: { [graphql]: 'partial_outage' } },
      { at: start + 2 * HOUR + 15 * MINUTE, status: 'resolved', body: 'Fixed.', set: { [graphql]: 'operational' } },
    ],
  });
  publishPostmortem(db, resolved.id, '## Root cause\nAn index was missing.', start + DAY);

  const open = incident(db, {
    title: 'REST errors',
    startedAt: now - 40 * MINUTE,
    timeZone: 'Europe/Berlin',
    steps: [{ at: now - 38 * MINUTE, status: 'investigating', body: 'Some REST calls fail.', set: { [rest]: 'partial_outage' } }],
  });

  const mnt = maintenance(db, {
    title: 'Website migration',
    scheduledFor: now + 2 * DAY,
    scheduledUntil: now + 2 * DAY + 2 * HOUR,
    componentIds: [website],
    timeZone: 'Europe/Berlin',
    steps: [{ at: now - HOUR, status: 'scheduled', body: 'We are moving the website to new servers.' }],
  });
  handle.close();
  return {
    now,
    resolvedId: resolved.id,
    resolvedReference: resolved.reference,
    openId: open.id,
    maintenanceId: mnt.id,
  };
}
