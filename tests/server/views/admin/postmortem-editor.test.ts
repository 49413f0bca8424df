import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draftPostmortem, publishIncidentPostmortem } from '../../../../src/server/use-cases/postmortems.js';
import { postmortemEditorView } from '../../../../src/server/views/admin/postmortem-editor.js';
import { SYSTEM } from '../../../../src/server/audit.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, MINUTE, page } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const START = NOW - 3 * HOUR;

let t: TempDatabase;
let resolved: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - 30 * DAY);
  const api = component(t.db, 'api', 'API', NOW - 30 * DAY);
  resolved = incident(t.db, {
    title: 'API down',
    severity: 'SEV1',
    startedAt: START,
    steps: [
      { at: START, status: 'investigating', body: 'Requests fail.', set: { [api]: 'major_outage' } },
      { at: START + 45 * MINUTE, status: 'resolved', body: 'Recovered.', set: { [api]: 'operational' } },
    ],
  }).id;
});
afterEach(() => t.dispose());

describe('postmortemEditorView', () => {
  it('starts a resolved incident without a postmortem from the template filled with its facts', () => {
    const view = postmortemEditorView(t.db, resolved, NOW)!;
    expect(view.state).toBe('none');
    expect(view.action).toBe(`/admin/incidents/${resolved}/postmortem`);
    expect(view.defaults.notify).toBe('on');
    const body = view.defaults.body!;
    expect(body).toContain('On Nov 22, 2026, API was affected for 45 min.');
    expect(body).toContain('- API: major outage');
    expect(body).toContain('- Nov 22, 2026, 12:00 UTC · Investigating: Requests fail. (API: major outage)');
    expect(body).toContain('- Nov 22, 2026, 12:45 UTC · Resolved: Recovered. (API: operational)');
    expect(body).toContain('## Action items');
  });

  it('shows a saved draft as it was saved, then a published one with its time', () => {
    draftPostmortem(t.db, resolved, 'My draft.', SYSTEM, NOW - 2 * MINUTE);
    expect(postmortemEditorView(t.db, resolved, NOW)).toMatchObject({ state: 'draft', publishedAt: null, defaults: { body: 'My draft.', notify: 'on' } });
    publishIncidentPostmortem(t.db, resolved, { body: 'Published.', notify: false }, SYSTEM, NOW - MINUTE);
    // Republishing a correction mails subscribers only when asked.
    expect(postmortemEditorView(t.db, resolved, NOW)).toMatchObject({ state: 'published', publishedAt: { text: 'Nov 22, 2026, 14:59 UTC' }, defaults: { body: 'Published.', notify: '' } });
  });

  it('finds the incident by reference too', () => {
    const byRef = postmortemEditorView(t.db, postmortemEditorView(t.db, resolved, NOW)!.record.reference, NOW);
    expect(byRef?.record.id).toBe(resolved);
  });

  it('offers no editor for an open incident, maintenance or an unknown id', () => {
    const open = incident(t.db, { title: 'Open', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'monitoring', body: 'x' }] }).id;
    const m = maintenance(t.db, { title: 'Work', scheduledFor: NOW - 2 * HOUR, scheduledUntil: NOW - HOUR, componentIds: [], steps: [{ at: NOW - HOUR, status: 'completed', body: 'Done.' }] }).id;
    expect(postmortemEditorView(t.db, open, NOW)).toBeNull();
    expect(postmortemEditorView(t.db, m, NOW)).toBeNull();
    expect(postmortemEditorView(t.db, 'nosuchincid0', NOW)).toBeNull();
  });
});
