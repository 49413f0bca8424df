import type { ChannelKind } from '../../core/channel-kind.js';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components, subscriberComponents, subscribers } from '../../../db/schema.js';
import { SUBSCRIBER_STATES, type SubscriberState } from '../../core/subscriber-state.js';
import { endpointOpenerOrNull } from '../channels/endpoint-seal.js';

export interface SubscriberListRow {
  readonly id: string;
  readonly email: string;
  readonly state: SubscriberState;
  readonly channel: ChannelKind;
  /**
   * The URL, opened from its sealed form; null for email subscribers and for one that cannot be
   * opened (altered, or sealed under another key). Chat URLs are credentials: show them masked
   * (core/channels/endpoint-mask.ts).
   */
  readonly endpoint: string | null;
  readonly allComponents: boolean;
  /** Names of the chosen components when not all, in page order. */
  readonly componentNames: readonly string[];
  /** Their ids, in the same order. */
  readonly componentIds: readonly string[];
  readonly createdAt: number;
  readonly confirmedAt: number | null;
  readonly unsubscribedAt: number | null;
  readonly quarantinedAt: number | null;
  readonly quarantineReason: string | null;
}

export interface SubscriberFilter {
  /** Part of an address, matched case-insensitively. */
  readonly search: string;
  readonly state: SubscriberState | null;
}

export function subscriberCounts(db: Db): Record<SubscriberState, number> {
  const out = Object.fromEntries(SUBSCRIBER_STATES.map((s) => [s, 0])) as Record<SubscriberState, number>;
  for (const row of db.select({ state: subscribers.state, n: count() }).from(subscribers).groupBy(subscribers.state).all()) out[row.state] = row.n;
  return out;
}

/** `%` and `_` in a search are literal characters, not wildcards. */
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(filter: SubscriberFilter): ReturnType<typeof and> {
  return and(
    filter.search ? sql`${subscribers.email} like ${`%${escapeLike(filter.search.toLowerCase())}%`} escape '\\'` : undefined,
    filter.state ? eq(subscribers.state, filter.state) : undefined,
  );
}

export function countSubscribers(db: Db, filter: SubscriberFilter): number {
  return db.select({ n: count() }).from(subscribers).where(where(filter)).get()?.n ?? 0;
}

/** Newest first; `limit` null for everything (export). Component names in one extra query. */
export function listSubscribers(db: Db, filter: SubscriberFilter, limit: number | null, offset = 0): SubscriberListRow[] {
  const base = db.select().from(subscribers).where(where(filter)).orderBy(desc(subscribers.createdAt), asc(subscribers.email));
  const rows = limit === null ? base.all() : base.limit(limit).offset(offset).all();
  return withChoices(db, rows);
}

/** One subscriber, in any state, or null. */
export function findSubscriber(db: Db, id: string): SubscriberListRow | null {
  return withChoices(db, db.select().from(subscribers).where(eq(subscribers.id, id)).all())[0] ?? null;
}

/** The subscriber holding an address (stored lower-case), or null. */
export function findSubscriberByEmail(db: Db, email: string): SubscriberListRow | null {
  return withChoices(db, db.select().from(subscribers).where(and(eq(subscribers.email, email.trim().toLowerCase()), eq(subscribers.channel, 'email'))).all())[0] ?? null;
}

function withChoices(db: Db, rows: (typeof subscribers.$inferSelect)[]): SubscriberListRow[] {
  const chosen = new Map<string, { id: string; name: string }[]>();
  const some = rows.filter((r) => !r.allComponents).map((r) => r.id);
  if (some.length > 0) {
    const links = db
      .select({ subscriberId: subscriberComponents.subscriberId, id: components.id, name: components.name })
      .from(subscriberComponents)
      .innerJoin(components, eq(components.id, subscriberComponents.componentId))
      .where(sql`${subscriberComponents.subscriberId} in ${some}`)
      .orderBy(asc(components.position), asc(components.name))
      .all();
    for (const l of links) chosen.set(l.subscriberId, [...(chosen.get(l.subscriberId) ?? []), { id: l.id, name: l.name }]);
  }
  const opened = endpointOpenerOrNull(db);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    state: r.state,
    channel: r.channel,
    endpoint: opened(r.endpoint),
    allComponents: r.allComponents,
    componentNames: (chosen.get(r.id) ?? []).map((c) => c.name),
    componentIds: (chosen.get(r.id) ?? []).map((c) => c.id),
    createdAt: r.createdAt,
    confirmedAt: r.confirmedAt,
    unsubscribedAt: r.unsubscribedAt,
    quarantinedAt: r.quarantinedAt,
    quarantineReason: r.quarantineReason,
  }));
}
