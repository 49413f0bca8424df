import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, referenceSequences } from '../../../db/schema.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { seedDemo } from '../../../src/server/demo/seed.js';
import { deleteIncident } from '../../../src/server/use-cases/incident-deletion.js';
import { createIncident } from '../../../src/server/use-cases/incidents.js';
import { backfillIncident } from '../../../src/server/use-cases/past-incidents.js';
import { scheduleMaintenance } from '../../../src/server/use-cases/maintenance.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, page } from '../../helpers/fixtures.js';

/**
 * A reference, once issued, is never issued again: it reached subscribers' inboxes, and a mailed
 * link must not lead to another event after the first was deleted.
 */
const NOW = Date.UTC(2026, 11, 4, 15, 0);

let t: TempDatabase;
let owner: Actor;
let api: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - 60 * DAY);
  api = component(t.db, 'api', 'API', NOW - 60 * DAY);
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  owner = { id, label: 'olga@example.com' };
});
afterEach(() => t.dispose());

const live = (at: number) =>
  createIncident(t.db, { title: 'API errors', severity: 'SEV2', impactOverride: null, status: 'investigating', message: 'Looking.', notify: false, changes: [{ componentId: api, status: 'major_outage' }] }, owner, 'UTC', at);

const past = (at: number) =>
  backfillIncident(
    t.db,
    {
      title: 'Old outage',
      severity: 'SEV3',
      startedAt: at,
      changes: [],
      updates: [
        { row: 1, status: 'investigating', at, message: 'Looking.' },
        { row: 2, status: 'resolved', at: at + HOUR, message: 'Fixed.' },
      ],
    },
    owner,
    'UTC',
    NOW,
  );

describe('references after a delete', () => {
  it('a live incident created after the last one of the day was deleted gets a new reference', () => {
    expect(live(NOW - 3 * HOUR).reference).toBe('INC-20261204-001');
    const second = live(NOW - 2 * HOUR);
    expect(second.reference).toBe('INC-20261204-002');
    deleteIncident(t.db, second.id, owner, NOW - HOUR);
    expect(live(NOW).reference).toBe('INC-20261204-003');
  });

  it('holds when every incident of the day was deleted', () => {
    const only = live(NOW - HOUR);
    deleteIncident(t.db, only.id, owner, NOW - HOUR);
    expect(live(NOW).reference).toBe('INC-20261204-002');
  });

  it('holds for backfilled incidents, and across the live and backfill paths', () => {
    const day = Date.UTC(2026, 10, 20, 9, 0);
    const first = past(day);
    expect(first.reference).toBe('INC-20261120-001');
    deleteIncident(t.db, first.id, owner, NOW);
    expect(past(day + 2 * HOUR).reference).toBe('INC-20261120-002');
    const today = live(NOW - HOUR);
    deleteIncident(t.db, today.id, owner, NOW);
    expect(past(NOW - 30 * 60_000 - HOUR).reference).toBe('INC-20261204-002');
  });

  it('counts maintenance apart, and records what it issued', () => {
    const window = { title: 'Upgrade', message: 'Planned.', componentIds: [], notify: false, autoStart: true, autoComplete: true };
    expect(scheduleMaintenance(t.db, { ...window, scheduledFor: NOW + DAY, scheduledUntil: NOW + DAY + HOUR }, owner, 'UTC', NOW).reference).toBe('MNT-20261205-001');
    live(NOW);
    expect(t.db.select().from(referenceSequences).orderBy(referenceSequences.dayPrefix).all()).toEqual([
      { dayPrefix: 'INC-20261204', lastSeq: 1 },
      { dayPrefix: 'MNT-20261205', lastSeq: 1 },
    ]);
  });

  it('the demo seed (npm run seed) records every reference it issues', () => {
    const demo = tempDatabase();
    try {
      seedDemo(demo.db, NOW);
      const issued = new Map(demo.db.select().from(referenceSequences).all().map((r) => [r.dayPrefix, r.lastSeq]));
      const references = demo.db.select({ reference: events.reference }).from(events).all();
      expect(references.length).toBeGreaterThan(0);
      for (const { reference } of references) expect(issued.get(reference.slice(0, 12)), reference).toBeGreaterThanOrEqual(Number(reference.slice(13)));
    } finally {
      demo.dispose();
    }
  });
});
