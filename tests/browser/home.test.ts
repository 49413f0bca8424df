import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { ARTIFACTS, browserAvailable, useChromium } from '../helpers/browser.js';
import { serveFixture } from '../helpers/server.js';

const enabled = browserAvailable();

describe.runIf(enabled)('the demo page in Chromium', () => {
  const fixture = serveFixture(async (path, now) => {
    const handle = openDatabase(path);
    seedDemo(handle.db, now);
    handle.close();
  });
  const chromium = useChromium();

  it('shows the banner, components with 90 bars, and links to a working incident page', async () => {
    const page = await chromium().newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));

    const response = await page.goto(`${fixture.server().url}/`);
    expect(response?.status()).toBe(200);

    // One partial outage (email) among operational components: "some partial" → minor.
    const banner = page.locator('h1.banner');
    expect((await banner.innerText()).trim()).toBe('Minor Service Outage');
    expect(await banner.getAttribute('data-indicator')).toBe('minor');

    // The Notifications group is open because Email delivery is not operational.
    const email = page.locator('[data-component="email"]');
    expect(await email.isVisible()).toBe(true);
    expect((await email.locator('.status').innerText()).trim()).toBe('Partial outage');
    const bars = email.locator('.bars svg rect');
    expect(await bars.count()).toBe(90);
    // The last bar is today: it carries the partial outage.
    expect(await bars.nth(89).getAttribute('data-level')).toBe('partial_outage');
    const box = await email.locator('.bars svg').boundingBox();
    expect(box!.width).toBeGreaterThan(300);

    // Collapsed groups still show their own bars.
    const core = page.locator('details[data-component="core-platform"]');
    expect(await core.getAttribute('open')).toBeNull();
    expect(await core.locator('summary .bars svg rect').count()).toBe(90);
    expect(await core.locator('[data-component="api"]').isVisible()).toBe(false);
    await core.locator('summary').click();
    expect(await core.locator('[data-component="api"]').isVisible()).toBe(true);

    await page.screenshot({ path: `${ARTIFACTS}home.png`, fullPage: true });

    const link = page.locator('section[aria-labelledby="open-incidents"] article h3 a').first();
    const title = (await link.innerText()).trim();
    await link.click();
    await page.waitForURL(/\/incidents\/[0-9a-z]{12}$/);
    expect((await page.locator('h1').innerText()).trim()).toBe(title);
    expect(await page.locator('.timeline > li').count()).toBe(2);
    expect(await page.locator('.timeline > li').first().getAttribute('data-status')).toBe('identified');
    await page.screenshot({ path: `${ARTIFACTS}incident.png`, fullPage: true });

    expect(errors).toEqual([]);
  });

  it('is readable on a phone in dark mode', async () => {
    const page = await chromium().newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.goto(`${fixture.server().url}/`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(18, 21, 27)');
    await page.screenshot({ path: `${ARTIFACTS}home-phone-dark.png`, fullPage: true });
  });
});
