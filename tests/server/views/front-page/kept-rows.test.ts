import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FragmentStore } from '../../../../src/server/cache/fragment-store.js';
import { keptAcrossRestarts } from '../../../../src/server/views/front-page/kept-rows.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';

const NOW = Date.UTC(2026, 11, 5, 12);
const bytes = (html: string): Buffer => Buffer.from(html);
/** A kept row's HTML as text, or null. */
const text = (html: Uint8Array | null): string | null => (html === null ? null : Buffer.from(html).toString());
/** Lets the batched write after a render run. */
const afterWrites = (): Promise<void> => new Promise((r) => setImmediate(r));

let t: TempDatabase;
afterEach(() => t?.dispose());

/** A fresh process's store: empty memory over the same database file. */
function restart(build: string, lines: string[] = []): ReturnType<typeof keptAcrossRestarts> {
  return keptAcrossRestarts(new FragmentStore(1 << 20), { db: t.db, file: t.path, build, log: (l) => lines.push(l) });
}

describe('front-page rows kept across restarts', () => {
  it('serves a row rendered before a restart, only under the same key and build and only while it holds', async () => {
    t = tempDatabase();
    const before = restart('build-a');
    expect(before.get('api', 'k1', NOW)).toBeNull();
    before.set('api', { key: 'k1', html: bytes('<div>API</div>'), validUntil: NOW + 60_000 });
    before.set('hidden', { key: 'k2', html: bytes(''), validUntil: Infinity });
    await afterWrites();

    const after = restart('build-a');
    expect(text(after.get('api', 'k1', NOW))).toBe('<div>API</div>');
    expect(text(after.get('hidden', 'k2', NOW + 365 * 86_400_000))).toBe('');
    // A change while the server was down gives another key: never the old row.
    expect(restart('build-a').get('api', 'k1-changed', NOW)).toBeNull();
    // Past the instant its figures could move.
    expect(restart('build-a').get('api', 'k1', NOW + 60_000)).toBeNull();
    // Another build's templates may print it differently.
    expect(restart('build-b').get('api', 'k1', NOW)).toBeNull();
  });

  it("forgets other builds' rows at the first write of a new build, and keeps the newest row per slot", async () => {
    t = tempDatabase();
    const a = restart('build-a');
    a.set('api', { key: 'k1', html: bytes('one'), validUntil: Infinity });
    a.set('web', { key: 'k1', html: bytes('web'), validUntil: Infinity });
    await afterWrites();
    const b = restart('build-b');
    b.get('api', 'k1', NOW);
    b.set('api', { key: 'k2', html: bytes('two'), validUntil: Infinity });
    b.set('api', { key: 'k3', html: bytes('three'), validUntil: Infinity });
    await afterWrites();
    expect(t.sqlite.prepare('select slot, build, key, html, valid_until from front_rows').all()).toEqual([
      { slot: 'api', build: 'build-b', key: 'k3', html: bytes('three'), valid_until: null },
    ]);
  });

  it('never waits for a database another connection holds locked, and writes the rows once it is free', async () => {
    t = tempDatabase();
    const lines: string[] = [];
    const store = restart('build-a', lines);
    store.get('api', 'k1', NOW);
    const other = new Database(t.path);
    other.exec('begin immediate');
    const started = performance.now();
    store.set('api', { key: 'k1', html: bytes('row'), validUntil: Infinity });
    await afterWrites();
    // The write gave up at once (busy timeout 0) instead of holding the render thread for the
    // 5 s a waiting writer would (BUSY_TIMEOUT_MS): half of that is proof enough on a busy machine.
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(t.sqlite.prepare('select count(*) from front_rows').pluck().get()).toBe(0);
    // Still served from memory meanwhile.
    expect(text(store.get('api', 'k1', NOW))).toBe('row');
    other.exec('commit');
    other.close();
    await expect.poll(() => text((t.sqlite.prepare('select html from front_rows').pluck().get() as Buffer | undefined) ?? null), { timeout: 5_000 }).toBe('row');
    expect(lines).toEqual([]);
  });

  it('keeps rows in memory only for an in-memory database', async () => {
    t = tempDatabase();
    const store = keptAcrossRestarts(new FragmentStore(1 << 20), { db: t.db, file: null, build: 'b', log: () => undefined });
    store.set('api', { key: 'k', html: bytes('row'), validUntil: Infinity });
    await afterWrites();
    expect(text(store.get('api', 'k', NOW))).toBe('row');
    expect(t.sqlite.prepare('select count(*) from front_rows').pluck().get()).toBe(0);
  });
});
