import Database from 'better-sqlite3';
import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { eventUpdates, templates } from '../../db/schema.js';
import { COMPONENT_STATUSES } from '../../src/core/component-status.js';
import { EVENT_KINDS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../../src/core/incident-status.js';
import { IMPACTS } from '../../src/core/impact.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { toDateTimeLocal } from '../../src/core/time.js';
import { hashToken } from '../../src/server/auth/tokens.js';
import { COMPONENT_INTENTS } from '../../src/server/forms/component-submit.js';
import { POSTMORTEM_INTENTS } from '../../src/server/forms/postmortem-form.js';
import { MAX_BODY_BYTES } from '../../src/server/http/body-limit.js';
import { linkKey } from '../../src/server/subscribers/access.js';
import { linkToken } from '../../src/server/subscribers/links.js';
import { ensureTemplatesSeeded } from '../../src/server/templates/store.js';
import { signIn } from '../helpers/admin-pages.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE, page } from '../helpers/fixtures.js';
import { describeBody, EXTREME_YEARS, fuzzRuns, hostileBody, hostileString, type FuzzBody } from '../helpers/fuzz.js';
import { PEOPLE, preparePeople } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';
import { subscriber } from '../helpers/subscribers.js';

/**
 * Abuse and bad input over HTTP: every form route gets hostile POST bodies (random and repeated
 * fields, invalid UTF-8, random bytes, JSON, broken multipart, wrong or no content type) and
 * hostile path segments; public routes get hostile paths and query strings. Never a 5xx; after
 * every refused (4xx) POST the stored content is exactly what it was. Bodies over 1 MB get 413.
 */

const POST_RUNS = 40;
/** A year inside the dates the page accepts (up to five years ahead) yet far enough that the scheduler never starts the window mid-run. */
const PLANNED_YEAR = new Date().getUTCFullYear() + 3;
/** Dates with an extreme year, for the date fields' own test; the vocabularies carry a few too. */
const EXTREME_DATES = EXTREME_YEARS.map((y) => `${y}-06-20T22:00`);
const GET_RUNS = 40;
/** A confirmation token for the unconfirmed subscriber: only its hash is stored. */
const CONFIRM_TOKEN = 'fuzzconfirmtoken0000000000000000';

const insertPeople = preparePeople();

interface Site {
  readonly path: string;
  readonly api: string;
  readonly web: string;
  readonly platform: string;
  readonly openIncident: { id: string; reference: string };
  /** With its first update, and that update's time as the edit form shows it. */
  readonly resolvedIncident: { id: string; reference: string; updateId: string; displayAt: string };
  readonly maintenance: string;
  readonly template: string;
  /** Subscribers: one whose manage link is fuzzed, one whose unsubscribe link is, one quarantined for the admin actions. */
  readonly manageToken: string;
  readonly unsubscribeToken: string;
  readonly quarantined: string;
}

function writeSite(path: string, now: number): Site {
  const h = openDatabase(path);
  try {
    const db = h.db;
    // A zone with DST gaps, so datetime fields can name a time that does not exist.
    page(db, 'Fuzz', 'Europe/Berlin', now - 10 * DAY);
    const platform = group(db, 'platform', 'Platform', now - 10 * DAY);
    const api = component(db, 'api', 'API', now - 10 * DAY, { groupId: platform });
    const web = component(db, 'web', 'Website', now - 10 * DAY, { position: 2 });
    insertPeople(db, now, ['owner', 'changer']);
    const openIncident = incident(db, {
      title: 'API errors',
      startedAt: now - HOUR,
      componentIds: [api],
      steps: [{ at: now - HOUR, status: 'investigating', body: 'Looking.', set: { [api]: 'partial_outage' } }],
    });
    const resolved = incident(db, {
      title: 'Website slow',
      startedAt: now - 3 * DAY,
      componentIds: [web],
      steps: [
        { at: now - 3 * DAY, status: 'investigating', body: 'Looking.', set: { [web]: 'degraded_performance' } },
        { at: now - 3 * DAY + HOUR, status: 'resolved', body: 'Fixed.', set: { [web]: 'operational' } },
      ],
    });
    const first = db.select().from(eventUpdates).where(eq(eventUpdates.eventId, resolved.id)).orderBy(asc(eventUpdates.displayAt)).get()!;
    // Far ahead: the scheduler must not start it while content is being compared.
    const planned = maintenance(db, {
      title: 'Database upgrade',
      scheduledFor: now + 30 * DAY,
      scheduledUntil: now + 30 * DAY + 2 * HOUR,
      componentIds: [api],
      steps: [{ at: now - MINUTE, status: 'scheduled', body: 'Planned.' }],
    });
    // Seeded now: the first read seeds them, which a refused request must not be blamed for.
    ensureTemplatesSeeded(db, now);
    const template = db.select({ id: templates.id }).from(templates).all()[0]!.id;
    const key = linkKey(db, now);
    const manager = subscriber(db, 'manager@example.com', 'active', now - DAY);
    const leaver = subscriber(db, 'leaver@example.com', 'active', now - DAY);
    const quarantined = subscriber(db, 'bounced@example.com', 'quarantined', now - DAY);
    const pending = subscriber(db, 'pending@example.com', 'unconfirmed', now - MINUTE);
    h.sqlite.prepare('UPDATE subscribers SET confirm_token_hash = ?, confirm_expires_at = ? WHERE id = ?').run(hashToken(CONFIRM_TOKEN), now + DAY, pending);
    return {
      path,
      api,
      web,
      platform,
      openIncident,
      resolvedIncident: { ...resolved, updateId: first.id, displayAt: toDateTimeLocal(first.displayAt, 'Europe/Berlin') },
      maintenance: planned.id,
      template,
      manageToken: linkToken(key, 'manage', manager, 0),
      unsubscribeToken: linkToken(key, 'unsubscribe', leaver, 0),
      quarantined,
    };
  } finally {
    h.close();
  }
}

interface RawReply {
  readonly status: number;
  readonly body: string;
  readonly location: string | undefined;
}

/**
 * One request exactly as given: the path is not normalised or re-encoded (fetch would), and the
 * body is sent with its Content-Length. A connection the server closes after answering (as the
 * body limit does) still yields the answer.
 */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body?: Uint8Array): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers: body ? { ...headers, 'content-length': String(body.length) } : headers },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), location: res.headers.location }));
        res.on('error', reject);
      },
    );
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.end(body);
  });
}

describe('hostile input over HTTP', () => {
  // TRUST_PROXY: each request names its own client in X-Forwarded-For, so the per-client limits on
  // sign-in and subscribing do not turn every later request into a 429 before its form is read.
  const fixture = serveFixture(writeSite, { TRUST_PROXY: 'true' });
  const url = (): string => fixture.server().url;
  const d = (): Site => fixture.data();
  const cookies = { owner: '', changer: '' };
  let sqlite: Database.Database;
  let client = 0;

  beforeAll(async () => {
    cookies.owner = await signIn(url(), 'owner');
    cookies.changer = await signIn(url(), 'changer');
    sqlite = new Database(d().path, { readonly: true, fileMustExist: true });
  });
  afterAll(() => sqlite?.close());

  /** Tables a refused request must leave as they were (sessions, login failures, secrets and the outbox's progress may move). */
  const CONTENT_TABLES = [
    'page_settings',
    'components',
    'component_status_changes',
    'events',
    'event_updates',
    'update_component_changes',
    'event_components',
    'templates',
    'subscribers',
    'subscriber_components',
    'users',
    'audit_log',
    'content_version',
  ] as const;

  /** Row count and a hash of every row of every content table, plus how many mails are queued. */
  function snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const table of CONTENT_TABLES) {
      const rows = sqlite
        .prepare(`SELECT * FROM ${table}`)
        .all()
        .map((r) => JSON.stringify(r))
        .sort();
      out[table] = `${rows.length} rows, ${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`;
    }
    out.deliveries = `${(sqlite.prepare('SELECT count(*) AS n FROM deliveries').get() as { n: number }).n} rows`;
    return out;
  }

  const nextClient = (): string => {
    client += 1;
    return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
  };

  interface PostOptions {
    readonly cookie?: string;
    /** Leave the Origin out (a mail client's one-click unsubscribe sends none). */
    readonly noOrigin?: boolean;
  }

  function post(path: string, b: FuzzBody, o: PostOptions = {}): Promise<RawReply> {
    const headers: Record<string, string> = { 'x-forwarded-for': nextClient() };
    if (b.contentType !== null) headers['content-type'] = b.contentType;
    if (!o.noOrigin) headers.origin = url();
    if (o.cookie) headers.cookie = `beacon_session=${o.cookie}`;
    return rawRequest(url(), 'POST', path, headers, b.body);
  }

  /** Never a 5xx; a refusal says something and leaves every content table as it was. */
  async function expectSafePost(path: string, b: FuzzBody, o: PostOptions = {}): Promise<RawReply> {
    const before = snapshot();
    const reply = await post(path, b, o);
    const what = `POST ${path} with ${describeBody(b)}`;
    expect(reply.status, `${what}\n${reply.body.slice(0, 500)}`).toBeLessThan(500);
    if (reply.status >= 400) {
      // A request line with raw bytes outside printable ASCII, or longer than Node's header limit, never reaches the site: Node answers a bare 400 or 431.
      if (reply.body === '' && (/[^\x21-\x7e]/.test(path) || path.length > 8_000)) expect([400, 431], what).toContain(reply.status);
      else expect(reply.body.trim(), what).not.toBe('');
      expect(snapshot(), `${what}: a refused request changed stored content`).toEqual(before);
    }
    if (reply.status >= 300 && reply.status < 400) expect(reply.location ?? '', what).toMatch(/^\/(?![/\\])/);
    return reply;
  }

  /** Path segments a person would never type: percent-escapes of invalid UTF-8, dot segments, Latin-1 bytes, very long. */
  const hostileSegment: fc.Arbitrary<string> = fc.oneof(
    fc.webSegment().filter((s) => s.length > 0),
    hostileString().filter((s) => s.length > 0 && s.length < 3000).map((s) => encodeURIComponent(s.toWellFormed())),
    fc
      .array(fc.constantFrom('%', '%FF', '%C3', '%C3%28', '%zz', '%2F', '%5C', '%2e', '%00', '..', '.', 'a', 'Z', '0', '%E2%82', '%25', ';', '@', ':', '~', '!', '$', "'", '(', ')', '*', ',', '\\', '\u00e9', '\u00ff', '+', '=', '&'), {
        minLength: 1,
        maxLength: 12,
      })
      .map((parts) => parts.join('')),
    fc.constantFrom('..', '.', '%2e%2e', 'INC-1', 'x'.repeat(5000), 'a'.repeat(20_000)),
  );

  /** A route's real path (mostly) or, for a route with ids in it, one with a hostile segment in place of each. */
  const pathOf = (route: FormRoute): fc.Arbitrary<string> => {
    const real = fc.constant(null).map(() => route.real());
    const { hostile } = route;
    if (!hostile) return real;
    return fc.oneof(
      { weight: 4, arbitrary: real },
      { weight: 1, arbitrary: fc.array(hostileSegment, { minLength: hostile.ids, maxLength: hostile.ids }).map((segments) => hostile.path(...segments)) },
    );
  };

  const componentNames = (): string[] => [d().api, d().web, d().platform].map((id) => `component:${id}`);
  const statusValues = ['', ...COMPONENT_STATUSES];
  const ON = ['on', 'off', ''];

  interface FormRoute {
    readonly label: string;
    /** The path with real ids in it. */
    readonly real: () => string;
    /** The path with `ids` hostile segments in place of the ids. */
    readonly hostile?: { readonly ids: number; readonly path: (...segments: string[]) => string };
    readonly names: () => readonly string[];
    readonly vocabulary: () => readonly string[];
    /** A form the route accepts, to break a few fields of (none where success would spoil the other runs). */
    readonly valid?: () => Record<string, string>;
    readonly as?: keyof typeof cookies;
    readonly noOrigin?: boolean;
  }

  /** Every POST route, the fields its forms send and values they take. Order matters: routes whose valid input changes what later ones act on come last. */
  const ROUTES: readonly FormRoute[] = [
    {
      label: '/admin/login',
      real: () => '/admin/login',
      names: () => ['email', 'password', 'next'],
      vocabulary: () => [PEOPLE.owner.email, PEOPLE.owner.password, '/admin', '//evil.example', '/\\evil.example', 'https://evil.example/', '/admin/../x'],
      valid: () => ({ email: PEOPLE.owner.email, password: PEOPLE.owner.password, next: '/admin' }),
    },
    {
      label: '/admin/account',
      real: () => '/admin/account',
      names: () => ['current', 'next', 'confirm'],
      // Never the current password: a change would sign this session out for the remaining runs.
      vocabulary: () => ['short', 'a brand new passphrase', PEOPLE.owner.password],
      as: 'changer',
    },
    {
      label: '/admin/incidents/new',
      real: () => '/admin/incidents/new',
      names: () => ['title', 'severity', 'impact', 'status', 'message', 'notify', 'intent', ...componentNames()],
      vocabulary: () => [...SEVERITIES, ...IMPACTS, ...INCIDENT_STATUSES, ...statusValues, ...ON, 'publish', 'preview', 'Problems with {{components}}', 'We are looking into it.'],
      valid: () => ({
        title: 'Problems with {{components}}',
        severity: 'SEV2',
        impact: '',
        status: 'investigating',
        message: 'We are looking into {{components}}.',
        notify: 'on',
        [`component:${d().api}`]: 'major_outage',
        intent: 'publish',
      }),
    },
    {
      label: '/admin/incidents/[id]',
      real: () => `/admin/incidents/${d().openIncident.id}`,
      hostile: { ids: 1, path: (id) => `/admin/incidents/${id}` },
      names: () => ['status', 'message', 'notify', 'intent', ...componentNames()],
      vocabulary: () => [...INCIDENT_STATUSES, ...statusValues, ...ON, 'publish', 'preview', 'Still looking into {{components}}.'],
      valid: () => ({ status: 'identified', message: 'Found it.', notify: 'on', [`component:${d().api}`]: 'partial_outage', intent: 'publish' }),
    },
    {
      label: '/admin/incidents/[id]/updates/[update]',
      real: () => `/admin/incidents/${d().resolvedIncident.id}/updates/${d().resolvedIncident.updateId}`,
      hostile: { ids: 2, path: (id, update) => `/admin/incidents/${id}/updates/${update}` },
      names: () => ['message', 'displayAt', 'intent'],
      vocabulary: () => ['preview', 'save', 'Corrected.', '2026-03-29T02:30', '2099-01-01T00:00', '1999-01-01T00:00', ...EXTREME_DATES],
      valid: () => ({ message: 'Corrected.', displayAt: d().resolvedIncident.displayAt, intent: 'save' }),
    },
    {
      label: '/admin/incidents/[id]/postmortem',
      real: () => `/admin/incidents/${d().resolvedIncident.id}/postmortem`,
      hostile: { ids: 1, path: (id) => `/admin/incidents/${id}/postmortem` },
      names: () => ['body', 'intent', 'notify'],
      vocabulary: () => [...POSTMORTEM_INTENTS, ...ON, '## What happened\n\nA disk filled up.', '[[What happened?]]'],
      valid: () => ({ body: '## What happened\n\nA disk filled up.', intent: 'draft' }),
    },
    {
      label: '/admin/incidents/[id]/delete',
      real: () => `/admin/incidents/${d().openIncident.id}/delete`,
      hostile: { ids: 1, path: (id) => `/admin/incidents/${id}/delete` },
      names: () => ['confirm'],
      // Not the reference itself: deleting the incident would leave the other routes nothing to act on.
      vocabulary: () => ['INC-0', 'inc-', d().resolvedIncident.reference],
    },
    {
      label: '/admin/incidents/backfill',
      real: () => '/admin/incidents/backfill',
      names: () => ['title', 'severity', 'startedAt', 'updates', ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`update${n}.status`, `update${n}.at`, `update${n}.message`]), ...componentNames()],
      vocabulary: () => [...SEVERITIES, ...INCIDENT_STATUSES, ...statusValues, '2025-06-01T10:00', '2025-06-01T11:00', '2026-03-29T02:30', '2099-01-01T00:00', ...EXTREME_DATES, 'It broke.'],
      valid: () => ({
        title: 'Search was down',
        severity: 'SEV1',
        startedAt: '2025-06-01T10:00',
        [`component:${d().api}`]: 'major_outage',
        'update1.status': 'investigating',
        'update1.at': '2025-06-01T10:05',
        'update1.message': 'Looking.',
        'update2.status': 'resolved',
        'update2.at': '2025-06-01T11:00',
        'update2.message': 'Fixed.',
      }),
    },
    {
      label: '/admin/maintenance/new',
      real: () => '/admin/maintenance/new',
      names: () => ['title', 'message', 'starts_at', 'ends_at', 'notify', 'auto_start', 'auto_complete', ...[d().api, d().web, 'nope'].map((id) => `affects:${id}`)],
      // Only windows years ahead are valid: the scheduler must not start one mid-comparison.
      vocabulary: () => [...ON, `${PLANNED_YEAR}-06-20T22:00`, `${PLANNED_YEAR}-06-21T02:00`, `${PLANNED_YEAR}-03-26T02:30`, '2000-01-01T00:00', ...EXTREME_DATES, 'Database upgrade', 'We upgrade the database.'],
      valid: () => ({
        title: 'Database upgrade',
        message: 'We upgrade the database.',
        starts_at: `${PLANNED_YEAR}-06-20T22:00`,
        ends_at: `${PLANNED_YEAR}-06-21T02:00`,
        [`affects:${d().api}`]: 'on',
        notify: 'on',
        auto_start: 'on',
        auto_complete: 'on',
      }),
    },
    {
      label: '/admin/maintenance/[id]',
      real: () => `/admin/maintenance/${d().maintenance}`,
      hostile: { ids: 1, path: (id) => `/admin/maintenance/${id}` },
      names: () => ['status', 'message', 'notify', 'intent', ...componentNames()],
      vocabulary: () => [...MAINTENANCE_STATUSES, ...statusValues, ...ON, 'publish', 'preview', 'Work goes on.'],
      valid: () => ({ status: 'scheduled', message: 'Still planned.', intent: 'publish' }),
    },
    {
      label: '/admin/components/new',
      real: () => '/admin/components/new',
      names: () => ['kind', 'name', 'slug', 'description', 'group', 'start_date', 'showcase', 'only_if_degraded'],
      vocabulary: () => ['component', 'group', ...ON, 'Payments', 'payments', 'api', 'a--b', '2026-01-31', ...EXTREME_YEARS.map((y) => `${y}-01-31`), d().platform, d().api],
      valid: () => ({ kind: 'component', name: 'Payments', slug: '', description: '', group: d().platform, start_date: '', showcase: 'on' }),
    },
    {
      label: '/admin/components/[id]',
      real: () => `/admin/components/${d().web}`,
      hostile: { ids: 1, path: (id) => `/admin/components/${id}` },
      names: () => ['intent', 'status', 'kind', 'name', 'slug', 'description', 'group', 'start_date', 'showcase', 'only_if_degraded'],
      vocabulary: () => [...COMPONENT_INTENTS, ...COMPONENT_STATUSES, ...ON, 'Website', 'web', 'api', d().platform, d().web, '2026-01-31', ...EXTREME_YEARS.map((y) => `${y}-01-31`)],
      valid: () => ({ intent: 'save', name: 'Website', slug: 'web', description: '', group: '', start_date: '', showcase: 'on' }),
    },
    {
      label: '/admin/settings',
      real: () => '/admin/settings',
      names: () => ['name', 'url', 'time_zone', 'description', 'support_url', 'brand_color', 'logo_url', ...SEVERITIES.map((s) => `cadence:${s}`)],
      vocabulary: () => ['Fuzz', 'Europe/Berlin', 'europe/berlin', 'Etc/GMT+14', '+05:30', 'https://status.example.com', 'mailto:help@example.com', '/logo.svg', '#1f6feb', '30', '0', '10081'],
      valid: () => ({ name: 'Fuzz', url: '', time_zone: 'Europe/Berlin', description: '', support_url: '', brand_color: '', logo_url: '', 'cadence:SEV1': '30' }),
    },
    {
      label: '/admin/templates',
      real: () => '/admin/templates',
      names: () => ['move', 'id'],
      vocabulary: () => ['up', 'down', d().template],
      valid: () => ({ move: 'down', id: d().template }),
    },
    {
      label: '/admin/templates/new',
      real: () => '/admin/templates/new',
      names: () => ['kind', 'name', 'status', 'title', 'body'],
      vocabulary: () => [...EVENT_KINDS, ...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES, 'Investigating', '{{components}}', '{{nope}}', 'We are on it.'],
      valid: () => ({ kind: 'incident', name: 'Fuzzed', status: 'identified', title: 'Problems', body: 'We found it.' }),
    },
    {
      label: '/admin/templates/[id]',
      real: () => `/admin/templates/${d().template}`,
      hostile: { ids: 1, path: (id) => `/admin/templates/${id}` },
      names: () => ['intent', 'confirm', 'kind', 'name', 'status', 'title', 'body'],
      vocabulary: () => [...EVENT_KINDS, ...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES, 'delete', 'save', 'on', 'Investigating', '{{components}}', 'We are on it.'],
      valid: () => ({ intent: 'save', kind: 'incident', name: 'Investigating', status: 'investigating', title: 'Problems with {{components}}', body: 'We are on it.' }),
    },
    {
      label: '/subscribe',
      real: () => '/subscribe',
      names: () => ['email', 'scope', 'website', ...componentNames(), 'component:nope'],
      vocabulary: () => ['all', 'some', 'on', 'ann@example.com', 'manager@example.com', 'bounced@example.com', 'a b@example.com', `${'a'.repeat(250)}@example.com`],
      valid: () => ({ email: 'ann@example.com', scope: 'some', [`component:${d().api}`]: 'on' }),
    },
    {
      label: '/subscriptions/[token]',
      real: () => `/subscriptions/${d().manageToken}`,
      hostile: { ids: 1, path: (token) => `/subscriptions/${token}` },
      // `intent=unsubscribe` is left out: it would end the subscription the rest of the runs manage.
      names: () => ['intent', 'scope', ...componentNames(), 'component:nope'],
      vocabulary: () => ['save', 'all', 'some', 'on'],
      valid: () => ({ intent: 'save', scope: 'some', [`component:${d().web}`]: 'on' }),
    },
    {
      label: '/subscribe/confirm/[token]',
      real: () => `/subscribe/confirm/${CONFIRM_TOKEN}`,
      hostile: { ids: 1, path: (token) => `/subscribe/confirm/${token}` },
      names: () => ['token'],
      vocabulary: () => [],
    },
    {
      label: '/unsubscribe/[token]',
      real: () => `/unsubscribe/${d().unsubscribeToken}`,
      hostile: { ids: 1, path: (token) => `/unsubscribe/${token}` },
      names: () => ['List-Unsubscribe'],
      vocabulary: () => ['One-Click'],
      noOrigin: true,
    },
    {
      label: '/admin/subscribers',
      real: () => '/admin/subscribers',
      names: () => ['intent', 'id'],
      vocabulary: () => ['remove', 'reactivate', 'resend', 'retry_failed', d().quarantined, 'toString', '__proto__'],
      valid: () => ({ intent: 'reactivate', id: d().quarantined }),
    },
  ];

  /** The admin area is posted to signed in (as the owner unless the route says otherwise); sign-in and the public forms are not. */
  const cookieFor = (route: FormRoute): string | undefined =>
    route.label.startsWith('/admin/') && route.label !== '/admin/login' ? cookies[route.as ?? 'owner'] : undefined;

  /** How many inputs each route was sent, by the status it answered, for the report at the end. */
  const tried: Record<string, Record<number, number>> = {};
  const tally = (route: string, status: number): void => {
    const byStatus = (tried[route] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };

  for (const route of ROUTES) {
    it(`POST ${route.label}: never a 5xx; a refusal changes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constant(null).chain(() => fc.tuple(pathOf(route), hostileBody(route.names(), route.vocabulary(), route.valid?.()))),
          async ([path, body]) => {
            tally(`POST ${route.label}`, (await expectSafePost(path, body, { cookie: cookieFor(route), noOrigin: route.noOrigin })).status);
          },
        ),
        fuzzRuns(POST_RUNS),
      );
    });
  }

  /**
   * Each date field, in an otherwise valid form, with a far-past (0026, 0100, 1850), far-future
   * (9999, 275760) or malformed year: a 4xx whose page says why in a sentence, nothing changed.
   */
  it('refuses every date field with an extreme year with a 4xx and a sentence; nothing changes', async () => {
    const WHY = /too far in the (past|future); choose one between \w{3} \d{1,2}, \d{4} and \w{3} \d{1,2}, \d{4}\.|Enter a date and time such as \d{4}|Give the (start|end) as a date and time|Give the start date as YYYY-MM-DD/;
    const cases = ROUTES.flatMap((route) =>
      (['startedAt', 'update2.at', 'starts_at', 'ends_at', 'displayAt', 'start_date'] as const)
        .filter((field) => route.valid && field in route.valid())
        .flatMap((field) => EXTREME_YEARS.map((year) => ({ route, field, value: field === 'start_date' ? `${year}-01-31` : `${year}-06-20T22:00` }))),
    );
    expect(new Set(cases.map((c) => c.route.label))).toEqual(new Set(['/admin/incidents/[id]/updates/[update]', '/admin/incidents/backfill', '/admin/maintenance/new', '/admin/components/new', '/admin/components/[id]']));
    for (const { route, field, value } of cases) {
      const form = { ...route.valid!(), [field]: value };
      const body: FuzzBody = { kind: `${field}=${value}`, contentType: 'application/x-www-form-urlencoded', body: new TextEncoder().encode(new URLSearchParams(form).toString()) };
      const reply = await expectSafePost(route.real(), body, { cookie: cookieFor(route) });
      const what = `POST ${route.label} ${field}=${value}`;
      expect(reply.status, what).toBeGreaterThanOrEqual(400);
      expect(reply.status, what).toBeLessThan(500);
      expect(reply.body, what).toMatch(WHY);
    }
  });

  it('other methods with a form body never get a 5xx and never change anything', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() =>
          fc
            .constantFrom(...ROUTES)
            .chain((route) => fc.tuple(fc.constant(route), pathOf(route), fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS', 'GET', 'HEAD'), hostileBody(route.names(), route.vocabulary(), route.valid?.()))),
        ),
        async ([route, path, method, b]) => {
          const before = snapshot();
          const headers: Record<string, string> = { origin: url(), 'x-forwarded-for': nextClient() };
          if (b.contentType !== null) headers['content-type'] = b.contentType;
          const cookie = cookieFor(route);
          if (cookie) headers.cookie = `beacon_session=${cookie}`;
          // GET and HEAD carry no body in practice; the others send the form as POST would.
          const reply = await rawRequest(url(), method, path, headers, method === 'GET' || method === 'HEAD' ? undefined : b.body);
          tally(`${method} (any form route)`, reply.status);
          const what = `${method} ${path} with ${describeBody(b)}`;
          expect(reply.status, `${what}\n${reply.body.slice(0, 500)}`).toBeLessThan(500);
          expect(snapshot(), `${what} changed stored content`).toEqual(before);
        },
      ),
      fuzzRuns(POST_RUNS * 2),
    );
  });

  it('refuses a body over 1 MB with 413 on every POST route, and one just under it without a 5xx; nothing changes', async () => {
    const over = new TextEncoder().encode(`message=${'a'.repeat(MAX_BODY_BYTES)}`);
    const under = new TextEncoder().encode(`title=${'%FF'.repeat(20_000)}&message=${'a'.repeat(MAX_BODY_BYTES - 80_000)}&body=x`);
    for (const route of ROUTES) {
      const path = route.real();
      const cookie = cookieFor(route);
      const before = snapshot();
      const big = await post(path, { kind: 'over the limit', contentType: 'application/x-www-form-urlencoded', body: over }, { cookie });
      expect(big.status, `POST ${path}`).toBe(413);
      expect(big.body).toContain('Nothing was saved');
      expect(snapshot()).toEqual(before);
      await expectSafePost(path, { kind: 'just under the limit', contentType: 'application/x-www-form-urlencoded', body: under }, { cookie });
    }
  });

  it('refuses a body sent without a length (chunked) with 411', async () => {
    const before = snapshot();
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(url());
      const req = httpRequest(
        { host: u.hostname, port: u.port, method: 'POST', path: '/subscribe', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url(), 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('email=ann%40example.com');
      req.end('&scope=all');
    });
    expect(status).toBe(411);
    expect(snapshot()).toEqual(before);
  });

  /** A query string of hostile names and values, percent-escaped or deliberately broken. */
  const hostileQuery = (names: readonly string[], vocabulary: readonly string[]): fc.Arbitrary<string> =>
    fc
      .array(
        fc.tuple(
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: hostileSegment }),
          fc.oneof(
            { weight: 3, arbitrary: hostileString(vocabulary).filter((s) => s.length < 4000).map((s) => encodeURIComponent(s.toWellFormed())) },
            { weight: 1, arbitrary: hostileSegment },
          ),
        ),
        { maxLength: 4 },
      )
      .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

  const PAGE_VALUES = ['1', '2', '0', '-1', '999999', '1.5', '1e3', ''];

  /** Public (and a few admin) GET routes with hostile path segments and query strings. */
  const GET_ROUTES: readonly { label: string; path: fc.Arbitrary<string>; as?: keyof typeof cookies }[] = [
    { label: '/', path: hostileQuery(['page', 'x'], PAGE_VALUES).map((q) => `/${q}`) },
    { label: '/history', path: hostileQuery(['page'], PAGE_VALUES).map((q) => `/history${q}`) },
    {
      label: '/components/[slug]',
      path: fc.tuple(fc.oneof(fc.constantFrom('api', 'web', 'platform'), hostileSegment), hostileQuery(['page'], PAGE_VALUES)).map(([s, q]) => `/components/${s}${q}`),
    },
    { label: '/incidents/[id]', path: fc.oneof(fc.constant(null).map(() => d().openIncident.id), fc.constantFrom('INC-1', 'inc-2'), hostileSegment).map((s) => `/incidents/${s}`) },
    {
      label: '/api/v2/[...path]',
      path: fc
        .tuple(fc.array(fc.oneof(fc.constantFrom('summary.json', 'status.json', 'components.json', 'incidents.json', 'incidents', 'unresolved.json', 'scheduled-maintenances'), hostileSegment), { minLength: 1, maxLength: 3 }), hostileQuery(['page', 'limit'], PAGE_VALUES))
        .map(([segments, q]) => `/api/v2/${segments.join('/')}${q}`),
    },
    {
      label: '/badge.[format]',
      path: fc
        .tuple(fc.oneof(fc.constantFrom('svg', 'json'), hostileSegment), hostileQuery(['label', 'style'], ['flat', 'flat-square', 'for-the-badge', 'plastic', 'social', 'Status', '']))
        .map(([f, q]) => `/badge.${f}${q}`),
    },
    {
      label: '/components/[slug]/badge.[format]',
      path: fc
        .tuple(fc.oneof(fc.constantFrom('api', 'platform', 'x'), hostileSegment), fc.oneof(fc.constantFrom('svg', 'json'), hostileSegment), hostileQuery(['label', 'style'], ['flat', 'plastic', 'Status']))
        .map(([s, f, q]) => `/components/${s}/badge.${f}${q}`),
    },
    {
      label: '/history.[format] and component feeds',
      path: fc
        .tuple(fc.oneof(fc.constant(''), fc.constantFrom('/components/api', '/components/nope'), hostileSegment.map((s) => `/components/${s}`)), fc.oneof(fc.constantFrom('rss', 'atom'), hostileSegment), hostileQuery(['page'], PAGE_VALUES))
        .map(([prefix, f, q]) => `${prefix}/history.${f}${q}`),
    },
    { label: '/embed', path: hostileQuery(['theme', 'lang', 'component'], ['dark', 'light', 'api']).map((q) => `/embed${q}`) },
    { label: '/embed.js', path: hostileQuery(['v'], ['1']).map((q) => `/embed.js${q}`) },
    { label: '/subscribe', path: hostileQuery(['component', 'sent'], ['api', '1']).map((q) => `/subscribe${q}`) },
    {
      label: 'admin pages with hostile queries',
      as: 'owner',
      path: fc
        .tuple(
          fc.constantFrom('/admin', '/admin/audit', '/admin/subscribers', '/admin/incidents/new', '/admin/maintenance/new', '/admin/templates/new', '/admin/settings', '/admin/login', '/admin/subscribers.csv'),
          hostileQuery(['deleted', 'page', 'q', 'state', 'action', 'template', 'kind', 'next', 'saved', 'notice', 'done', 'from', 'to'], ['INC-1', 'resolved', 'incident', 'maintenance', '1']),
        )
        .map(([p, q]) => `${p}${q}`),
    },
  ];

  for (const route of GET_ROUTES) {
    it(`GET ${route.label}: hostile paths and queries never get a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(route.path, fc.constantFrom('GET', 'HEAD'), async (path, method) => {
          const headers: Record<string, string> = route.as ? { cookie: `beacon_session=${cookies[route.as]}` } : {};
          const reply = await rawRequest(url(), method, path, headers);
          tally(`GET ${route.label}`, reply.status);
          expect(reply.status, `${method} ${path}\n${reply.body.slice(0, 500)}`).toBeLessThan(500);
        }),
        fuzzRuns(GET_RUNS),
      );
    });
  }

  /** Characters XML 1.0 does not allow anywhere, CDATA included: one of them makes the whole document unreadable to a feed reader or an image decoder. */
  // eslint-disable-next-line no-control-regex
  const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

  it('text with control characters that a form accepts never makes a feed or a badge malformed XML', async () => {
    const owner = { cookie: cookies.owner };
    const urlencoded = (form: Record<string, string>): FuzzBody => ({ kind: 'urlencoded', contentType: 'application/x-www-form-urlencoded', body: new TextEncoder().encode(new URLSearchParams(form).toString()) });
    const component = await expectSafePost('/admin/components/new', urlencoded({ kind: 'component', name: 'Queue\u0008workers', slug: 'queue', showcase: 'on' }), owner);
    const incident = await expectSafePost(
      '/admin/incidents/new',
      urlencoded({ title: 'Jobs\u0001delayed', severity: 'SEV3', impact: '', status: 'investigating', message: 'Jobs wait\u000b in the queue.', notify: '', intent: 'publish' }),
      owner,
    );
    const documents = [
      ...(component.status === 303 ? ['/components/queue/badge.svg', '/components/queue/history.rss'] : []),
      ...(incident.status === 303 ? ['/history.rss', '/history.atom'] : []),
    ];
    const malformed: string[] = [];
    for (const path of documents) {
      const reply = await rawRequest(url(), 'GET', path, {});
      expect(reply.status, path).toBe(200);
      const at = NOT_XML.exec(reply.body)?.index;
      if (at !== undefined) malformed.push(`${path}: ${JSON.stringify(reply.body.slice(Math.max(0, at - 30), at + 10))}`);
    }
    expect(malformed, 'documents with a character XML forbids').toEqual([]);
  });

  it('kept the server up and wrote no stack traces', () => {
    expect(fixture.server().process.exitCode).toBeNull();
    expect(fixture.server().output()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    // What was tried: inputs per route, by the status they got.
    const lines = Object.entries(tried).map(([route, byStatus]) => {
      const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
      return `${String(total).padStart(4)}  ${route}  ${JSON.stringify(byStatus)}`;
    });
    console.log(lines.join('\n'));
  });
});
