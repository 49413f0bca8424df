import type { Db } from '../../../db/client.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE, page } from '../../helpers/fixtures.js';

export interface ApiSite {
  readonly ids: Record<'voice' | 'euWest' | 'euCentral' | 'catalog' | 'search', string>;
  readonly openIncident: string;
  readonly resolvedIncident: string;
  readonly activeMaintenance: string;
  readonly upcomingMaintenance: string;
}

/**
 * A page shaped like the Statuspage sample: group "Voice" (EU West, EU Central), Catalog
 * and Search; an open incident (EU West partial outage), a resolved one, a maintenance in
 * progress on Catalog and one upcoming on Search. Zone America/New_York.
 */
export function writeApiSite(db: Db, now: number): ApiSite {
  const created = now - 200 * DAY;
  const tz = 'America/New_York';
  page(db, 'Example Status', tz, created);
  const voice = group(db, 'voice', 'Voice', created, 1);
  const euWest = component(db, 'eu-west', 'EU West', created, { groupId: voice, position: 1, description: 'Voice servers in eu-west' });
  const euCentral = component(db, 'eu-central', 'EU Central', created, { groupId: voice, position: 2, startDate: '2025-07-10' });
  const catalog = component(db, 'catalog', 'Catalog', created, { position: 2, description: 'Catalog search' });
  const search = component(db, 'search', 'Search', created, { position: 3, showcase: false });

  const resolvedStart = now - 3 * DAY;
  const resolved = incident(db, {
    title: 'Catalog timeouts',
    severity: 'SEV3',
    startedAt: resolvedStart,
    timeZone: tz,
    steps: [
      { at: resolvedStart, status: 'investigating', body: 'Looking into it.', set: { [catalog]: 'degraded_performance' } },
      { at: resolvedStart + 20 * MINUTE, status: 'monitoring', body: 'A fix is out.' },
      { at: resolvedStart + HOUR, status: 'resolved', body: 'Resolved.', set: { [catalog]: 'operational' } },
    ],
  });
  const open = incident(db, {
    title: 'Elevated voice connection errors in EU West',
    startedAt: now - 30 * MINUTE,
    timeZone: tz,
    steps: [
      { at: now - 28 * MINUTE, status: 'investigating', body: 'We are currently investigating this issue.', set: { [euWest]: 'partial_outage' } },
      { at: now - 10 * MINUTE, status: 'identified', body: 'The issue has been identified.', set: { [euWest]: 'partial_outage' } },
    ],
  });
  const active = maintenance(db, {
    title: 'Catalog database upgrade',
    scheduledFor: now - 20 * MINUTE,
    scheduledUntil: now + HOUR,
    componentIds: [catalog],
    timeZone: tz,
    steps: [
      { at: now - DAY, status: 'scheduled', body: 'We will upgrade the catalog database.' },
      { at: now - 20 * MINUTE, status: 'in_progress', body: 'Maintenance is in progress.', set: { [catalog]: 'under_maintenance' } },
    ],
  });
  const upcoming = maintenance(db, {
    title: 'Search reindex',
    scheduledFor: now + 2 * DAY,
    scheduledUntil: now + 2 * DAY + HOUR,
    componentIds: [search],
    timeZone: tz,
    steps: [{ at: now - HOUR, status: 'scheduled', body: 'Search results may lag during the window.' }],
  });
  return {
    ids: { voice, euWest, euCentral, catalog, search },
    openIncident: open.id,
    resolvedIncident: resolved.id,
    activeMaintenance: active.id,
    upcomingMaintenance: upcoming.id,
  };
}
