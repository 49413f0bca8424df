import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertComponent, type NewComponent } from '../../../src/server/write/components.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, group } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const leaf = (slug: string, groupId: string | null = null): NewComponent => ({
  slug,
  name: slug.toUpperCase(),
  description: null,
  isGroup: false,
  groupId,
  position: 1,
  showcase: true,
  onlyShowIfDegraded: false,
  startDate: null,
});

const count = (table: string): number => (t.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const history = (id: string): unknown[] =>
  t.sqlite.prepare('select status, at, cause, event_id, update_id from component_status_changes where component_id = ? order by id').all(id);

describe('insertComponent', () => {
  it('stores the component with its fields and a 12-character public id', () => {
    const id = insertComponent(
      t.db,
      { ...leaf('api'), name: 'REST API', description: 'Public API', position: 3, showcase: false, onlyShowIfDegraded: true, startDate: '2026-01-02' },
      NOW,
    );
    expect(id).toMatch(/^[0-9a-z]{12}$/);
    expect(t.sqlite.prepare('select * from components where id = ?').get(id)).toMatchObject({
      slug: 'api',
      name: 'REST API',
      description: 'Public API',
      is_group: 0,
      group_id: null,
      position: 3,
      showcase: 0,
      only_show_if_degraded: 1,
      start_date: '2026-01-02',
      created_at: NOW,
      updated_at: NOW,
      archived_at: null,
    });
  });

  it('gives a leaf one status-history row (operational by default) at creation time', () => {
    const id = insertComponent(t.db, leaf('api'), NOW);
    expect(history(id)).toEqual([{ status: 'operational', at: NOW, cause: 'manual', event_id: null, update_id: null }]);
  });

  it('records the initial status given', () => {
    const id = insertComponent(t.db, leaf('api'), NOW, 'major_outage');
    expect(history(id)).toEqual([{ status: 'major_outage', at: NOW, cause: 'manual', event_id: null, update_id: null }]);
  });

  it('gives a group no status history', () => {
    const g = group(t.db, 'core', 'Core', NOW);
    expect(history(g)).toEqual([]);
    expect(t.sqlite.prepare('select is_group from components where id = ?').get(g)).toEqual({ is_group: 1 });
  });

  it('places a component inside a group', () => {
    const g = group(t.db, 'core', 'Core', NOW);
    const id = component(t.db, 'api', 'API', NOW, { groupId: g });
    expect(t.sqlite.prepare('select group_id from components where id = ?').get(id)).toEqual({ group_id: g });
  });

  it('ids are distinct', () => {
    const ids = new Set(Array.from({ length: 20 }, (_, i) => insertComponent(t.db, leaf(`c${i}`), NOW)));
    expect(ids.size).toBe(20);
  });

  it('rejects a leaf as the group, writing nothing', () => {
    const parent = component(t.db, 'api', 'API', NOW);
    const before = [count('components'), count('component_status_changes')];
    expect(() => insertComponent(t.db, leaf('child', parent), NOW)).toThrow(RejectedError);
    expect([count('components'), count('component_status_changes')]).toEqual(before);
  });

  it('rejects an unknown group, writing nothing', () => {
    expect(() => insertComponent(t.db, leaf('child', 'no-such-group'), NOW)).toThrow(/one level deep/);
    expect(count('components')).toBe(0);
    expect(count('component_status_changes')).toBe(0);
  });

  // DESIGN.md: "Components may sit in one level of groups"; the schema: "one level deep".
  it('rejects a group placed inside another group (groups are one level deep)', () => {
    const outer = group(t.db, 'outer', 'Outer', NOW);
    expect(() =>
      insertComponent(t.db, { ...leaf('inner'), isGroup: true, groupId: outer }, NOW),
    ).toThrow(RejectedError);
    expect(count('components')).toBe(1);
  });

  it('refuses a duplicate slug', () => {
    insertComponent(t.db, leaf('api'), NOW);
    expect(() => insertComponent(t.db, leaf('api'), NOW)).toThrow();
    expect(count('components')).toBe(1);
    expect(count('component_status_changes')).toBe(1);
  });
});
