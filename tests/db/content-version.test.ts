import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, subscribers } from '../../db/schema.js';
import { contentVersionReader } from '../../src/server/cache/content-version.js';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';
import { component, HOUR, incident, page } from '../helpers/fixtures.js';

let t: TempDatabase;
let version: () => number | null;
beforeEach(() => {
  t = tempDatabase();
  version = contentVersionReader(() => t);
});
afterEach(() => t.dispose());

describe('content_version', () => {
  it('moves with every change to what the public sees, from any writer', () => {
    const now = Date.now();
    const seen = [version()];
    page(t.db, 'Acme', 'UTC', now);
    seen.push(version());
    const api = component(t.db, 'api', 'API', now - HOUR);
    seen.push(version());
    incident(t.db, { title: 'Down', startedAt: now, componentIds: [api], steps: [{ at: now, status: 'investigating', body: 'x', set: { [api]: 'major_outage' } }] });
    seen.push(version());
    // A second connection (another process, say) is seen as well.
    t.sqlite.prepare("update components set name = 'API v2'").run();
    seen.push(version());
    for (let i = 1; i < seen.length; i++) expect(seen[i]!, `step ${i}`).toBeGreaterThan(seen[i - 1]!);
  });

  it('stays put for writes no public page shows (subscribers, outbox, audit)', () => {
    const now = Date.now();
    const before = version();
    t.db.insert(subscribers).values({ id: 'sub000000001', email: 'a@example.com', state: 'active', allComponents: true, createdAt: now, updatedAt: now }).run();
    t.db.insert(auditLog).values({ at: now, actorLabel: 'x', action: 'y', objectType: 'z' }).run();
    expect(version()).toBe(before);
  });

  it('reads as null while the database cannot be opened, and recovers', () => {
    let broken = true;
    const reader = contentVersionReader(() => {
      if (broken) throw new Error('disk gone');
      return t;
    });
    expect(reader()).toBeNull();
    broken = false;
    expect(reader()).toBe(version());
  });
});
