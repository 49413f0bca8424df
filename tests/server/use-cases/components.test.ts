import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, components, componentStatusChanges } from '../../../db/schema.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import type { NewComponentFields } from '../../../src/server/forms/component-form.js';
import { findComponentById, findComponentBySlug, listComponents } from '../../../src/server/read/components.js';
import {
  archiveComponent,
  createComponent,
  editComponent,
  moveComponent,
  setComponentStatus,
  unarchiveComponent,
} from '../../../src/server/use-cases/components.js';
import { FieldRejectedError, type ComponentDefinition } from '../../../src/server/write/components.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
let actor: Actor;
let backend: string;
let api: string;
let db: string;
let web: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  backend = group(t.db, 'backend', 'Backend', T0, 1);
  api = component(t.db, 'api', 'API', T0, { groupId: backend, position: 1 });
  db = component(t.db, 'db', 'Database', T0, { groupId: backend, position: 2 });
  web = component(t.db, 'web', 'Website', T0, { position: 2 });
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  actor = { id, label: 'olga@example.com' };
});
afterEach(() => t.dispose());

/** Everything a component use-case may write: definitions, history and audit. */
function snapshot(d: Db): unknown {
  return {
    components: d.select().from(components).orderBy(components.id).all(),
    history: d.select().from(componentStatusChanges).orderBy(componentStatusChanges.id).all(),
    audit: d.select({ n: count() }).from(auditLog).get()!.n,
  };
}

const auditRows = (action: string): (typeof auditLog.$inferSelect)[] => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

/** Page order as names, groups' children indented with '>'. */
const order = (): string[] => listComponents(t.db).map((c) => (c.groupId ? `>${c.name}` : c.name));

const newFields = (over: Partial<NewComponentFields> = {}): NewComponentFields => ({
  name: 'Search',
  slug: 'search',
  description: null,
  isGroup: false,
  groupId: null,
  startDate: null,
  showcase: true,
  onlyShowIfDegraded: false,
  ...over,
});

const definitionOf = (id: string): ComponentDefinition => {
  const c = findComponentById(t.db, id)!;
  return { name: c.name, slug: c.slug, description: c.description, groupId: c.groupId, startDate: c.startDate, showcase: c.showcase, onlyShowIfDegraded: c.onlyShowIfDegraded };
};

function rejection(f: () => unknown): RejectedError {
  try {
    f();
  } catch (e) {
    if (e instanceof RejectedError) return e;
    throw e;
  }
  throw new Error('expected a RejectedError');
}

describe('createComponent', () => {
  it('adds a leaf last among its siblings, operational from now, audited with the actor', () => {
    const { id } = createComponent(t.db, newFields({ groupId: backend, startDate: '2026-01-01' }), actor, NOW);
    expect(order()).toEqual(['Backend', '>API', '>Database', '>Search', 'Website']);
    expect(findComponentById(t.db, id)).toMatchObject({ slug: 'search', groupId: backend, position: 3, startDate: '2026-01-01', latestStatus: 'operational', latestStatusAt: NOW });
    const audit = auditRows('component.created');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ at: NOW, actorId: actor.id, actorLabel: 'olga@example.com', objectType: 'component', objectId: id });
    expect(JSON.parse(audit[0]!.diff!)).toEqual({ name: 'Search', slug: 'search', isGroup: false, groupId: backend });
  });

  it('adds a group at the end of the top level, with no status history', () => {
    const { id } = createComponent(t.db, newFields({ name: 'Edge', slug: 'edge', isGroup: true }), actor, NOW);
    expect(findComponentById(t.db, id)).toMatchObject({ isGroup: true, position: 3, latestStatus: null });
  });

  it('refuses a group inside a group: nothing written', () => {
    const before = snapshot(t.db);
    const e = rejection(() => createComponent(t.db, newFields({ name: 'Edge', slug: 'edge', isGroup: true, groupId: backend }), actor, NOW));
    expect(e).toBeInstanceOf(FieldRejectedError);
    expect((e as FieldRejectedError).field).toBe('group');
    expect(e.message).toBe('Groups cannot be placed inside other groups.');
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses a leaf or an unknown id as the group', () => {
    const before = snapshot(t.db);
    expect(rejection(() => createComponent(t.db, newFields({ groupId: web }), actor, NOW)).message).toBe('Components can only be placed in a group, one level deep.');
    expect(rejection(() => createComponent(t.db, newFields({ groupId: 'nosuchgroup0' }), actor, NOW)).message).toBe('Components can only be placed in a group, one level deep.');
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses an archived group', () => {
    const edge = group(t.db, 'edge', 'Edge', T0, 3);
    archiveComponent(t.db, edge, actor, NOW);
    const before = snapshot(t.db);
    expect(rejection(() => createComponent(t.db, newFields({ groupId: edge }), actor, NOW)).message).toBe('The group “Edge” is archived; choose another or restore it first.');
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses a slug in use, naming it, on the slug field; nothing written', () => {
    const before = snapshot(t.db);
    const e = rejection(() => createComponent(t.db, newFields({ slug: 'api' }), actor, NOW));
    expect(e).toMatchObject({ field: 'slug', message: 'The address “api” is already used by another component.' });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('says so when the slug belongs to an archived component (slugs are never reused)', () => {
    archiveComponent(t.db, web, actor, NOW);
    expect(rejection(() => createComponent(t.db, newFields({ slug: 'web' }), actor, NOW)).message).toBe(
      'The address “web” is already used by another component (an archived one).',
    );
  });
});

describe('editComponent', () => {
  it('changes the definition and audits only the fields that changed', () => {
    editComponent(t.db, web, { ...definitionOf(web), name: 'Web app', description: 'The customer app', showcase: false }, actor, NOW);
    expect(findComponentById(t.db, web)).toMatchObject({ name: 'Web app', slug: 'web', description: 'The customer app', showcase: false, updatedAt: NOW });
    const audit = auditRows('component.updated');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: actor.id, objectId: web });
    expect(JSON.parse(audit[0]!.diff!)).toEqual({
      name: { from: 'Website', to: 'Web app' },
      description: { from: null, to: 'The customer app' },
      showcase: { from: true, to: false },
    });
  });

  it('writes nothing when nothing changed', () => {
    const before = snapshot(t.db);
    editComponent(t.db, web, definitionOf(web), actor, NOW);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('moves a component into a group, last there, and out again to the end of the top level', () => {
    editComponent(t.db, web, { ...definitionOf(web), groupId: backend }, actor, NOW);
    expect(order()).toEqual(['Backend', '>API', '>Database', '>Website']);
    editComponent(t.db, api, { ...definitionOf(api), groupId: null }, actor, NOW + HOUR);
    expect(order()).toEqual(['Backend', '>Database', '>Website', 'API']);
  });

  it('refuses to put a group with components into another group: nothing written', () => {
    const edge = group(t.db, 'edge', 'Edge', T0, 3);
    const before = snapshot(t.db);
    const e = rejection(() => editComponent(t.db, backend, { ...definitionOf(backend), groupId: edge }, actor, NOW));
    expect(e).toMatchObject({ field: 'group', message: '“Backend” has components inside it, so it cannot go inside a group: groups are one level deep.' });
    expect(rejection(() => editComponent(t.db, edge, { ...definitionOf(edge), groupId: backend }, actor, NOW)).message).toBe('Groups cannot be placed inside other groups.');
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses a leaf as the group', () => {
    const before = snapshot(t.db);
    expect(rejection(() => editComponent(t.db, api, { ...definitionOf(api), groupId: web }, actor, NOW)).message).toMatch(/one level deep/);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses another component’s slug but accepts keeping its own', () => {
    const before = snapshot(t.db);
    expect(rejection(() => editComponent(t.db, web, { ...definitionOf(web), slug: 'api' }, actor, NOW))).toMatchObject({ field: 'slug' });
    expect(snapshot(t.db)).toEqual(before);
    editComponent(t.db, web, { ...definitionOf(web), name: 'Web' }, actor, NOW);
    expect(findComponentById(t.db, web)!.slug).toBe('web');
  });

  it('refuses an unknown component', () => {
    expect(rejection(() => editComponent(t.db, 'nosuchcompo0', definitionOf(web), actor, NOW)).message).toBe('That component does not exist (it may have been removed).');
  });

  it('refuses an archived component, even with nothing changed', () => {
    archiveComponent(t.db, web, actor, NOW);
    const before = snapshot(t.db);
    expect(rejection(() => editComponent(t.db, web, { ...definitionOf(web), name: 'Renamed' }, actor, NOW)).message).toBe('“Website” is archived; restore it before changing it.');
    expect(rejection(() => editComponent(t.db, web, definitionOf(web), actor, NOW)).message).toMatch(/is archived/);
    expect(snapshot(t.db)).toEqual(before);
  });
});

describe('moveComponent', () => {
  it('swaps a component with its neighbour within its group, audited with the direction', () => {
    moveComponent(t.db, db, 'up', actor, NOW);
    expect(order()).toEqual(['Backend', '>Database', '>API', 'Website']);
    moveComponent(t.db, db, 'down', actor, NOW + 1);
    expect(order()).toEqual(['Backend', '>API', '>Database', 'Website']);
    expect(auditRows('component.moved').map((a) => [a.objectId, JSON.parse(a.diff!)])).toEqual([
      [db, { direction: 'up' }],
      [db, { direction: 'down' }],
    ]);
  });

  it('moves groups and ungrouped components among the top level', () => {
    moveComponent(t.db, web, 'up', actor, NOW);
    expect(order()).toEqual(['Website', 'Backend', '>API', '>Database']);
  });

  it('orders siblings that share a position deterministically, then swaps', () => {
    const a = component(t.db, 'a', 'Alpha', T0, { position: 5 });
    const b = component(t.db, 'b', 'Beta', T0, { position: 5 });
    expect(order()).toEqual(['Backend', '>API', '>Database', 'Website', 'Alpha', 'Beta']);
    moveComponent(t.db, b, 'up', actor, NOW);
    expect(order()).toEqual(['Backend', '>API', '>Database', 'Website', 'Beta', 'Alpha']);
    expect([findComponentById(t.db, b)!.position, findComponentById(t.db, a)!.position]).toEqual([3, 4]);
  });

  it('does nothing at either end: no write, no audit', () => {
    const before = snapshot(t.db);
    moveComponent(t.db, api, 'up', actor, NOW);
    moveComponent(t.db, db, 'down', actor, NOW);
    moveComponent(t.db, backend, 'up', actor, NOW);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses unknown and archived components', () => {
    expect(() => moveComponent(t.db, 'nosuchcompo0', 'up', actor, NOW)).toThrow(RejectedError);
    archiveComponent(t.db, web, actor, NOW);
    expect(() => moveComponent(t.db, web, 'up', actor, NOW)).toThrow(/archived/);
  });
});

describe('archiveComponent and unarchiveComponent', () => {
  it('archiving hides the component from the live lists and its slug; its history stays; audited', () => {
    const historyBefore = t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.componentId, web)).all();
    archiveComponent(t.db, web, actor, NOW);
    expect(listComponents(t.db).map((c) => c.id)).not.toContain(web);
    expect(findComponentBySlug(t.db, 'web')).toBeNull();
    expect(findComponentById(t.db, web)).toMatchObject({ archivedAt: NOW, updatedAt: NOW });
    expect(t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.componentId, web)).all()).toEqual(historyBefore);
    expect(auditRows('component.archived')).toMatchObject([{ actorId: actor.id, objectType: 'component', objectId: web, diff: null }]);
  });

  it('refuses to archive a group that still holds live components; an emptied one may go', () => {
    const before = snapshot(t.db);
    expect(rejection(() => archiveComponent(t.db, backend, actor, NOW)).message).toBe(
      'Move or archive the components in “Backend” first: archiving the group would leave them without one.',
    );
    expect(snapshot(t.db)).toEqual(before);
    archiveComponent(t.db, api, actor, NOW);
    archiveComponent(t.db, db, actor, NOW);
    archiveComponent(t.db, backend, actor, NOW);
    expect(order()).toEqual(['Website']);
  });

  it('refuses to archive twice, or an unknown component', () => {
    archiveComponent(t.db, web, actor, NOW);
    expect(() => archiveComponent(t.db, web, actor, NOW)).toThrow(/archived/);
    expect(() => archiveComponent(t.db, 'nosuchcompo0', actor, NOW)).toThrow(RejectedError);
    expect(auditRows('component.archived')).toHaveLength(1);
  });

  it('restoring brings it back last among its siblings, audited', () => {
    archiveComponent(t.db, api, actor, NOW);
    unarchiveComponent(t.db, api, actor, NOW + HOUR);
    expect(order()).toEqual(['Backend', '>Database', '>API', 'Website']);
    expect(findComponentBySlug(t.db, 'api')).not.toBeNull();
    expect(auditRows('component.unarchived')).toMatchObject([{ actorId: actor.id, objectId: api, at: NOW + HOUR }]);
  });

  it('refuses to restore a component whose group is archived, or one that is not archived', () => {
    archiveComponent(t.db, api, actor, NOW);
    archiveComponent(t.db, db, actor, NOW);
    archiveComponent(t.db, backend, actor, NOW);
    const before = snapshot(t.db);
    expect(rejection(() => unarchiveComponent(t.db, api, actor, NOW)).message).toBe('Its group “Backend” is archived; restore the group first.');
    expect(rejection(() => unarchiveComponent(t.db, web, actor, NOW)).message).toBe('“Website” is not archived.');
    expect(snapshot(t.db)).toEqual(before);
    unarchiveComponent(t.db, backend, actor, NOW);
    unarchiveComponent(t.db, api, actor, NOW);
    // The group comes back last at the top level.
    expect(order()).toEqual(['Website', 'Backend', '>API']);
  });
});

describe('setComponentStatus', () => {
  it('appends a manual history row carrying the actor, and audits old → new', () => {
    setComponentStatus(t.db, api, 'partial_outage', actor, NOW);
    const rows = t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.componentId, api)).orderBy(componentStatusChanges.id).all();
    expect(rows.at(-1)).toMatchObject({ status: 'partial_outage', at: NOW, cause: 'manual', eventId: null, updateId: null, actorId: actor.id });
    expect(findComponentById(t.db, api)).toMatchObject({ latestStatus: 'partial_outage', latestStatusAt: NOW });
    const audit = auditRows('component.status_changed');
    expect(audit).toMatchObject([{ actorId: actor.id, actorLabel: 'olga@example.com', objectType: 'component', objectId: api }]);
    expect(JSON.parse(audit[0]!.diff!)).toEqual({ status: { from: 'operational', to: 'partial_outage' } });
  });

  it('never stores the status on the component itself: the history decides', () => {
    setComponentStatus(t.db, api, 'major_outage', actor, NOW);
    setComponentStatus(t.db, api, 'operational', actor, NOW + HOUR);
    expect(Object.keys(t.sqlite.prepare('select * from components where id = ?').get(api) as object)).not.toContain('status');
    expect(listComponents(t.db).find((c) => c.id === api)!.latestStatus).toBe('operational');
  });

  it.each([
    ['a group', () => backend, '“Backend” is a group; set the status of the components inside it instead.'],
    ['an unknown component', () => 'nosuchcompo0', 'That component does not exist (it may have been removed).'],
    ['the status it already has', () => web, '“Website” is already Operational.'],
  ])('refuses %s: nothing written', (_what, id, message) => {
    const before = snapshot(t.db);
    expect(rejection(() => setComponentStatus(t.db, id(), 'operational', actor, NOW)).message).toBe(message);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses an archived component', () => {
    archiveComponent(t.db, web, actor, NOW);
    const before = snapshot(t.db);
    expect(rejection(() => setComponentStatus(t.db, web, 'major_outage', actor, NOW)).message).toBe('“Website” is archived; restore it before changing it.');
    expect(snapshot(t.db)).toEqual(before);
  });
});
