import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, components, componentStatusChanges } from '../../../db/schema.js';
import type { Role } from '../../../src/core/policy.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { SessionUser } from '../../../src/server/auth/session.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { COMPONENT_INTENTS, INTENT_PERMISSION, submitComponentAction, submitNewComponent } from '../../../src/server/forms/component-submit.js';
import { findComponentById } from '../../../src/server/read/components.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
let people: Record<Role, SessionUser>;
let backend: string;
let api: string;
let web: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  backend = group(t.db, 'backend', 'Backend', T0, 1);
  api = component(t.db, 'api', 'API', T0, { groupId: backend });
  web = component(t.db, 'web', 'Website', T0, { position: 2 });
  people = {} as Record<Role, SessionUser>;
  for (const role of ['owner', 'editor', 'viewer'] as const) {
    const email = `${role}@example.com`;
    const { id } = insertUser(t.db, { email, name: role, role, password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
    people[role] = { id, email, name: role, role };
  }
});
afterEach(() => t.dispose());

function post(form: Record<string, string>): Request {
  return new Request('http://127.0.0.1/admin/components/x', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

function snapshot(db: Db): unknown {
  return {
    components: db.select().from(components).orderBy(components.id).all(),
    history: db.select({ n: count() }).from(componentStatusChanges).get()!.n,
    audit: db.select({ n: count() }).from(auditLog).get()!.n,
  };
}

const editForm = (over: Record<string, string> = {}): Record<string, string> => ({
  intent: 'save',
  name: 'Website',
  slug: 'web',
  description: '',
  group: '',
  start_date: '',
  showcase: 'on',
  ...over,
});

describe('submitComponentAction: permissions per action', () => {
  it('names a permission for every action: status is the editor’s, the rest the owner’s', () => {
    expect(INTENT_PERMISSION).toEqual({
      save: 'settings:write',
      status: 'incidents:write',
      archive: 'settings:write',
      unarchive: 'settings:write',
      move_up: 'settings:write',
      move_down: 'settings:write',
    });
  });

  it.each(COMPONENT_INTENTS.filter((i) => i !== 'status'))('refuses an editor the owner’s action %s: 403 with a clear message, nothing written', async (intent) => {
    const before = snapshot(t.db);
    const out = await submitComponentAction(t.db, web, post({ ...editForm({ name: 'Hijacked' }), intent }), people.editor, NOW);
    expect(out).toMatchObject({
      kind: 'form',
      status: 403,
      errors: { form: 'Only an owner can create, edit, reorder or archive components; editors can set their status.' },
    });
    expect(snapshot(t.db)).toEqual(before);
  });

  it.each(COMPONENT_INTENTS)('refuses a viewer %s: 403, nothing written', async (intent) => {
    const before = snapshot(t.db);
    const out = await submitComponentAction(t.db, web, post({ ...editForm(), status: 'major_outage', intent }), people.viewer, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 403 });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('lets an editor set a status: recorded with the editor as author', async () => {
    const out = await submitComponentAction(t.db, web, post({ intent: 'status', status: 'major_outage' }), people.editor, NOW);
    expect(out).toEqual({ kind: 'done', location: `/admin/components/${web}?done=status` });
    const row = t.db.select().from(componentStatusChanges).all().at(-1);
    expect(row).toMatchObject({ componentId: web, status: 'major_outage', cause: 'manual', actorId: people.editor.id, at: NOW });
  });

  it('lets an owner edit, with the result page to go to', async () => {
    const out = await submitComponentAction(t.db, web, post(editForm({ name: 'Web app' })), people.owner, NOW);
    expect(out).toEqual({ kind: 'done', location: `/admin/components/${web}?done=saved` });
    expect(findComponentById(t.db, web)!.name).toBe('Web app');
  });

  it('sends a reorder back to the list', async () => {
    const out = await submitComponentAction(t.db, web, post({ intent: 'move_up' }), people.owner, NOW);
    expect(out).toEqual({ kind: 'done', location: `/admin/components#c-${web}` });
  });
});

describe('submitComponentAction: bad input and refusals', () => {
  it('answers bad input with 400, the field errors and the input kept; nothing written', async () => {
    const before = snapshot(t.db);
    const form = editForm({ name: '', slug: 'Not A Slug', start_date: '2026-13-01' });
    const out = await submitComponentAction(t.db, web, post(form), people.owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, values: form });
    expect(out.kind === 'form' && Object.keys(out.errors).sort()).toEqual(['name', 'slug', 'start_date']);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers a slug clash with 409 on the slug field', async () => {
    const before = snapshot(t.db);
    const out = await submitComponentAction(t.db, web, post(editForm({ slug: 'api' })), people.owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 409, errors: { slug: 'The address “api” is already used by another component.' } });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers a group put inside a group with 409 on the group field', async () => {
    const edge = group(t.db, 'edge', 'Edge', T0, 3);
    const out = await submitComponentAction(t.db, backend, post(editForm({ name: 'Backend', slug: 'backend', group: edge })), people.owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 409, errors: { group: expect.stringContaining('groups are one level deep') } });
  });

  it('answers a refused status change with 409 next to the status', async () => {
    const out = await submitComponentAction(t.db, backend, post({ intent: 'status', status: 'major_outage' }), people.editor, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 409, errors: { status: '“Backend” is a group; set the status of the components inside it instead.' } });
    const bad = await submitComponentAction(t.db, api, post({ intent: 'status', status: 'exploded' }), people.editor, NOW);
    expect(bad).toMatchObject({ kind: 'form', status: 400, errors: { status: 'Choose a status from the list.' } });
  });

  it('answers an unknown component with 409 and says so', async () => {
    const out = await submitComponentAction(t.db, 'nosuchcompo0', post({ intent: 'archive' }), people.owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 409, errors: { form: 'That component does not exist (it may have been removed).' } });
  });

  it('answers an unknown or missing action with 400', async () => {
    for (const form of [{ intent: 'delete' }, {}] as Record<string, string>[]) {
      expect(await submitComponentAction(t.db, web, post(form), people.owner, NOW)).toMatchObject({
        kind: 'form',
        status: 400,
        errors: { form: 'Unknown action; reload the page and try again.' },
      });
    }
  });

  it('answers an unreadable body with 400', async () => {
    const request = new Request('http://127.0.0.1/admin/components/x', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'garbage' });
    expect(await submitComponentAction(t.db, web, request, people.owner, NOW)).toMatchObject({ kind: 'form', status: 400 });
  });
});

describe('submitNewComponent', () => {
  const newForm = (over: Record<string, string> = {}): Record<string, string> => ({ kind: 'component', name: 'Search', slug: '', description: '', group: backend, start_date: '', showcase: 'on', ...over });

  it('creates the component (slug from the name) and goes to its page', async () => {
    const out = await submitNewComponent(t.db, post(newForm()), people.owner, NOW);
    expect(out.kind).toBe('done');
    const id = out.kind === 'done' ? /\/admin\/components\/([0-9a-z]{12})\?done=created$/.exec(out.location)?.[1] : undefined;
    expect(findComponentById(t.db, id!)).toMatchObject({ name: 'Search', slug: 'search', groupId: backend });
  });

  it('answers bad input with 400 and a slug clash with 409, writing nothing', async () => {
    const before = snapshot(t.db);
    expect(await submitNewComponent(t.db, post(newForm({ name: '' })), people.owner, NOW)).toMatchObject({ status: 400, errors: { name: 'Give the component a name.' } });
    expect(await submitNewComponent(t.db, post(newForm({ name: 'API' })), people.owner, NOW)).toMatchObject({ status: 409, errors: { slug: 'The address “api” is already used by another component.' } });
    expect(snapshot(t.db)).toEqual(before);
  });
});
