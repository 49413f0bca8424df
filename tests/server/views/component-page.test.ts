import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentPageView, EVENTS_PER_PAGE, type ComponentPageView } from '../../../src/server/views/component-page.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident, maintenance, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 120 * DAY;

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

function ok(slug: string, rawPage: string | null = null): ComponentPageView {
  const r = componentPageView(t.db, slug, rawPage, NOW);
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}: ${r.message}`);
  return r.view;
}

/** `n` resolved incidents on the component, one a day back from yesterday; returns ids newest first. */
function history(componentId: string, n: number, title = 'i'): string[] {
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const start = NOW - i * DAY;
    ids.push(
      incident(t.db, {
        title: `${title}${i}`,
        startedAt: start,
        steps: [
          { at: start, status: 'investigating', body: `${title}${i} start`, set: { [componentId]: 'partial_outage' } },
          { at: start + HOUR, status: 'resolved', body: `${title}${i} end`, set: { [componentId]: 'operational' } },
        ],
      }).id,
    );
  }
  return ids;
}

describe('componentPageView: requests', () => {
  it('is not_found for an unknown slug, with the layout', () => {
    page(t.db, 'Acme', 'UTC', NOW);
    const r = componentPageView(t.db, 'nope', null, NOW);
    expect(r.kind).toBe('not_found');
    expect(r.layout.pageName).toBe('Acme');
    if (r.kind !== 'ok') expect(r.message).toContain('nope');
  });

  it('is not_found for an archived component', () => {
    const a = component(t.db, 'api', 'API', T0);
    t.sqlite.prepare('update components set archived_at = ? where id = ?').run(NOW, a);
    expect(componentPageView(t.db, 'api', null, NOW).kind).toBe('not_found');
  });

  it.each(['abc', '0', '-1', '1.5', '1e3', ' 1', '0x10', '9999999'])('is bad_request for page=%j', (raw) => {
    component(t.db, 'api', 'API', T0);
    const r = componentPageView(t.db, 'api', raw, NOW);
    expect(r.kind).toBe('bad_request');
    if (r.kind !== 'ok') expect(r.message).toMatch(/page/);
  });

  it.each([null, '', '1'])('page=%j is the first page', (raw) => {
    component(t.db, 'api', 'API', T0);
    expect(ok('api', raw).pager).toEqual({ page: 1, pages: 1 });
  });
});

describe('componentPageView: a component', () => {
  it('shows the component with its status, bars and uptime', () => {
    const g = group(t.db, 'core', 'Core platform', T0);
    const a = component(t.db, 'api', 'REST API', T0, { groupId: g, description: 'Public API' });
    incident(t.db, { title: 'now', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x', set: { [a]: 'major_outage' } }] });
    const v = ok('api');
    expect(v.component).toMatchObject({ id: a, slug: 'api', name: 'REST API', description: 'Public API', isGroup: false, status: 'major_outage', children: [] });
    expect(v.component.bars).toHaveLength(90);
    expect(v.component.bars[89]!.level).toBe('major_outage');
    expect(v.groupName).toBe('Core platform');
    expect(v.events.map((e) => e.title)).toEqual(['now']);
  });

  it('has no group name when ungrouped, and no events when nothing happened', () => {
    component(t.db, 'api', 'API', T0);
    const v = ok('api');
    expect(v.groupName).toBeNull();
    expect(v.events).toEqual([]);
    expect(v.pager).toEqual({ page: 1, pages: 1 });
  });

  it('shows a component hidden from the front page while operational', () => {
    component(t.db, 'quiet', 'Quiet', T0, { onlyShowIfDegraded: true });
    expect(ok('quiet').component.slug).toBe('quiet');
  });

  it(`paginates its events ${EVENTS_PER_PAGE} per page, newest first`, () => {
    expect(EVENTS_PER_PAGE).toBe(20);
    const a = component(t.db, 'api', 'API', T0);
    const other = component(t.db, 'web', 'Web', T0);
    const ids = history(a, 25);
    history(other, 3, 'other');
    const p1 = ok('api', '1');
    expect(p1.pager).toEqual({ page: 1, pages: 2 });
    expect(p1.events.map((e) => e.id)).toEqual(ids.slice(0, 20));
    const p2 = ok('api', '2');
    expect(p2.pager).toEqual({ page: 2, pages: 2 });
    expect(p2.events.map((e) => e.id)).toEqual(ids.slice(20));
    // Lists render only the newest update.
    expect(p2.events.every((e) => e.updates.length === 1 && e.updates[0]!.status === 'resolved')).toBe(true);
  });

  it('exactly 20 events fit one page', () => {
    const a = component(t.db, 'api', 'API', T0);
    history(a, 20);
    expect(ok('api').pager).toEqual({ page: 1, pages: 1 });
    history(a, 1, 'one more ');
    expect(ok('api').pager).toEqual({ page: 1, pages: 2 });
    expect(ok('api', '2').events.map((e) => e.title)).toEqual(['i20']); // the oldest
  });

  it('clamps a page beyond the end to the last page', () => {
    const a = component(t.db, 'api', 'API', T0);
    const ids = history(a, 25);
    const v = ok('api', '999');
    expect(v.pager).toEqual({ page: 2, pages: 2 });
    expect(v.events.map((e) => e.id)).toEqual(ids.slice(20));
  });

  it('includes maintenance affecting the component', () => {
    const a = component(t.db, 'db', 'Database', T0);
    maintenance(t.db, {
      title: 'Upgrade',
      scheduledFor: NOW + DAY,
      scheduledUntil: NOW + DAY + HOUR,
      componentIds: [a],
      steps: [{ at: NOW - HOUR, status: 'scheduled', body: 'soon' }],
    });
    const v = ok('db');
    expect(v.events.map((e) => [e.kind, e.title])).toEqual([['maintenance', 'Upgrade']]);
  });
});

describe('componentPageView: a group', () => {
  it('shows the group with all its children and lists their incidents', () => {
    const g = group(t.db, 'core', 'Core', T0);
    const a = component(t.db, 'api', 'API', T0, { groupId: g, position: 1 });
    const b = component(t.db, 'web', 'Web', T0, { groupId: g, position: 2, onlyShowIfDegraded: true });
    const outside = component(t.db, 'misc', 'Misc', T0);
    const [onA] = history(a, 1, 'on api ');
    const onB = incident(t.db, {
      title: 'on web',
      startedAt: NOW - 2 * HOUR,
      steps: [{ at: NOW - 2 * HOUR, status: 'investigating', body: 'x', set: { [b]: 'degraded_performance' } }],
    }).id;
    history(outside, 2, 'outside ');
    const v = ok('core');
    expect(v.component.isGroup).toBe(true);
    expect(v.component.children.map((c) => c.slug)).toEqual(['api', 'web']);
    expect(v.component.status).toBe('degraded_performance');
    expect(v.groupName).toBeNull();
    expect(v.events.map((e) => e.id)).toEqual([onB, onA]);
    expect(v.pager).toEqual({ page: 1, pages: 1 });
  });

  it('lists an incident affecting two children once', () => {
    const g = group(t.db, 'core', 'Core', T0);
    const a = component(t.db, 'api', 'API', T0, { groupId: g });
    const b = component(t.db, 'web', 'Web', T0, { groupId: g });
    incident(t.db, {
      title: 'both',
      startedAt: NOW - HOUR,
      steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x', set: { [a]: 'major_outage', [b]: 'major_outage' } }],
    });
    expect(ok('core').events.map((e) => e.title)).toEqual(['both']);
  });

  it('paginates the children’s events together', () => {
    const g = group(t.db, 'core', 'Core', T0);
    const a = component(t.db, 'api', 'API', T0, { groupId: g });
    const b = component(t.db, 'web', 'Web', T0, { groupId: g });
    history(a, 15, 'a');
    history(b, 10, 'b');
    const p1 = ok('core', '1');
    const p2 = ok('core', '2');
    expect(p1.pager).toEqual({ page: 1, pages: 2 });
    expect(p1.events).toHaveLength(20);
    expect(p2.events).toHaveLength(5);
    expect(new Set([...p1.events, ...p2.events].map((e) => e.id)).size).toBe(25);
  });
});
