import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client.js';
import { eventComponents, events } from '../../db/schema.js';
import { SYSTEM } from '../../src/server/audit.js';
import { createUser } from '../../src/server/auth/users.js';
import { writeScalePage } from '../bench/serve-scale.js';
import { withDb } from '../helpers/admin-pages.js';
import { ARTIFACTS, browserAvailable, useChromium } from '../helpers/browser.js';
import { serveFixture } from '../helpers/server.js';

const EMAIL = 'pia@example.com';
const PASSWORD = 'editor passphrase for the picker';

describe.runIf(browserAvailable())('the component picker on the 500-component scale page, in Chromium', () => {
  const fixture = serveFixture(async (path, now) => {
    const h = openDatabase(path);
    // The serving benchmark's scale page (20 groups of 10, 280 at the top level), with few incidents to keep the setup short.
    writeScalePage(h, now, { components: 500, incidents: 20, years: 1 });
    await createUser(h.db, { email: EMAIL, name: 'Pia Picker', role: 'editor', password: PASSWORD }, SYSTEM, now);
    h.close();
    return { path };
  });
  const chromium = useChromium();

  it('filters by name, sets a whole group, shows only the affected ones, and publishes from the sticky bar', async () => {
    const context = await chromium().newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${fixture.server().url}/admin/login`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/admin$/, { timeout: 15_000 }), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.goto(`${fixture.server().url}/admin/incidents/new`);

    const rows = page.locator('[data-picker-row]');
    expect(await rows.count()).toBe(480);
    const publish = page.getByRole('button', { name: 'Publish' });
    // Publish is on screen at once, not under 480 lists.
    const inView = async (): Promise<boolean> => {
      const box = await publish.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 800;
    };
    expect(await inView()).toBe(true);

    await page.getByLabel('Filter components by name').fill('region 3');
    await expect.poll(() => rows.locator('visible=true').count()).toBe(10);
    // Enter in the filter does not publish.
    await page.getByLabel('Filter components by name').press('Enter');
    expect(new URL(page.url()).pathname).toBe('/admin/incidents/new');

    await page.getByLabel('Set every component in Region 3').selectOption('major_outage');
    const region3 = page.locator('[data-picker-row][data-name^="region 3 "] select');
    expect(await region3.evaluateAll((s) => (s as HTMLSelectElement[]).map((x) => x.value))).toEqual(Array(10).fill('major_outage'));
    await page.getByLabel('Filter components by name').fill('');
    await page.getByLabel(/Show only affected/).check();
    await expect.poll(() => rows.locator('visible=true').count()).toBe(10);
    expect(await page.locator('[data-picker-count]').textContent()).toBe('10');
    await page.screenshot({ path: `${ARTIFACTS}component-picker.png` });

    await page.locator('input[name="title"]').fill('Errors in Region 3');
    await page.locator('textarea[name="message"]').fill('We are looking into errors in {{components}}.');
    expect(await inView()).toBe(true);
    await Promise.all([page.waitForURL(/\/admin\/incidents\/[0-9a-z]{12}\?published=1$/, { timeout: 15_000 }), publish.click()]);
    const id = /\/admin\/incidents\/([0-9a-z]{12})/.exec(page.url())![1]!;
    const linked = withDb(fixture.data().path, (db) => db.select({ n: count() }).from(eventComponents).where(eq(eventComponents.eventId, id)).get()!.n);
    expect(linked).toBe(10);
    const title = withDb(fixture.data().path, (db) => db.select({ title: events.title }).from(events).where(eq(events.id, id)).get()!.title);
    expect(title).toBe('Errors in Region 3');
    expect(await page.locator('.last-update').innerText()).toMatch(/errors in Region 3 service 0, .* and Region 3 service 9\./);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a 390 px phone: no sideways scroll, Publish in reach', async () => {
    const context = await chromium().newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${fixture.server().url}/admin/login`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/admin$/, { timeout: 15_000 }), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.goto(`${fixture.server().url}/admin/incidents/new`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await page.getByRole('button', { name: 'Publish' }).boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    await context.close();
  });
});
