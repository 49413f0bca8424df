import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../../../db/client.js';
import { FragmentStore } from '../../../../src/server/cache/fragment-store.js';
import { homeView } from '../../../../src/server/views/home.js';
import { homePage } from '../../../../src/server/views/front-page/home-page.js';
import { insertManualStatus } from '../../../../src/server/write/components.js';
import { removeIncident } from '../../../../src/server/write/incident-removal.js';
import { updatePageSettings } from '../../../../src/server/write/settings.js';
import { appendUpdate } from '../../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { component, DAY, group, HOUR, incident, MINUTE, page } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 120 * DAY;

let t: TempDatabase;
let store: FragmentStore;
let ids: Record<string, string>;
beforeEach(() => {
  t = tempDatabase();
  store = new FragmentStore(1 << 24);
  page(t.db, 'P', 'UTC', T0);
  const g = group(t.db, 'g', 'G', T0, 1);
  const g2 = group(t.db, 'g2', 'G2', T0, 2);
  ids = {
    g,
    g2,
    a1: component(t.db, 'a1', 'A1', T0, { groupId: g, position: 1 }),
    a2: component(t.db, 'a2', 'A2', T0, { groupId: g, position: 2, onlyShowIfDegraded: true }),
    b1: component(t.db, 'b1', 'B1', T0, { groupId: g2, position: 1 }),
    c: component(t.db, 'c', 'C', T0, { position: 3, description: 'See <here>' }),
    d: component(t.db, 'd', 'D', T0, { position: 4 }),
  };
  // Past trouble inside the 90 days: their uptime is below 100 % and drifts with the clock.
  incident(t.db, {
    title: 'old',
    startedAt: NOW - 10 * DAY,
    steps: [
      { at: NOW - 10 * DAY, status: 'investigating', body: 'x', set: { [ids.c!]: 'major_outage', [ids.b1!]: 'partial_outage' } },
      { at: NOW - 10 * DAY + 2 * HOUR, status: 'resolved', body: 'y', set: { [ids.c!]: 'operational', [ids.b1!]: 'operational' } },
    ],
  });
});
afterEach(() => t.dispose());

/**
 * The page's rows assembled from the store (a row "rendered" as its view's JSON, a pure function of
 * the view as the template is), checked equal to a fresh build of every row at the same instant;
 * returns the ids of the rows that had to be rendered.
 */
function render(now: number): string[] {
  const rows = homePage(t.db, now, store).rows;
  const rendered: string[] = [];
  const assembled = rows
    .map((r) => {
      if (r.kind === 'cached') return Buffer.from(r.html).toString();
      const html = JSON.stringify(r.view);
      r.keep(html);
      rendered.push(r.id);
      return html;
    })
    .filter((h) => h !== '');
  const fresh = homeView(t.db, now);
  if (fresh.kind !== 'ok') throw new Error('no page');
  expect(assembled).toEqual(fresh.view.components.map((c) => JSON.stringify(c)));
  return rendered;
}

const name = (id: string): string => Object.entries(ids).find(([, v]) => v === id)![0];
const names = (rendered: string[]): string[] => rendered.map(name).sort();

describe('front page rows kept between renders', () => {
  it('renders every row once, then none while nothing changes', () => {
    expect(names(render(NOW))).toEqual(['c', 'd', 'g', 'g2']);
    expect(render(NOW)).toEqual([]);
    expect(render(NOW + 5 * MINUTE)).toEqual([]);
    expect(store.stats().entries).toBe(4);
  });

  it('a status change re-renders its row only; an outage running today moves with the clock', () => {
    render(NOW);
    insertManualStatus(t.db, ids.d!, 'major_outage', null, NOW + MINUTE);
    expect(names(render(NOW + 2 * MINUTE))).toEqual(['d']);
    // Its duration today grows by the minute; the other rows' figures stay put.
    expect(names(render(NOW + 3 * MINUTE + 1))).toEqual(['d']);
    insertManualStatus(t.db, ids.d!, 'operational', null, NOW + 4 * MINUTE);
    expect(names(render(NOW + 5 * MINUTE))).toEqual(['d']);
  });

  it('a change to a member re-renders its group (with its members) only, and a hidden member appears', () => {
    render(NOW);
    insertManualStatus(t.db, ids.a2!, 'degraded_performance', null, NOW + MINUTE);
    expect(names(render(NOW + 2 * MINUTE))).toEqual(['g']);
  });

  it('the day rolling over in the page zone re-renders every row', () => {
    render(NOW);
    const midnight = Date.UTC(2026, 10, 23);
    // Nine hours on, rows with past downtime may have drifted a hundredth of a percent (render() checks them all).
    expect(names(render(midnight - 1))).not.toContain('d');
    expect(names(render(midnight))).toEqual(['c', 'd', 'g', 'g2']);
  });

  it('an incident opened, updated, resolved and deleted re-renders the rows it touches', () => {
    render(NOW);
    const at = NOW + MINUTE;
    const { id } = incident(t.db, {
      title: 'new',
      startedAt: at,
      componentIds: [ids.c!],
      steps: [{ at, status: 'investigating', body: 'x', set: { [ids.c!]: 'partial_outage' } }],
    });
    expect(names(render(at + 1))).toEqual(['c']);
    // An update that sets no status leaves every row as it was (the row shows statuses and event ids only).
    appendUpdate(t.db, { eventId: id, status: 'identified', body: 'y', displayAt: at + 2, notify: false, authorId: null, changes: [] }, at + 2);
    expect(render(at + 3)).toEqual([]);
    appendUpdate(t.db, { eventId: id, status: 'resolved', body: 'z', displayAt: at + 4, notify: false, authorId: null, changes: [{ componentId: ids.c!, status: 'operational' }] }, at + 4);
    expect(names(render(at + 5))).toEqual(['c']);
    writeTransaction(t.db, (tx) => removeIncident(tx, id));
    expect(names(render(at + 6))).toEqual(['c']);
  });

  it('deleting an old incident drops its id from the day it marked', () => {
    render(NOW);
    const old = homeView(t.db, NOW);
    if (old.kind !== 'ok') throw new Error('no page');
    const eventId = old.view.components.find((c) => c.slug === 'c')!.bars.flatMap((b) => b.eventIds)[0]!;
    writeTransaction(t.db, (tx) => removeIncident(tx, eventId));
    expect(names(render(NOW + 1))).toEqual(['c', 'g2']);
  });

  it("an earlier status change moved in time (as revising an update's time does) re-renders its row, the latest status unchanged", () => {
    render(NOW);
    t.sqlite.prepare("update component_status_changes set at = at - 3600000 where component_id = ? and status = 'major_outage'").run(ids.c);
    expect(names(render(NOW + 1))).toEqual(['c']);
  });

  it('a new time zone re-renders every row', () => {
    render(NOW);
    updatePageSettings(t.db, { timeZone: 'Pacific/Kiritimati' }, NOW + 1);
    expect(names(render(NOW + 2))).toEqual(['c', 'd', 'g', 'g2']);
  });

  it('a renamed or re-described component re-renders its row', () => {
    render(NOW);
    t.sqlite.prepare("update components set description = 'New words' where slug = 'c'").run();
    expect(names(render(NOW + 1))).toEqual(['c']);
  });

  it('a component moved into a group re-renders that group, and its own row is gone', () => {
    render(NOW);
    t.sqlite.prepare('update components set group_id = ?, position = 3 where id = ?').run(ids.g, ids.d);
    expect(names(render(NOW + 1))).toEqual(['g']);
  });

  it('a row whose component has no stamp is built on every render, the others kept', () => {
    render(NOW);
    t.sqlite.prepare('delete from component_heads where component_id = ?').run(ids.d);
    expect(names(render(NOW + 1))).toEqual(['d']);
    expect(names(render(NOW + 2))).toEqual(['d']);
  });
});
