import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedEntries } from '../../../src/server/feeds/feed-model.js';
import { findEvent } from '../../../src/server/read/events.js';
import { loadEventViews } from '../../../src/server/views/event-view.js';
import { publishPostmortem } from '../../../src/server/write/postmortem.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0); // Sun Nov 22 2026, 15:00 UTC
const T0 = NOW - 2 * DAY; // Fri Nov 20 2026, 15:00 UTC (16:00 in Berlin, CET)
const BASE = 'https://status.example.com';

let t: TempDatabase;
let api: string;
let web: string;
beforeEach(() => {
  t = tempDatabase();
  api = component(t.db, 'api', 'REST API', T0 - 10 * DAY, { position: 1 });
  web = component(t.db, 'web', 'Web app', T0 - 10 * DAY, { position: 2 });
});
afterEach(() => t.dispose());

/** Views as the feed loads them: whole timeline. */
const views = (ids: string[], timeZone = 'UTC') =>
  loadEventViews(t.db, ids.map((id) => findEvent(t.db, id)!), timeZone, NOW, 'all');

const entriesOf = (ids: string[], base = BASE, timeZone = 'UTC') => feedEntries(views(ids, timeZone), base);

/** Started 10 min before the first update; three updates; resolved at T0 + 2 h (+7.149 s). */
function resolvedIncident(title = 'Login failures'): string {
  return incident(t.db, {
    title,
    startedAt: T0 - 10 * MINUTE,
    componentIds: [web],
    steps: [
      { at: T0, status: 'investigating', body: 'Looking.', set: { [api]: 'partial_outage' } },
      { at: T0 + 30 * MINUTE, status: 'identified', body: 'Found it.' },
      { at: T0 + 2 * HOUR + 7_149, status: 'resolved', body: 'Fixed.', set: { [api]: 'operational' } },
    ],
  }).id;
}

describe('feedEntries', () => {
  it('returns one entry per event, in the order given', () => {
    const a = incident(t.db, { title: 'A', startedAt: T0, steps: [{ at: T0, status: 'investigating', body: 'a' }] }).id;
    const b = incident(t.db, { title: 'B', startedAt: T0 + HOUR, steps: [{ at: T0 + HOUR, status: 'investigating', body: 'b' }] }).id;
    const c = incident(t.db, { title: 'C', startedAt: T0 - HOUR, steps: [{ at: T0 - HOUR, status: 'investigating', body: 'c' }] }).id;
    const entries = entriesOf([b, c, a]);
    expect(entries.map((e) => e.title)).toEqual(['B', 'C', 'A']);
    expect(entries.map((e) => e.id)).toEqual([b, c, a].map((id) => `${BASE}/incidents/${id}`));
    expect(feedEntries([], BASE)).toEqual([]);
  });

  it('uses the incident address as both id and link, under the base URL (path prefix kept)', () => {
    const id = resolvedIncident();
    const [entry] = entriesOf([id]);
    expect(entry!.id).toBe(`${BASE}/incidents/${id}`);
    expect(entry!.link).toBe(entry!.id);
    const [prefixed] = entriesOf([id], 'https://example.com/status');
    expect(prefixed!.id).toBe(`https://example.com/status/incidents/${id}`);
    expect(prefixed!.link).toBe(`https://example.com/status/incidents/${id}`);
  });

  it('keeps the title as plain text: escaping is the renderer’s job', () => {
    const id = incident(t.db, {
      title: 'Errors on <b>checkout</b> & "cart"',
      startedAt: T0,
      steps: [{ at: T0, status: 'investigating', body: 'x' }],
    }).id;
    expect(entriesOf([id])[0]!.title).toBe('Errors on <b>checkout</b> & "cart"');
  });

  it('is published at its first update (not when the problem began) and updated at its newest', () => {
    const [entry] = entriesOf([resolvedIncident()]);
    expect(entry!.published).toBe(T0);
    expect(entry!.updated).toBe(T0 + 2 * HOUR + 7_149);
  });

  it('gives the same instants whatever the page zone', () => {
    const id = resolvedIncident();
    const [utc] = entriesOf([id], BASE, 'UTC');
    const [berlin] = entriesOf([id], BASE, 'Europe/Berlin');
    const [ny] = entriesOf([id], BASE, 'America/New_York');
    expect([berlin!.published, berlin!.updated]).toEqual([utc!.published, utc!.updated]);
    expect([ny!.published, ny!.updated]).toEqual([utc!.published, utc!.updated]);
  });

  it('is updated when the postmortem is published, if that is later than the newest update', () => {
    const id = resolvedIncident();
    publishPostmortem(t.db, id, '## Root cause\nA bad deploy.', T0 + DAY);
    const [entry] = entriesOf([id]);
    expect(entry!.published).toBe(T0);
    expect(entry!.updated).toBe(T0 + DAY);
  });

  it('keeps the newest update as updated when the postmortem carries an earlier time', () => {
    const id = resolvedIncident();
    publishPostmortem(t.db, id, 'Backdated.', T0 + HOUR);
    expect(entriesOf([id])[0]!.updated).toBe(T0 + 2 * HOUR + 7_149);
  });

  it('lists the updates newest first, each with its time in the page zone and its status label', () => {
    const [entry] = entriesOf([resolvedIncident()]);
    const html = entry!.contentHtml;
    const resolved = html.indexOf('<p><small>Nov 20, 2026, 17:00 UTC</small><br><strong>Resolved</strong></p><p>Fixed.</p>');
    const identified = html.indexOf('<p><small>Nov 20, 2026, 15:30 UTC</small><br><strong>Identified</strong></p><p>Found it.</p>');
    const investigating = html.indexOf('<p><small>Nov 20, 2026, 15:00 UTC</small><br><strong>Investigating</strong></p><p>Looking.</p>');
    expect(resolved).toBe(0);
    expect(identified).toBeGreaterThan(resolved);
    expect(investigating).toBeGreaterThan(identified);
    expect(html.split('<p><small>')).toHaveLength(4);
    expect(html).not.toContain('Postmortem');

    const [berlin] = entriesOf([resolvedIncident('Berlin')], BASE, 'Europe/Berlin');
    expect(berlin!.contentHtml.startsWith('<p><small>Nov 20, 2026, 18:00 GMT+1</small><br><strong>Resolved</strong></p>')).toBe(true);
  });

  it('puts a published postmortem first, as HTML rendered from its Markdown', () => {
    const id = resolvedIncident();
    publishPostmortem(t.db, id, '## Root cause\nA bad deploy.', T0 + DAY);
    const html = entriesOf([id])[0]!.contentHtml;
    expect(html.startsWith('<h3>Postmortem</h3>\n')).toBe(true);
    // Headings are demoted below the page's own (h2 → h4).
    expect(html).toContain('<h4>Root cause</h4>');
    expect(html.indexOf('A bad deploy.')).toBeLessThan(html.indexOf('<strong>Resolved</strong>'));
    expect(html.split('<p><small>')).toHaveLength(4);
  });

  it('renders update bodies as sanitised HTML', () => {
    const id = incident(t.db, {
      title: 'Probe',
      startedAt: T0,
      steps: [{ at: T0, status: 'investigating', body: '**bold** <script>alert(1)</script><img src=x onerror="alert(2)">' }],
    }).id;
    const html = entriesOf([id])[0]!.contentHtml;
    expect(html).toContain('<strong>bold</strong>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('summarises as "Status · Component, Component" in page order, or the status alone', () => {
    const withPostmortem = resolvedIncident();
    publishPostmortem(t.db, withPostmortem, 'Done.', T0 + DAY);
    const open = incident(t.db, {
      title: 'Open',
      startedAt: T0,
      componentIds: [web],
      steps: [{ at: T0, status: 'identified', body: 'x' }],
    }).id;
    const bare = incident(t.db, { title: 'Bare', startedAt: T0, steps: [{ at: T0, status: 'investigating', body: 'x' }] }).id;
    expect(entriesOf([withPostmortem, open, bare]).map((e) => e.summary)).toEqual([
      'Postmortem · REST API, Web app',
      'Identified · Web app',
      'Investigating',
    ]);
  });

  it('publishes maintenance when it was announced and updates it at its newest update', () => {
    const id = maintenance(t.db, {
      title: 'Database upgrade',
      scheduledFor: T0,
      scheduledUntil: T0 + 2 * HOUR,
      componentIds: [api],
      steps: [
        { at: T0 - DAY, status: 'scheduled', body: 'Planned.' },
        { at: T0 + MINUTE, status: 'in_progress', body: 'Started.', set: { [api]: 'under_maintenance' } },
        { at: T0 + HOUR, status: 'completed', body: 'Done.', set: { [api]: 'operational' } },
      ],
    }).id;
    const [entry] = entriesOf([id]);
    expect(entry!.published).toBe(T0 - DAY);
    expect(entry!.updated).toBe(T0 + HOUR);
    expect(entry!.summary).toBe('Completed · REST API');
    expect(entry!.contentHtml.indexOf('<strong>Completed</strong>')).toBeLessThan(entry!.contentHtml.indexOf('<strong>Scheduled</strong>'));
  });

  /**
   * An upcoming window has not happened yet: the entry was last changed when it was
   * announced. Dating `updated` at the window start puts it (and the feed's own
   * updated / lastBuildDate, the maximum over entries) in the future.
   */
  it('does not date upcoming maintenance in the future, published or updated', () => {
    const announced = NOW - HOUR;
    const id = maintenance(t.db, {
      title: 'Website migration',
      scheduledFor: NOW + 2 * DAY,
      scheduledUntil: NOW + 2 * DAY + 2 * HOUR,
      componentIds: [web],
      steps: [{ at: announced, status: 'scheduled', body: 'Moving servers.' }],
    }).id;
    const [entry] = entriesOf([id]);
    expect(entry!.published).toBe(announced);
    expect(entry!.updated).toBe(announced);
  });
});
