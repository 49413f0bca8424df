import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import type { ChannelMessage } from '../../core/channels/message.js';
import { announce } from '../signals.js';

/**
 * A team message as stored in a delivery's payload: a ChannelMessage whose `url` may be a path
 * ('/admin/incidents/…'), resolved against the public base URL when sent (the write that causes
 * the message does not know where the server is reached).
 */
export type StoredTeamMessage = ChannelMessage;

export interface TeamEventRefs {
  readonly eventId?: string | null;
  readonly updateId?: string | null;
}

/**
 * Writes one pending `team_event` delivery per enabled, unquarantined team channel that chose
 * `message.event`, on the channel's own lane. `episodeKey` names the occurrence (an update id,
 * an overdue episode…): the dedupe key `team:<event>:<episodeKey>:<channel id>` makes a second call
 * for the same occurrence a no-op, which is what lets a minutely check fire once per episode.
 * Call inside the transaction of the change that causes it. Returns the number of rows written.
 */
export function enqueueTeamEvent(db: Db, message: StoredTeamMessage, episodeKey: string, refs: TeamEventRefs, now: number): number {
  return insertTeamDeliveries(db, 'team_event', message, `team:${message.event}:${episodeKey}:`, refs, now, sql`
    tc.enabled = 1 and tc.quarantined_at is null
    and exists (select 1 from json_each(tc.events) e where e.value = ${message.event})
  `);
}

/** The one test message an owner asks for from the admin page, to a single channel, whatever its events. */
export function enqueueTeamTest(db: Db, teamChannelId: string, message: StoredTeamMessage, now: number): number {
  return insertTeamDeliveries(db, 'channel_test', message, `team-test:${now}:`, {}, now, sql`tc.id = ${teamChannelId}`);
}

function insertTeamDeliveries(
  db: Db,
  kind: 'team_event' | 'channel_test',
  message: StoredTeamMessage,
  keyHead: string,
  refs: TeamEventRefs,
  now: number,
  where: ReturnType<typeof sql>,
): number {
  const result = db.run(sql`
    insert into deliveries (kind, channel, team_channel_id, event_id, update_id, dedupe_key, payload, state, attempts, next_attempt_at, created_at, updated_at)
    select ${kind}, tc.kind, tc.id, ${refs.eventId ?? null}, ${refs.updateId ?? null}, ${keyHead} || tc.id, ${JSON.stringify(message)}, 'pending', 0, ${now}, ${now}, ${now}
    from team_channels tc
    where ${where}
    on conflict (dedupe_key) do nothing
  `);
  if (result.changes > 0) announce('outbox');
  return result.changes;
}

/** The message to send for a team delivery's payload, its link made absolute against `baseUrl`. */
export function teamMessageFromPayload(payload: string, baseUrl: string): ChannelMessage {
  const stored = JSON.parse(payload) as StoredTeamMessage;
  const absolute = (u: string): string => (u.startsWith('/') ? `${baseUrl.replace(/\/+$/, '')}${u}` : u);
  return { ...stored, url: absolute(stored.url), manageUrl: null };
}
