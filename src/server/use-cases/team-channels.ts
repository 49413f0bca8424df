/**
 * Owners' team channels: add, change, remove, and send one test message. Each is one
 * transaction, audited; the URL is checked with the outbound guard's rules and stored sealed (it
 * is a credential: whoever has a chat webhook URL can post to the room).
 */
import { eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { teamChannels } from '../../../db/schema.js';
import { TEAM_EVENTS, type TeamEvent } from '../../core/channels/message.js';
import { isEndpointKind, type EndpointKind } from '../../core/channel-kind.js';
import { recordAudit, type Actor } from '../audit.js';
import { seal } from '../channels/secret-box.js';
import { newSigningSecret } from '../channels/signing.js';
import { newPublicId } from '../ids.js';
import { checkOutboundUrl, OutboundError } from '../outbound/guarded-get.js';
import { readPageSettings } from '../settings.js';
import { enqueueTeamTest } from '../team-channels/enqueue.js';
import { TEAM_WORDS } from '../team-channels/words.js';
import { RejectedError } from '../write/events.js';

export interface TeamChannelFields {
  readonly name: string;
  readonly kind: string;
  readonly url: string;
  readonly events: readonly string[];
}

const NAME_MAX = 100;
/** Longer than any platform's webhook URL; bounds what is stored. */
const URL_MAX = 2048;

function validated(fields: TeamChannelFields, allowPrivate: boolean): { name: string; kind: EndpointKind; url: string; events: TeamEvent[] } {
  const name = fields.name.trim();
  if (name === '' || name.length > NAME_MAX) throw new RejectedError(`Give the channel a name of 1 to ${NAME_MAX} characters.`);
  if (!isEndpointKind(fields.kind)) throw new RejectedError('Choose Slack, Microsoft Teams, Discord or Webhook.');
  const url = fields.url.trim();
  if (url.length > URL_MAX) throw new RejectedError(`The address is longer than ${URL_MAX} characters.`);
  try {
    checkOutboundUrl(url, allowPrivate);
  } catch (e) {
    if (e instanceof OutboundError) throw new RejectedError(e.message);
    throw e;
  }
  const unknown = fields.events.filter((e) => !(TEAM_EVENTS as readonly string[]).includes(e));
  if (unknown.length > 0) throw new RejectedError(`Unknown event: ${unknown.join(', ')}.`);
  return { name, kind: fields.kind, url, events: [...new Set(fields.events as TeamEvent[])] };
}

/** Adds a team channel; a webhook channel gets a signing secret, returned once. */
export function createTeamChannel(db: Db, fields: TeamChannelFields, allowPrivate: boolean, actor: Actor, now: number): { id: string; signingSecret: string | null } {
  const v = validated(fields, allowPrivate);
  return writeTransaction(db, (tx) => {
    const id = newPublicId();
    const secret = v.kind === 'webhook' ? newSigningSecret() : null;
    tx.insert(teamChannels)
      .values({
        id,
        name: v.name,
        kind: v.kind,
        urlEncrypted: seal(tx, v.url, now),
        signingSecret: secret === null ? null : seal(tx, secret, now),
        events: JSON.stringify(v.events),
        createdAt: now,
        updatedAt: now,
      })
      .run();
    // The URL is a credential: the audit names the host only.
    recordAudit(tx, actor, { action: 'team_channel.created', objectType: 'team_channel', objectId: id, diff: { name: v.name, kind: v.kind, host: new URL(v.url).host, events: v.events } }, now);
    return { id, signingSecret: secret };
  });
}

function existing(db: Db, id: string): typeof teamChannels.$inferSelect {
  const row = db.select().from(teamChannels).where(eq(teamChannels.id, id)).get();
  if (!row) throw new RejectedError('That channel does not exist (it may have been removed).');
  return row;
}

/** Changes the events a channel hears about, or turns it on or off (on again clears a quarantine). */
export function setTeamChannelEvents(db: Db, id: string, events: readonly string[], enabled: boolean, actor: Actor, now: number): void {
  const unknown = events.filter((e) => !(TEAM_EVENTS as readonly string[]).includes(e));
  if (unknown.length > 0) throw new RejectedError(`Unknown event: ${unknown.join(', ')}.`);
  writeTransaction(db, (tx) => {
    const row = existing(tx, id);
    const next = [...new Set(events)];
    const reenabled = enabled && row.quarantinedAt !== null;
    tx.update(teamChannels)
      .set({ events: JSON.stringify(next), enabled, updatedAt: now, ...(reenabled ? { quarantinedAt: null, quarantineReason: null, consecutiveFailures: 0, failingSince: null } : {}) })
      .where(eq(teamChannels.id, id))
      .run();
    recordAudit(tx, actor, { action: 'team_channel.updated', objectType: 'team_channel', objectId: id, diff: { events: next, enabled, ...(reenabled ? { quarantine: 'cleared' } : {}) } }, now);
  });
}

/** Removes a channel; its pending messages go with it. */
export function deleteTeamChannel(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const row = existing(tx, id);
    tx.delete(teamChannels).where(eq(teamChannels.id, id)).run();
    recordAudit(tx, actor, { action: 'team_channel.deleted', objectType: 'team_channel', objectId: id, diff: { name: row.name, kind: row.kind } }, now);
  });
}

/** Queues one test message to the channel, whatever events it chose. */
export function sendTeamChannelTest(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    existing(tx, id);
    const pageName = readPageSettings(tx, now).name;
    enqueueTeamTest(
      tx,
      id,
      { event: 'update_published', pageName, headline: TEAM_WORDS.testHeadline(pageName), text: TEAM_WORDS.testText, url: '/admin', manageUrl: null, tone: 'info', facts: [], occurredAt: new Date(now).toISOString() },
      now,
    );
    recordAudit(tx, actor, { action: 'team_channel.tested', objectType: 'team_channel', objectId: id }, now);
  });
}
