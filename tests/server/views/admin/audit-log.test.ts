import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit, SYSTEM } from '../../../../src/server/audit.js';
import { AUDIT_PER_PAGE, auditLogView, type AuditLogView } from '../../../../src/server/views/admin/audit-log.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { DAY, incident, MINUTE, page } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const OLGA = { id: null, label: 'olga@example.com' };
const EDDIE = { id: null, label: 'eddie@example.com' };

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'America/New_York', NOW - 30 * DAY);
});
afterEach(() => t.dispose());

function view(query = ''): AuditLogView {
  const r = auditLogView(t.db, new URLSearchParams(query), NOW);
  if (r.kind !== 'ok') throw new Error(r.message);
  return r.view;
}

describe('auditLogView', () => {
  it('lists entries newest first, times in the page zone, diffs as readable lines', () => {
    recordAudit(t.db, OLGA, { action: 'user.created', objectType: 'user', objectId: 'usr1', diff: { email: 'eddie@example.com', role: 'editor' } }, NOW - 2 * MINUTE);
    recordAudit(t.db, EDDIE, { action: 'incident.update_edited', objectType: 'incident', objectId: 'gone', diff: { displayAt: { from: 'a', to: 'b' }, textChanged: false } }, NOW - MINUTE);
    const v = view();
    expect(v.entries.map((e) => e.action)).toEqual(['incident.update_edited', 'user.created']);
    expect(v.entries[0]).toMatchObject({
      actor: 'eddie@example.com',
      objectType: 'incident',
      objectId: 'gone',
      objectHref: null,
      at: { text: 'Nov 22, 2026, 09:59 EST' },
      diff: [
        { field: 'display at', text: 'a → b' },
        { field: 'text changed', text: 'no' },
      ],
    });
    expect(v.total).toBe(2);
  });

  it('links an incident entry to its admin page while the incident exists', () => {
    const { id } = incident(t.db, { title: 'Live', startedAt: NOW - MINUTE, steps: [{ at: NOW - MINUTE, status: 'investigating', body: 'x' }] });
    recordAudit(t.db, OLGA, { action: 'incident.created', objectType: 'incident', objectId: id }, NOW);
    recordAudit(t.db, OLGA, { action: 'user.created', objectType: 'user', objectId: id }, NOW);
    expect(view().entries.map((e) => [e.objectType, e.objectHref])).toEqual([
      ['user', null],
      ['incident', `/admin/incidents/${id}`],
    ]);
  });

  it('filters by object type and by actor, offering the values the log holds', () => {
    recordAudit(t.db, OLGA, { action: 'user.created', objectType: 'user', objectId: 'u' }, NOW - 3);
    recordAudit(t.db, EDDIE, { action: 'incident.created', objectType: 'incident', objectId: 'i' }, NOW - 2);
    recordAudit(t.db, SYSTEM, { action: 'incident.updated', objectType: 'incident', objectId: 'i' }, NOW - 1);
    expect(view('type=incident').entries.map((e) => e.action)).toEqual(['incident.updated', 'incident.created']);
    expect(view('actor=eddie%40example.com').entries.map((e) => e.action)).toEqual(['incident.created']);
    expect(view('type=incident&actor=system').entries.map((e) => e.action)).toEqual(['incident.updated']);
    expect(view('type=settings').entries).toEqual([]);
    const v = view('type=incident&actor=system');
    expect(v.filter).toEqual({ objectType: 'incident', actor: 'system' });
    expect(v.objectTypes).toEqual(['incident', 'user']);
    expect(v.actors).toEqual(['eddie@example.com', 'olga@example.com', 'system']);
    expect(v.path).toBe('/admin/audit?type=incident&actor=system');
    expect(view().path).toBe('/admin/audit');
  });

  it('pages by AUDIT_PER_PAGE, clamping a page past the end, and refuses a malformed page', () => {
    for (let i = 0; i < AUDIT_PER_PAGE + 3; i++) recordAudit(t.db, OLGA, { action: `a.${i}`, objectType: 'x', objectId: null }, NOW - 1000 + i);
    expect(view().entries).toHaveLength(AUDIT_PER_PAGE);
    expect(view().entries[0]!.action).toBe(`a.${AUDIT_PER_PAGE + 2}`);
    expect(view('page=2').entries.map((e) => e.action)).toEqual(['a.2', 'a.1', 'a.0']);
    expect(view('page=2').pager).toEqual({ page: 2, pages: 2 });
    expect(view('page=99').pager).toEqual({ page: 2, pages: 2 });
    expect(auditLogView(t.db, new URLSearchParams('page=abc'), NOW)).toMatchObject({ kind: 'bad_request', message: '"page" must be a whole number of 1 or more; "abc" is not.' });
  });

  it('orders entries of the same millisecond by insertion, newest first', () => {
    recordAudit(t.db, OLGA, { action: 'first', objectType: 'x', objectId: null }, NOW);
    recordAudit(t.db, OLGA, { action: 'second', objectType: 'x', objectId: null }, NOW);
    expect(view().entries.map((e) => e.action)).toEqual(['second', 'first']);
  });
});
