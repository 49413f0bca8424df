import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../db/schema.js';
import { recordAudit, SYSTEM } from '../../src/server/audit.js';
import { createUser } from '../../src/server/auth/users.js';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';

const NOW = Date.UTC(2026, 4, 13, 12, 0);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

describe('recordAudit', () => {
  it('appends who did what to which object, when, with the diff as JSON', async () => {
    const { id } = await createUser(t.db, { email: 'ana@example.com', name: 'Ana', role: 'owner', password: 'correct horse battery' }, SYSTEM, NOW);
    recordAudit(t.db, { id, label: 'ana@example.com' }, { action: 'incident.created', objectType: 'event', objectId: 'abc123', diff: { title: 'Down', n: 2 } }, NOW + 5);
    const row = t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.created')).get();
    expect(row).toEqual({
      id: expect.any(Number),
      at: NOW + 5,
      actorId: id,
      actorLabel: 'ana@example.com',
      action: 'incident.created',
      objectType: 'event',
      objectId: 'abc123',
      diff: '{"title":"Down","n":2}',
    });
  });

  it('records the system as a null actor, and no diff as null', () => {
    expect(SYSTEM).toEqual({ id: null, label: 'system' });
    recordAudit(t.db, SYSTEM, { action: 'settings.changed', objectType: 'page', objectId: null }, NOW);
    expect(t.db.select().from(auditLog).all()).toEqual([
      { id: expect.any(Number), at: NOW, actorId: null, actorLabel: 'system', action: 'settings.changed', objectType: 'page', objectId: null, diff: null },
    ]);
  });

  it('keeps entries in order, and keeps them (with the label) when the actor is deleted', async () => {
    const { id } = await createUser(t.db, { email: 'ana@example.com', name: 'Ana', role: 'owner', password: 'correct horse battery' }, SYSTEM, NOW);
    recordAudit(t.db, { id, label: 'ana@example.com' }, { action: 'a.one', objectType: 'x', objectId: '1' }, NOW + 1);
    recordAudit(t.db, { id, label: 'ana@example.com' }, { action: 'a.two', objectType: 'x', objectId: '2' }, NOW + 2);
    t.db.delete(users).where(eq(users.id, id)).run();
    const rows = t.db.select().from(auditLog).orderBy(auditLog.id).all();
    expect(rows.map((r) => r.action)).toEqual(['user.created', 'a.one', 'a.two']);
    expect(rows.slice(1).map((r) => [r.actorId, r.actorLabel])).toEqual([
      [null, 'ana@example.com'],
      [null, 'ana@example.com'],
    ]);
  });

  it('refuses an actor id that is not a user', () => {
    expect(() => recordAudit(t.db, { id: 'nosuchuser00', label: 'ghost' }, { action: 'x', objectType: 'x', objectId: null }, NOW)).toThrow(/FOREIGN KEY/);
  });

  it('writes nothing when the surrounding transaction fails', () => {
    expect(() =>
      t.db.transaction((tx) => {
        recordAudit(tx, SYSTEM, { action: 'doomed', objectType: 'x', objectId: null }, NOW);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(t.db.select().from(auditLog).all()).toHaveLength(0);
  });
});
