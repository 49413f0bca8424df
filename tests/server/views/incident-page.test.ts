import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentPageView, type IncidentPageView } from '../../../src/server/views/incident-page.js';
import { publishPostmortem } from '../../../src/server/write/postmortem.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, MINUTE, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const START = Date.UTC(2026, 10, 20, 14, 5);

let t: TempDatabase;
let api: string;
let created: { id: string; reference: string };
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme', 'America/New_York', NOW);
  api = component(t.db, 'api', 'REST API', NOW - 100 * DAY);
  created = incident(t.db, {
    title: 'Elevated API error rates',
    severity: 'SEV2',
    startedAt: START,
    timeZone: 'America/New_York',
    steps: [
      { at: START + 7 * MINUTE, status: 'investigating', body: 'Some requests **fail**.', set: { [api]: 'partial_outage' } },
      { at: START + 35 * MINUTE, status: 'identified', body: 'A config change.' },
      { at: START + HOUR, status: 'monitoring', body: 'Rolled back.', set: { [api]: 'degraded_performance' } },
      { at: START + 105 * MINUTE, status: 'resolved', body: 'Resolved.', set: { [api]: 'operational' } },
    ],
  });
});
afterEach(() => t.dispose());

function ok(idOrReference: string): IncidentPageView {
  const r = incidentPageView(t.db, idOrReference, NOW);
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
  return r.view;
}

describe('incidentPageView', () => {
  it('is not_found for an unknown id or reference, with the layout', () => {
    for (const key of ['nope', 'INC-20261120-002', '']) {
      const r = incidentPageView(t.db, key, NOW);
      expect(r.kind).toBe('not_found');
      expect(r.layout.pageName).toBe('Acme');
    }
  });

  it('by id: the event, no redirect', () => {
    const v = ok(created.id);
    expect(v.canonicalHref).toBeNull();
    expect(v.event.id).toBe(created.id);
    expect(v.event.title).toBe('Elevated API error rates');
  });

  it('by reference (any case): the same event, with the canonical href to redirect to', () => {
    expect(created.reference).toBe('INC-20261120-001');
    for (const key of ['INC-20261120-001', 'inc-20261120-001']) {
      const v = ok(key);
      expect(v.event.id).toBe(created.id);
      expect(v.canonicalHref).toBe(`/incidents/${created.id}`);
    }
  });

  it('shows the whole timeline, newest first, with component changes', () => {
    const v = ok(created.id);
    expect(v.event.updates.map((u) => u.status)).toEqual(['resolved', 'monitoring', 'identified', 'investigating']);
    expect(v.event.updates[3]!.html).toBe('<p>Some requests <strong>fail</strong>.</p>\n');
    expect(v.event.updates[3]!.changes).toEqual([
      { name: 'REST API', href: '/components/api', oldStatus: 'operational', newStatus: 'partial_outage', oldLabel: 'Operational', newLabel: 'Partial outage' },
    ]);
    expect(v.event.affected).toEqual([{ name: 'REST API', href: '/components/api' }]);
    expect(v.event.impact).toBe('major');
  });

  it('shows times in the page zone', () => {
    const v = ok(created.id);
    expect(v.event.startedAt).toEqual({ iso: '2026-11-20T09:05:00.000-05:00', text: 'Nov 20, 2026, 09:05 EST' });
    expect(v.event.updates[0]!.at.iso).toBe('2026-11-20T10:50:00.000-05:00');
  });

  it('gives the duration once resolved', () => {
    const v = ok(created.id);
    expect(v.event.closed).toBe(true);
    expect(v.event.duration).toBe('1 h 45 min');
    expect(v.event.closedAt?.iso).toBe('2026-11-20T10:50:00.000-05:00');
  });

  it('gives the running time while open', () => {
    const open = incident(t.db, { title: 'open', startedAt: NOW - 90 * MINUTE, steps: [{ at: NOW - 80 * MINUTE, status: 'identified', body: 'x' }] });
    const v = ok(open.id);
    expect(v.event.closed).toBe(false);
    expect(v.event.closedAt).toBeNull();
    expect(v.event.duration).toBe('1 h 30 min');
  });

  it('shows the postmortem only once published', () => {
    expect(ok(created.id).event.postmortemHtml).toBeNull();
    expect(ok(created.id).event.status).toBe('resolved');
    publishPostmortem(t.db, created.id, '## Summary\nA bad change.\n\n<img src=x onerror=alert(1)>', NOW - HOUR);
    const v = ok(created.id);
    expect(v.event.status).toBe('postmortem');
    expect(v.event.postmortemHtml).toContain('<h4>Summary</h4>');
    expect(v.event.postmortemHtml).toContain('A bad change.');
    expect(v.event.postmortemHtml).not.toMatch(/<img/);
    expect(v.event.postmortemPublishedAt?.iso).toBe('2026-11-22T09:00:00.000-05:00');
  });

  it('ignores a postmortem body that was never published', () => {
    t.sqlite.prepare("update events set postmortem_body = 'draft' where id = ?").run(created.id);
    expect(ok(created.id).event.postmortemHtml).toBeNull();
  });

  it('serves maintenance by its MNT reference', () => {
    const m = maintenance(t.db, {
      title: 'Upgrade',
      scheduledFor: Date.UTC(2026, 10, 25, 7),
      scheduledUntil: Date.UTC(2026, 10, 25, 9),
      componentIds: [api],
      timeZone: 'America/New_York',
      steps: [{ at: NOW - DAY, status: 'scheduled', body: 'Planned.' }],
    });
    expect(m.reference).toBe('MNT-20261125-001');
    const v = ok('mnt-20261125-001');
    expect(v.event.id).toBe(m.id);
    expect(v.event.kind).toBe('maintenance');
    expect(v.event.impact).toBe('maintenance');
    expect(v.event.scheduledFor?.text).toBe('Nov 25, 2026, 02:00 EST');
    expect(v.canonicalHref).toBe(`/incidents/${m.id}`);
  });
});
