import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { createUser } from '../../src/server/auth/users.js';
import { ARTIFACTS, browserAvailable, useChromium } from '../helpers/browser.js';
import { component, DAY, incident, maintenance, MINUTE, page as pageSettings } from '../helpers/fixtures.js';
import { serveFixture } from '../helpers/server.js';

const enabled = browserAvailable();
const EMAIL = 'olga@example.com';
const PASSWORD = 'owner passphrase for the browser';

describe.runIf(enabled)('signing in to the admin area in Chromium', () => {
  const fixture = serveFixture(async (path, now) => {
    const h = openDatabase(path);
    pageSettings(h.db, 'Browser Admin', 'UTC', now - DAY);
    const api = component(h.db, 'api', 'API', now - DAY);
    incident(h.db, {
      title: 'Checkout errors',
      severity: 'SEV1',
      startedAt: now - 40 * MINUTE,
      steps: [{ at: now - 40 * MINUTE, status: 'investigating', body: 'Payments fail.', set: { [api]: 'major_outage' } }],
    });
    maintenance(h.db, {
      title: 'Database upgrade',
      scheduledFor: now + DAY,
      scheduledUntil: now + DAY + 60 * MINUTE,
      componentIds: [api],
      steps: [{ at: now - 60 * MINUTE, status: 'scheduled', body: 'Planned.' }],
    });
    await createUser(h.db, { email: EMAIL, name: 'Olga Owner', role: 'owner', password: PASSWORD }, SYSTEM, now);
    h.close();
  });
  const chromium = useChromium();

  it('sends /admin to the sign-in form, signs in through it, and lands on the dashboard with the open incident', async () => {
    const context = await chromium().newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Chromium logs the deliberate wrong-password 401 itself; anything else is a real error.
    page.on('console', (m) => m.type() === 'error' && !/^Failed to load resource: .* 401/.test(m.text()) && errors.push(m.text()));

    await page.goto(`${fixture.server().url}/admin`);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/admin/login?next=%2Fadmin');
    expect((await page.locator('h1').innerText()).trim()).toBe('Sign in');

    // A wrong password first: the message, and the email still filled in.
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    expect((await page.locator('[role="alert"]').innerText()).trim()).toBe('That email and password do not match. Check both and try again.');
    expect(await page.getByLabel('Email').inputValue()).toBe(EMAIL);

    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${fixture.server().url}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'beacon_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('beacon_session');

    expect(await page.getByRole('navigation', { name: 'Admin' }).innerText()).toContain('Olga Owner (Owner)');
    const row = page.locator('tr[data-event]', { hasText: 'Checkout errors' });
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-overdue')).toBe('true');
    expect(await row.innerText()).toMatch(/overdue by \d+ min/);
    expect(await page.locator('table', { hasText: 'Database upgrade' }).count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}admin-dashboard.png`, fullPage: true });

    // Signing out through the header button ends the session.
    await Promise.all([page.waitForURL(`${fixture.server().url}/admin/login`), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect((await context.cookies()).find((c) => c.name === 'beacon_session')).toBeUndefined();
    await page.goto(`${fixture.server().url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');

    expect(errors).toEqual([]);
    await context.close();
  });
});
