import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction, type DatabaseHandle } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import { rememberedUntilContentChanges, rememberedUntilEventsChange } from '../../../src/server/read/content-memo.js';
import { listOpenEvents } from '../../../src/server/read/events.js';
import { insertManualStatus } from '../../../src/server/write/components.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, MINUTE, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0);

let t: TempDatabase;
let other: DatabaseHandle | null = null;
let reads = 0;
const titles = rememberedUntilContentChanges((db) => {
  reads++;
  return db.select({ title: events.title }).from(events).all().map((e) => e.title);
});

beforeEach(() => {
  t = tempDatabase();
  reads = 0;
  page(t.db, 'Acme', 'UTC', NOW - 60 * MINUTE);
});
afterEach(() => {
  other?.close();
  other = null;
  t.dispose();
});

const open = (title: string, db = t.db): string =>
  incident(db, { title, startedAt: NOW, steps: [{ at: NOW, status: 'investigating', body: 'Looking.' }] }).id;

describe('rememberedUntilContentChanges', () => {
  it('reads once while nothing changes, and again after any content write', () => {
    open('First');
    expect(titles(t.db)).toEqual(['First']);
    expect(titles(t.db)).toEqual(['First']);
    expect(reads).toBe(1);
    component(t.db, 'api', 'API', NOW);
    expect(titles(t.db)).toEqual(['First']);
    expect(reads).toBe(2);
  });

  it('sees writes made through another connection (another process) at once', () => {
    expect(titles(t.db)).toEqual([]);
    other = openDatabase(t.path);
    open('From elsewhere', other.db);
    expect(titles(t.db)).toEqual(['From elsewhere']);
  });

  it('never remembers inside a transaction, so a rolled-back write cannot leave a value behind', () => {
    open('Kept');
    expect(titles(t.db)).toEqual(['Kept']);
    expect(() =>
      writeTransaction(t.db, (tx) => {
        open('Rolled back', tx);
        // Both the transaction object and the root handle, while the transaction is open.
        expect(titles(tx)).toEqual(['Kept', 'Rolled back']);
        expect(titles(t.db)).toEqual(['Kept', 'Rolled back']);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    // The next commit reuses the version number the rolled-back write had taken.
    open('Committed');
    expect(titles(t.db)).toEqual(['Kept', 'Committed']);
  });
});

describe('rememberedUntilEventsChange', () => {
  const eventTitles = rememberedUntilEventsChange((db) => {
    reads++;
    return db.select({ title: events.title }).from(events).all().map((e) => e.title);
  });

  it("survives a component's status change and its edits, and is read again after any change to an event or an update", () => {
    const id = open('First');
    const api = component(t.db, 'api', 'API', NOW);
    expect(eventTitles(t.db)).toEqual(['First']);
    writeTransaction(t.db, (tx) => insertManualStatus(tx, api, 'major_outage', null, NOW + MINUTE));
    expect(eventTitles(t.db)).toEqual(['First']);
    expect(reads).toBe(1);
    t.sqlite.prepare("update events set title = 'Renamed' where id = ?").run(id);
    expect(eventTitles(t.db)).toEqual(['Renamed']);
    t.sqlite.prepare("update event_updates set body = 'Edited.' where event_id = ?").run(id);
    eventTitles(t.db);
    t.sqlite.prepare('delete from event_updates where event_id = ?').run(id);
    eventTitles(t.db);
    expect(reads).toBe(4);
  });
});

describe('listOpenEvents', () => {
  it('is remembered: the same list while nothing changes, a new one once an update closes an incident', () => {
    const id = open('Down');
    const first = listOpenEvents(t.db);
    expect(listOpenEvents(t.db)).toBe(first);
    incident(t.db, { title: 'Other', startedAt: NOW, steps: [{ at: NOW, status: 'resolved', body: 'Done.' }] });
    expect(listOpenEvents(t.db)).not.toBe(first);
    expect(listOpenEvents(t.db).map((e) => e.id)).toEqual([id]);
  });
});
