import type { Db } from '../../db/client.js';
import type { Actor } from '../../src/server/audit.js';
import { SYSTEM } from '../../src/server/audit.js';
import { insertUser } from '../../src/server/auth/users.js';
import { readPageSettings } from '../../src/server/settings.js';
import { createComponent, setComponentStatus } from '../../src/server/use-cases/components.js';
import { createIncident, postIncidentUpdate } from '../../src/server/use-cases/incidents.js';
import { postMaintenanceUpdate, scheduleMaintenance } from '../../src/server/use-cases/maintenance.js';
import { draftPostmortem, publishIncidentPostmortem } from '../../src/server/use-cases/postmortems.js';
import { changePageSettings } from '../../src/server/use-cases/settings.js';
import { createTemplate } from '../../src/server/use-cases/templates.js';
import { DAY, HOUR, MINUTE } from './fixtures.js';
import { subscriber } from './subscribers.js';
import { ALL_PAYLOADS_MARKDOWN, payload, XSS_PAYLOADS, type XssPayload } from './xss-corpus.js';

export interface XssIncident {
  readonly payload: XssPayload;
  readonly id: string;
  /** Resolved with a published postmortem (even positions), or still open with a draft-free timeline. */
  readonly resolved: boolean;
  readonly updateIds: readonly string[];
}

export interface XssSite {
  /** One incident per payload: the payload is its title and its first update's Markdown. */
  readonly incidents: readonly XssIncident[];
  /** One component per payload: the payload is its name and its description. */
  readonly components: readonly { readonly payload: XssPayload; readonly id: string; readonly slug: string }[];
  readonly groupId: string;
  readonly maintenances: readonly { readonly id: string; readonly title: string }[];
  /** One incident template per payload (name, title and body), plus one maintenance template. */
  readonly templates: readonly { readonly id: string; readonly key: string; readonly kind: 'incident' | 'maintenance' }[];
  /** A resolved incident whose postmortem is a draft holding every payload. */
  readonly draftPostmortemId: string;
  /** The active subscriber (address HOSTILE_EMAILS[0], every component). */
  readonly subscriberId: string;
}

/**
 * Settings as a hostile owner (or a tampered database) could leave them. `supportUrl` passes the
 * settings form (it parses as an https URL); brand colour and logo would not, and are stored
 * through the write path anyway, to test that rendering does not rely on the form.
 */
export const HOSTILE_SETTINGS = {
  name: payload('title').text,
  description: payload('attr-dq').text,
  url: `https://status.example.com/"><script>__xss('page-url')</script>`,
  supportUrl: `https://example.com/help" onmouseover="__xss('support-url')"><script>__xss('support-url')</script>`,
  brandColor: `#fff;}</style><script>__xss('brand-color')</script>`,
  logoUrl: `/favicon.svg?" onload="__xss('logo-url')`,
} as const;

/** Subscriber addresses stored directly (the subscribe form would refuse them). */
export const HOSTILE_EMAILS = [
  `"<img src=x onerror=__xss('subscriber')>"@example.com`,
  `x"onmouseover="__xss('subscriber')"@example.com`,
] as const;

/**
 * Fills `db` with every payload in every stored text, through the product's own use-cases
 * (audited, so the audit log carries them too), acted by an editor whose name is a payload.
 * Half the incidents are resolved with a published postmortem; the rest stay open.
 */
export function writeXssSite(db: Db, now: number): XssSite {
  const t0 = now - 3 * DAY;
  const settings = readPageSettings(db, t0);
  changePageSettings(db, { ...HOSTILE_SETTINGS, timeZone: 'UTC', cadence: settings.cadence }, SYSTEM, t0);

  const mallory = payload('img-onerror').text;
  const actor: Actor = { id: insertUser(db, { email: 'mallory@example.com', name: mallory, role: 'editor', password: '' }, 'not a password hash', SYSTEM, t0).id, label: mallory };

  const groupId = createComponent(
    db,
    { name: payload('details-toggle').text, slug: 'xss-group', description: payload('autofocus').text, isGroup: true, groupId: null, startDate: null, showcase: true, onlyShowIfDegraded: false },
    actor,
    t0,
  ).id;
  const components = XSS_PAYLOADS.map((p, i) => {
    const slug = `p-${p.id}`;
    const id = createComponent(
      db,
      { name: p.text, slug, description: p.text, isGroup: false, groupId: i % 2 === 0 ? groupId : null, startDate: null, showcase: true, onlyShowIfDegraded: false },
      actor,
      t0 + i,
    ).id;
    return { payload: p, id, slug };
  });
  // One component is out of order on its own, outside any incident.
  setComponentStatus(db, components[1]!.id, 'degraded_performance', actor, t0 + HOUR);
  // Before the incidents, so the first one's notification is queued for them (the outbox shows on the dashboard).
  const subscriberId = subscriber(db, HOSTILE_EMAILS[0], 'active', t0);
  subscriber(db, HOSTILE_EMAILS[1], 'quarantined', t0, { componentIds: components.slice(0, 3).map((c) => c.id) });

  const incidents = XSS_PAYLOADS.map((p, i): XssIncident => {
    const at = t0 + 2 * HOUR + i * 30 * MINUTE;
    const componentId = components[i]!.id;
    const created = createIncident(
      db,
      {
        title: p.text,
        severity: i % 3 === 0 ? 'SEV1' : 'SEV3',
        impactOverride: null,
        status: 'investigating',
        message: p.text,
        notify: i === 0,
        changes: [{ componentId, status: i % 2 === 0 ? 'major_outage' : 'partial_outage' }],
      },
      actor,
      'UTC',
      at,
    );
    const updateIds: string[] = [];
    const resolved = i % 2 === 0;
    if (resolved) {
      updateIds.push(postIncidentUpdate(db, created.id, { status: 'resolved', message: `Fixed. ${p.text}`, notify: false, changes: [{ componentId, status: 'operational' }] }, actor, at + 10 * MINUTE).id);
      publishIncidentPostmortem(db, created.id, { body: `## What happened\n\n${p.text}`, notify: false }, actor, at + 20 * MINUTE);
    } else {
      updateIds.push(postIncidentUpdate(db, created.id, { status: 'identified', message: `**Found it.** ${p.text}`, notify: false, changes: [] }, actor, at + 10 * MINUTE).id);
    }
    return { payload: p, id: created.id, resolved, updateIds };
  });

  // Every payload in one document too: a postmortem draft (admin only) and maintenance bodies.
  const draft = createIncident(
    db,
    { title: 'Every payload at once', severity: 'SEV2', impactOverride: null, status: 'investigating', message: ALL_PAYLOADS_MARKDOWN, notify: false, changes: [] },
    actor,
    'UTC',
    now - 2 * HOUR,
  );
  postIncidentUpdate(db, draft.id, { status: 'resolved', message: ALL_PAYLOADS_MARKDOWN, notify: false, changes: [] }, actor, now - HOUR);
  draftPostmortem(db, draft.id, ALL_PAYLOADS_MARKDOWN, actor, now - 30 * MINUTE);

  const window = (from: number, hours: number): { scheduledFor: number; scheduledUntil: number } => ({ scheduledFor: from, scheduledUntil: from + hours * HOUR });
  const maintenanceFields = { componentIds: [components[2]!.id, components[3]!.id], message: ALL_PAYLOADS_MARKDOWN, notify: false, autoStart: false, autoComplete: false };
  const running = scheduleMaintenance(db, { title: payload('attr-sq').text, ...window(now - HOUR, 3), ...maintenanceFields }, actor, 'UTC', now - DAY);
  postMaintenanceUpdate(
    db,
    running.id,
    { status: 'in_progress', message: payload('svg-animate').text, notify: false, changes: [{ componentId: components[2]!.id, status: 'under_maintenance' }] },
    actor,
    now - HOUR,
  );
  const upcoming = scheduleMaintenance(db, { title: payload('textarea').text, ...window(now + DAY, 2), ...maintenanceFields }, actor, 'UTC', now - DAY);
  const done = scheduleMaintenance(db, { title: payload('cdata').text, ...window(now - 2 * DAY, 1), ...maintenanceFields }, actor, 'UTC', now - 3 * DAY);
  postMaintenanceUpdate(db, done.id, { status: 'in_progress', message: payload('mxss').text, notify: false, changes: [] }, actor, now - 2 * DAY);
  postMaintenanceUpdate(db, done.id, { status: 'completed', message: payload('comment').text, notify: false, changes: [] }, actor, now - 2 * DAY + HOUR);

  const templates: { id: string; key: string; kind: 'incident' | 'maintenance' }[] = XSS_PAYLOADS.map((p) => {
    const created = createTemplate(db, { kind: 'incident', name: p.text, status: 'investigating', title: p.text, body: p.text }, actor, now - DAY);
    return { id: created.id, key: created.key, kind: 'incident' as const };
  });
  const maintenanceTemplate = createTemplate(
    db,
    { kind: 'maintenance', name: payload('template').text, status: 'scheduled', title: payload('textarea').text, body: payload('template').text },
    actor,
    now - DAY,
  );
  templates.push({ id: maintenanceTemplate.id, key: maintenanceTemplate.key, kind: 'maintenance' });

  return {
    incidents,
    components,
    groupId,
    maintenances: [
      { id: running.id, title: payload('attr-sq').text },
      { id: upcoming.id, title: payload('textarea').text },
      { id: done.id, title: payload('cdata').text },
    ],
    templates,
    draftPostmortemId: draft.id,
    subscriberId,
  };
}
