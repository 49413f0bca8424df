import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, teamChannels } from '../../../db/schema.js';
import { submitTeamChannel } from '../../../src/server/forms/team-channel-submit.js';
import { teamChannelsView } from '../../../src/server/views/admin/team-channels.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { page } from '../../helpers/fixtures.js';
import { formRequest } from '../../helpers/form-request.js';
import { PEOPLE, preparePeople } from '../../helpers/people.js';

const T0 = Date.parse('2026-12-04T12:00:00Z');
const people = preparePeople();
let user: { id: string; email: string; name: string; role: 'owner' };
let t: TempDatabase;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Cloud', 'UTC', T0);
  user = { ...PEOPLE.owner, id: people(t.db, T0, ['owner']).owner };
});
afterEach(() => t.dispose());

const post = (form: Record<string, string>, allowPrivate = false): ReturnType<typeof submitTeamChannel> =>
  submitTeamChannel(t.db, formRequest('/admin/channels', form), user, allowPrivate, T0);

describe('/admin/channels form', () => {
  it('adds a channel with the checked events, lists it, queues a test, and removes it', async () => {
    const added = await post({ action: 'add', name: 'Incident room', kind: 'teams', url: 'https://prod.westeurope.logic.azure.com/workflows/x', event_update_published: 'on', event_update_overdue: 'on' });
    expect(added).toMatchObject({ kind: 'done', signingSecret: null });
    const [row] = teamChannelsView(t.db, T0).rows;
    expect(row).toMatchObject({ name: 'Incident room', kindLabel: 'Microsoft Teams', events: ['update_published', 'update_overdue'], enabled: true, quarantine: null });
    expect(await post({ action: 'test', id: row!.id })).toMatchObject({ kind: 'done' });
    expect(t.db.select().from(deliveries).all()).toHaveLength(1);
    expect(await post({ action: 'delete', id: row!.id })).toMatchObject({ kind: 'done' });
    expect(t.db.select().from(teamChannels).all()).toEqual([]);
  });

  it('answers a refused URL with a 409 and the sentence, keeping what was typed', async () => {
    const refused = await post({ action: 'add', name: 'Room', kind: 'slack', url: 'https://10.0.0.5/hook', event_update_published: 'on' });
    expect(refused).toMatchObject({ kind: 'error', status: 409, values: { name: 'Room' } });
    expect(refused.kind === 'error' && refused.message).toMatch(/10\.0\.0\.5/);
    expect(t.db.select().from(teamChannels).all()).toEqual([]);
  });

  it('answers an unknown action or an unknown channel with a 4xx, never a throw', async () => {
    expect(await post({ action: 'explode' })).toMatchObject({ kind: 'error', status: 400 });
    expect(await post({ action: 'test', id: 'nope' })).toMatchObject({ kind: 'error', status: 409 });
  });

  it('a webhook channel answers with its signing secret once', async () => {
    const added = await post({ action: 'add', name: 'Automation', kind: 'webhook', url: 'https://hooks.example.com/b' });
    expect(added.kind === 'done' && added.signingSecret).toMatch(/^whsec_/);
  });
});
