import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { deliveries, subscribers } from '../../db/schema.js';
import { component, incident, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { serveFixture } from '../helpers/server.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';

// A real SMTP server the site delivers to; the site drains its outbox in the same process.
const sink = await startSmtpSink();
afterAll(() => sink.close());

const site = serveFixture(
  (path, now) => {
    const h = openDatabase(path);
    page(h.db, 'Acme', 'UTC', now);
    const ids = { api: component(h.db, 'api', 'API', now), web: component(h.db, 'web', 'Website', now, { position: 2 }) };
    h.close();
    return { path, ids };
  },
  { SMTP_URL: sink.url, MAIL_FROM: 'Acme Status <status@acme.example>' },
);

/** Runs `fn` against the fixture's database file (the server has it open too: WAL allows both). */
function withDb<T>(fn: (db: ReturnType<typeof openDatabase>['db']) => T): T {
  const h = openDatabase(site.data().path);
  try {
    return fn(h.db);
  } finally {
    h.close();
  }
}

const mailTo = (address: string, from = 0): Promise<ParsedMail> => waitForMail((m) => addressOf(m) === address, from);
const addressOf = (m: ParsedMail): string => (Array.isArray(m.to) ? m.to[0]! : m.to!).value[0]!.address!;
async function waitForMail(match: (m: ParsedMail) => boolean, from: number): Promise<ParsedMail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = sink.messages.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no such mail arrived within 15 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const linkIn = (m: ParsedMail, path: string): string => {
  const found = new RegExp(`http://127\\.0\\.0\\.1:\\d+(${path}/[0-9a-z.]+)`).exec(m.text ?? '');
  if (!found) throw new Error(`no ${path} link in:\n${m.text}`);
  return found[1]!;
};
const subscriber = (email: string): typeof subscribers.$inferSelect | undefined =>
  withDb((db) => db.select().from(subscribers).where(eq(subscribers.email, email)).get());

async function subscribeAndConfirm(email: string, form: Record<string, string> = { scope: 'all' }): Promise<void> {
  const before = sink.messages.length;
  const res = await send(site.server().url, '/subscribe', { form: { email, ...form } });
  expect(res.status).toBe(303);
  const confirmPath = linkIn(await mailTo(email, before), '/subscribe/confirm');
  const confirmed = await send(site.server().url, confirmPath, { form: {} });
  expect(confirmed.status).toBe(200);
}

describe('subscribing by email', () => {
  it('shows the form with every component and links to it from every page', async () => {
    const res = await send(site.server().url, '/subscribe');
    expect(res.status).toBe(200);
    expect(res.html).toContain('name="email"');
    expect(res.html).toContain(`name="component:${site.data().ids.api}"`);
    expect((await send(site.server().url, '/')).html).toContain('href="/subscribe"');
    const componentPage = await send(site.server().url, '/components/api');
    expect(componentPage.html).toContain('href="/subscribe?component=api"');
    const preselected = await send(site.server().url, '/subscribe?component=api');
    expect(preselected.html).toMatch(new RegExp(`name="component:${site.data().ids.api}" checked`));
  });

  it('double opt-in: a confirmation mail, a confirm button, then the update mails', async () => {
    const before = sink.messages.length;
    const res = await send(site.server().url, '/subscribe', { form: { email: 'Ann@Example.com', scope: 'some', [`component:${site.data().ids.api}`]: 'on' } });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/subscribe?sent=1');
    expect((await send(site.server().url, res.location!)).html).toContain('Check your inbox');
    expect(subscriber('ann@example.com')?.state).toBe('unconfirmed');

    const confirm = await mailTo('ann@example.com', before);
    const path = linkIn(confirm, '/subscribe/confirm');
    // Opening the link (a mail scanner would) does not confirm.
    const opened = await send(site.server().url, path);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('Confirm subscription');
    expect(subscriber('ann@example.com')?.state).toBe('unconfirmed');
    const pressed = await send(site.server().url, path, { form: {} });
    expect(pressed.html).toContain('You are subscribed');
    expect(pressed.html).toMatch(/href="\/subscriptions\/[0-9a-z]{12}\.[a-z2-7]{32}"/);
    expect(subscriber('ann@example.com')?.state).toBe('active');
    expect((await send(site.server().url, path, { form: {} })).status).toBe(404);

    const count = sink.messages.length;
    withDb((db) => {
      const now = Date.now();
      incident(db, { title: 'Website slow', startedAt: now, componentIds: [site.data().ids.web], steps: [{ at: now, status: 'investigating', body: 'Web only.' }] });
      incident(db, { title: 'API errors', startedAt: now, componentIds: [site.data().ids.api], steps: [{ at: now, status: 'investigating', body: 'API trouble.' }] });
    });
    const update = await waitForMail((m) => addressOf(m) === 'ann@example.com' && (m.text ?? '').includes('API trouble.'), count);
    expect(update.subject).toBe('[Acme] API errors');
    // Ann chose the API only: the website incident is not hers.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sink.messages.slice(count).filter((m) => addressOf(m) === 'ann@example.com' && (m.text ?? '').includes('Web only.'))).toEqual([]);
  });

  it('answers the same whether or not the address is already subscribed', async () => {
    await subscribeAndConfirm('known@example.com');
    const known = await send(site.server().url, '/subscribe', { form: { email: 'known@example.com', scope: 'all' } });
    const unknown = await send(site.server().url, '/subscribe', { form: { email: 'stranger@example.com', scope: 'all' } });
    expect([known.status, known.location, known.html]).toEqual([unknown.status, unknown.location, unknown.html]);
    expect(subscriber('known@example.com')?.state).toBe('active');
  });

  it('keeps the input and explains a bad address; stores nothing', async () => {
    const res = await send(site.server().url, '/subscribe', { form: { email: 'x" onfocus="alert(1)', scope: 'all' } });
    expect(res.status).toBe(400);
    expect(res.html).toContain('does not look like an email address');
    // Kept for correcting, and still only a value: the quote cannot close the attribute.
    expect(res.html).toContain('value="x&#34; onfocus=&#34;alert(1)"');
    const none = await send(site.server().url, '/subscribe', { form: { email: 'x@example.com', scope: 'some' } });
    expect(none.status).toBe(400);
    expect(none.html).toContain('Pick at least one component');
    expect(subscriber('x@example.com')).toBeUndefined();
  });

  it('stores nothing for a bot that fills the hidden field, and tells it the same as a person', async () => {
    const res = await send(site.server().url, '/subscribe', { form: { email: 'bot@example.com', scope: 'all', website: 'http://spam.example' } });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/subscribe?sent=1');
    expect(subscriber('bot@example.com')).toBeUndefined();
  });

  it('refuses a subscribe form posted from another site', async () => {
    const res = await send(site.server().url, '/subscribe', { form: { email: 'csrf@example.com', scope: 'all' }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(subscriber('csrf@example.com')).toBeUndefined();
  });
});

describe('leaving and changing', () => {
  it('unsubscribes with a one-click POST from the mail provider (no Origin, no page)', async () => {
    await subscribeAndConfirm('oneclick@example.com');
    const count = sink.messages.length;
    withDb((db) => {
      const now = Date.now();
      incident(db, { title: 'Brief blip', startedAt: now, componentIds: [site.data().ids.api], steps: [{ at: now, status: 'investigating', body: 'Blip.' }] });
    });
    const mail = await mailTo('oneclick@example.com', count);
    const header = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const url = /<([^>]+)>/.exec(header)![1]!;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(subscriber('oneclick@example.com')?.state).toBe('unsubscribed');
    // Nothing owed to the address is sent any more.
    const pending = withDb((db) => db.select().from(deliveries).where(eq(deliveries.subscriberId, subscriber('oneclick@example.com')!.id)).all().filter((d) => d.state === 'pending'));
    expect(pending).toEqual([]);
  });

  it('lets the holder of the manage link change components or leave; other links do nothing', async () => {
    const before = sink.messages.length;
    await subscribeAndConfirm('manage@example.com');
    const confirmMail = await mailTo('manage@example.com', before);
    expect(confirmMail).toBeTruthy();
    const id = subscriber('manage@example.com')!.id;
    const confirmedPage = await send(site.server().url, linkIn(confirmMail, '/subscribe/confirm'), { form: {} });
    expect(confirmedPage.status).toBe(404); // used already
    // The manage link arrives with the first update mail.
    const count = sink.messages.length;
    withDb((db) => {
      const now = Date.now();
      incident(db, { title: 'Manage test', startedAt: now, componentIds: [site.data().ids.api], steps: [{ at: now, status: 'investigating', body: 'M.' }] });
    });
    const managePath = linkIn(await mailTo('manage@example.com', count), '/subscriptions');
    expect(managePath.startsWith(`/subscriptions/${id}.`)).toBe(true);

    const view = await send(site.server().url, managePath);
    expect(view.status).toBe(200);
    expect(view.html).toContain('manage@example.com');
    const saved = await send(site.server().url, managePath, { form: { intent: 'save', scope: 'some', [`component:${site.data().ids.web}`]: 'on' } });
    expect(saved.status).toBe(303);
    expect(subscriber('manage@example.com')?.allComponents).toBe(false);

    // A forged or altered link is not found and changes nothing.
    const forged = managePath.slice(0, -4) + 'aaaa';
    expect((await send(site.server().url, forged)).status).toBe(404);
    expect((await send(site.server().url, forged, { form: { intent: 'unsubscribe' } })).status).toBe(404);
    // The unsubscribe link of this subscriber is not a manage link, and vice versa.
    const unsubscribePath = managePath.replace('/subscriptions/', '/unsubscribe/');
    expect((await send(site.server().url, unsubscribePath, { form: {} })).status).toBe(404);
    expect(subscriber('manage@example.com')?.state).toBe('active');

    const left = await send(site.server().url, managePath, { form: { intent: 'unsubscribe' } });
    expect(left.status).toBe(200);
    expect(left.html).toContain('You are unsubscribed');
    expect(subscriber('manage@example.com')?.state).toBe('unsubscribed');
    expect((await send(site.server().url, managePath)).status).toBe(404);
  });
});
