import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { createUser } from '../../src/server/auth/users.js';
import { browserAvailable, useChromium } from '../helpers/browser.js';
import { component, DAY, page as pageSettings } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { serveFixture } from '../helpers/server.js';
import { signIn } from '../helpers/admin-pages.js';
import { preparePeople } from '../helpers/people.js';
import { subscriber } from '../helpers/subscribers.js';

const people = preparePeople();
const fixture = serveFixture(async (path, now) => {
  const h = openDatabase(path);
  pageSettings(h.db, 'Preview', 'UTC', now - DAY);
  component(h.db, 'api', 'API', now - DAY);
  const web = component(h.db, 'web', 'Website', now - DAY, { position: 2 });
  subscriber(h.db, 'all@example.com', 'active', now - DAY);
  subscriber(h.db, 'web@example.com', 'active', now - DAY, { componentIds: [web] });
  people(h.db, now);
  await createUser(h.db, { email: 'lee@example.com', name: 'Lee', role: 'editor', password: 'editor passphrase for chromium' }, SYSTEM, now);
  h.close();
});

describe('/admin/preview', () => {
  it('renders Markdown as customers would see it, sanitised, for writers only', async () => {
    const base = fixture.server().url;
    const res = await send(base, '/admin/preview', { cookie: await signIn(base, 'editor'), form: { message: '**Down** <img src=x onerror=alert(1)> [x](javascript:alert(1))' } });
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.html) as { html: string; recipients: string };
    expect(answer.html).toContain('<strong>Down</strong>');
    expect(answer.html).not.toMatch(/onerror|javascript:|<img/i);
    expect(answer.recipients).toBe('2 subscribers will be notified');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const titled = await send(base, '/admin/preview', { cookie: await signIn(base, 'editor'), form: { title: '<b>{{components}}</b> down', message: 'x' } });
    expect((JSON.parse(titled.html) as { html: string }).html).toContain('<h3 class="preview-title">&lt;b&gt;{{components}}&lt;/b&gt; down</h3>');
    expect((await send(base, '/admin/preview', { cookie: await signIn(base, 'editor'), form: { other: 'x' } })).status).toBe(400);
    expect((await send(base, '/admin/preview', { cookie: await signIn(base, 'viewer'), form: { message: 'x' } })).status).toBe(403);
    expect((await send(base, '/admin/preview', { form: { message: 'x' } })).status).toBe(303);
  });
});

describe.runIf(browserAvailable())('the live preview in Chromium', () => {
  const chromium = useChromium();

  it('follows the message as it is typed, under the page CSP', async () => {
    const context = await chromium().newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${fixture.server().url}/admin/login`);
    await page.getByLabel('Email').fill('lee@example.com');
    await page.getByLabel('Password').fill('editor passphrase for chromium');
    await Promise.all([page.waitForURL(/\/admin$/, { timeout: 15_000 }), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.goto(`${fixture.server().url}/admin/incidents/new`);
    // The script is a file of our own: the CSP allows no inline script.
    expect(await page.locator('script:not([src])').count()).toBe(0);
    const area = page.locator('textarea[name="message"]');
    const preview = page.locator('[data-preview-body]');
    await page.locator('input[name="title"]').fill('{{components}} errors');
    await area.fill('We are **looking** into {{components}}.');
    await expect.poll(() => preview.locator('strong').first().textContent({ timeout: 500 }).catch(() => null), { timeout: 5_000 }).toBe('looking');
    // Nothing chosen yet: the placeholder shows as typed, and publishing would refuse it.
    expect(await preview.textContent()).toContain('{{components}}');
    expect(await page.locator('[data-recipients]').textContent()).toBe('2 subscribers will be notified');
    await page.locator('[data-picker-row]', { hasText: 'API' }).locator('select').selectOption('major_outage');
    await expect.poll(() => preview.locator('.preview-title').textContent({ timeout: 500 }).catch(() => null), { timeout: 5_000 }).toBe('API errors');
    expect(await preview.textContent()).toContain('We are looking into API.');
    await expect.poll(() => page.locator('[data-recipients]').textContent(), { timeout: 5_000 }).toBe('1 subscriber will be notified');
    await page.locator('[data-picker-row]', { hasText: 'Website' }).locator('select').selectOption('degraded_performance');
    await expect.poll(() => page.locator('[data-recipients]').textContent(), { timeout: 5_000 }).toBe('2 subscribers will be notified');
    await expect.poll(() => preview.locator('.preview-title').textContent({ timeout: 500 }).catch(() => null), { timeout: 5_000 }).toBe('API and Website errors');
    // One preview, live and filled; the Preview button fills the same box without JavaScript.
    expect(await page.locator('[aria-label="Preview"]').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
