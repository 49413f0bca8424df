import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction } from '../../db/client.js';
import { deliveries, eventUpdates, subscribers } from '../../db/schema.js';
import { seal } from '../../src/server/channels/secret-box.js';
import { newSigningSecret } from '../../src/server/channels/signing.js';
import { newPublicId } from '../../src/server/ids.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import type { ComponentStatus } from '../../src/core/component-status.js';
import type { IncidentStatus } from '../../src/core/incident-status.js';
import { publicComponentStatus, signIn, withDb } from '../helpers/admin-pages.js';
import { component, DAY, HOUR, incident, page } from '../helpers/fixtures.js';
import { send, type Reply } from '../helpers/http.js';
import { forkLoad, percentile, type LoadReport } from '../helpers/http-load.js';
import { preparePeople } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { subscriber } from '../helpers/subscribers.js';

/**
 * Issue 7's bounded load test: the public surface under many keep-alive clients on loopback while
 * an editor publishes an incident from start to finish through the admin forms and the outbox
 * mails every update. Correctness only — figures are printed, never asserted: this runs on shared,
 * noisy machines.
 */

const CONNECTIONS = 50;
const SUBSCRIBERS = 200;
/** Webhook subscribers on their own lane, to a loopback receiver: the outbox drains them too. */
const WEBHOOKS = 50;
/**
 * SMTP connections (MAIL_POOL_SIZE): the default. Delivery runs on its own thread, so the page
 * load does not slow it (on the request loop, the mail took over 30 s to drain here).
 */
const MAIL_POOL = 5;
/** Load before the first write, so the writes land on warm caches and busy connections, ms. */
const WARM_UP_MS = 1_000;
/** A missing page the load asks for on purpose: its 404 is the only non-2xx/304 answer allowed. */
const MISSING = '/incidents/nosuchincid0';
const ENCODINGS = [null, 'br', 'gzip', 'gzip, deflate, br'] as const;

// parse: false keeps the sink cheap: only recipient and Message-ID are recorded.
const sink = await startSmtpSink({}, 0, { parse: false });
afterAll(() => sink.close());
const receiver = await startWebhookReceiver();
afterAll(() => receiver.close());

const readerEmail = (i: number): string => `reader${i}@example.com`;

const people = preparePeople();
const site = serveFixture(
  (path, now) => {
    const h = openDatabase(path);
    page(h.db, 'Load Test', 'UTC', now - DAY);
    const api = component(h.db, 'api', 'API', now - DAY, { position: 1 });
    const web = component(h.db, 'web', 'Website', now - DAY, { position: 2 });
    people(h.db, now, ['editor']);
    // An earlier incident, so the load has an incident page and feed entries from the start.
    const earlier = incident(h.db, {
      title: 'Slow website yesterday',
      startedAt: now - DAY,
      componentIds: [web],
      steps: [
        { at: now - DAY, status: 'investigating', body: 'Pages load slowly.', set: { [web]: 'degraded_performance' } },
        { at: now - DAY + HOUR, status: 'resolved', body: 'Fast again.', set: { [web]: 'operational' } },
      ],
    });
    // Written after the incident, so they are owed only the mails of the test's own updates.
    const subscriberIds = writeTransaction(h.db, (tx) =>
      Array.from({ length: SUBSCRIBERS }, (_, i) => subscriber(tx, readerEmail(i), 'active', now - DAY)),
    );
    writeTransaction(h.db, (tx) =>
      tx
        .insert(subscribers)
        .values(
          Array.from({ length: WEBHOOKS }, (_, i) => ({
            id: newPublicId(),
            email: `hook${i}@example.com`,
            channel: 'webhook' as const,
            endpoint: `${receiver.url}/hook${i}`,
            signingSecret: seal(tx, newSigningSecret(), now),
            state: 'active' as const,
            createdAt: now - DAY,
            updatedAt: now - DAY,
            confirmedAt: now - DAY,
          })),
        )
        .run(),
    );
    h.close();
    return { path, api, web, earlier: earlier.id, subscriberIds };
  },
  { SMTP_URL: sink.url, MAIL_FROM: 'Load Test <status@load.example>', MAIL_POOL_SIZE: String(MAIL_POOL), OUTBOUND_ALLOW_PRIVATE: 'true' },
);

/** What the public surface must show once a write's response has come back. */
interface Expected {
  /** The page banner, as the badge says it (lower case). */
  readonly page: string;
  readonly components: Readonly<Record<'api' | 'web', ComponentStatus>>;
  /** The incident's status and the text only its newest update contains; null for a write that is not an update. */
  readonly update: { readonly status: IncidentStatus; readonly marker: string } | null;
}

/** The incident from start to finish, one update per status, each moving the API's status. */
const UPDATES: readonly { readonly status: IncidentStatus; readonly api: ComponentStatus; readonly page: string }[] = [
  { status: 'investigating', api: 'partial_outage', page: 'minor service outage' },
  { status: 'identified', api: 'major_outage', page: 'partial system outage' },
  { status: 'monitoring', api: 'degraded_performance', page: 'partially degraded service' },
  { status: 'resolved', api: 'operational', page: 'all systems operational' },
];
const COMPONENT_LABELS: Readonly<Record<ComponentStatus, string>> = {
  operational: 'operational',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
  under_maintenance: 'under maintenance',
};

const ariaLabel = (svg: string): string => /aria-label="([^"]*)"/.exec(svg)?.[1] ?? '';

interface SummaryJson {
  status: { description: string };
  components: { name: string; status: ComponentStatus }[];
  incidents: { id: string; status: IncidentStatus; incident_updates: { body: string }[] }[];
}

/** A document as a revalidating cache keeps it. */
interface Stored {
  readonly etag: string;
  readonly body: string;
}

/**
 * Fetches each public document that must show the write and checks it does, on the first request
 * after the write returned. Each is asked as a revalidating cache would, with the ETag it had
 * before the write: a 304 (right for a document the write did not change, such as a badge of
 * another component) means "show what you kept", so the kept copy is what gets checked then.
 */
async function expectFresh(base: string, incidentId: string, expected: Expected, before: ReadonlyMap<string, Stored>): Promise<void> {
  const get = async (path: string): Promise<string> => {
    const kept = before.get(path);
    const res = await fetch(`${base}${path}`, { headers: kept ? { 'if-none-match': kept.etag } : {} });
    if (res.status === 304 && kept) return kept.body;
    expect(res.status, `${path} after the write`).toBe(200);
    return res.text();
  };
  const [home, summaryText, atom, badge, apiBadge, webBadge, incidentPage] = await Promise.all(
    freshPaths(incidentId).map((p) => get(p)),
  );
  const summary = JSON.parse(summaryText!) as SummaryJson;
  expect(summary.status.description.toLowerCase()).toBe(expected.page);
  expect(ariaLabel(badge!)).toBe(`status: ${expected.page}`);
  expect(ariaLabel(apiBadge!)).toBe(`API: ${COMPONENT_LABELS[expected.components.api]}`);
  expect(ariaLabel(webBadge!)).toBe(`Website: ${COMPONENT_LABELS[expected.components.web]}`);
  expect(publicComponentStatus(home!, 'api')).toBe(expected.components.api);
  expect(publicComponentStatus(home!, 'web')).toBe(expected.components.web);
  expect(summary.components.map((c) => [c.name, c.status])).toEqual([
    ['API', expected.components.api],
    ['Website', expected.components.web],
  ]);
  const open = summary.incidents.find((i) => i.id === incidentId);
  if (!expected.update) return;
  const { status, marker } = expected.update;
  expect(atom).toContain(marker);
  expect(incidentPage).toContain(marker);
  expect(/<li data-update="[^"]+" data-status="([a-z_]+)"/.exec(incidentPage!)?.[1]).toBe(status);
  if (status === 'resolved') {
    expect(open).toBeUndefined();
  } else {
    expect(open?.status).toBe(status);
    expect(open?.incident_updates[0]?.body).toContain(marker);
    expect(home).toContain(marker);
  }
}

const freshPaths = (incidentId: string): string[] => [
  '/',
  '/api/v2/summary.json',
  '/history.atom',
  '/badge.svg',
  '/components/api/badge.svg',
  '/components/web/badge.svg',
  `/incidents/${incidentId}`,
];

/** Each path as a cache would keep it now (fetch asks for compressed bodies, as the checks after the write do). */
async function snapshot(base: string, paths: readonly string[]): Promise<Map<string, Stored>> {
  const kept = new Map<string, Stored>();
  await Promise.all(
    paths.map(async (p) => {
      const res = await fetch(`${base}${p}`);
      const etag = res.headers.get('etag');
      const body = await res.text();
      if (res.status === 200 && etag) kept.set(p, { etag, body });
    }),
  );
  return kept;
}

/** The public paths the load cycles through (the new incident's page joins once it exists). */
const loadPaths = (earlier: string): string[] => [
  '/',
  '/api/v2/summary.json',
  '/api/v2/incidents.json',
  '/api/v2/components.json',
  '/badge.svg',
  '/components/api/badge.svg',
  '/history.atom',
  '/history.rss',
  '/history',
  `/incidents/${earlier}`,
  '/components/api',
  '/embed',
  '/embed.js',
  MISSING,
];

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What /health says about the outbox, e.g. "0 pending, 0 failed.". */
async function outboxDetail(base: string): Promise<string> {
  const health = (await (await fetch(`${base}/health`)).json()) as { checks: { outbox: { detail: string } } };
  return health.checks.outbox.detail;
}

describe('the public surface under load while an incident is published', () => {
  it('answers every request, shows each write on the next request, and mails every update once', async () => {
    const base = site.server().url;
    const { api, web, earlier, subscriberIds } = site.data();
    let incidentId: string | null = null;
    // A third of the requests revalidate, as browsers and feed readers do.
    const load = await forkLoad({ base, connections: CONNECTIONS, paths: loadPaths(earlier), encodings: ENCODINGS, revalidateEvery: 3 });
    let writes = 0;
    let report: LoadReport;
    let drainMs = 0;
    try {
      await new Promise((r) => setTimeout(r, WARM_UP_MS));
      const cookie = await signIn(base, 'editor');

      for (const [n, step] of UPDATES.entries()) {
        const marker = `loadmarker${n}x${Date.now().toString(36)}`;
        const message = `Step ${n + 1}: ${step.status}. ${marker}`;
        const before = incidentId ? await snapshot(base, freshPaths(incidentId)) : new Map<string, Stored>();
        const r: Reply = incidentId
          ? await send(base, `/admin/incidents/${incidentId}`, {
              cookie,
              form: { status: step.status, message, notify: 'on', [`component:${api}`]: step.api, intent: 'publish' },
            })
          : await send(base, '/admin/incidents/new', {
              cookie,
              form: { title: 'Checkout errors under load', severity: 'SEV2', impact: '', status: step.status, message, notify: 'on', [`component:${api}`]: step.api, [`component:${web}`]: '', intent: 'publish' },
            });
        expect(r.status, r.html).toBe(303);
        writes++;
        if (!incidentId) {
          incidentId = /\/admin\/incidents\/([0-9a-z]{12})/.exec(r.location ?? '')![1]!;
          load.addPath(`/incidents/${incidentId}`);
        }
        await expectFresh(base, incidentId, { page: step.page, components: { api: step.api, web: 'operational' }, update: { status: step.status, marker } }, before);
      }

      // A status set by hand, outside any incident: no mail, but every page shows it at once.
      const before = await snapshot(base, freshPaths(incidentId!));
      const manual = await send(base, `/admin/components/${web}`, { cookie, form: { intent: 'status', status: 'under_maintenance' } });
      expect(manual.status, manual.html).toBe(303);
      writes++;
      await expectFresh(base, incidentId!, { page: 'service under maintenance', components: { api: 'operational', web: 'under_maintenance' }, update: null }, before);

      // The load goes on while the outbox drains, until no delivery is left pending (none in flight either).
      const lastWrite = Date.now();
      await until(async () => (await outboxDetail(base)) === '0 pending, 0 failed.', 'the outbox to drain', 60_000);
      drainMs = Date.now() - lastWrite;
    } finally {
      report = await load.stop();
    }

    // Every load request answered: 200 or 304, or the 404 asked for; no connection errors.
    expect(report.failureCount, JSON.stringify(report.failures.slice(0, 10))).toBe(0);
    const unexpected = report.samples.filter((s) => (s.path === MISSING ? s.status !== 404 : s.status !== 200 && s.status !== 304));
    expect(unexpected.slice(0, 10)).toEqual([]);
    // Revalidation was exercised (the content stands still between writes).
    expect(report.samples.some((s) => s.status === 304)).toBe(true);

    // The outbox is empty: every delivery sent, none failed or cancelled.
    const updateIds = withDb(site.data().path, (db) =>
      db.select({ id: eventUpdates.id }).from(eventUpdates).where(eq(eventUpdates.eventId, incidentId!)).all().map((u) => u.id),
    );
    expect(updateIds).toHaveLength(UPDATES.length);
    const states = withDb(site.data().path, (db) => db.select({ state: deliveries.state }).from(deliveries).all().map((d) => d.state));
    // Mail: one per update. Webhooks: one per update, and a component_update per status change
    // (the API's at each update, then the website's by hand), as Statuspage sends them.
    const componentChanges = UPDATES.length + 1;
    expect(states).toEqual(Array(SUBSCRIBERS * UPDATES.length + WEBHOOKS * (UPDATES.length + componentChanges)).fill('sent'));

    // Every webhook subscriber got every update and every change exactly once, each under its own webhook-id.
    expect(receiver.requests).toHaveLength(WEBHOOKS * (UPDATES.length + componentChanges));
    const hooks = new Map<string, { ids: Set<string>; incident: number; component: number }>();
    for (const r of receiver.requests) {
      const hook = hooks.get(r.path) ?? { ids: new Set<string>(), incident: 0, component: 0 };
      hook.ids.add(String(r.headers['webhook-id']));
      if ('component_update' in (r.json as object)) hook.component++;
      else if ('incident' in (r.json as object)) hook.incident++;
      hooks.set(r.path, hook);
    }
    expect(hooks.size).toBe(WEBHOOKS);
    for (const hook of hooks.values()) expect(hook).toEqual({ ids: expect.any(Set), incident: UPDATES.length, component: componentChanges });
    expect([...hooks.values()].every((h) => h.ids.size === UPDATES.length + componentChanges)).toBe(true);

    // Every subscriber got every update exactly once: its own Message-ID for each, no repeats.
    const got = new Map<string, string[]>();
    for (const m of sink.received) got.set(m.to, [...(got.get(m.to) ?? []), m.messageId ?? '(none)']);
    expect(sink.received).toHaveLength(SUBSCRIBERS * UPDATES.length);
    for (const [i, id] of subscriberIds.entries()) {
      const expectedIds = updateIds.map((u) => `<update.${u}.${id}@127.0.0.1>`).sort();
      expect([...(got.get(readerEmail(i)) ?? [])].sort(), readerEmail(i)).toEqual(expectedIds);
    }

    // Nothing went wrong out of sight either: no request fell back from the fast path, no mail error.
    expect(site.server().output()).not.toMatch(/fast path:|outbox:|mail:|error/i);

    const ms = report.samples.map((s) => s.ms).sort((a, b) => a - b);
    console.log(
      `load: ${report.samples.length} requests over ${CONNECTIONS} connections in ${(report.ms / 1000).toFixed(1)} s ` +
        `(${Math.round(report.samples.length / (report.ms / 1000))} req/s), p50 ${percentile(ms, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(ms, 99).toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms; ${writes} writes, ` +
        `${sink.received.length} mails to ${SUBSCRIBERS} subscribers (pool ${MAIL_POOL}), ${receiver.requests.length} webhooks to ${WEBHOOKS}, outbox empty ${(drainMs / 1000).toFixed(1)} s after the last write`,
    );
  }, 120_000);
});
