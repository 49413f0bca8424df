import type {
  ConfirmSubscriptionInput,
  EmailContent,
  EmailPage,
  IncidentUpdateInput,
  MaintenanceInput,
  PostmortemPublishedInput,
  SubscriptionLinks,
} from '../../emails/index.js';
import {
  renderConfirmSubscription,
  renderIncidentUpdate,
  renderMaintenance,
  renderPostmortemPublished,
} from '../../emails/index.js';

export const t = (iso: string): number => Date.parse(iso);

export const PAGE: EmailPage = {
  name: 'Acme Status',
  url: 'https://status.acme.test/',
  timeZone: 'Europe/Berlin',
  brandColor: '#0b6e4f',
};

export const LINKS: SubscriptionLinks = {
  manageUrl: 'https://status.acme.test/subscriptions/tok-manage-123',
  unsubscribeUrl: 'https://status.acme.test/unsubscribe/tok-unsub-456',
};

export const CONFIRM: ConfirmSubscriptionInput = {
  page: PAGE,
  confirmUrl: 'https://status.acme.test/subscribe/confirm/tok-confirm-789',
  components: ['API', 'Dashboard'],
  expiresAt: t('2026-11-24T13:05:00Z'),
};

export const INCIDENT_UPDATE: IncidentUpdateInput = {
  page: PAGE,
  incident: {
    title: 'Elevated error rates on the API',
    reference: 'INC-20261122-001',
    url: 'https://status.acme.test/incidents/evt_01',
    severity: 'SEV2',
    impact: 'major',
  },
  update: {
    status: 'identified',
    at: t('2026-11-22T13:05:00Z'),
    message: {
      bodyHtml: '<p>We found a faulty <strong>load balancer</strong> and are replacing it.</p>\n<ul>\n<li>Writes may fail</li>\n</ul>',
      bodyText: 'We found a faulty load balancer and are replacing it.\n\n- Writes may fail',
    },
  },
  components: [
    { name: 'API', status: 'partial_outage' },
    { name: 'Dashboard', status: 'degraded_performance' },
  ],
  links: LINKS,
};

export const MAINTENANCE: MaintenanceInput = {
  page: PAGE,
  maintenance: {
    title: 'Database upgrade',
    reference: 'INC-20261201-001',
    url: 'https://status.acme.test/incidents/evt_02',
    scheduledFor: t('2026-12-01T22:00:00Z'),
    scheduledUntil: t('2026-12-02T00:30:00Z'),
  },
  update: {
    status: 'scheduled',
    at: t('2026-11-22T09:00:00Z'),
    message: {
      bodyHtml: '<p>We will upgrade the primary database. Expect <em>brief</em> read-only periods.</p>',
      bodyText: 'We will upgrade the primary database. Expect brief read-only periods.',
    },
  },
  components: ['API', 'Dashboard'],
  links: LINKS,
};

export const POSTMORTEM: PostmortemPublishedInput = {
  page: PAGE,
  incident: {
    title: 'Elevated error rates on the API',
    reference: 'INC-20261122-001',
    url: 'https://status.acme.test/incidents/evt_01',
  },
  postmortem: {
    publishedAt: t('2026-11-25T10:00:00Z'),
    body: {
      bodyHtml: '<h3>What happened</h3>\n<p>A load balancer failed its health checks.</p>\n<h3>What we changed</h3>\n<p>Failover is now automatic.</p>',
      bodyText: 'What happened\n\nA load balancer failed its health checks.\n\nWhat we changed\n\nFailover is now automatic.',
    },
  },
  links: LINKS,
};

/**
 * Every renderer with the same knobs, for the rules all mails share: the page (name, colour, zone),
 * the title shown, the component names and the links it must carry.
 */
export interface MailCase {
  readonly name: string;
  readonly render: (page: EmailPage, title: string, componentName: string) => EmailContent;
  /** Links the plain-text version must contain (besides the page URL). */
  readonly links: readonly string[];
  /** Whether the title and component names appear in this mail at all. */
  readonly showsTitle: boolean;
  readonly showsComponents: boolean;
}

export const MAIL_CASES: readonly MailCase[] = [
  {
    name: 'confirm subscription',
    render: (page, _title, componentName) => renderConfirmSubscription({ ...CONFIRM, page, components: [componentName] }),
    links: [CONFIRM.confirmUrl],
    showsTitle: false,
    showsComponents: true,
  },
  {
    name: 'incident update',
    render: (page, title, componentName) =>
      renderIncidentUpdate({
        ...INCIDENT_UPDATE,
        page,
        incident: { ...INCIDENT_UPDATE.incident, title },
        components: [{ name: componentName, status: 'major_outage' }],
      }),
    links: [INCIDENT_UPDATE.incident.url, LINKS.manageUrl, LINKS.unsubscribeUrl],
    showsTitle: true,
    showsComponents: true,
  },
  {
    name: 'maintenance',
    render: (page, title, componentName) =>
      renderMaintenance({ ...MAINTENANCE, page, maintenance: { ...MAINTENANCE.maintenance, title }, components: [componentName] }),
    links: [MAINTENANCE.maintenance.url, LINKS.manageUrl, LINKS.unsubscribeUrl],
    showsTitle: true,
    showsComponents: true,
  },
  {
    name: 'postmortem published',
    render: (page, title) => renderPostmortemPublished({ ...POSTMORTEM, page, incident: { ...POSTMORTEM.incident, title } }),
    links: [POSTMORTEM.incident.url, LINKS.manageUrl, LINKS.unsubscribeUrl],
    showsTitle: true,
    showsComponents: false,
  },
];

/** Names of the tags really opened in `html` (escaped text like `&lt;script&gt;` is not a tag). */
export function openedTags(html: string): string[] {
  return [...html.matchAll(/<\s*([a-zA-Z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase());
}

/** Event-handler attributes (`onerror=`, `onclick=` …) on real tags. */
export function eventHandlers(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const a of tag[0].matchAll(/\son[a-z]+\s*=/gi)) found.push(a[0].trim());
  }
  return found;
}
