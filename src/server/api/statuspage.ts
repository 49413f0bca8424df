import type { Db } from '../../../db/client.js';
import { deriveEventStatus } from '../../core/event-status.js';
import type { Config } from '../config.js';
import { listComponents } from '../read/components.js';
import { listLatestEvents, listOpenEvents, type EventRecord } from '../read/events.js';
import { affectedComponentsOf, updatesForEvents } from '../read/event-updates.js';
import { lastChangeAt } from '../read/last-change.js';
import { publicBaseUrl } from '../public-url.js';
import { readPageSettings } from '../settings.js';
import { currentPageStatus, pageStatusOf } from '../views/current-status.js';
import { componentJson, incidentJson, iso, maintenanceJson, type ApiContext } from './mappers.js';
import type { ComponentJson, IncidentJson, MaintenanceJson, PageJson, StatusJson } from './shapes.js';
import { uptimeJson } from './uptime.js';

/** How many incidents or maintenances the "all" lists return, newest first, as Statuspage does. */
export const API_LIMIT = 50;

export type ApiConfig = Pick<Config, 'publicUrl' | 'listenUrl'>;

interface Loaded {
  readonly ctx: ApiContext;
  readonly page: PageJson;
}

function load(db: Db, cfg: ApiConfig, now: number): Loaded {
  const settings = readPageSettings(db, now);
  const baseUrl = publicBaseUrl(cfg.publicUrl, settings.url, cfg.listenUrl);
  const components = new Map(listComponents(db).map((c) => [c.id, c]));
  const ctx: ApiContext = { pageId: settings.publicId, timeZone: settings.timeZone, baseUrl, components };
  return {
    ctx,
    page: {
      id: settings.publicId,
      name: settings.name,
      url: baseUrl,
      time_zone: settings.timeZone,
      updated_at: iso(ctx, Math.max(lastChangeAt(db), settings.updatedAt)),
    },
  };
}

/** Maps events with two queries in all, whatever their number. */
function eventsJson(db: Db, ctx: ApiContext, records: readonly EventRecord[]): (IncidentJson | MaintenanceJson)[] {
  const ids = records.map((r) => r.id);
  const updates = updatesForEvents(db, ids);
  const affected = affectedComponentsOf(db, ids);
  return records.map((r) =>
    (r.kind === 'maintenance' ? maintenanceJson : incidentJson)(ctx, r, updates.get(r.id) ?? [], affected.get(r.id) ?? []),
  );
}

const statusOf = (r: EventRecord): string => deriveEventStatus(r.kind, r.latestUpdateStatus, r.postmortemPublishedAt !== null);

/** Unresolved incidents, newest first, from the open events. */
function openIncidents(open: readonly EventRecord[]): EventRecord[] {
  return open.filter((r) => r.kind === 'incident').reverse();
}

/** Open maintenance, soonest first: upcoming (scheduled), active (in progress or verifying), or both. */
function openMaintenance(open: readonly EventRecord[], which: 'upcoming' | 'active' | 'both'): EventRecord[] {
  return open.filter(
    (r) => r.kind === 'maintenance' && (which === 'both' || (which === 'upcoming') === (statusOf(r) === 'scheduled')),
  );
}

function componentsJson(ctx: ApiContext): ComponentJson[] {
  return [...ctx.components.values()].map((c) => componentJson(ctx, c));
}

type Endpoint = (db: Db, cfg: ApiConfig, now: number) => Record<string, unknown>;

/** Every public API endpoint, by its path below /api/. */
export const API_ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  'v2/summary.json': (db, cfg, now) => {
    const { ctx, page } = load(db, cfg, now);
    const open = listOpenEvents(db);
    const incidentRecords = openIncidents(open);
    const records = [...incidentRecords, ...openMaintenance(open, 'both')];
    const json = eventsJson(db, ctx, records);
    const incidents = json.slice(0, incidentRecords.length);
    const scheduled_maintenances = json.slice(incidentRecords.length);
    const impacts = json.map((e, i) => ({ kind: records[i]!.kind, status: e.status, impact: e.impact }));
    return {
      page,
      components: componentsJson(ctx),
      incidents,
      scheduled_maintenances,
      status: pageStatusOf([...ctx.components.values()], impacts) satisfies StatusJson,
    };
  },
  'v2/status.json': (db, cfg, now) => ({ page: load(db, cfg, now).page, status: currentPageStatus(db) satisfies StatusJson }),
  'v2/components.json': (db, cfg, now) => {
    const { ctx, page } = load(db, cfg, now);
    return { page, components: componentsJson(ctx) };
  },
  'v2/incidents.json': (db, cfg, now) => {
    const { ctx, page } = load(db, cfg, now);
    return { page, incidents: eventsJson(db, ctx, listLatestEvents(db, API_LIMIT, 'incident')) };
  },
  'v2/incidents/unresolved.json': (db, cfg, now) => {
    const { ctx, page } = load(db, cfg, now);
    return { page, incidents: eventsJson(db, ctx, openIncidents(listOpenEvents(db))) };
  },
  'v2/scheduled-maintenances.json': (db, cfg, now) => {
    const { ctx, page } = load(db, cfg, now);
    return { page, scheduled_maintenances: eventsJson(db, ctx, listLatestEvents(db, API_LIMIT, 'maintenance')) };
  },
  'v2/scheduled-maintenances/upcoming.json': (db, cfg, now) => {
    const { ctx, page } = load(db, cfg, now);
    return { page, scheduled_maintenances: eventsJson(db, ctx, openMaintenance(listOpenEvents(db), 'upcoming')) };
  },
  'v2/scheduled-maintenances/active.json': (db, cfg, now) => {
    const { ctx, page } = load(db, cfg, now);
    return { page, scheduled_maintenances: eventsJson(db, ctx, openMaintenance(listOpenEvents(db), 'active')) };
  },
  'v2/uptime.json': (db, cfg, now) => {
    const { ctx, page } = load(db, cfg, now);
    return { page, ...uptimeJson(db, ctx, now) };
  },
};
