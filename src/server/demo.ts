import type { Db } from '../../db/client.js';
import type { ComponentStatus } from '../core/component-status.js';
import type { EventStatus } from '../core/incident-status.js';
import type { Severity } from '../core/severity.js';
import { addDays, dayKeyOf, MS_PER_DAY, startOfDay } from '../core/time.js';
import { appendUpdate, insertEvent, publishPostmortem } from './write/events.js';
import { insertComponent } from './write/components.js';
import { updatePageSettings } from './write/settings.js';

/** The demo page's zone: one with DST, so day cutting is exercised from the first look. */
export const DEMO_TIME_ZONE = 'America/New_York';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const GROUPS: readonly { name: string; slug: string; members: readonly [string, string, string][] }[] = [
  {
    name: 'Core platform',
    slug: 'core-platform',
    members: [
      ['web-app', 'Web application', 'The dashboard at app.acme.example.'],
      ['api', 'REST API', 'Public API used by integrations and SDKs.'],
      ['sign-in', 'Sign-in & SSO', 'Password, SAML and OAuth sign-in.'],
      ['webhooks', 'Webhooks', 'Outgoing event notifications to your endpoints.'],
    ],
  },
  {
    name: 'Data & storage',
    slug: 'data-storage',
    members: [
      ['database', 'Database cluster', 'Primary data store behind every product.'],
      ['search', 'Search', 'Full-text search across your workspace.'],
      ['file-uploads', 'File uploads', 'Uploading and downloading attachments.'],
      ['backups', 'Backups', 'Nightly snapshots and point-in-time restore.'],
    ],
  },
  {
    name: 'Notifications',
    slug: 'notifications',
    members: [
      ['email', 'Email delivery', 'Transactional email sent on your behalf.'],
      ['sms', 'SMS', 'Text message alerts and one-time codes.'],
      ['push', 'Push notifications', 'Mobile push to iOS and Android.'],
      ['slack', 'Slack integration', 'Posting alerts into Slack channels.'],
    ],
  },
];

interface Step {
  /** Minutes after the event starts. */
  readonly after: number;
  readonly status: EventStatus;
  readonly body: string;
  readonly set?: Readonly<Record<string, ComponentStatus>>;
}

interface Scenario {
  readonly title: string;
  /** Components named up front (maintenance); those whose status a step sets are added. */
  readonly affects?: readonly string[];
  readonly severity?: Severity;
  /** Start, as days before today plus a local wall-clock time. */
  readonly daysAgo: number;
  readonly at: [number, number];
  readonly steps: readonly Step[];
  readonly postmortem?: string;
}

const INCIDENTS: readonly Scenario[] = [
  {
    title: 'Elevated API error rates',
    severity: 'SEV2',
    daysAgo: 78,
    at: [14, 5],
    steps: [
      { after: 7, status: 'investigating', body: 'Some API requests are failing with 502 errors. We are looking into it.', set: { api: 'partial_outage' } },
      { after: 35, status: 'identified', body: 'A configuration change to our load balancers sent part of the traffic to servers that were being retired. We are rolling the change back.' },
      { after: 60, status: 'monitoring', body: 'The rollback is complete and error rates are back to normal. We are watching closely.', set: { api: 'degraded_performance' } },
      { after: 105, status: 'resolved', body: 'API error rates have stayed normal for 45 minutes. This incident is resolved; a postmortem will follow.', set: { api: 'operational' } },
    ],
    postmortem: [
      '## Summary',
      'For an hour and 45 minutes, about 12% of API requests failed with a 502 error.',
      '',
      '## Impact',
      'Integrations calling the REST API saw intermittent failures. The web application was not affected.',
      '',
      '## Timeline',
      '- **14:05** A load-balancer configuration change is deployed.',
      '- **14:12** Alerts fire on API error rate; investigation starts.',
      '- **14:40** The change is identified as the cause; rollback begins.',
      '- **15:05** Rollback complete; error rates normal.',
      '- **15:50** Incident resolved after a quiet monitoring period.',
      '',
      '## Root cause',
      'The change listed servers scheduled for retirement as healthy targets.',
      '',
      '## Resolution',
      'The previous configuration was restored.',
      '',
      '## Action items',
      '| Action | Status |',
      '| --- | --- |',
      '| Validate target lists before load-balancer changes are applied | Done |',
      '| Roll out load-balancer changes to one zone first | In progress |',
    ].join('\n'),
  },
  {
    title: 'Sign-in failures for SSO users',
    severity: 'SEV2',
    daysAgo: 61,
    at: [9, 20],
    steps: [
      { after: 4, status: 'investigating', body: 'Customers using single sign-on cannot sign in. Password sign-in works.', set: { 'sign-in': 'major_outage' } },
      { after: 30, status: 'identified', body: 'An expired certificate on our identity provider connection is rejecting SSO responses. We are replacing it.' },
      { after: 45, status: 'monitoring', body: 'The new certificate is in place and SSO sign-ins are succeeding again.', set: { 'sign-in': 'degraded_performance' } },
      { after: 85, status: 'resolved', body: 'SSO sign-in has been working normally for 40 minutes. This incident is resolved.', set: { 'sign-in': 'operational' } },
    ],
  },
  {
    title: 'Search results delayed',
    severity: 'SEV3',
    daysAgo: 44,
    at: [22, 10],
    steps: [
      { after: 0, status: 'investigating', body: 'New and edited items are taking up to 20 minutes to appear in search.', set: { search: 'degraded_performance' } },
      { after: 50, status: 'identified', body: 'A backlog built up in the indexing queue; we have added capacity to work through it.' },
      { after: 80, status: 'resolved', body: 'The backlog is cleared and search is up to date.', set: { search: 'operational' } },
    ],
  },
  {
    title: 'Webhook deliveries delayed',
    severity: 'SEV3',
    daysAgo: 23,
    at: [16, 30],
    steps: [
      { after: 5, status: 'investigating', body: 'Webhooks are being delivered with delays of up to 15 minutes.', set: { webhooks: 'partial_outage' } },
      { after: 40, status: 'identified', body: 'One of the delivery workers stopped taking jobs. We have restarted it and are draining the queue.' },
      { after: 70, status: 'monitoring', body: 'Deliveries are on time again; queued webhooks are being sent in order.', set: { webhooks: 'degraded_performance' } },
      { after: 100, status: 'resolved', body: 'All queued webhooks have been delivered. No events were lost.', set: { webhooks: 'operational' } },
    ],
  },
  {
    title: 'Web application unavailable',
    severity: 'SEV1',
    daysAgo: 9,
    at: [11, 0],
    steps: [
      { after: 3, status: 'investigating', body: 'The web application and API are not responding. We are investigating with the highest priority.', set: { 'web-app': 'major_outage', api: 'major_outage' } },
      { after: 25, status: 'identified', body: 'A database failover did not complete cleanly and connections are being refused. We are restoring the connection pool.' },
      { after: 38, status: 'monitoring', body: 'The application is responding again. Some pages may be slower than usual while caches warm up.', set: { 'web-app': 'degraded_performance', api: 'partial_outage' } },
      { after: 80, status: 'resolved', body: 'Everything is back to normal. We are sorry for the disruption and will publish what we learn.', set: { 'web-app': 'operational', api: 'operational' } },
    ],
  },
  {
    title: 'Intermittent file upload failures',
    severity: 'SEV3',
    daysAgo: 3,
    at: [8, 15],
    steps: [
      { after: 6, status: 'investigating', body: 'Some uploads larger than 10 MB are failing. Smaller files upload normally.', set: { 'file-uploads': 'partial_outage' } },
      { after: 30, status: 'identified', body: 'A storage node is timing out on large writes. Traffic is being moved away from it.' },
      { after: 50, status: 'resolved', body: 'Uploads of every size are working again. Please retry any upload that failed this morning.', set: { 'file-uploads': 'operational' } },
    ],
  },
];

/**
 * Fills an empty database with a realistic page: 12 components in 3 groups, 90+ days of
 * status history with incidents (one still open), a completed and an upcoming maintenance.
 * Everything is written through the same use-cases the product uses, in one transaction.
 */
export function seedDemo(db: Db, now: number): { components: number; events: number } {
  return db.transaction((tx) => {
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
