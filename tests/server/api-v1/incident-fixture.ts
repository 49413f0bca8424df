import { readPageSettings } from '../../../src/server/settings.js';
import { listAudit } from '../../../src/server/read/audit.js';
import { apiClient, type ApiClient } from '../../helpers/api-v1.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, group } from '../../helpers/fixtures.js';
import { subscriber } from '../../helpers/subscribers.js';

/** 2026-12-04 12:00 UTC: the clock of every /api/v1 incident test. */
export const NOW = Date.UTC(2026, 11, 4, 12);

export interface IncidentWorld {
  readonly t: TempDatabase;
  readonly pageId: string;
  readonly base: string;
  readonly api: ApiClient;
  readonly reader: ApiClient;
  readonly apiId: string;
  readonly webId: string;
  readonly groupId: string;
}

/** A page with two components (API on its own, Web in a group), a confirmed subscriber, a write and a read token. */
export function incidentWorld(): IncidentWorld {
  const t = tempDatabase();
  const pageId = readPageSettings(t.db, NOW).publicId;
  const groupId = group(t.db, 'frontend', 'Frontend', NOW - 1000);
  const apiId = component(t.db, 'api', 'API', NOW - 1000);
  const webId = component(t.db, 'web', 'Web', NOW - 1000, { groupId, position: 2 });
  subscriber(t.db, 'ops@example.com', 'active', NOW - 1000);
  return {
    t,
    pageId,
    base: `/pages/${pageId}/incidents`,
    api: apiClient(t.db, 'write', { now: () => NOW }),
    reader: apiClient(t.db, 'read', { now: () => NOW }),
    apiId,
    webId,
    groupId,
  };
}

/** Mail queued about updates or postmortems (confirmations left out). */
export function queuedMail(w: IncidentWorld): { kind: string; event_id: string }[] {
  return w.t.sqlite.prepare("select kind, event_id from deliveries where kind in ('update', 'postmortem') order by id").all() as { kind: string; event_id: string }[];
}

/** Audit actions recorded under the write token's name, oldest first. */
export function tokenAudit(w: IncidentWorld): { action: string; objectId: string | null }[] {
  return listAudit(w.t.db, { objectType: null, actor: 'API token “write token”' }, 100, 0)
    .reverse()
    .map((a) => ({ action: a.action, objectId: a.objectId }));
}
