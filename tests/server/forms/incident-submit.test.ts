import { count, desc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, eventComponents, events, eventUpdates, updateComponentChanges } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { SessionUser } from '../../../src/server/auth/session.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { submitIncidentUpdate, submitNewIncident } from '../../../src/server/forms/incident-submit.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
let user: SessionUser;
let search: string;
let email: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  search = component(t.db, 'search', 'Search', T0, { position: 1 });
  email = component(t.db, 'email', 'Email', T0, { position: 2 });
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  user = { id, email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor' };
});
afterEach(() => t.dispose());

function post(form: Record<string, string>): Request {
  return new Request('http://127.0.0.1/admin/incidents/new', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** Row counts of every table an incident write touches. */
function counts(db: Db) {
  const n = (table: Parameters<ReturnType<Db['select']>['from']>[0]): number => db.select({ n: count() }).from(table).get()!.n;
  return {
    events: n(events),
    eventUpdates: n(eventUpdates),
    statusChanges: n(componentStatusChanges),
    updateChanges: n(updateComponentChanges),
    eventComponents: n(eventComponents),
    audit: n(auditLog),
  };
}

const investigating = (over: Record<string, string> = {}): Record<string, string> => ({
  title: 'Problems with {{components}}',
  severity: 'SEV2',
  impact: '',
  status: 'investigating',
  message: 'We are investigating reports of problems with {{components}} since {{started_at}}. Next update by {{next_update}}.',
  notify: 'on',
  [`component:${search}`]: 'major_outage',
  [`component:${email}`]: 'partial_outage',
  intent: 'publish',
  ...over,
});

describe('submitNewIncident', () => {
  it('refuses a title that grows past the limit once component names are filled in, writing nothing', async () => {
    const before = counts(t.db);
    // Raw: 185 + " {{components}}" (15) = 200, accepted; filled: 185 + " Search and Email" (17) = 202.
    const out = await submitNewIncident(t.db, post(investigating({ title: `${'x'.repeat(185)} {{components}}` })), user, NOW);
    expect(out.kind).toBe('form');
    if (out.kind !== 'form') return;
    expect(out.status).toBe(400);
    expect(out.errors.title).toBe('With the component names filled in, the title is over 200 characters; shorten it.');
    expect(counts(t.db)).toEqual(before);
  });

  it('previews: 200, placeholders filled in the HTML, the typed values kept, and nothing written', async () => {
    const before = counts(t.db);
    const out = await submitNewIncident(t.db, post(investigating({ intent: 'preview' })), user, NOW);
    expect(out.kind).toBe('form');
    if (out.kind !== 'form') return;
    expect(out.status).toBe(200);
    expect(out.errors).toEqual({});
    // One preview, as customers will read it: the filled title above the filled message.
    expect(out.previewHtml).toBe(
      '<h3 class="preview-title">Problems with Search and Email</h3><p>We are investigating reports of problems with Search and Email since Nov 22, 2026, 14:05 UTC. Next update by Nov 22, 2026, 14:35 UTC.</p>\n',
    );
    expect(out.values.message).toContain('{{components}}');
    expect(out.values.title).toBe('Problems with {{components}}');
    expect(counts(t.db)).toEqual(before);
  });

  it('previews Markdown as sanitised HTML', async () => {
    const out = await submitNewIncident(t.db, post(investigating({ intent: 'preview', message: '**Down** <script>alert(1)</script>' })), user, NOW);
    expect(out.kind === 'form' && out.previewHtml).toContain('<strong>Down</strong>');
    expect(out.kind === 'form' && out.previewHtml).not.toContain('<script>');
  });

  it('publishes: incident, first update, status history, update changes, links and the audit row, placeholders filled', async () => {
    const before = counts(t.db);
    const out = await submitNewIncident(t.db, post(investigating()), user, NOW);
    expect(out.kind).toBe('done');
    if (out.kind !== 'done') return;
    expect(counts(t.db)).toEqual({
      events: before.events + 1,
      eventUpdates: before.eventUpdates + 1,
      statusChanges: before.statusChanges + 2,
      updateChanges: before.updateChanges + 2,
      eventComponents: before.eventComponents + 2,
      audit: before.audit + 1,
    });

    const event = t.db.select().from(events).where(eq(events.id, out.id)).get()!;
    expect(event).toMatchObject({ kind: 'incident', title: 'Problems with Search and Email', severity: 'SEV2', impactOverride: null, startedAt: NOW, reference: 'INC-20261122-001' });

    const update = t.db.select().from(eventUpdates).where(eq(eventUpdates.eventId, out.id)).get()!;
    expect(update).toMatchObject({
      status: 'investigating',
      body: 'We are investigating reports of problems with Search and Email since Nov 22, 2026, 14:05 UTC. Next update by Nov 22, 2026, 14:35 UTC.',
      displayAt: NOW,
      notify: true,
      authorId: user.id,
    });

    const changes = t.db.select().from(updateComponentChanges).where(eq(updateComponentChanges.updateId, update.id)).all();
    expect(changes).toHaveLength(2);
    expect(changes).toEqual(
      expect.arrayContaining([
        { updateId: update.id, componentId: search, oldStatus: 'operational', newStatus: 'major_outage' },
        { updateId: update.id, componentId: email, oldStatus: 'operational', newStatus: 'partial_outage' },
      ]),
    );
    const history = t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.eventId, out.id)).all();
    expect(history.map((h) => [h.componentId, h.status, h.at, h.cause, h.actorId]).sort()).toEqual(
      [
        [search, 'major_outage', NOW, 'incident', user.id],
        [email, 'partial_outage', NOW, 'incident', user.id],
      ].sort(),
    );

    const audit = t.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()!;
    expect(audit).toMatchObject({ action: 'incident.created', objectType: 'incident', objectId: out.id, actorId: user.id, actorLabel: 'eddie@example.com', at: NOW });
    expect(JSON.parse(audit.diff!)).toMatchObject({ title: 'Problems with Search and Email', severity: 'SEV2', status: 'investigating' });
  });

  it('keeps notify off when the box is not ticked, and stores an impact override', async () => {
    const { notify: _omit, ...form } = investigating({ impact: 'minor' });
    const out = await submitNewIncident(t.db, post(form), user, NOW);
    if (out.kind !== 'done') throw new Error(JSON.stringify(out));
    expect(t.db.select().from(eventUpdates).where(eq(eventUpdates.eventId, out.id)).get()!.notify).toBe(false);
    expect(t.db.select().from(events).where(eq(events.id, out.id)).get()!.impactOverride).toBe('minor');
  });

  it('refuses a placeholder with no value ({{next_update}} for SEV4, which has no cadence), naming it, and writes nothing', async () => {
    const before = counts(t.db);
    const out = await submitNewIncident(t.db, post(investigating({ severity: 'SEV4' })), user, NOW);
    expect(out).toMatchObject({
      kind: 'form',
      status: 400,
      errors: { message: 'The message still contains {{next_update}}: replace it with your own words.' },
      previewHtml: null,
    });
    expect(counts(t.db)).toEqual(before);
  });

  it('refuses an unknown placeholder as written', async () => {
    const out = await submitNewIncident(t.db, post(investigating({ message: 'Hello {{ customer }}.' })), user, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { message: 'The message still contains {{ customer }}: replace it with your own words.' } });
  });

  it('refuses a {{components}} title when no component is chosen, and writes nothing', async () => {
    const before = counts(t.db);
    const out = await submitNewIncident(
      t.db,
      post(investigating({ [`component:${search}`]: '', [`component:${email}`]: '', message: 'Something is wrong.' })),
      user,
      NOW,
    );
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { title: 'Choose the affected components, or write the title in your own words.' } });
    expect(counts(t.db)).toEqual(before);
  });

  it('answers invalid fields with 400, the errors and the typed values, writing nothing', async () => {
    const before = counts(t.db);
    const out = await submitNewIncident(t.db, post(investigating({ title: '', severity: 'SEV9' })), user, NOW);
    expect(out).toMatchObject({
      kind: 'form',
      status: 400,
      errors: { title: 'Give the incident a title customers will understand.', severity: 'Choose a severity.' },
    });
    expect(out.kind === 'form' && out.values.message).toBe(investigating().message);
    expect(counts(t.db)).toEqual(before);
  });

  it('refuses a component id that is not on the page (or is a group) with the field error, writing nothing', async () => {
    const g = group(t.db, 'backend', 'Backend', T0, 3);
    const before = counts(t.db);
    const out = await submitNewIncident(t.db, post(investigating({ 'component:notacomponent': 'major_outage', [`component:${g}`]: 'major_outage' })), user, NOW);
    expect(out).toMatchObject({
      kind: 'form',
      status: 400,
      errors: {
        'component:notacomponent': 'That component no longer exists; reload the page.',
        [`component:${g}`]: 'That component no longer exists; reload the page.',
      },
    });
    expect(counts(t.db)).toEqual(before);
  });

  it('answers an unreadable body with 400', async () => {
    const before = counts(t.db);
    const req = new Request('http://127.0.0.1/admin/incidents/new', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"x"}' });
    expect(await submitNewIncident(t.db, req, user, NOW)).toEqual({
      kind: 'form',
      status: 400,
      values: {},
      errors: { form: 'The form could not be read; please send it again.' },
      previewHtml: null,
    });
    expect(counts(t.db)).toEqual(before);
  });
});

describe('submitIncidentUpdate', () => {
  const STARTED = NOW - 45 * MINUTE;
  let open: string;
  let resolved: string;
  beforeEach(() => {
    open = incident(t.db, {
      title: 'Search is down',
      severity: 'SEV1',
      startedAt: STARTED,
      steps: [{ at: STARTED, status: 'investigating', body: 'Looking.', set: { [search]: 'major_outage' } }],
    }).id;
    resolved = incident(t.db, {
      title: 'Old email problem',
      severity: 'SEV3',
      startedAt: NOW - 2 * DAY,
      steps: [
        { at: NOW - 2 * DAY, status: 'investigating', body: 'Looking.', set: { [email]: 'partial_outage' } },
        { at: NOW - 2 * DAY + HOUR, status: 'resolved', body: 'Fixed.', set: { [email]: 'operational' } },
      ],
    }).id;
  });

  it('posts an allowed transition with placeholders filled from the incident, audited', async () => {
    const before = counts(t.db);
    const out = await submitIncidentUpdate(
      t.db,
      open,
      post({ status: 'identified', message: 'Found the cause for {{components}}, {{duration}} in. Next by {{next_update}}.', notify: 'on' }),
      user,
      NOW,
    );
    expect(out).toEqual({ kind: 'done', id: open });
    expect(counts(t.db)).toEqual({ ...before, eventUpdates: before.eventUpdates + 1, audit: before.audit + 1 });
    const newest = t.db.select().from(eventUpdates).where(eq(eventUpdates.eventId, open)).orderBy(desc(eventUpdates.displayAt)).limit(1).get()!;
    expect(newest).toMatchObject({ status: 'identified', body: 'Found the cause for Search, 45 min in. Next by Nov 22, 2026, 14:35 UTC.', authorId: user.id, notify: true });
    const audit = t.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()!;
    expect(audit).toMatchObject({ action: 'incident.updated', objectType: 'incident', objectId: open, actorId: user.id, actorLabel: 'eddie@example.com' });
  });

  it('records component changes with an update (resolved, back to operational)', async () => {
    const before = counts(t.db);
    const out = await submitIncidentUpdate(t.db, open, post({ status: 'resolved', message: 'Fixed after {{duration}}.', [`component:${search}`]: 'operational' }), user, NOW);
    expect(out.kind).toBe('done');
    expect(counts(t.db)).toEqual({ ...before, eventUpdates: before.eventUpdates + 1, statusChanges: before.statusChanges + 1, updateChanges: before.updateChanges + 1, audit: before.audit + 1 });
    const latest = t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.componentId, search)).orderBy(desc(componentStatusChanges.id)).limit(1).get()!;
    expect(latest).toMatchObject({ status: 'operational', at: NOW, eventId: open });
  });

  it('previews without writing', async () => {
    const before = counts(t.db);
    const out = await submitIncidentUpdate(t.db, open, post({ status: 'identified', message: 'It is {{components}}.', intent: 'preview' }), user, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 200, errors: {}, previewHtml: '<p>It is Search.</p>\n' });
    expect(counts(t.db)).toEqual(before);
  });

  it('refuses resolved → investigating with 409 and the lifecycle reason under status; nothing written; the message kept', async () => {
    const before = counts(t.db);
    const out = await submitIncidentUpdate(t.db, resolved, post({ status: 'investigating', message: 'It is back!' }), user, NOW);
    expect(out).toEqual({
      kind: 'form',
      status: 409,
      values: { status: 'investigating', message: 'It is back!' },
      errors: { status: 'This incident is resolved; it cannot go back to Investigating. Open a new incident if the problem is back.' },
      previewHtml: null,
    });
    expect(counts(t.db)).toEqual(before);
  });

  it('refuses identified → investigating with the reason', async () => {
    await submitIncidentUpdate(t.db, open, post({ status: 'identified', message: 'Found it.' }), user, NOW);
    const out = await submitIncidentUpdate(t.db, open, post({ status: 'investigating', message: 'Lost it.' }), user, NOW + MINUTE);
    expect(out).toMatchObject({ status: 409, errors: { status: 'An incident cannot go back from Identified to Investigating; only Monitoring may step back.' } });
  });

  it('refuses an unfilled placeholder in an update with 400, writing nothing', async () => {
    const before = counts(t.db);
    const out = await submitIncidentUpdate(t.db, open, post({ status: 'identified', message: 'See {{ eta }}.' }), user, NOW);
    expect(out).toMatchObject({ status: 400, errors: { message: 'The message still contains {{ eta }}: replace it with your own words.' } });
    expect(counts(t.db)).toEqual(before);
  });

  it('answers an unknown incident, or a maintenance id, with 409 "no longer exists"', async () => {
    const mnt = maintenance(t.db, {
      title: 'Upgrade',
      scheduledFor: NOW + DAY,
      scheduledUntil: NOW + DAY + HOUR,
      componentIds: [search],
      steps: [{ at: NOW - HOUR, status: 'scheduled', body: 'Planned.' }],
    }).id;
    const before = counts(t.db);
    for (const id of ['nosuchincid0', mnt]) {
      const out = await submitIncidentUpdate(t.db, id, post({ status: 'identified', message: 'x' }), user, NOW);
      expect(out).toMatchObject({ kind: 'form', status: 409, errors: { form: 'This incident no longer exists.' } });
    }
    expect(counts(t.db)).toEqual(before);
  });

  it('answers invalid fields with 400', async () => {
    const out = await submitIncidentUpdate(t.db, open, post({ status: 'postmortem', message: '' }), user, NOW);
    expect(out).toMatchObject({ status: 400, errors: { status: 'Choose a status.', message: 'Write a message for customers.' } });
  });

  it('answers an unreadable body with 400', async () => {
    const req = new Request('http://127.0.0.1/admin/incidents/x', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, body: 'garbage' });
    expect(await submitIncidentUpdate(t.db, open, req, user, NOW)).toMatchObject({ kind: 'form', status: 400, errors: { form: 'The form could not be read; please send it again.' } });
  });
});
