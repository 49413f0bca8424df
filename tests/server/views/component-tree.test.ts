import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../../src/core/component-status.js';
import { listComponents, statusHistorySince } from '../../../src/server/read/components.js';
import { buildComponentTree, leaves, uptimeWindows, type ComponentView } from '../../../src/server/views/component-tree.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0); // Sunday Nov 22 2026, 15:00 UTC
/** First day of the 90-day window in UTC: Nov 22 − 89 days. */
const START = Date.UTC(2026, 7, 25);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

function tree(timeZone = 'UTC', now = NOW): ComponentView[] {
  const records = listComponents(t.db);
  const windows = uptimeWindows(now, timeZone);
  const history = statusHistorySince(t.db, records.filter((r) => !r.isGroup).map((r) => r.id), windows[0]!.start);
  return buildComponentTree(records, history, windows, now);
}

const find = (views: readonly ComponentView[], slug: string): ComponentView => {
  const v = [...views, ...views.flatMap((x) => x.children)].find((x) => x.slug === slug);
  if (!v) throw new Error(`${slug} not in tree`);
  return v;
};
const bar = (v: ComponentView, day: string) => v.bars.find((b) => b.day === day)!;

/** Puts a component in `status` over [from, to) through an incident, as the product would. */
function outage(componentId: string, status: ComponentStatus, from: number, to: number): void {
  incident(t.db, {
    title: `${status}`,
    startedAt: from,
    steps: [
      { at: from, status: 'investigating', body: 'x', set: { [componentId]: status } },
      { at: to, status: 'resolved', body: 'y', set: { [componentId]: 'operational' } },
    ],
  });
}

describe('uptimeWindows', () => {
  it('gives the 90 page-zone days ending today', () => {
    const w = uptimeWindows(NOW, 'UTC');
    expect(w).toHaveLength(90);
    expect(w[0]).toEqual({ day: '2026-08-25', start: START, end: START + DAY });
    expect(w[89]!.day).toBe('2026-11-22');
  });

  it('cuts days in the page zone (New York: EDT until Nov 1, then EST)', () => {
    const w = uptimeWindows(NOW, 'America/New_York');
    expect(w[0]!.start).toBe(Date.UTC(2026, 7, 25, 4));
    expect(w[89]).toEqual({ day: '2026-11-22', start: Date.UTC(2026, 10, 22, 5), end: Date.UTC(2026, 10, 23, 5) });
    expect(w.find((x) => x.day === '2026-11-01')!.end - w.find((x) => x.day === '2026-11-01')!.start).toBe(25 * HOUR);
  });
});

describe('bars', () => {
  it('every component gets exactly 90 bars, oldest first', () => {
    component(t.db, 'a', 'A', START);
    const v = find(tree(), 'a');
    expect(v.bars).toHaveLength(90);
    expect(v.bars[0]!.day).toBe('2026-08-25');
    expect(v.bars[89]!.day).toBe('2026-11-22');
  });

  it('carries what a row prints: its link, icon, and the chart with its labels', () => {
    component(t.db, 'a b', 'A & B', NOW - 10 * DAY);
    const v = find(tree(), 'a b');
    expect(v.href).toBe('/components/a%20b');
    expect(v.iconHref).toBe('#status-icon-check');
    expect(v.chart.label).toBe('A & B: 100.00% uptime over the last 90 days');
    expect(v.chart.from).toBe('Aug 25, 2026');
    expect(v.chart.uptime).toBe('100.00%');
    expect(v.chart.runs.map((r) => [r.level, r.days])).toEqual([
      ['operational', 11],
      ['none', 79],
    ]);
  });

  it('days before the first status record have no data', () => {
    component(t.db, 'a', 'A', NOW - 10 * DAY); // Nov 12, 15:00
    const v = find(tree(), 'a');
    const firstWithData = v.bars.findIndex((b) => b.level !== 'none');
    expect(firstWithData).toBe(79);
    expect(v.bars[79]).toMatchObject({ day: '2026-11-12', level: 'operational', summary: 'Nov 12, 2026: no downtime recorded' });
    expect(v.bars[78]).toMatchObject({ day: '2026-11-11', level: 'none', summary: 'Nov 11, 2026: no data' });
    expect(v.bars[0]).toMatchObject({ day: '2026-08-25', level: 'none', summary: 'Aug 25, 2026: no data' });
    expect(v.bars.slice(79).every((b) => b.level === 'operational')).toBe(true);
    // Days without data do not count as perfect or as down.
    expect(v.uptime90).toBe('100.00%');
  });

  it('days before the start date have no data, and outages then do not count', () => {
    const a = component(t.db, 'a', 'A', START, { startDate: '2026-11-01' });
    outage(a, 'major_outage', Date.UTC(2026, 9, 30, 10), Date.UTC(2026, 9, 30, 12));
    const v = find(tree(), 'a');
    expect(v.bars.findIndex((b) => b.level !== 'none')).toBe(68);
    expect(v.bars[68]!.day).toBe('2026-11-01');
    expect(bar(v, '2026-10-30')).toMatchObject({ day: '2026-10-30', level: 'none', summary: 'Oct 30, 2026: no data' });
    expect(v.uptime90).toBe('100.00%');
    expect(v.uptime30).toBe('100.00%');
  });

  it('shows the worst status of each day and what happened', () => {
    const a = component(t.db, 'a', 'A', START);
    outage(a, 'major_outage', Date.UTC(2026, 10, 20, 10), Date.UTC(2026, 10, 20, 11, 30));
    incident(t.db, {
      title: 'partial',
      startedAt: Date.UTC(2026, 10, 21, 8),
      steps: [
        { at: Date.UTC(2026, 10, 21, 8), status: 'investigating', body: 'x', set: { [a]: 'partial_outage' } },
        { at: Date.UTC(2026, 10, 21, 18), status: 'monitoring', body: 'y', set: { [a]: 'degraded_performance' } },
        { at: Date.UTC(2026, 10, 21, 20), status: 'resolved', body: 'z', set: { [a]: 'operational' } },
      ],
    });
    const v = find(tree(), 'a');
    expect(bar(v, '2026-11-19')).toMatchObject({ day: '2026-11-19', level: 'operational', summary: 'Nov 19, 2026: no downtime recorded' });
    expect(bar(v, '2026-11-20')).toMatchObject({ day: '2026-11-20', level: 'major_outage', summary: 'Nov 20, 2026: major outage 1 h 30 min' });
    expect(bar(v, '2026-11-21')).toMatchObject({
      day: '2026-11-21',
      level: 'partial_outage',
      summary: 'Nov 21, 2026: partial outage 10 h, degraded 2 h',
      // 10 h of partial outage weigh 3 h of the day's 24: 87.5%.
      uptime: '87.50%',
    });
    expect(bar(v, '2026-11-22').level).toBe('operational');
    // 90 days: observed 89 d 15 h = 2151 h; downtime 1.5 h + 0.3 × 10 h = 4.5 h → 99.790…%
    expect(v.uptime90).toBe('99.79%');
    // 30 days: observed 29 d 15 h = 711 h → 1 − 4.5/711 = 99.367…%
    expect(v.uptime30).toBe('99.36%');
  });

  it('an outage across midnight counts on both days', () => {
    const a = component(t.db, 'a', 'A', START);
    outage(a, 'major_outage', Date.UTC(2026, 10, 19, 23), Date.UTC(2026, 10, 20, 1, 30));
    const v = find(tree(), 'a');
    expect(bar(v, '2026-11-19').summary).toBe('Nov 19, 2026: major outage 1 h');
    expect(bar(v, '2026-11-20').summary).toBe('Nov 20, 2026: major outage 1 h 30 min');
  });

  it('maintenance and degraded time are shown but cost no uptime', () => {
    const a = component(t.db, 'a', 'A', START);
    maintenance(t.db, {
      title: 'm',
      scheduledFor: Date.UTC(2026, 10, 18, 2),
      scheduledUntil: Date.UTC(2026, 10, 18, 4),
      componentIds: [a],
      steps: [
        { at: Date.UTC(2026, 10, 18, 2), status: 'in_progress', body: 'x', set: { [a]: 'under_maintenance' } },
        { at: Date.UTC(2026, 10, 18, 4), status: 'completed', body: 'y', set: { [a]: 'operational' } },
      ],
    });
    outage(a, 'degraded_performance', Date.UTC(2026, 10, 19, 2), Date.UTC(2026, 10, 19, 2, 45));
    const v = find(tree(), 'a');
    expect(bar(v, '2026-11-18')).toMatchObject({ day: '2026-11-18', level: 'under_maintenance', summary: 'Nov 18, 2026: maintenance 2 h' });
    expect(bar(v, '2026-11-19')).toMatchObject({ day: '2026-11-19', level: 'degraded_performance', summary: 'Nov 19, 2026: degraded 45 min' });
    expect(v.uptime90).toBe('100.00%');
  });

  it('never rounds a loss up to 100.00%', () => {
    const a = component(t.db, 'a', 'A', START);
    outage(a, 'major_outage', Date.UTC(2026, 10, 1, 12), Date.UTC(2026, 10, 1, 12, 1)); // one minute
    const v = find(tree(), 'a');
    // 1 − 1 min / 2151 h = 99.9992…%
    expect(v.uptime90).toBe('99.99%');
    expect(bar(v, '2026-11-01').summary).toBe('Nov 1, 2026: major outage 1 min');
  });

  it('cuts bars in the page zone', () => {
    const a = component(t.db, 'a', 'A', START - DAY);
    // 03:00–04:00 UTC on Nov 21 is 22:00–23:00 EST on Nov 20.
    outage(a, 'major_outage', Date.UTC(2026, 10, 21, 3), Date.UTC(2026, 10, 21, 4));
    const ny = find(tree('America/New_York'), 'a');
    expect(bar(ny, '2026-11-20').summary).toBe('Nov 20, 2026: major outage 1 h');
    expect(bar(ny, '2026-11-21').summary).toBe('Nov 21, 2026: no downtime recorded');
    const utc = find(tree('UTC'), 'a');
    expect(bar(utc, '2026-11-20').summary).toBe('Nov 20, 2026: no downtime recorded');
    expect(bar(utc, '2026-11-21').summary).toBe('Nov 21, 2026: major outage 1 h');
  });

  it('a leaf without any history has no data at all', () => {
    t.sqlite.prepare(`insert into components (id, slug, name, created_at, updated_at) values ('bare', 'bare', 'Bare', ${START}, ${START})`).run();
    const v = find(tree(), 'bare');
    expect(v.bars.every((b) => b.level === 'none')).toBe(true);
    expect(v.uptime90).toBe('No data');
    expect(v.uptime30).toBe('No data');
    expect(v.status).toBe('operational');
  });
});

describe('groups', () => {
  it('contain their children in position order; the tree keeps page order', () => {
    const g = group(t.db, 'core', 'Core', START, 2);
    component(t.db, 'solo', 'Solo', START, { position: 1 });
    component(t.db, 'b', 'B', START, { groupId: g, position: 2 });
    component(t.db, 'a', 'A', START, { groupId: g, position: 1 });
    component(t.db, 'last', 'Last', START, { position: 3 });
    const v = tree();
    expect(v.map((x) => x.slug)).toEqual(['solo', 'core', 'last']);
    const core = find(v, 'core');
    expect(core.isGroup).toBe(true);
    expect(core.children.map((c) => c.slug)).toEqual(['a', 'b']);
    expect(core.bars).toHaveLength(90);
    expect(core.children.every((c) => c.bars.length === 90 && c.children.length === 0)).toBe(true);
    expect(leaves(v).map((x) => x.slug)).toEqual(['solo', 'a', 'b', 'last']);
  });

  it.each<[ComponentStatus[], ComponentStatus]>([
    [['operational', 'operational'], 'operational'],
    [['operational', 'degraded_performance'], 'degraded_performance'],
    [['degraded_performance', 'partial_outage'], 'partial_outage'],
    [['partial_outage', 'major_outage', 'operational'], 'major_outage'],
    [['operational', 'under_maintenance'], 'under_maintenance'],
    // An outage is worse news than planned work.
    [['under_maintenance', 'degraded_performance'], 'degraded_performance'],
  ])('show their worst child: %j → %s', (statuses, worst) => {
    const g = group(t.db, 'g', 'G', START);
    statuses.forEach((status, i) => component(t.db, `c${i}`, `C${i}`, START, { groupId: g, status }));
    const v = find(tree(), 'g');
    expect(v.status).toBe(worst);
    expect(v.children.map((c) => c.status)).toEqual(statuses);
  });

  it('average their children’s uptime and show the worst day', () => {
    const g = group(t.db, 'g', 'G', START);
    const a = component(t.db, 'a', 'A', START, { groupId: g, position: 1 });
    component(t.db, 'b', 'B', START, { groupId: g, position: 2 });
    outage(a, 'major_outage', Date.UTC(2026, 10, 20, 10), Date.UTC(2026, 10, 20, 11, 30));
    const v = find(tree(), 'g');
    expect(bar(v, '2026-11-20')).toMatchObject({ day: '2026-11-20', level: 'major_outage', summary: 'Nov 20, 2026: major outage 45 min' });
    expect(bar(v, '2026-11-19').level).toBe('operational');
    expect(find(v.children, 'a').uptime90).toBe('99.93%'); // 1 − 1.5/2151
    expect(find(v.children, 'b').uptime90).toBe('100.00%');
    expect(v.uptime90).toBe('99.96%'); // 1 − 0.75/2151
    expect(v.uptime30).toBe('99.89%'); // 1 − 0.75/711
  });

  it('average only over children with data', () => {
    const g = group(t.db, 'g', 'G', START);
    const a = component(t.db, 'a', 'A', START, { groupId: g });
    t.sqlite
      .prepare(`insert into components (id, slug, name, group_id, created_at, updated_at) values ('bare', 'bare', 'Bare', ?, ${START}, ${START})`)
      .run(g);
    outage(a, 'major_outage', Date.UTC(2026, 10, 20, 10), Date.UTC(2026, 10, 20, 11, 30));
    const v = find(tree(), 'g');
    expect(find(v.children, 'bare').uptime90).toBe('No data');
    expect(v.uptime90).toBe('99.93%');
    expect(bar(v, '2026-11-20').summary).toBe('Nov 20, 2026: major outage 1 h 30 min');
  });

  it('a group without children is not drawn', () => {
    group(t.db, 'empty', 'Empty', START);
    component(t.db, 'a', 'A', START);
    expect(tree().map((x) => x.slug)).toEqual(['a']);
  });

  it('take showcase from any child', () => {
    const g = group(t.db, 'g', 'G', START);
    component(t.db, 'a', 'A', START, { groupId: g, showcase: false });
    expect(find(tree(), 'g').showcase).toBe(false);
    component(t.db, 'b', 'B', START, { groupId: g, showcase: true });
    const v = find(tree(), 'g');
    expect(v.showcase).toBe(true);
    expect(find(v.children, 'a').showcase).toBe(false);
  });
});

describe('only show if degraded', () => {
  it('hides an operational component, shows a degraded one', () => {
    component(t.db, 'quiet', 'Quiet', START, { onlyShowIfDegraded: true });
    component(t.db, 'loud', 'Loud', START, { onlyShowIfDegraded: true, status: 'degraded_performance' });
    component(t.db, 'normal', 'Normal', START);
    expect(tree().map((x) => x.slug).sort()).toEqual(['loud', 'normal']);
  });

  it('hidden children do not count for the group; a group with only hidden children disappears', () => {
    const g = group(t.db, 'g', 'G', START);
    component(t.db, 'a', 'A', START, { groupId: g, onlyShowIfDegraded: true });
    expect(tree()).toEqual([]);
    component(t.db, 'b', 'B', START, { groupId: g, onlyShowIfDegraded: true, status: 'partial_outage' });
    const v = find(tree(), 'g');
    expect(v.children.map((c) => c.slug)).toEqual(['b']);
    expect(v.status).toBe('partial_outage');
  });

  it('reappears as soon as the component is degraded', () => {
    const a = component(t.db, 'a', 'A', START, { onlyShowIfDegraded: true });
    expect(tree()).toEqual([]);
    incident(t.db, { title: 'x', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x', set: { [a]: 'major_outage' } }] });
    const v = find(tree(), 'a');
    expect(v.status).toBe('major_outage');
    expect(v.statusLabel).toBe('Major outage');
    expect(bar(v, '2026-11-22').summary).toBe('Nov 22, 2026: major outage 1 h');
  });
});

describe('component view fields', () => {
  it('carries identity, labels and description', () => {
    const a = component(t.db, 'api', 'REST API', START, { description: 'The API', status: 'under_maintenance' });
    const v = find(tree(), 'api');
    expect(v).toMatchObject({
      id: a,
      slug: 'api',
      name: 'REST API',
      description: 'The API',
      isGroup: false,
      status: 'under_maintenance',
      statusLabel: 'Under maintenance',
      showcase: true,
      children: [],
    });
  });

  it('counts only time up to now', () => {
    const a = component(t.db, 'a', 'A', START);
    // Today: 15 h observed so far, 30 min of it a major outage still going on.
    incident(t.db, { title: 'x', startedAt: NOW - 30 * MINUTE, steps: [{ at: NOW - 30 * MINUTE, status: 'investigating', body: 'x', set: { [a]: 'major_outage' } }] });
    const v = find(tree(), 'a');
    expect(bar(v, '2026-11-22').summary).toBe('Nov 22, 2026: major outage 30 min');
  });
});
