import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMPONENT_STATUSES } from '../../../src/core/component-status.js';
import { registerDomainMetrics } from '../../../src/server/metrics/domain-metrics.js';
import { appendUpdate } from '../../../src/server/write/events.js';
import { eq } from 'drizzle-orm';
import { deliveries, subscribers } from '../../../db/schema.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
let registry: Registry;
beforeEach(() => {
  t = tempDatabase();
  registry = new Registry();
  registerDomainMetrics(registry, () => t.db);
});
afterEach(() => t.dispose());

type Labels = Record<string, string | number>;

/** Every series of one metric as [labels, value], read through a real scrape. */
async function series(name: string): Promise<{ labels: Labels; value: number }[]> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  if (!metric) throw new Error(`${name} is not registered`);
  return metric.values.map((v) => ({ labels: v.labels as Labels, value: v.value }));
}

async function single(name: string): Promise<number> {
  const all = await series(name);
  expect(all).toHaveLength(1);
  return all[0]!.value;
}

function statusOf(all: { labels: Labels; value: number }[], slug: string): string[] {
  return all.filter((s) => s.labels.component === slug && s.value === 1).map((s) => String(s.labels.status));
}

describe('beacon_component_status', () => {
  it('has one series per leaf component and status, 1 on the current status only', async () => {
    const api = group(t.db, 'api', 'API', NOW - DAY);
    const rest = component(t.db, 'rest', 'REST', NOW - DAY, { groupId: api });
    component(t.db, 'web', 'Website', NOW - DAY);
    incident(t.db, {
      title: 'REST errors',
      startedAt: NOW - HOUR,
      steps: [{ at: NOW - HOUR, status: 'investigating', body: 'Failing.', set: { [rest]: 'partial_outage' } }],
    });

    const all = await series('beacon_component_status');
    // Groups have no status of their own: only the two leaves appear.
    expect(new Set(all.map((s) => s.labels.component))).toEqual(new Set(['rest', 'web']));
    expect(all).toHaveLength(2 * COMPONENT_STATUSES.length);
    expect(statusOf(all, 'rest')).toEqual(['partial_outage']);
    expect(statusOf(all, 'web')).toEqual(['operational']);
    expect(all.find((s) => s.labels.component === 'rest' && s.labels.status === 'operational')?.value).toBe(0);
  });

  it('follows a status change at the next scrape', async () => {
    const web = component(t.db, 'web', 'Website', NOW - DAY);
    expect(statusOf(await series('beacon_component_status'), 'web')).toEqual(['operational']);
    incident(t.db, {
      title: 'Down',
      startedAt: NOW - MINUTE,
      steps: [{ at: NOW - MINUTE, status: 'investigating', body: 'Down.', set: { [web]: 'major_outage' } }],
    });
    expect(statusOf(await series('beacon_component_status'), 'web')).toEqual(['major_outage']);
  });
});

describe('beacon_open_incidents and beacon_active_maintenance', () => {
  it('count open incidents, and drop when one is resolved', async () => {
    const web = component(t.db, 'web', 'Website', NOW - DAY);
    expect(await single('beacon_open_incidents')).toBe(0);
    const first = incident(t.db, { title: 'A', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'a' }] });
    incident(t.db, {
      title: 'B',
      startedAt: NOW - HOUR,
      steps: [{ at: NOW - HOUR, status: 'identified', body: 'b', set: { [web]: 'degraded_performance' } }],
    });
    expect(await single('beacon_open_incidents')).toBe(2);

    appendUpdate(
      t.db,
      { eventId: first.id, status: 'resolved', body: 'Fixed.', displayAt: NOW, notify: true, authorId: null, changes: [] },
      NOW,
    );
    expect(await single('beacon_open_incidents')).toBe(1);
  });

  it('count maintenance once it is in progress, not while it is only scheduled, and not as an incident', async () => {
    const web = component(t.db, 'web', 'Website', NOW - DAY);
    const window = { scheduledFor: NOW + HOUR, scheduledUntil: NOW + 2 * HOUR, componentIds: [web] };
    const mnt = maintenance(t.db, { title: 'Move', ...window, steps: [{ at: NOW, status: 'scheduled', body: 'Soon.' }] });
    expect(await single('beacon_active_maintenance')).toBe(0);

    appendUpdate(
      t.db,
      { eventId: mnt.id, status: 'in_progress', body: 'Started.', displayAt: NOW + HOUR, notify: true, authorId: null, changes: [{ componentId: web, status: 'under_maintenance' }] },
      NOW + HOUR,
    );
    expect(await single('beacon_active_maintenance')).toBe(1);
    expect(await single('beacon_open_incidents')).toBe(0);

    appendUpdate(
      t.db,
      { eventId: mnt.id, status: 'completed', body: 'Done.', displayAt: NOW + 2 * HOUR, notify: true, authorId: null, changes: [{ componentId: web, status: 'operational' }] },
      NOW + 2 * HOUR,
    );
    expect(await single('beacon_active_maintenance')).toBe(0);
  });
});

describe('when the database cannot be read', () => {
  it('reports unknown instead of repeating old values, and the scrape still succeeds', async () => {
    component(t.db, 'web', 'Website', NOW - DAY);
    incident(t.db, { title: 'A', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'a' }] });
    expect(await single('beacon_open_incidents')).toBe(1);
    expect(await series('beacon_component_status')).toHaveLength(COMPONENT_STATUSES.length);

    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      t.close();
      const text = await registry.metrics();
      expect(text).toContain('# TYPE beacon_open_incidents gauge');
      // prom-client spells it "Nan"; Prometheus parses floats case-insensitively.
      expect(text).toMatch(/^beacon_open_incidents NaN$/im);
      expect(text).toMatch(/^beacon_active_maintenance NaN$/im);
      expect(await series('beacon_component_status')).toEqual([]);
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/not open/));
    } finally {
      errors.mockRestore();
    }
  });
});

describe('outbox gauges', () => {
  it('count deliveries by state and age the oldest pending one', async () => {
    const api = component(t.db, 'api', 'API', NOW - DAY);
    const ids = ['s1', 's2', 's3'].map((s, i) => {
      t.db.insert(subscribers).values({ id: `sub00000000${i}`, email: `${s}@example.com`, state: 'active', allComponents: true, createdAt: NOW - DAY, updatedAt: NOW - DAY }).run();
      return `sub00000000${i}`;
    });
    expect(ids).toHaveLength(3);
    incident(t.db, { title: 'Down', startedAt: NOW - HOUR, componentIds: [api], steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x' }] });
    t.db.update(deliveries).set({ state: 'sent' }).where(eq(deliveries.subscriberId, 'sub000000000')).run();
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    try {
      const all = await series('beacon_outbox_deliveries');
      expect(Object.fromEntries(all.map((s) => [s.labels.state, s.value]))).toEqual({ pending: 2, sent: 1, failed: 0, cancelled: 0 });
      expect(await single('beacon_outbox_oldest_pending_seconds')).toBe(3600);
    } finally {
      vi.useRealTimers();
    }
  });

  it('report no series when the database cannot be read, rather than a stale figure', async () => {
    const broken = new Registry();
    registerDomainMetrics(broken, () => {
      throw new Error('disk gone');
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const metric = (await broken.getMetricsAsJSON()).find((m) => m.name === 'beacon_outbox_deliveries')!;
    spy.mockRestore();
    expect(metric.values).toEqual([]);
  });
});

