/**
 * The large page of the serving benchmark's scale phase (serve.ts): 500 components (20 groups of
 * 10, the rest at the top level) and 20,000 incidents over three years, two still open.
 *
 * Components go through the write layer (insertComponent). Incidents do not: appendUpdate and
 * insertEvent cost ≈ 13 ms per four-update incident here (drizzle builds and SQLite prepares every
 * statement on every call, and insertEvent scans all references with LIKE), so 20,000 would take
 * minutes. Instead the same rows are written with a handful of prepared statements, computed the
 * way the write layer computes them: references per page-zone day, each update's old → new status
 * taken from the component's history at the update's time, a status-history row only when the
 * status changes.
 */
import type { DatabaseHandle } from '../../db/client.js';
import type { ComponentStatus } from '../../src/core/component-status.js';
import type { IncidentStatus } from '../../src/core/incident-status.js';
import { formatReference } from '../../src/core/reference.js';
import { dayKeyOf } from '../../src/core/time.js';
import { newPublicId } from '../../src/server/ids.js';
import { insertComponent } from '../../src/server/write/components.js';
import { updatePageSettings } from '../../src/server/write/settings.js';

export interface ScalePage {
  readonly components: number;
  readonly groups: number;
  readonly incidents: number;
  readonly updates: number;
  readonly statusChanges: number;
  /** The component named in one incident in ten: the heaviest component page. */
  readonly busiestSlug: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TIME_ZONE = 'America/New_York';
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
const OUTAGES: readonly ComponentStatus[] = ['degraded_performance', 'partial_outage', 'major_outage'];

/** A typical incident's timeline: share of its duration at which each update is shown, and the status it sets. */
const STEPS: readonly { share: number; status: IncidentStatus; body: string; set: 'outage' | 'operational' | null }[] = [
  { share: 0, status: 'investigating', body: 'We are investigating **elevated error rates**. More within 30 minutes.', set: 'outage' },
  { share: 1 / 3, status: 'identified', body: 'We found the cause: a bad configuration push. Rolling it back now.', set: null },
  { share: 2 / 3, status: 'monitoring', body: 'The rollback is done and error rates are back to normal. We are monitoring.', set: 'operational' },
  { share: 1, status: 'resolved', body: 'This incident is resolved. A [postmortem](https://example.com/pm) will follow.', set: null },
];

/** A small seeded generator (mulberry32): the same page shape on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface PendingChange {
  readonly updateId: string;
  readonly eventId: string;
  readonly componentId: string;
  readonly status: ComponentStatus;
  readonly at: number;
}

/** Fills an empty, migrated database. */
export function writeScalePage(handle: DatabaseHandle, now: number, options: { components?: number; incidents?: number; years?: number } = {}): ScalePage {
  const total = options.components ?? 500;
  const incidents = options.incidents ?? 20_000;
  const span = (options.years ?? 3) * 365 * DAY;
  const created = now - span - DAY;
  const rand = random(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

  const leaves: { id: string; slug: string }[] = [];
  let groups = 0;
  handle.db.transaction((tx) => {
    updatePageSettings(tx, { name: 'Scale Cloud', timeZone: TIME_ZONE, description: 'A large page for the serving benchmark.' }, created);
    let rows = 0;
    let position = 0;
    for (let g = 0; g < 20 && rows + 11 <= total; g++) {
      const groupId = insertComponent(
        tx,
        { slug: `region-${g}`, name: `Region ${g}`, description: null, isGroup: true, groupId: null, position: ++position, showcase: true, onlyShowIfDegraded: false, startDate: null },
        created,
      );
      groups++;
      rows++;
      for (let i = 0; i < 10; i++, rows++) {
        const slug = `region-${g}-service-${i}`;
        const id = insertComponent(
          tx,
          { slug, name: `Region ${g} service ${i}`, description: `Service ${i} in region ${g}.`, isGroup: false, groupId, position: i + 1, showcase: true, onlyShowIfDegraded: false, startDate: null },
          created,
        );
        leaves.push({ id, slug });
      }
    }
    for (let i = 0; rows < total; i++, rows++) {
      const slug = `service-${i}`;
      const id = insertComponent(
        tx,
        { slug, name: `Service ${i}`, description: null, isGroup: false, groupId: null, position: ++position, showcase: true, onlyShowIfDegraded: false, startDate: null },
        created,
      );
      leaves.push({ id, slug });
    }
  });

  const { sqlite } = handle;
  const insertEvent = sqlite.prepare(
    `insert into events (id, kind, reference, title, severity, impact_override, started_at, scheduled_for, scheduled_until, auto_start, auto_complete, created_at, updated_at)
     values (?, 'incident', ?, ?, ?, null, ?, null, null, 1, 1, ?, ?)`,
  );
  const linkComponent = sqlite.prepare('insert into event_components (event_id, component_id) values (?, ?)');
  const insertUpdate = sqlite.prepare(
    `insert into event_updates (id, event_id, status, body, display_at, notify, author_id, created_at, updated_at) values (?, ?, ?, ?, ?, 0, null, ?, ?)`,
  );
  const insertAnnounced = sqlite.prepare('insert into update_component_changes (update_id, component_id, old_status, new_status) values (?, ?, ?, ?)');
  const insertHistory = sqlite.prepare(
    `insert into component_status_changes (component_id, status, at, cause, event_id, update_id, actor_id) values (?, ?, ?, 'incident', ?, ?, null)`,
  );

  // The busiest component is in one incident in ten; the rest are spread evenly.
  const busiest = leaves[0]!;
  const perDay = new Map<string, number>();
  const changes: PendingChange[] = [];
  let updates = 0;
  let statusChanges = 0;
  sqlite.transaction(() => {
    for (let n = 0; n < incidents; n++) {
      // Evenly over the span, jittered, ending three hours ago; the last two are still open.
      const startedAt = Math.floor(now - span + ((n + rand()) / incidents) * span) - 3 * 60 * MINUTE;
      const open = n >= incidents - 2;
      const affected = [...new Set([rand() < 0.1 ? busiest.id : pick(leaves).id, ...(rand() < 0.3 ? [pick(leaves).id] : [])])];
      const outage = pick(OUTAGES);
      const duration = Math.floor(10 * MINUTE + rand() * 170 * MINUTE);
      const day = dayKeyOf(startedAt, TIME_ZONE);
      const seq = (perDay.get(day) ?? 0) + 1;
      perDay.set(day, seq);
      const steps = open ? STEPS.slice(0, 2) : STEPS;
      const lastAt = Math.floor(startedAt + steps[steps.length - 1]!.share * duration);
      const eventId = newPublicId();
      const title = `Elevated errors on ${affected.length === 1 ? 'one service' : 'two services'} (#${n})`;
      insertEvent.run(eventId, formatReference('INC', day, seq), title, pick(SEVERITIES), startedAt, startedAt, lastAt);
      for (const componentId of affected) linkComponent.run(eventId, componentId);
      for (const step of steps) {
        const at = Math.floor(startedAt + step.share * duration);
        const updateId = newPublicId();
        insertUpdate.run(updateId, eventId, step.status, step.body, at, at, at);
        updates++;
        if (step.set === null) continue;
        const status = step.set === 'outage' ? outage : 'operational';
        for (const componentId of affected) changes.push({ updateId, eventId, componentId, status, at });
      }
    }
    // In time order, as the write layer's statusAt sees the history: old status at the update's time.
    changes.sort((a, b) => a.at - b.at);
    const current = new Map<string, ComponentStatus>();
    for (const c of changes) {
      const old = current.get(c.componentId) ?? 'operational';
      insertAnnounced.run(c.updateId, c.componentId, old, c.status);
      if (old !== c.status) {
        insertHistory.run(c.componentId, c.status, c.at, c.eventId, c.updateId);
        current.set(c.componentId, c.status);
        statusChanges++;
      }
    }
  })();
  return { components: leaves.length + groups, groups, incidents, updates, statusChanges, busiestSlug: busiest.slug };
}
