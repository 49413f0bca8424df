/**
 * The scheduler's checks for what the team hears about by time passing rather than by a write:
 * an overdue incident update, and mail delivery failing. Each fires once per episode: the dedupe
 * key names the episode, so the minutely check re-running is a no-op until a new episode begins.
 */
import { and, eq, gt, gte, inArray, isNotNull, max, count, desc } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { deliveries } from '../../../db/schema.js';
import { isOverdue, nextUpdateDue } from '../../core/cadence.js';
import { formatDuration } from '../../core/format.js';
import { listOpenEvents } from '../read/events.js';
import { readPageSettings } from '../settings.js';
import { adminEventPath, eventTone } from './announce.js';
import { enqueueTeamEvent } from './enqueue.js';
import { FACT_LABELS, TEAM_WORDS } from './words.js';

/** Failed mail attempts since the last successful one, within the window, that make an episode. */
export const MAIL_FAILING_THRESHOLD = 5;
/** Only failures this recent count, ms: an old failure run that stopped is not news. */
export const MAIL_FAILING_WINDOW_MS = 15 * 60_000;

export interface WatchResult {
  readonly overdue: number;
  readonly mailFailing: number;
}

/**
 * One incident's overdue episode runs from its update falling due until the next update is
 * posted: the key is the incident and the time of its latest update.
 */
function checkOverdue(db: Db, now: number): number {
  const settings = readPageSettings(db, now);
  let written = 0;
  for (const event of listOpenEvents(db)) {
    if (event.kind !== 'incident' || event.latestUpdateAt === null || event.latestUpdateStatus === null) continue;
    const due = nextUpdateDue(event.severity, event.latestUpdateAt, settings.cadence);
    if (!isOverdue(due, now)) continue;
    written += enqueueTeamEvent(
      db,
      {
        event: 'update_overdue',
        pageName: settings.name,
        headline: TEAM_WORDS.overdue(event.title, formatDuration(now - due!)),
        text: TEAM_WORDS.overdueText(formatDuration(now - event.latestUpdateAt)),
        url: adminEventPath(event.id),
        manageUrl: null,
        tone: eventTone(event.kind, event.severity, event.latestUpdateStatus),
        facts: [
          ...(event.severity ? [{ label: FACT_LABELS.severity, value: event.severity }] : []),
          { label: FACT_LABELS.reference, value: event.reference },
        ],
        occurredAt: new Date(now).toISOString(),
      },
      `${event.id}:${event.latestUpdateAt}`,
      { eventId: event.id },
      now,
    );
  }
  return written;
}

/**
 * A mail-failing episode runs from the first failure after the last mail that went out until the
 * next one goes out: the key is the time of that last success.
 */
function checkMailFailing(db: Db, now: number): number {
  const lastSent = db
    .select({ at: max(deliveries.sentAt) })
    .from(deliveries)
    .where(and(eq(deliveries.channel, 'email'), eq(deliveries.state, 'sent')))
    .get()?.at ?? 0;
  const failing = and(
    eq(deliveries.channel, 'email'),
    inArray(deliveries.state, ['pending', 'failed']),
    isNotNull(deliveries.lastError),
    gt(deliveries.updatedAt, lastSent),
    gte(deliveries.updatedAt, now - MAIL_FAILING_WINDOW_MS),
  );
  const failures = db.select({ n: count() }).from(deliveries).where(failing).get()?.n ?? 0;
  if (failures < MAIL_FAILING_THRESHOLD) return 0;
  const lastError = db.select({ e: deliveries.lastError }).from(deliveries).where(failing).orderBy(desc(deliveries.updatedAt)).limit(1).get()?.e ?? null;
  return enqueueTeamEvent(
    db,
    {
      event: 'mail_delivery_failing',
      pageName: readPageSettings(db, now).name,
      headline: TEAM_WORDS.mailFailing(failures),
      text: TEAM_WORDS.mailFailingText(lastError),
      url: '/admin/subscribers',
      manageUrl: null,
      tone: 'major',
      facts: [{ label: FACT_LABELS.failures, value: String(failures) }],
      occurredAt: new Date(now).toISOString(),
    },
    `since:${lastSent}`,
    {},
    now,
  );
}

/** Runs both checks in one transaction; called by the scheduler every tick. */
export function watchTeamEvents(db: Db, now: number): WatchResult {
  return writeTransaction(db, (tx) => ({ overdue: checkOverdue(tx, now), mailFailing: checkMailFailing(tx, now) }));
}
