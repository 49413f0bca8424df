import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, deliveries, teamChannels } from '../../../db/schema.js';
import { unseal } from '../../../src/server/channels/secret-box.js';
import { createTeamChannel, deleteTeamChannel, sendTeamChannelTest, setTeamChannelEvents } from '../../../src/server/use-cases/team-channels.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { page } from '../../helpers/fixtures.js';

const T0 = Date.parse('2026-12-04T12:00:00Z');
const owner = { id: null, label: 'owner' };
const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXX';
let t: TempDatabase;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Cloud', 'UTC', T0);
});
afterEach(() => t.dispose());

describe('team channel use-cases', () => {
  it('adds a channel with its URL sealed, audited by host only; a webhook channel gets a whsec_ secret', () => {
    const { id, signingSecret } = createTeamChannel(t.db, { name: ' Incident room ', kind: 'slack', url: SLACK, events: ['update_published', 'update_published'] }, false, owner, T0);
    expect(signingSecret).toBeNull();
    const row = t.db.select().from(teamChannels).where(eq(teamChannels.id, id)).get()!;
    expect(row.name).toBe('Incident room');
    expect(row.urlEncrypted).not.toContain('hooks.slack.com');
    expect(unseal(t.db, row.urlEncrypted, T0)).toBe(SLACK);
    expect(JSON.parse(row.events)).toEqual(['update_published']);
    const audit = t.db.select().from(auditLog).all();
    expect(audit.map((a) => a.action)).toEqual(['team_channel.created']);
    expect(JSON.stringify(audit)).not.toContain('XXXX');
    const hook = createTeamChannel(t.db, { name: 'Automation', kind: 'webhook', url: 'https://hooks.example.com/x', events: [] }, false, owner, T0);
    expect(hook.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  });

  it.each<[string, { kind?: string; url?: string; events?: string[]; name?: string }, RegExp]>([
    ['plain http', { url: 'http://hooks.example.com/x' }, /https/],
    ['loopback', { url: 'https://127.0.0.1/x' }, /./],
    ['metadata address', { url: 'https://169.254.169.254/latest' }, /./],
    ['not a URL', { url: 'hooks' }, /not a valid URL/],
    ['unknown kind', { kind: 'irc' }, /Choose Slack/],
    ['unknown event', { events: ['everything'] }, /Unknown event: everything/],
    ['empty name', { name: '  ' }, /name/],
  ])('refuses %s with a sentence and writes nothing', (_n, change, message) => {
    const fields = { name: 'Room', kind: 'slack', url: SLACK, events: ['update_published'], ...change };
    expect(() => createTeamChannel(t.db, fields, false, owner, T0)).toThrow(RejectedError);
    expect(() => createTeamChannel(t.db, fields, false, owner, T0)).toThrow(message);
    expect(t.db.select().from(teamChannels).all()).toEqual([]);
  });

  it('OUTBOUND_ALLOW_PRIVATE lets an internal http URL through', () => {
    expect(() => createTeamChannel(t.db, { name: 'LAN', kind: 'slack', url: 'http://127.0.0.1:8065/hooks/x', events: [] }, true, owner, T0)).not.toThrow();
  });

  it('changes events, clears a quarantine when turned on again, sends a test, and deletes — each audited', () => {
    const { id } = createTeamChannel(t.db, { name: 'Room', kind: 'discord', url: 'https://discord.com/api/webhooks/1/x', events: [] }, false, owner, T0);
    t.db.update(teamChannels).set({ quarantinedAt: T0, quarantineReason: '404', consecutiveFailures: 12 }).where(eq(teamChannels.id, id)).run();
    setTeamChannelEvents(t.db, id, ['update_overdue'], true, owner, T0 + 1);
    const row = t.db.select().from(teamChannels).where(eq(teamChannels.id, id)).get()!;
    expect([row.events, row.quarantinedAt, row.consecutiveFailures]).toEqual(['["update_overdue"]', null, 0]);
    expect(() => setTeamChannelEvents(t.db, id, ['nope'], true, owner, T0 + 1)).toThrow(RejectedError);

    sendTeamChannelTest(t.db, id, owner, T0 + 2);
    const test = t.db.select().from(deliveries).where(eq(deliveries.teamChannelId, id)).all();
    expect(test.map((d) => [d.kind, d.channel])).toEqual([['channel_test', 'discord']]);
    expect(JSON.parse(test[0]!.payload!).headline).toBe('Test message from Acme Cloud');

    deleteTeamChannel(t.db, id, owner, T0 + 3);
    expect(t.db.select().from(teamChannels).all()).toEqual([]);
    expect(t.db.select().from(deliveries).all()).toEqual([]);
    expect(t.db.select().from(auditLog).all().map((a) => a.action)).toEqual(['team_channel.created', 'team_channel.updated', 'team_channel.tested', 'team_channel.deleted']);
    expect(() => deleteTeamChannel(t.db, id, owner, T0 + 4)).toThrow(/does not exist/);
  });
});
