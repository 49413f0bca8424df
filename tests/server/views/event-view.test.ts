import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComponentStatus } from '../../../src/core/component-status.js';
import type { Impact } from '../../../src/core/impact.js';
import { findEvent } from '../../../src/server/read/events.js';
import { renderMarkdown } from '../../../src/server/markdown.js';
import { buildEventView, eventHref, loadEventViews } from '../../../src/server/views/event-view.js';
import { appendUpdate, insertEvent } from '../../../src/server/write/events.js';
import { publishPostmortem } from '../../../src/server/write/postmortem.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, MINUTE } from '../../helpers/fixtures.js';

// The real renderer, counted: update views render their markdown only when it is read.
vi.mock('../../../src/server/markdown.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/server/markdown.js')>();
  return { ...real, renderMarkdown: vi.fn(real.renderMarkdown) };
});

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 2 * DAY;

let t: TempDatabase;
let api: string;
let web: string;
beforeEach(() => {
  t = tempDatabase();
  api = component(t.db, 'api', 'REST API', T0 - DAY, { position: 1 });
  web = component(t.db, 'web', 'Web app', T0 - DAY, { position: 2 });
});
afterEach(() => t.dispose());

const view = (id: string, timeline: 'all' | 'latest' = 'all', tz = 'UTC', now = NOW) =>
  loadEventViews(t.db, [findEvent(t.db, id)!], tz, now, timeline)[0]!;

/** An incident whose steps set the given statuses on api, an hour apart, resolving at the end. */
function incidentSetting(statuses: ComponentStatus[], impactOverride: Impact | null = null): string {
  return t.db.transaction((tx) => {
    const { id } = insertEvent(
      tx,
      { kind: 'incident', title: 'x', severity: 'SEV2', impactOverride, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
      'UTC',
      T0,
    );
    statuses.forEach((s, i) =>
      appendUpdate(
        tx,
        { eventId: id, status: i === statuses.length - 1 ? 'resolved' : 'investigating', body: `step ${i}`, displayAt: T0 + i * HOUR, notify: true, authorId: null, changes: [{ componentId: api, status: s }] },
        T0 + i * HOUR,
      ),
    );
    return id;
  });
}

describe('impact', () => {
  it.each<[ComponentStatus[], Impact]>([
    [['degraded_performance', 'operational'], 'minor'],
    [['partial_outage', 'operational'], 'major'],
    [['major_outage', 'operational'], 'critical'],
    [['degraded_performance', 'partial_outage', 'degraded_performance', 'operational'], 'major'],
    [['major_outage', 'degraded_performance', 'operational'], 'critical'],
    [['operational'], 'none'],
    [['under_maintenance', 'operational'], 'none'],
  ])('is derived from the worst new status across all updates: %j → %s', (statuses, impact) => {
    const id = incidentSetting(statuses);
    const v = view(id);
    expect(v.impact).toBe(impact);
    // Only the latest update is rendered in lists, but impact still comes from the whole timeline.
    expect(view(id, 'latest').impact).toBe(impact);
  });

  it('counts changes on every component', () => {
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: T0,
      steps: [
        { at: T0, status: 'investigating', body: 'a', set: { [api]: 'degraded_performance', [web]: 'major_outage' } },
        { at: T0 + HOUR, status: 'resolved', body: 'b', set: { [api]: 'operational', [web]: 'operational' } },
      ],
    });
    expect(view(id).impact).toBe('critical');
    expect(view(id).impactLabel).toBe('Critical');
  });

  it('is none for an incident without component changes', () => {
    const { id } = incident(t.db, { title: 'x', startedAt: T0, steps: [{ at: T0, status: 'investigating', body: 'a' }] });
    expect(view(id).impact).toBe('none');
    expect(view(id).impactLabel).toBe('No impact');
  });

  it.each<[ComponentStatus[], Impact]>([
    [['major_outage', 'operational'], 'minor'],
    [['degraded_performance', 'operational'], 'critical'],
    [['operational'], 'major'],
  ])('follows the override when one is set: %j with override %s', (statuses, override) => {
    expect(view(incidentSetting(statuses, override)).impact).toBe(override);
  });

  it('is maintenance for maintenance, whatever the component statuses', () => {
    const { id } = maintenance(t.db, {
      title: 'Upgrade',
      scheduledFor: T0,
      scheduledUntil: T0 + 2 * HOUR,
      componentIds: [api],
      steps: [
        { at: T0 - DAY, status: 'scheduled', body: 'planned' },
        { at: T0, status: 'in_progress', body: 'started', set: { [api]: 'major_outage' } },
      ],
    });
    expect(view(id).impact).toBe('maintenance');
    expect(view(id).impactLabel).toBe('Maintenance');
  });
});

describe('timeline', () => {
  let id: string;
  beforeEach(() => {
    id = incident(t.db, {
      title: 'API errors',
      severity: 'SEV1',
      startedAt: T0,
      componentIds: [web],
      steps: [
        { at: T0 + 5 * MINUTE, status: 'investigating', body: 'We are **looking**.', set: { [api]: 'partial_outage' } },
        { at: T0 + 30 * MINUTE, status: 'identified', body: 'Found it.' },
        { at: T0 + HOUR, status: 'monitoring', body: 'Fixed.', set: { [api]: 'degraded_performance' } },
        { at: T0 + 2 * HOUR + 15 * MINUTE, status: 'resolved', body: 'All good: see [details](https://x.example).', set: { [api]: 'operational' } },
      ],
    }).id;
  });

  it("'all' renders every update, newest first", () => {
    const v = view(id, 'all');
    expect(v.updates.map((u) => u.status)).toEqual(['resolved', 'monitoring', 'identified', 'investigating']);
    expect(v.updates.map((u) => u.statusLabel)).toEqual(['Resolved', 'Monitoring', 'Identified', 'Investigating']);
  });

  it("'latest' renders only the newest update", () => {
    const v = view(id, 'latest');
    expect(v.updates).toHaveLength(1);
    expect(v.updates[0]!.status).toBe('resolved');
    expect(v.updates[0]!.html).toContain('<a href="https://x.example" rel="nofollow noopener noreferrer">details</a>');
  });

  it("'latest' means newest by display time, not the last one posted", () => {
    appendUpdate(
      t.db,
      { eventId: id, status: 'resolved', body: 'Backfilled note', displayAt: T0 + 10 * MINUTE, notify: false, authorId: null, changes: [] },
      NOW,
    );
    expect(view(id, 'latest').updates[0]!.html).toContain('All good');
    expect(view(id, 'all').updates.map((u) => u.html)).toHaveLength(5);
    expect(view(id, 'all').updates[3]!.html).toContain('Backfilled note');
  });

  it('renders update bodies as sanitised markdown', () => {
    const oldest = view(id, 'all').updates[3]!;
    expect(oldest.html).toBe('<p>We are <strong>looking</strong>.</p>\n');
  });

  it('renders an update’s markdown when a page first prints it, once: lists that show no message pay nothing', () => {
    const rendered = vi.mocked(renderMarkdown);
    rendered.mockClear();
    const latest = view(id, 'latest').updates[0]!;
    expect(latest.status).toBe('resolved');
    expect(rendered).not.toHaveBeenCalled();
    const html = latest.html;
    expect(html).toContain('All good');
    expect(latest.html).toBe(html);
    expect(rendered).toHaveBeenCalledTimes(1);
  });

  it('shows each update’s component changes with labels and links', () => {
    const v = view(id, 'all');
    expect(v.updates[3]!.changes).toEqual([
      { name: 'REST API', href: '/components/api', oldStatus: 'operational', newStatus: 'partial_outage', oldLabel: 'Operational', newLabel: 'Partial outage' },
    ]);
    expect(v.updates[2]!.changes).toEqual([]);
    expect(v.updates[1]!.changes[0]).toMatchObject({ oldLabel: 'Partial outage', newLabel: 'Degraded performance' });
  });

  it('shows times in the page zone', () => {
    const v = view(id, 'all', 'America/New_York');
    expect(v.updates[0]!.at.iso).toBe('2026-11-20T12:15:00.000-05:00');
    expect(v.updates[0]!.at.text).toBe('Nov 20, 2026, 12:15 EST');
    expect(view(id, 'all', 'UTC').updates[0]!.at.iso).toBe('2026-11-20T17:15:00.000+00:00');
  });

  it('describes the event: status, labels, severity, references and affected components', () => {
    const record = findEvent(t.db, id)!;
    const v = view(id, 'all');
    expect(v).toMatchObject({
      id,
      href: `/incidents/${id}`,
      kind: 'incident',
      reference: record.reference,
      title: 'API errors',
      status: 'resolved',
      statusLabel: 'Resolved',
      closed: true,
      severity: 'SEV1',
      severityLabel: 'SEV1 · Critical',
      scheduledFor: null,
      scheduledUntil: null,
      postmortemHtml: null,
      postmortemPublishedAt: null,
    });
    expect(v.startedAt?.iso).toBe('2026-11-20T15:00:00.000+00:00');
    expect(v.closedAt?.iso).toBe('2026-11-20T17:15:00.000+00:00');
    expect(v.affected).toEqual([
      { name: 'REST API', href: '/components/api' },
      { name: 'Web app', href: '/components/web' },
    ]);
  });
});

describe('duration and closing', () => {
  it('once resolved: from start to the first resolution', () => {
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: T0,
      steps: [
        { at: T0, status: 'investigating', body: 'a' },
        { at: T0 + 2 * HOUR + 15 * MINUTE, status: 'resolved', body: 'b' },
        { at: T0 + 5 * HOUR, status: 'resolved', body: 'c' },
      ],
    });
    expect(view(id).duration).toBe('2 h 15 min');
    // `now` does not move a closed event's duration.
    expect(view(id, 'all', 'UTC', NOW + 30 * DAY).duration).toBe('2 h 15 min');
  });

  it('while open: how long it has been going on', () => {
    const { id } = incident(t.db, { title: 'x', startedAt: NOW - 47 * MINUTE, steps: [{ at: NOW - 45 * MINUTE, status: 'investigating', body: 'a' }] });
    const v = view(id);
    expect(v.closed).toBe(false);
    expect(v.closedAt).toBeNull();
    expect(v.duration).toBe('47 min');
    expect(view(id, 'all', 'UTC', NOW + DAY).duration).toBe('1 d');
  });

  it('is null for maintenance (no start recorded)', () => {
    const { id } = maintenance(t.db, {
      title: 'm',
      scheduledFor: T0,
      scheduledUntil: T0 + 2 * HOUR,
      componentIds: [api],
      steps: [
        { at: T0, status: 'in_progress', body: 'a' },
        { at: T0 + HOUR, status: 'completed', body: 'b' },
      ],
    });
    const v = view(id);
    expect(v.duration).toBeNull();
    expect(v.closed).toBe(true);
    expect(v.status).toBe('completed');
    expect(v.severity).toBeNull();
    expect(v.severityLabel).toBeNull();
    expect(v.scheduledFor?.iso).toBe('2026-11-20T15:00:00.000+00:00');
    expect(v.scheduledUntil?.iso).toBe('2026-11-20T17:00:00.000+00:00');
    expect(v.closedAt?.iso).toBe('2026-11-20T16:00:00.000+00:00');
  });

  it('a published postmortem makes the status postmortem and renders it', () => {
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: T0,
      steps: [
        { at: T0, status: 'investigating', body: 'a' },
        { at: T0 + HOUR, status: 'resolved', body: 'b' },
      ],
    });
    publishPostmortem(t.db, id, '## Root cause\n<script>alert(1)</script>', NOW);
    const v = view(id);
    expect(v.status).toBe('postmortem');
    expect(v.statusLabel).toBe('Postmortem');
    expect(v.closed).toBe(true);
    expect(v.duration).toBe('1 h');
    expect(v.postmortemHtml).toContain('<h4>Root cause</h4>');
    expect(v.postmortemHtml).not.toContain('<script');
    expect(v.postmortemPublishedAt?.iso).toBe('2026-11-22T15:00:00.000+00:00');
  });
});

describe('buildEventView / loadEventViews', () => {
  it('an event with no update yet reads as the first stage of its lifecycle', () => {
    const { id } = insertEvent(
      t.db,
      { kind: 'incident', title: 'x', severity: 'SEV4', impactOverride: null, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
      'UTC',
      T0,
    );
    const v = buildEventView(findEvent(t.db, id)!, [], [], 'UTC', NOW, 'all');
    expect(v.status).toBe('investigating');
    expect(v.updates).toEqual([]);
    expect(v.severityLabel).toBe('SEV4 · Low');
  });

  it('loads many events at once, in the order given', () => {
    const a = incident(t.db, { title: 'A', startedAt: T0, steps: [{ at: T0, status: 'investigating', body: 'a' }] }).id;
    const b = incident(t.db, { title: 'B', startedAt: T0 + HOUR, steps: [{ at: T0 + HOUR, status: 'identified', body: 'b' }] }).id;
    const views = loadEventViews(t.db, [findEvent(t.db, b)!, findEvent(t.db, a)!], 'UTC', NOW, 'latest');
    expect(views.map((v) => v.title)).toEqual(['B', 'A']);
    expect(views.map((v) => v.updates[0]!.html)).toEqual(['<p>b</p>\n', '<p>a</p>\n']);
    expect(loadEventViews(t.db, [], 'UTC', NOW, 'all')).toEqual([]);
  });

  it('a list (latest) shows the same as the whole timeline cut to its newest update, impact included', () => {
    const a = incident(t.db, {
      title: 'A',
      startedAt: T0,
      steps: [
        { at: T0, status: 'investigating', body: 'went **down**', set: { [web]: 'major_outage' } },
        { at: T0 + HOUR, status: 'resolved', body: 'back', set: { [web]: 'operational' } },
      ],
    }).id;
    const b = incident(t.db, { title: 'B', startedAt: T0, steps: [{ at: T0, status: 'investigating', body: 'b', set: { [web]: 'partial_outage' } }] }).id;
    const records = [findEvent(t.db, a)!, findEvent(t.db, b)!];
    const lists = loadEventViews(t.db, records, 'UTC', NOW, 'latest');
    const full = loadEventViews(t.db, records, 'UTC', NOW, 'all');
    expect(lists.map((v) => v.impact)).toEqual(['critical', 'major']);
    lists.forEach((v, i) => expect(v).toEqual({ ...full[i]!, updates: full[i]!.updates.slice(0, 1) }));
  });

  it('eventHref encodes the id', () => {
    expect(eventHref('abc')).toBe('/incidents/abc');
    expect(eventHref('a/b c')).toBe('/incidents/a%2Fb%20c');
  });
});
