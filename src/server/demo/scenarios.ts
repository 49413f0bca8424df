/** The demo page's content: components and incidents told in customer-facing words. */
import type { ComponentStatus } from '../../core/component-status.js';
import type { EventStatus } from '../../core/incident-status.js';
import type { Severity } from '../../core/severity.js';

export const GROUPS: readonly { name: string; slug: string; members: readonly [string, string, string][] }[] = [
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

export interface Step {
  /** Minutes after the event starts. */
  readonly after: number;
  readonly status: EventStatus;
  readonly body: string;
  readonly set?: Readonly<Record<string, ComponentStatus>>;
}

export interface Scenario {
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

export const INCIDENTS: readonly Scenario[] = [
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
