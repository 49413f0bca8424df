import { type Db, writeTransaction } from '../../../db/client.js';
import { addDays, dayKeyOf, MS_PER_DAY, startOfDay } from '../../core/time.js';
import { appendUpdate, insertEvent } from '../write/events.js';
import { publishPostmortem } from '../write/postmortem.js';
import { insertComponent } from '../write/components.js';
import { updatePageSettings } from '../write/settings.js';
import { GROUPS, INCIDENTS, type Scenario } from './scenarios.js';

/** The demo page's zone: one with DST, so day cutting is exercised from the first look. */
export const DEMO_TIME_ZONE = 'America/New_York';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Fills an empty database with a realistic page: 12 components in 3 groups, 90+ days of
 * status history with incidents (one still open), a completed and an upcoming maintenance.
 * Everything is written through the same use-cases the product uses, in one transaction.
 */
export function seedDemo(db: Db, now: number): { components: number; events: number } {
  return writeTransaction(db, (tx) => {
    const tz = DEMO_TIME_ZONE;
    updatePageSettings(
      tx,
      {
        name: 'Acme Cloud',
        url: null,
        timeZone: tz,
        description: "Live status of Acme Cloud's apps, API and delivery services.",
        supportUrl: 'https://acme.example/support',
        brandColor: '#2c5cc5',
        logoUrl: null,
      },
      now,
    );
    const today = dayKeyOf(now, tz);
    const localTime = (daysAgo: number, [h, m]: [number, number]): number =>
      startOfDay(addDays(today, -daysAgo), tz) + h * HOUR + m * MINUTE;

    const created = now - 120 * MS_PER_DAY;
    const ids = new Map<string, string>();
    GROUPS.forEach((group, g) => {
      const groupId = insertComponent(
        tx,
        { slug: group.slug, name: group.name, description: null, isGroup: true, groupId: null, position: g + 1, showcase: true, onlyShowIfDegraded: false, startDate: null },
        created,
      );
      group.members.forEach(([slug, name, description], i) => {
        // The Slack integration launched 35 days ago: its bars start there.
        const launched = slug === 'slack' ? localTime(35, [10, 0]) : created;
        const startDate = slug === 'slack' ? addDays(today, -35) : null;
        const id = insertComponent(
          tx,
          { slug, name, description, isGroup: false, groupId, position: i + 1, showcase: true, onlyShowIfDegraded: false, startDate },
          launched,
        );
        ids.set(slug, id);
      });
    });
    const componentId = (slug: string): string => ids.get(slug)!;

    const play = (
      kind: 'incident' | 'maintenance',
      start: number,
      s: Omit<Scenario, 'daysAgo' | 'at'>,
      window?: [number, number],
    ): string => {
      const affected = [...new Set([...(s.affects ?? []), ...s.steps.flatMap((st) => Object.keys(st.set ?? {}))])].map(
        componentId,
      );
      const { id } = insertEvent(
        tx,
        {
          kind,
          title: s.title,
          severity: s.severity ?? null,
          impactOverride: null,
          startedAt: kind === 'incident' ? start : null,
          scheduledFor: window?.[0] ?? null,
          scheduledUntil: window?.[1] ?? null,
          componentIds: affected,
        },
        tz,
        start,
      );
      for (const step of s.steps) {
        const at = start + step.after * MINUTE;
        if (at > now) break;
        appendUpdate(
          tx,
          {
            eventId: id,
            status: step.status,
            body: step.body,
            displayAt: at,
            notify: true,
            authorId: null,
            changes: Object.entries(step.set ?? {}).map(([slug, status]) => ({ componentId: componentId(slug), status })),
          },
          at,
        );
      }
      return id;
    };

    let count = 0;
    for (const scenario of INCIDENTS) {
      const id = play('incident', localTime(scenario.daysAgo, scenario.at), scenario);
      if (scenario.postmortem) publishPostmortem(tx, id, scenario.postmortem, localTime(scenario.daysAgo - 2, [10, 0]));
      count++;
    }

    // Still open: started 47 minutes ago, identified 20 minutes ago.
    const openStart = now - 47 * MINUTE;
    play('incident', openStart, {
      title: 'Delayed email delivery to some providers',
      severity: 'SEV2',
      steps: [
        { after: 2, status: 'investigating', body: 'Emails to some providers are arriving late. We are investigating.', set: { email: 'degraded_performance' } },
        { after: 27, status: 'identified', body: 'One major mailbox provider is throttling our sending servers. We are shifting traffic to other servers and working with the provider. Emails are queued, not lost. Next update within 30 minutes.', set: { email: 'partial_outage' } },
      ],
    });
    count++;

    // Completed maintenance 30 days ago, 03:00–04:30 local.
    const doneStart = localTime(30, [3, 0]);
    play(
      'maintenance',
      doneStart - 3 * MS_PER_DAY,
      {
        title: 'Database cluster upgrade',
        steps: [
          { after: 0, status: 'scheduled', body: 'We will upgrade the database cluster to a new major version. The dashboard may be read-only for a few minutes during the window.' },
          { after: 3 * 24 * 60, status: 'in_progress', body: 'The upgrade has started.', set: { database: 'under_maintenance' } },
          { after: 3 * 24 * 60 + 80, status: 'verifying', body: 'The upgrade is done; we are checking that everything works as expected.' },
          { after: 3 * 24 * 60 + 90, status: 'completed', body: 'The upgrade is complete. Thank you for your patience.', set: { database: 'operational' } },
        ],
      },
      [doneStart, doneStart + 2 * HOUR],
    );
    count++;

    // Upcoming: in three days, 02:00–04:00 local, announced yesterday.
    const upcoming = localTime(-3, [2, 0]);
    play(
      'maintenance',
      now - MS_PER_DAY,
      {
        title: 'Search cluster upgrade',
        affects: ['search'],
        steps: [
          { after: 0, status: 'scheduled', body: 'We are upgrading the search cluster. Search may return incomplete results for up to 15 minutes during the window; everything else is unaffected.' },
        ],
      },
      [upcoming, upcoming + 2 * HOUR],
    );
    count++;

    return { components: ids.size + GROUPS.length, events: count };
  });
}
