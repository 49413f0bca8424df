import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../../db/client.js';
import { components } from '../../../db/schema.js';
import { contentVersionReader } from '../../../src/server/cache/content-version.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, HOUR, page } from '../../helpers/fixtures.js';

let t: TempDatabase;
let clock: number;
let version: () => number | null;
/** A change made the way another process would: not through this process's writeTransaction. */
const otherProcessWrites = (): void => void t.sqlite.prepare("update components set name = name || '!'").run();

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme', 'UTC', Date.now());
  component(t.db, 'api', 'API', Date.now() - HOUR);
  clock = 1_000;
  version = contentVersionReader(() => t, { trustMs: 5, clock: () => clock });
});
afterEach(() => t.dispose());

describe('contentVersionReader with trustMs', () => {
  it('sees a commit made through writeTransaction at once, however recent its last read', () => {
    const before = version();
    writeTransaction(t.db, (tx) => tx.update(components).set({ name: 'API v2' }).run());
    expect(version()).toBeGreaterThan(before!);
  });

  it('sees other writers within trustMs, and not before: the bound is the time, not luck', () => {
    const before = version();
    otherProcessWrites();
    clock += 4.9;
    expect(version()).toBe(before);
    clock += 0.2;
    expect(version()).toBeGreaterThan(before!);
  });

  it('trusts no read when the clock runs backwards', () => {
    const before = version();
    otherProcessWrites();
    clock -= 60_000;
    expect(version()).toBeGreaterThan(before!);
  });

  it('with trustMs 0, asks every time', () => {
    const always = contentVersionReader(() => t, { clock: () => clock });
    const before = always();
    otherProcessWrites();
    expect(always()).toBeGreaterThan(before!);
  });

  it('counts a rolled-back transaction as a reason to look again, never as a change', () => {
    const before = version();
    expect(() =>
      writeTransaction(t.db, (tx) => {
        tx.update(components).set({ name: 'never' }).run();
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(version()).toBe(before);
  });
});
