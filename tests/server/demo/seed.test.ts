import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveEventStatus } from '../../../src/core/event-status.js';
import { parseReference } from '../../../src/core/reference.js';
import { addDays, dayKeyOf } from '../../../src/core/time.js';
import { DEMO_TIME_ZONE, seedDemo } from '../../../src/server/demo/seed.js';
import { listComponents, statusHistorySince } from '../../../src/server/read/components.js';
import { listEventsBetween, listOpenEvents } from '../../../src/server/read/events.js';
import { affectedComponentsOf, updatesForEvents } from '../../../src/server/read/event-updates.js';
import { readPageSettings } from '../../../src/server/settings.js';
import { uptimeWindows } from '../../../src/server/views/component-tree.js';
import { homeView } from '../../../src/server/views/home.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const allEvents = () => listEventsBetween(t.db, 0, Number.MAX_SAFE_INTEGER);
const statusOf = (e: ReturnType<typeof allEvents>[number]) => deriveEventStatus(e.kind, e.latestUpdateStatus, e.postmortemPublishedAt !== null);

describe('seedDemo', () => {
  // The fixed `now`, a moment just after local midnight, and one just after the spring DST change.
  describe.each([
    ['Nov 22 2026 10:00 EST', NOW],
    ['Nov 22 2026 00:30 EST', Date.UTC(2026, 10, 22, 5, 30)],
    ['Mar 9 2026 08:00 EDT', Date.UTC(2026, 2, 9, 12, 0)],
  ])('seeded at %s', (_label, now) => {
    beforeEach(() => {
      expect(seedDemo(t.db, now)).toEqual({ components: 15, events: 9 });
    });

    it('names the page and uses the New York time zone', () => {
      expect(DEMO_TIME_ZONE).toBe('America/New_York');
      const s = readPageSettings(t.db, now);
      expect(s.timeZone).toBe('America/New_York');
      expect(s.name).toBe('Acme Cloud');
    });

    it('has 12 leaf components in 3 groups of 4 (15 in all)', () => {
      const records = listComponents(t.db);
      expect(records).toHaveLength(15);
      const groups = records.filter((r) => r.isGroup);
      const leaves = records.filter((r) => !r.isGroup);
      expect(groups).toHaveLength(3);
      expect(leaves).toHaveLength(12);
      for (const g of groups) {
        expect(g.groupId).toBeNull();
        expect(leaves.filter((l) => l.groupId === g.id)).toHaveLength(4);
      }
      expect(new Set(records.map((r) => r.slug)).size).toBe(15);
    });

    it('has exactly one open incident, being worked on', () => {
      const open = listOpenEvents(t.db).filter((e) => e.kind === 'incident');
      expect(open).toHaveLength(1);
      expect(statusOf(open[0]!)).toBe('identified');
      expect(open[0]!.startedAt).toBeLessThanOrEqual(now);
    });

    it('has exactly one upcoming maintenance, scheduled for later', () => {
      const open = listOpenEvents(t.db).filter((e) => e.kind === 'maintenance');
      expect(open).toHaveLength(1);
      expect(statusOf(open[0]!)).toBe('scheduled');
      expect(open[0]!.scheduledFor).toBeGreaterThan(now);
      expect(open[0]!.scheduledUntil).toBeGreaterThan(open[0]!.scheduledFor!);
    });

    it('has one completed maintenance in the past', () => {
      const done = allEvents().filter((e) => e.kind === 'maintenance' && statusOf(e) === 'completed');
      expect(done).toHaveLength(1);
      expect(done[0]!.closedAt).toBeLessThan(now);
    });

    it('has at least 5 resolved incidents, one of them with a published postmortem', () => {
      const incidents = allEvents().filter((e) => e.kind === 'incident');
      expect(incidents).toHaveLength(7);
      const closed = incidents.filter((e) => ['resolved', 'postmortem'].includes(statusOf(e)));
      expect(closed.filter((e) => statusOf(e) === 'resolved').length).toBeGreaterThanOrEqual(5);
      const withPostmortem = incidents.filter((e) => e.postmortemPublishedAt !== null);
      expect(withPostmortem).toHaveLength(1);
      expect(statusOf(withPostmortem[0]!)).toBe('postmortem');
      expect(withPostmortem[0]!.postmortemBody?.trim().length).toBeGreaterThan(0);
      expect(withPostmortem[0]!.postmortemPublishedAt).toBeLessThanOrEqual(now);
      expect(incidents.every((e) => e.severity !== null)).toBe(true);
    });

    it('gives every event a timeline, affected components and a unique reference', () => {
      const events = allEvents();
      const updates = updatesForEvents(t.db, events.map((e) => e.id));
      const affected = affectedComponentsOf(t.db, events.map((e) => e.id));
      for (const e of events) {
        expect(updates.get(e.id)!.length).toBeGreaterThan(0);
        expect(updates.get(e.id)!.every((u) => u.displayAt <= now)).toBe(true);
        expect(affected.get(e.id)!.length).toBeGreaterThan(0);
        const ref = parseReference(e.reference);
        expect(ref?.prefix).toBe(e.kind === 'incident' ? 'INC' : 'MNT');
        expect(ref?.day).toBe(dayKeyOf(e.sortAt, 'America/New_York'));
      }
      expect(new Set(events.map((e) => e.reference)).size).toBe(events.length);
    });

    it('every leaf has status history covering the 90-day window, Slack from its start date', () => {
      const windows = uptimeWindows(now, 'America/New_York');
      const leaves = listComponents(t.db).filter((r) => !r.isGroup);
      const history = statusHistorySince(t.db, leaves.map((l) => l.id), windows[0]!.start);
      const slackStart = addDays(dayKeyOf(now, 'America/New_York'), -35);
      for (const leaf of leaves) {
        const first = history.get(leaf.id)![0]!;
        if (leaf.slug === 'slack') {
          expect(leaf.startDate).toBe(slackStart);
          expect(dayKeyOf(first.at, 'America/New_York')).toBe(slackStart);
        } else {
          expect(leaf.startDate).toBeNull();
          expect(first.at).toBeLessThanOrEqual(windows[0]!.start);
        }
      }

      const v = homeView(t.db, now);
      if (v.kind !== 'ok') throw new Error('expected ok');
      const views = v.view.components.flatMap((g) => g.children);
      expect(views).toHaveLength(12);
      for (const c of views) {
        expect(c.bars).toHaveLength(90);
        if (c.slug === 'slack') {
          const noData = c.bars.filter((b) => b.level === 'none').map((b) => b.day);
          expect(noData).toEqual(windows.filter((w) => w.day < slackStart).map((w) => w.day));
          expect(noData).toHaveLength(54);
        } else {
          expect(c.bars.filter((b) => b.level === 'none')).toEqual([]);
        }
      }
    });

    it('the page shows the open incident’s impact: email in partial outage, all else operational', () => {
      const leaves = listComponents(t.db).filter((r) => !r.isGroup);
      expect(leaves.find((l) => l.slug === 'email')?.latestStatus).toBe('partial_outage');
      expect(leaves.filter((l) => l.slug !== 'email').every((l) => l.latestStatus === 'operational')).toBe(true);
      const v = homeView(t.db, now);
      if (v.kind !== 'ok') throw new Error('expected ok');
      expect(v.view.status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
      expect(v.view.openIncidents).toHaveLength(1);
      expect(v.view.upcomingMaintenance).toHaveLength(1);
      expect(v.view.activeMaintenance).toHaveLength(0);
      expect(v.view.components.map((g) => g.slug)).toEqual(['core-platform', 'data-storage', 'notifications']);
      expect(v.view.components.map((g) => g.status)).toEqual(['operational', 'operational', 'partial_outage']);
    });
  });

  it('writes everything in one transaction: a failure leaves the database empty', () => {
    // A component with a demo slug makes the seed fail part-way (unique slug).
    t.sqlite.prepare(`insert into components (id, slug, name, created_at, updated_at) values ('x', 'sms', 'Taken', ${NOW}, ${NOW})`).run();
    expect(() => seedDemo(t.db, NOW)).toThrow();
    expect(t.sqlite.prepare('select count(*) as n from components').get()).toEqual({ n: 1 });
    expect(t.sqlite.prepare('select count(*) as n from events').get()).toEqual({ n: 0 });
    expect(t.sqlite.prepare('select count(*) as n from page_settings').get()).toEqual({ n: 0 });
  });
});
